"""Suggestions through the API and the site, and how the graph stays current."""

import pytest
from sqlalchemy import insert, select

import domain
from webapp.extensions import db as _db
from webapp.models import GraphChange, OrganisationLabel, Tie
from webapp.services.graph_bridge import GraphCache
from webapp.services.reference.loader import load_reference

from .. import factories
from ..factories import BASEL, KEHL, SAINT_LOUIS


@pytest.fixture
def world(app):
    with app.app_context():
        load_reference(places=[])  # instruments, programmes, structures
        _db.session.commit()
    ids = {
        "saint_louis": factories.make_org(app, themes=["health", "mobility"], languages=["fr", "de"], **SAINT_LOUIS),
        "basel": factories.make_org(app, themes=["health"], **BASEL),
        "kehl": factories.make_org(app, **KEHL),
        "riehen": factories.make_org(app, name="Riehen", country="CH", latitude=47.5788, longitude=7.6468, status="reference"),
        "menton": factories.make_org(app, name="Menton", official_code="06083", latitude=43.7747, longitude=7.4975),
    }
    with app.app_context():  # Saint-Louis's PVD as on the ANCT list (a declared one would not count as labelled)
        for label in _db.session.scalars(
            select(OrganisationLabel).where(OrganisationLabel.organisation_id == ids["saint_louis"])
        ):
            label.status = "official"
        _db.session.commit()
    return ids


def names(items):
    return [s["organisation"]["name"] for s in items]


def test_suggestions_for_one_border(client, world):
    response = client.get(f"/api/v1/organisations/{world['saint_louis']}/suggestions?border=FR-CH&limit=5&radius_km=30")
    assert response.status_code == 200
    body = response.json
    assert body["border"] == "FR-CH"
    # Swiss communes within 30 km, and the structure covering FR-CH whose seat is 2 km away.
    assert set(names(body["suggestions"])) == {"Bâle", "Riehen", "Eurodistrict Trinational de Bâle"}
    assert [n for n in names(body["suggestions"]) if n != "Eurodistrict Trinational de Bâle"] == ["Bâle", "Riehen"]
    first = next(s for s in body["suggestions"] if s["organisation"]["name"] == "Bâle")
    assert 0 <= first["score"] <= 1 and first["organisation"]["country"] == "CH"
    assert [f["name"] for f in first["factors"]] == list(domain.FACTORS)
    assert all({"name", "value", "weight", "code", "params", "explanation"} <= set(f) for f in first["factors"])
    themes = next(f for f in first["factors"] if f["name"] == "themes")
    assert (themes["code"], themes["params"]) == ("themes_shared", {"themes": ["health"]})
    assert themes["explanation"] == "Thèmes communs : santé et soins."


def test_suggestions_per_border_without_border(client, world):
    body = client.get(f"/api/v1/organisations/{world['saint_louis']}/suggestions").json
    lists = {b["border"]: names(b["suggestions"]) for b in body["borders"]}
    assert set(lists) == {"FR-CH", "FR-DE"} and "Bâle" in lists["FR-CH"]
    assert "Kehl" not in lists["FR-DE"]  # 110 km away: outside the default 50 km radius
    radius = client.get(f"/api/v1/organisations/{world['saint_louis']}/suggestions?radius_km=150").json
    assert "Kehl" in {b["border"]: names(b["suggestions"]) for b in radius["borders"]}["FR-DE"]


def test_suggestion_filters(client, world):
    url = f"/api/v1/organisations/{world['saint_louis']}/suggestions?border=FR-CH"
    assert "Riehen" not in names(client.get(url + "&only_registered=y").json["suggestions"])
    assert names(client.get(url + "&theme=health").json["suggestions"]) == ["Bâle"]  # the only one declaring health


@pytest.mark.parametrize(
    "query, status, field",
    [
        ("border=FR-XX", 422, "border"),
        ("radius_km=0", 422, "radius_km"),
        ("radius_km=far", 422, "radius_km"),
        ("limit=500", 422, "limit"),
        ("theme=astrology", 422, "theme"),
        ("colour=red", 422, "colour"),
    ],
)
def test_bad_suggestion_parameters(client, world, query, status, field):
    response = client.get(f"/api/v1/organisations/{world['saint_louis']}/suggestions?{query}")
    assert response.status_code == status and field in response.json["error"]["fields"]


def test_suggestions_errors(client, world):
    response = client.get(f"/api/v1/organisations/{world['saint_louis']}/suggestions?border=FR-IT")
    assert response.status_code == 422 and "n'est pas proche de la frontière FR-IT" in response.json["error"]["message"]
    assert client.get("/api/v1/organisations/99999/suggestions").status_code == 404


