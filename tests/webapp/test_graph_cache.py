"""The per-process graph cache marks a change applied only once it is in the graph."""

import pytest
from sqlalchemy.exc import OperationalError

from webapp.extensions import db as _db
from webapp.services import graph_bridge
from webapp.services.graph_bridge import GraphCache
from webapp.services.ties import add_tie

from .. import factories
from ..factories import BASEL, KEHL, SAINT_LOUIS


@pytest.fixture
def pair(app):
    return factories.make_org(app, **SAINT_LOUIS), factories.make_org(app, **KEHL)


def _failing_once(monkeypatch, name):
    real = getattr(graph_bridge, name)
    calls = []

    def fail_then_work(*args, **kwargs):
        calls.append(args)
        if len(calls) == 1:
            raise OperationalError("SELECT ties", {}, Exception("connection lost"))
        return real(*args, **kwargs)

    monkeypatch.setattr(graph_bridge, name, fail_then_work)
    return calls


def test_a_database_error_while_applying_a_tie_does_not_lose_it(app, pair, monkeypatch):
    a, b = pair
    with app.app_context():
        cache = GraphCache()
        assert not cache.current().has_edge(a, b)
        add_tie(a, b, "convention")
        _db.session.commit()
        calls = _failing_once(monkeypatch, "tie_rows")
        with pytest.raises(OperationalError):
            cache.current()
        _db.session.rollback()
        assert cache.current().has_edge(a, b)
        assert len(calls) >= 1


def test_a_database_error_while_applying_an_organisation_does_not_lose_it(app, pair, monkeypatch):
    _, b = pair
    with app.app_context():
        cache = GraphCache()
        cache.current()
        from webapp.models import Organisation
        from webapp.services.organisations import update_organisation

        update_organisation(_db.session.get(Organisation, b), {"population": 40000, "themes": ["energy"]})
        _db.session.commit()
        _failing_once(monkeypatch, "organisation_record")
        with pytest.raises(OperationalError):
            cache.current()
        _db.session.rollback()
        assert cache.current().nodes[b]["themes"] == frozenset({"energy"})


def test_after_an_error_the_next_call_repairs_by_rebuilding(app, pair, monkeypatch):
    a, b = pair
    with app.app_context():
        cache = GraphCache()
        cache.current()
        add_tie(a, b, "convention")
        _db.session.commit()
        _failing_once(monkeypatch, "tie_rows")
        with pytest.raises(OperationalError):
            cache.current()
        _db.session.rollback()
        assert cache.current().has_edge(a, b)
        assert cache.rebuilds == 2


# --- memoised suggestions: kept until the graph changes, per viewer and language ----------


@pytest.fixture
def border_world(app):
    from ..factories import BASEL

    ids = {
        "saint_louis": factories.make_org(app, themes=["health"], **SAINT_LOUIS),
        "basel": factories.make_org(app, themes=["health"], contact="Präsidialdepartement, +41 61 267 85 00", **BASEL),
        "riehen": factories.make_org(app, name="Riehen", country="CH", latitude=47.5788, longitude=7.6468),
    }
    return ids


def _engine_calls(monkeypatch):
    import graph as engine

    calls = []
    real = engine.suggest_counterparts

    def counting(*args, **kwargs):
        calls.append(args[1])
        return real(*args, **kwargs)

    monkeypatch.setattr(engine, "suggest_counterparts", counting)
    return calls


def suggested(response):
    assert response.status_code == 200, response.json
    return {s["organisation"]["name"]: s for s in response.json["suggestions"]}


def test_suggestions_are_computed_once_per_graph_version(app, client, border_world, monkeypatch):
    calls = _engine_calls(monkeypatch)
    url = f"/api/v1/organisations/{border_world['saint_louis']}/suggestions?border=FR-CH"
    first = client.get(url).json
    assert client.get(url).json == first and len(calls) == 1  # the second answer comes from the memo
    assert "Bâle" in suggested(client.get(url + "&limit=5")) and len(calls) == 2  # other parameters: computed
    # A change committed by "another worker" (straight into the database) reaches this process through the log.
    with app.app_context():
        add_tie(border_world["saint_louis"], border_world["basel"], "twinning")
        _db.session.commit()
    assert "Bâle" not in suggested(client.get(url)) and len(calls) == 3


def test_an_organisation_edit_refreshes_memoised_suggestions(app, client, border_world):
    from webapp.models import Organisation
    from webapp.services.organisations import update_organisation

    url = f"/api/v1/organisations/{border_world['saint_louis']}/suggestions?border=FR-CH"
    assert suggested(client.get(url))["Riehen"]["organisation"]["population"] is None
    with app.app_context():
        update_organisation(_db.session.get(Organisation, border_world["riehen"]), {"population": 21000})
        _db.session.commit()
    assert suggested(client.get(url))["Riehen"]["organisation"]["population"] == 21000


