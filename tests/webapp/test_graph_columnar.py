"""GET /api/v1/graph?format=columnar: the list view's rows as columns, gzip, the same rules and errors."""

import gzip

import orjson
import pytest

from graph.columnar import EDGE_FIELDS, NODE_FIELDS
from webapp.services import network

from .. import factories
from .test_graph_api import world  # noqa: F401  (fixture)


def columnar(client, query, **kwargs):
    response = client.get("/api/v1/graph?format=columnar&" + query, **kwargs)
    assert response.status_code == 200, response.get_data(as_text=True)
    return response.json


def as_rows(data):
    """The columnar document turned back into the list format's nodes and edges (node ids for indices)."""
    nodes, edges = data["nodes"], data["edges"]
    assert set(nodes) == set(NODE_FIELDS) and set(edges) == set(EDGE_FIELDS)
    assert len({len(column) for column in nodes.values()}) == 1 and len({len(column) for column in edges.values()}) == 1
    ids = nodes["id"]
    rows = [{field: nodes[field][i] for field in NODE_FIELDS} for i in range(len(ids))]
    ties = [
        {
            "source": ids[edges["source"][i]],
            "target": ids[edges["target"][i]],
            "kinds": edges["kinds"][i],
            "since": edges["since"][i],
            "suggested": bool(edges["suggested"][i]),
            "score": edges["score"][i],
        }
        for i in range(len(edges["source"]))
    ]
    return rows, ties


def same_as_list(client, query, **kwargs):
    listed = client.get("/api/v1/graph?" + query, **kwargs).json
    data = columnar(client, query, **kwargs)
    assert {k: data[k] for k in ("view", "center", "depth", "border")} == {
        k: listed[k] for k in ("view", "center", "depth", "border")
    }
    rows, ties = as_rows(data)
    assert rows == [{field: n[field] for field in NODE_FIELDS} for n in listed["nodes"]]
    assert ties == [
        {field: e.get(field) for field in ("source", "target", "kinds", "since", "suggested", "score")} for e in listed["edges"]
    ]
    return data


@pytest.mark.parametrize(
    "query",
    ["border=FR-CH", "border=FR-DE", "border=FR-CH&country=CH", "border=FR-DE&tie_kind=membership", "border=FR-CH&label=va"],
)
def test_border_views_hold_the_list_views_rows(client, world, query):  # noqa: F811
    data = same_as_list(client, query)
    assert data["view"] == "border" and data["nodes"]["id"]


def test_ties_point_at_their_nodes(client, world):  # noqa: F811
    data = columnar(client, "border=FR-CH")
    names = data["nodes"]["name"]
    pairs = {
        frozenset((names[s], names[t]))
        for s, t, k in zip(data["edges"]["source"], data["edges"]["target"], data["edges"]["kinds"])
    }
    assert frozenset(("Saint-Louis", "Bâle")) in pairs
    saint_louis = names.index("Saint-Louis")
    tie = next(i for i, (s, t) in enumerate(zip(data["edges"]["source"], data["edges"]["target"])) if saint_louis in (s, t))
    assert data["edges"]["since"][tie] == 2001 and data["edges"]["suggested"][tie] == 0 and data["edges"]["score"][tie] is None


def test_ego_view_carries_the_suggested_counterparts_and_their_score(client, world):  # noqa: F811
    data = same_as_list(client, f"center={world['saint_louis']}&depth=1")
    edges, ids = data["edges"], data["nodes"]["id"]
    suggested = [i for i, flag in enumerate(edges["suggested"]) if flag == 1]
    assert suggested and all(ids[edges["source"][i]] == world["saint_louis"] for i in suggested)
    assert all(0 <= edges["score"][i] <= 1 and edges["kinds"][i] == ["suggestion"] for i in suggested)
    assert all(edges["score"][i] is None for i in range(len(ids and edges["source"])) if i not in suggested)


def test_whole_network_for_facilitators_only(client, auth, app, world):  # noqa: F811
    assert client.get("/api/v1/graph?format=columnar").status_code == 401
    official = factories.make_user(app)
    assert client.get("/api/v1/graph?format=columnar", headers=auth.token(official.email)).status_code == 403
    headers = auth.token(factories.make_user(app, "facilitator").email)
    data = same_as_list(client, "", headers=headers)
    assert data["view"] == "whole" and "Lille" in data["nodes"]["name"]
    same_as_list(client, "country=FR&kind=commune", headers=headers)


