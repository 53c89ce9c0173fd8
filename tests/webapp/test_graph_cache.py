"""The per-process graph cache marks a change applied only once it is in the graph."""

import pytest
from sqlalchemy.exc import OperationalError

from webapp.extensions import db as _db
from webapp.services import graph_bridge
from webapp.services.graph_bridge import GraphCache
from webapp.services.ties import add_tie

from .. import factories
from ..factories import KEHL, SAINT_LOUIS


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
        calls = _failing_once(monkeypatch, "_tie_rows")
        with pytest.raises(OperationalError):
            cache.current()
        _db.session.rollback()
        assert cache.current().has_edge(a, b)
        assert len(calls) >= 1


def test_a_database_error_while_applying_an_organisation_does_not_lose_it(app, pair, monkeypatch):
    a, b = pair
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
        _failing_once(monkeypatch, "_tie_rows")
        with pytest.raises(OperationalError):
            cache.current()
        _db.session.rollback()
        assert cache.current().has_edge(a, b)
        assert cache.rebuilds == 2