def test_a_members_private_fields_are_never_served_to_others(app, client, auth, border_world):
    member = factories.make_user(app, "partner", organisations=[border_world["basel"]])
    url = f"/api/v1/organisations/{border_world['saint_louis']}/suggestions?border=FR-CH"
    auth.login(member.email)
    assert suggested(client.get(url))["Bâle"]["organisation"]["contact"].startswith("Präsidialdepartement")
    auth.logout()
    assert "contact" not in suggested(client.get(url))["Bâle"]["organisation"]
    stranger = factories.make_user(app, "official")
    auth.login(stranger.email)
    assert "contact" not in suggested(client.get(url))["Bâle"]["organisation"]


def test_memoised_explanations_follow_the_readers_language(app, client, border_world):
    url = f"/api/v1/organisations/{border_world['saint_louis']}/suggestions?border=FR-CH"

    def explanation(language):
        factors = suggested(client.get(url, headers={"Accept-Language": language}))["Bâle"]["factors"]
        return next(f["explanation"] for f in factors if f["name"] == "themes")

    french = explanation("fr")
    assert explanation("en") != french and explanation("fr") == french


def test_errors_are_not_memoised(app, client, border_world):
    url = f"/api/v1/organisations/{border_world['saint_louis']}/suggestions?border=FR-IT"
    assert client.get(url).status_code == 422 and client.get(url).status_code == 422
    assert client.get("/api/v1/organisations/99999/suggestions").status_code == 404


def test_cards_are_kept_until_their_own_organisation_changes(app, client, border_world, monkeypatch):
    from webapp.models import Organisation
    from webapp.services import suggestions
    from webapp.services.organisations import update_organisation

    reads = []
    read_cards = suggestions._read_cards
    monkeypatch.setattr(suggestions, "_read_cards", lambda G, ids: reads.append(sorted(ids)) or read_cards(G, ids))
    url = f"/api/v1/organisations/{border_world['saint_louis']}/suggestions?border=FR-CH&radius_km="
    basel, riehen = border_world["basel"], border_world["riehen"]
    assert suggested(client.get(url + "50"))["Bâle"]["organisation"]["website"] is None
    assert reads == [sorted([basel, riehen])]
    suggested(client.get(url + "45"))  # computed again (other parameters), with the cards already read
    with app.app_context():
        add_tie(basel, riehen, "cooperation")  # a change to the graph, none to the suggested organisations' rows
        _db.session.commit()
    suggested(client.get(url + "40"))
    assert reads == [sorted([basel, riehen])]
    with app.app_context():  # committed by "another worker": reaches this process through the change log
        update_organisation(_db.session.get(Organisation, basel), {"website": "https://www.bs.ch"})
        _db.session.commit()
    assert suggested(client.get(url + "35"))["Bâle"]["organisation"]["website"] == "https://www.bs.ch"
    assert reads == [sorted([basel, riehen]), [basel]]  # only the changed organisation's card is read again


def test_a_borders_dashboard_figures_are_kept_until_the_graph_changes(app, monkeypatch):
    """border_network keeps its metrics per graph version: computed once, recomputed after a new tie."""
    import graph as engine
    from webapp.services.suggestions import border_network

    town = factories.make_org(app, **SAINT_LOUIS)
    basel = factories.make_org(app, **BASEL)
    with app.app_context():  # a label on the ANCT list (a declared one does not count as labelled)
        from sqlalchemy import select

        from webapp.models import OrganisationLabel

        for label in _db.session.scalars(select(OrganisationLabel).where(OrganisationLabel.organisation_id == town)):
            label.status = "official"
        _db.session.commit()
    calls = []
    real = engine.border_metrics
    monkeypatch.setattr(engine, "border_metrics", lambda *a, **k: calls.append(a[1]) or real(*a, **k))
    with app.test_request_context():
        assert town in border_network("FR-CH")["metrics"]["unconnected_labelled"]
        assert town in border_network("FR-CH")["metrics"]["unconnected_labelled"]
        assert calls == ["FR-CH"]  # the second read was the kept one
    factories.make_tie(app, town, basel, "convention")
    with app.test_request_context():
        assert town not in border_network("FR-CH")["metrics"]["unconnected_labelled"]
        assert calls == ["FR-CH", "FR-CH"]


def test_a_memo_waits_for_a_change_being_applied(app, pair):
    import threading

    with app.app_context():
        cache = GraphCache()
        cache.current()
        computed = []
        with cache._lock:  # as another thread's _apply holds it while it changes the graph
            cache._changed()
            reader = threading.Thread(target=lambda: cache.memo(("k",), lambda: computed.append("v") or "v"))
            reader.start()
            reader.join(0.3)
            assert computed == []  # nothing computed from a graph halfway through a change
        reader.join(5)
        assert computed == ["v"] and cache.memo(("k",), lambda: "again") == "v"