def test_a_new_tie_shows_in_the_next_suggestion(client, auth, app, world):
    user = factories.make_user(app, organisations=[world["saint_louis"]])
    headers = auth.token(user.email)
    url = f"/api/v1/organisations/{world['saint_louis']}/suggestions?border=FR-CH"
    assert "Bâle" in names(client.get(url).json["suggestions"])
    client.post(
        f"/api/v1/organisations/{world['saint_louis']}/ties",
        json={"other_id": world["basel"], "kind": "twinning"},
        headers=headers,
    )
    assert "Bâle" not in names(client.get(url).json["suggestions"])  # already tied now
    riehen_network = next(f for f in client.get(url).json["suggestions"][0]["factors"] if f["name"] == "network")
    assert riehen_network["value"] == 0


def test_two_workers_see_each_others_changes_through_the_database(app, world):
    """Two caches share nothing but the database, like two gunicorn workers."""
    with app.app_context():
        worker_a, worker_b = GraphCache(), GraphCache()
        assert not worker_a.current().has_edge(world["saint_louis"], world["kehl"])
        assert not worker_b.current().has_edge(world["saint_louis"], world["kehl"])
        from webapp.services.ties import add_tie

        add_tie(world["saint_louis"], world["kehl"], "convention")
        _db.session.commit()
        assert worker_a.current().has_edge(world["saint_louis"], world["kehl"])
        assert worker_b.current().has_edge(world["saint_louis"], world["kehl"])
        tie = _db.session.scalar(select(Tie).where(Tie.kind == "convention"))
        _db.session.delete(tie)
        _db.session.commit()
        assert not worker_b.current().has_edge(world["saint_louis"], world["kehl"])
        from webapp.models import Organisation
        from webapp.services.organisations import update_organisation

        update_organisation(_db.session.get(Organisation, world["kehl"]), {"population": 40000, "themes": ["energy"]})
        _db.session.commit()
        assert worker_a.current().nodes[world["kehl"]]["themes"] == frozenset({"energy"})
        assert worker_a.rebuilds == worker_b.rebuilds == 1  # applied change by change, never rebuilt


def test_changes_committed_out_of_order_are_not_lost(app, world):
    with app.app_context():
        cache = GraphCache()
        cache.current()
        top = cache.applied_up_to
        # Transaction 2 commits before transaction 1: the cache sees id top+2 first and keeps top+1 as a gap.
        _db.session.execute(insert(GraphChange).values(id=top + 2, kind="organisation", organisation_id=world["kehl"]))
        _db.session.commit()
        cache.current()
        assert cache.applied_up_to == top + 2 and top + 1 in cache.gaps
        from webapp.services.ties import add_tie

        _db.session.info["graph_log_disabled"] = True
        add_tie(world["saint_louis"], world["riehen"], "cooperation")
        _db.session.info.pop("graph_log_disabled")
        _db.session.execute(
            insert(GraphChange).values(
                id=top + 1,
                kind="tie",
                organisation_id=min(world["saint_louis"], world["riehen"]),
                other_id=max(world["saint_louis"], world["riehen"]),
            )
        )
        _db.session.commit()
        assert cache.current().has_edge(world["saint_louis"], world["riehen"])
        assert cache.gaps == {}


def test_reference_reload_makes_every_worker_rebuild(app, world):
    with app.app_context():
        cache = GraphCache()
        cache.current()
        load_reference(places=[], force=True)
        _db.session.commit()
        cache.current()
        assert cache.rebuilds == 2


def test_governance_api(client, world):
    response = client.get(f"/api/v1/governance?partners={world['saint_louis']}&partners={world['kehl']}&ambition=shared_service")
    assert response.status_code == 200
    body = response.json
    assert body["borders"] == ["FR-DE"] and [p["name"] for p in body["partners"]] == ["Saint-Louis", "Kehl"]
    karlsruhe = next(i for i in body["instruments"] if i["code"] == "glct_karlsruhe")
    assert karlsruhe["open"] and karlsruhe["fits"] and karlsruhe["legal_basis"].startswith("Accord de Karlsruhe")
    assert body["instruments"][0]["fits"]
    assert "Eurodistrict Trinational de Bâle" in [s["organisation"]["name"] for s in body["structures"]]


@pytest.mark.parametrize(
    "query, status",
    [
        ("partners={saint_louis}", 422),
        ("partners={saint_louis}&partners={menton}", 422),
        ("partners={saint_louis}&partners=99999", 404),
        ("partners={saint_louis}&partners={kehl}&ambition=conquest", 422),
        ("partners=a&partners=b", 422),
    ],
)
def test_governance_api_errors(client, world, query, status):
    response = client.get("/api/v1/governance?" + query.format(**world))
    assert response.status_code == status and response.json["error"]["message"]


def test_funding_api(client, world):
    body = client.get(f"/api/v1/funding?partners={world['saint_louis']}&partners={world['kehl']}").json
    assert "Interreg Rhin Supérieur / Oberrhein" in [p["name"] for p in body["some"]]  # Kehl's district is not known here
    assert client.get(f"/api/v1/funding?partners={world['saint_louis']}").status_code == 422


