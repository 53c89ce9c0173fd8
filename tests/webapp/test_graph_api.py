"""GET /api/v1/graph: ego, border and whole-network views, filters, exports, permissions."""

import pytest

from webapp.extensions import db as _db
from webapp.services.reference.loader import load_reference

from .. import factories
from ..factories import BASEL, KEHL, SAINT_LOUIS


@pytest.fixture
def world(app):
    ids = {
        "saint_louis": factories.make_org(app, themes=["health"], **SAINT_LOUIS),
        "basel": factories.make_org(app, status="verified", **BASEL),
        "kehl": factories.make_org(app, **KEHL),
        "huningue": factories.make_org(
            app, name="Huningue", official_code="68149", latitude=47.5925, longitude=7.5831, labels=["va"]
        ),
        "weil": factories.make_org(
            app, name="Weil am Rhein", country="DE", latitude=47.5947, longitude=7.6207, status="reference"
        ),
        "lille": factories.make_org(app, name="Lille", official_code="59350", latitude=50.633, longitude=3.059),
        "hegenheim": factories.make_org(
            app, name="Hégenheim", official_code="68126", latitude=47.562, longitude=7.523, labels=["pvd"]
        ),
    }
    factories.make_tie(app, ids["saint_louis"], ids["basel"], "cooperation", since_year=2001)
    factories.make_tie(app, ids["basel"], ids["weil"], "twinning")
    with app.app_context():
        load_reference(places=[])  # structures tie themselves to the places above by name
        _db.session.commit()
    return ids


def ids(data):
    return {n["name"] for n in data["nodes"]}


def test_ego_view_by_depth_with_suggestions(client, world):
    one = client.get(f"/api/v1/graph?center={world['saint_louis']}&depth=1").json
    assert one["view"] == "ego" and one["depth"] == 1
    assert {"Saint-Louis", "Bâle", "Eurodistrict Trinational de Bâle"} <= ids(one) and "Weil am Rhein" in ids(one)  # suggested
    ties = [e for e in one["edges"] if not e["suggested"]]
    suggested = [e for e in one["edges"] if e["suggested"]]
    assert all(e["source"] == world["saint_louis"] and 0 <= e["score"] <= 1 for e in suggested) and suggested
    assert {(e["source"], e["target"]) for e in ties} >= {tuple(sorted((world["saint_louis"], world["basel"]), key=str))}
    two = client.get(f"/api/v1/graph?center={world['saint_louis']}&depth=2").json
    assert len(two["nodes"]) >= len(one["nodes"]) and "Lille" not in ids(two)


def test_border_view_and_filters(client, world):
    data = client.get("/api/v1/graph?border=FR-CH").json
    assert data["view"] == "border" and {"Saint-Louis", "Bâle", "Huningue"} <= ids(data) and "Lille" not in ids(data)
    assert ids(client.get("/api/v1/graph?border=FR-CH&country=CH").json) == {"Bâle", "Grand Genève"}  # a structure seated in CH
    assert ids(client.get("/api/v1/graph?border=FR-CH&label=va").json) == {"Huningue"}
    # Saint-Louis is tied to Basel and Huningue is a member of the Trinational Eurodistrict.
    assert ids(client.get("/api/v1/graph?border=FR-CH&unconnected=y").json) == {"Hégenheim"}
    assert "Bâle" in ids(client.get("/api/v1/graph?border=FR-CH&status=verified").json)
    # FR-DE holds the Trinational Eurodistrict's memberships and no twinning: the tie-kind filter keeps only its kind.
    memberships = client.get("/api/v1/graph?border=FR-DE&tie_kind=membership").json["edges"]
    assert memberships and all(e["kinds"] == ["membership"] for e in memberships)
    assert client.get("/api/v1/graph?border=FR-DE&tie_kind=twinning").json["edges"] == []


def test_whole_network_is_for_facilitators(client, auth, app, world):
    assert client.get("/api/v1/graph").status_code == 401
    official = factories.make_user(app)
    assert client.get("/api/v1/graph", headers=auth.token(official.email)).status_code == 403
    facilitator = factories.make_user(app, "facilitator")
    data = client.get("/api/v1/graph", headers=auth.token(facilitator.email)).json
    assert data["view"] == "whole" and "Lille" in ids(data)


@pytest.mark.parametrize(
    "query, status",
    [
        ("center=99999", 404),
        ("border=FR-XX", 422),
        ("depth=7&center=1", 422),
        ("center=1&border=FR-CH", 422),
        ("country=ZZ&border=FR-CH", 422),
        ("format=pdf&border=FR-CH", 422),
        ("colour=red&border=FR-CH", 422),
    ],
)
def test_bad_graph_parameters(client, world, query, status):
    response = client.get("/api/v1/graph?" + query)
    assert response.status_code == status and response.json["error"]["message"]


@pytest.mark.parametrize(
    "fmt, mimetype, marker",
    [
        ("graphml", "application/graphml+xml", "<graphml"),
        ("gexf", "application/gexf+xml", "<gexf"),
        ("nodes.csv", "text/csv", "id,name,country"),
        ("edges.csv", "text/csv", "source,source_name,target,target_name,kinds"),
    ],
)
def test_exports(client, world, fmt, mimetype, marker):
    response = client.get(f"/api/v1/graph?border=FR-CH&format={fmt}&dialect=raw")  # CSV: codes and commas
    assert response.status_code == 200 and response.mimetype == mimetype
    assert "attachment" in response.headers["Content-Disposition"]
    assert marker in response.get_data(as_text=True) and "Saint-Louis" in response.get_data(as_text=True)


def test_export_rows_match_the_view(client, world):
    data = client.get("/api/v1/graph?border=FR-CH").json
    nodes_csv = client.get("/api/v1/graph?border=FR-CH&format=nodes.csv").get_data(as_text=True).strip().splitlines()
    edges_csv = client.get("/api/v1/graph?border=FR-CH&format=edges.csv").get_data(as_text=True).strip().splitlines()
    assert len(nodes_csv) - 1 == len(data["nodes"]) and len(edges_csv) - 1 == len(data["edges"])


def test_network_page_renders_for_every_view(client, world):
    for query in (f"center={world['saint_louis']}&depth=2&layout=force&country=CH", "border=FR-BE", ""):
        page = client.get("/network/?" + query)
        assert page.status_code == 200 and 'id="graph"' in page.get_data(as_text=True)
    page = client.get("/network/").get_data(as_text=True)
    # The bundle `make setup` builds (esbuild, static/build/) and MapLibre's worker, both from 'self'.
    for name in ("build/network.js", "build/maplibre-worker.js", "build/layout-worker.js"):
        assert f"/static/{name}" in page
        with client.get(f"/static/{name}") as response:
            assert response.status_code == 200 and response.mimetype == "text/javascript"
    with client.get("/vendor/countries-50m.json") as response:
        assert response.status_code == 200 and response.mimetype == "application/json"
    assert client.get("/vendor/package.json").status_code == 404