def test_a_committed_change_reaches_the_kept_columns(client, auth, app, world):  # noqa: F811
    headers = auth.token(factories.make_user(app, "facilitator").email)
    before = columnar(client, "", headers=headers)
    lille = before["nodes"]["id"].index(world["lille"])
    factories.make_tie(app, world["lille"], world["kehl"], "twinning", since_year=1999)
    after = columnar(client, "", headers=headers)
    assert after["nodes"]["degree"][lille] == before["nodes"]["degree"][lille] + 1
    assert len(after["edges"]["source"]) == len(before["edges"]["source"]) + 1
    arles = factories.make_org(app, name="Arles-sur-Tech", latitude=42.456, longitude=2.634)
    assert arles in columnar(client, "", headers=headers)["nodes"]["id"]
    same_as_list(client, "", headers=headers)


def test_a_tie_patches_the_kept_columns_and_a_new_organisation_builds_them_again(client, auth, app, world, monkeypatch):  # noqa: F811
    import graph as engine

    headers = auth.token(factories.make_user(app, "facilitator").email)
    columnar(client, "", headers=headers)
    built, build = [], engine.columnar_table
    monkeypatch.setattr(engine, "columnar_table", lambda G: built.append(G.number_of_nodes()) or build(G))
    factories.make_tie(app, world["lille"], world["kehl"], "twinning", since_year=1999)
    data = same_as_list(client, "", headers=headers)  # the patched columns hold what the graph holds
    assert built == [] and data["edges"]["since"].count(1999) >= 1
    factories.make_org(app, name="Arles-sur-Tech", latitude=42.456, longitude=2.634)
    same_as_list(client, "", headers=headers)
    assert len(built) == 1  # a node more shifts every row: built again


def test_gzipped_when_the_client_accepts_it(client, auth, app, world, monkeypatch):  # noqa: F811
    headers = auth.token(factories.make_user(app, "facilitator").email)
    plain = client.get("/api/v1/graph?format=columnar", headers=headers)
    assert "Content-Encoding" not in plain.headers and "Accept-Encoding" in plain.headers["Vary"]
    zipped = client.get("/api/v1/graph?format=columnar", headers={**headers, "Accept-Encoding": "gzip, deflate, br"})
    assert zipped.status_code == 200 and zipped.headers["Content-Encoding"] == "gzip"
    assert zipped.mimetype == "application/json" and len(zipped.data) < len(plain.data)
    assert orjson.loads(gzip.decompress(zipped.data)) == plain.json
    refused = client.get("/api/v1/graph?format=columnar", headers={**headers, "Accept-Encoding": "gzip;q=0, br"})
    assert "Content-Encoding" not in refused.headers
    small = client.get("/api/v1/graph?format=columnar&border=FR-CH&country=CH", headers={"Accept-Encoding": "gzip"})
    assert len(small.data) < network.GZIP_MIN_BYTES and "Content-Encoding" not in small.headers  # one packet anyway
    monkeypatch.setattr(network, "GZIP_MIN_BYTES", 1)
    border = client.get("/api/v1/graph?format=columnar&border=FR-CH", headers={"Accept-Encoding": "gzip"})
    assert border.headers["Content-Encoding"] == "gzip"
    assert orjson.loads(gzip.decompress(border.data)) == client.get("/api/v1/graph?format=columnar&border=FR-CH").json


@pytest.mark.parametrize(
    "query, status",
    [
        ("center=99999", 404),
        ("border=FR-XX", 422),
        ("depth=7&center=1", 422),
        ("center=1&border=FR-CH", 422),
        ("country=ZZ&border=FR-CH", 422),
        ("tie_kind=friendship&border=FR-CH", 422),
        ("", 401),
    ],
)
def test_bad_columnar_requests(client, world, query, status):  # noqa: F811
    response = client.get("/api/v1/graph?format=columnar&" + query)
    assert response.status_code == status and response.json["error"]["message"]


def test_the_openapi_document_describes_both_json_shapes(client):
    ok = client.get("/api/v1/openapi.json").json["paths"]["/graph"]["get"]["responses"]["200"]
    shapes = ok["content"]["application/json"]["schema"]["oneOf"]
    assert {s["$ref"].rsplit("/", 1)[1] for s in shapes} == {"GraphOut", "GraphColumnarOut"}
    formats = next(
        p for p in client.get("/api/v1/openapi.json").json["paths"]["/graph"]["get"]["parameters"] if p["name"] == "format"
    )
    assert "columnar" in formats["schema"]["enum"]