def test_border_network_api_is_for_facilitators(client, auth, app, world):
    assert client.get("/api/v1/borders/FR-CH/network").status_code == 401
    official = factories.make_user(app)
    assert client.get("/api/v1/borders/FR-CH/network", headers=auth.token(official.email)).status_code == 403
    facilitator = factories.make_user(app, "facilitator")
    body = client.get("/api/v1/borders/FR-CH/network", headers=auth.token(facilitator.email)).json
    assert [t["name"] for t in body["unconnected_labelled"]] == ["Saint-Louis"]
    assert body["unconnected_labelled"][0]["best_counterpart"]["name"] == "Bâle"
    assert client.get("/api/v1/borders/FR-XX/network", headers=auth.token(facilitator.email)).status_code == 404


def test_suggestions_page_with_why_panel_and_partner_choice(client, world):
    page = client.get(f"/organisations/{world['saint_louis']}/suggestions").get_data(as_text=True)
    assert "France – Suisse" in page and "France – Allemagne" in page
    assert "Pourquoi ?" in page and "Thèmes communs : santé et soins." in page
    assert f'name="partners" value="{world["basel"]}"' in page
    bad = client.get(f"/organisations/{world['saint_louis']}/suggestions?radius_km=0")
    assert (
        bad.status_code == 200
        and "compris entre 1 et 200" in bad.get_data(as_text=True)
        and "Pourquoi ?" not in bad.get_data(as_text=True)
    )


def test_partnership_page(client, world):
    page = client.get(
        f"/organisations/partnership?partners={world['saint_louis']}&partners={world['kehl']}&ambition=permanent_body"
    ).get_data(as_text=True)
    assert "Groupement européen de coopération territoriale" in page and "convient" in page
    assert "Interreg Rhin Supérieur" in page
    page = client.get(f"/organisations/partnership?partners={world['saint_louis']}").get_data(as_text=True)
    assert "Choisissez au moins deux partenaires." in page
    page = client.get(f"/organisations/partnership?partners={world['saint_louis']},{world['menton']}").get_data(as_text=True)
    assert "même pays" in page


def test_partnership_page_asks_for_the_introduction_in_one_click(client, auth, app, world):
    """Issue 14: a member of one partner reaches the request form for each other partner from the partnership page."""
    url = f"/organisations/partnership?partners={world['saint_louis']}&partners={world['basel']}&partners={world['kehl']}"
    assert "Demander une mise en relation" not in client.get(url).get_data(as_text=True)  # anonymous: nothing to ask from
    official = factories.make_user(app, organisations=[world["saint_louis"]])
    auth.login(official.email)
    page = client.get(url).get_data(as_text=True)
    assert f'href="/introductions/new/{world["basel"]}">Demander une mise en relation avec Bâle<' in page
    assert f'href="/introductions/new/{world["kehl"]}">Demander une mise en relation avec Kehl<' in page
    assert f"/introductions/new/{world['saint_louis']}" not in page  # not with one's own town
    assert "Eine Kontaktvermittlung mit Kehl anfragen" in client.get(url + "&lang=de").get_data(as_text=True)


def test_border_network_page(client, auth, app, world):
    facilitator = factories.make_user(app, "facilitator")
    auth.login(facilitator.email)
    page = client.get("/borders/FR-CH/network").get_data(as_text=True)
    assert "Communes labellisées sans lien transfrontalier" in page and "Saint-Louis" in page and "Bâle" in page


def test_pruned_change_log_makes_a_lagging_worker_rebuild(app, world):
    from datetime import timedelta

    from sqlalchemy import func, update

    from webapp.models._common import utcnow
    from webapp.services.graph_bridge import prune_change_log
    from webapp.services.ties import add_tie

    with app.app_context():
        lagging = GraphCache()
        lagging.current()
        add_tie(world["saint_louis"], world["kehl"], "convention")
        _db.session.commit()
        _db.session.execute(update(GraphChange).values(changed_at=utcnow() - timedelta(days=2)))
        assert prune_change_log() > 0
        add_tie(world["saint_louis"], world["riehen"], "cooperation")  # a fresh change after the pruned ones
        _db.session.commit()
        assert _db.session.scalar(select(func.count()).select_from(GraphChange)) == 1
        G = lagging.current()
        assert (
            lagging.rebuilds == 2
            and G.has_edge(world["saint_louis"], world["kehl"])
            and G.has_edge(world["saint_louis"], world["riehen"])
        )


def test_the_graph_gets_official_codes_for_regional_languages(app, world):
    from webapp.services.graph_records import build_from_database

    with app.app_context():
        G = build_from_database()
    assert G.nodes[world["menton"]]["code"] == "06083"
