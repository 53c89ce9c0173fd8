"""ORM rows <-> graph/ inputs, and the per-process graph kept current through the change log.

This is the one webapp module that imports ``graph``.

How the graph stays current (README, "How the graph is kept current"): every flush that touches
an organisation (or its labels, themes, borders) or a tie writes a ``GraphChange`` row in the
same transaction. Each process holds one graph; before answering, it reads the change rows it has
not applied yet (one indexed query, usually empty) and refreshes just those nodes and ties from the
database. Ids of changes still in flight in another transaction are remembered as gaps and looked
up again until they appear or expire. More than ``REBUILD_THRESHOLD`` changes, or a "rebuild"
row, and the process rebuilds the graph from scratch.
"""

import threading
import time
from contextlib import contextmanager
from datetime import timedelta

from flask import current_app
from sqlalchemy import delete, event, func, insert, or_, select, tuple_

import graph as engine

from ..extensions import db
from ..geo.borders import load_borders
from ..models import GraphChange, Instrument, Organisation, OrganisationBorder, OrganisationLabel, OrganisationTheme, Programme, Tie
from ..models._common import utcnow
from ..vocab import LANGUAGES, THEMES

REBUILD_THRESHOLD = 500
GAP_TTL_SECONDS = 120
CHANGE_RETENTION_SECONDS = 24 * 3600
_CHILD_MODELS = (OrganisationLabel, OrganisationTheme, OrganisationBorder)


# --- writing the change log ---------------------------------------------------------------

def _changes_in(session):
    organisations, ties = set(), set()
    for obj in list(session.new) + list(session.dirty) + list(session.deleted):
        if isinstance(obj, Organisation) and obj.id is not None:
            organisations.add(obj.id)
        elif isinstance(obj, _CHILD_MODELS) and obj.organisation_id is not None:
            organisations.add(obj.organisation_id)
        elif isinstance(obj, Tie) and obj.organisation_a_id is not None:
            ties.add((obj.organisation_a_id, obj.organisation_b_id))
    return organisations, ties


def _log_changes(session, _flush_context):
    if session.info.get("graph_log_disabled"):
        return
    organisations, ties = _changes_in(session)
    rows = [{"kind": "organisation", "organisation_id": o, "other_id": None, "changed_at": utcnow()} for o in sorted(organisations)]
    rows += [{"kind": "tie", "organisation_id": a, "other_id": b, "changed_at": utcnow()} for a, b in sorted(ties)]
    if rows:
        session.connection().execute(insert(GraphChange), rows)


def register_change_log():
    """Write graph changes on every flush of the app's session (called once by ``create_app``)."""
    if not event.contains(db.session, "after_flush", _log_changes):
        event.listen(db.session, "after_flush", _log_changes)


def request_rebuild():
    """Reference data changed (instruments, programmes, many places): every process rebuilds."""
    db.session.add(GraphChange(kind="rebuild"))


# --- reading the database into graph records ----------------------------------------------

def organisation_record(organisation):
    return {
        "id": organisation.id, "name": organisation.name, "country": organisation.country, "kind": organisation.kind,
        "lat": organisation.latitude, "lon": organisation.longitude, "population": organisation.population,
        "labels": organisation.label_codes, "themes": organisation.theme_codes, "languages": organisation.languages or (),
        "status": organisation.status, "borders": organisation.border_codes, "department": organisation.department,
        "admin1": organisation.admin1, "admin2": organisation.admin2, "covered_countries": organisation.covered_countries or (),
        "legal_form": organisation.legal_form, "code": organisation.official_code,
        # Distance to each border line, where the loader measured it (the continuity factor uses it).
        "border_km": {b.border: getattr(b, "distance_km", None) for b in organisation.borders},
    }


def tie_record(tie):
    return {"a": tie.organisation_a_id, "b": tie.organisation_b_id, "kind": tie.kind, "since_year": tie.since_year}


def instrument_record(instrument):
    return {"code": instrument.code, "name": instrument.name, "legal_basis": instrument.legal_basis, "rank": instrument.rank,
            "rules": instrument.rules}


def programme_record(programme):
    return {"code": programme.code, "name": programme.name, "kind": programme.kind, "countries": programme.countries,
            "french_departments": programme.french_departments, "foreign_areas": programme.foreign_areas}


def _tie_rows(query):
    return db.session.execute(query.with_only_columns(Tie.organisation_a_id, Tie.organisation_b_id, Tie.kind, Tie.since_year))


def build_from_database():
    organisations = db.session.scalars(select(Organisation).where(Organisation.archived_at.is_(None))).all()  # archived: out of the graph
    ties = [{"a": a, "b": b, "kind": k, "since_year": y} for a, b, k, y in _tie_rows(select(Tie))]
    G = engine.build_graph(
        (organisation_record(o) for o in organisations), ties,
        borders={b.code: b.neighbour for b in load_borders()},
        programmes=[programme_record(p) for p in db.session.scalars(select(Programme))],
        instruments=[instrument_record(i) for i in db.session.scalars(select(Instrument).order_by(Instrument.rank))],
    )
    G.graph["theme_names"] = {code: str(label).lower() for code, label in THEMES.items()}
    G.graph["language_names"] = {code: str(label) for code, label in LANGUAGES.items()}
    return G


# --- the per-process cache ----------------------------------------------------------------

class GraphCache:
    """One process's graph, brought up to date from the change log at each ``current()`` call."""

    def __init__(self):
        self._lock = threading.Lock()
        self.graph = None
        self.applied_up_to = 0
        self.gaps = {}  # change id -> first time we noticed it missing
        self.rebuilds = 0

    def current(self):
        with self._lock:
            if self.graph is None:
                self._rebuild()
            else:
                try:
                    self._sync()
                except Exception:
                    # A change may be half applied: drop the graph so the next call rebuilds it.
                    self.graph = None
                    raise
            return self.graph

    def _rebuild(self):
        high = db.session.scalar(select(func.max(GraphChange.id))) or 0  # read before the data: replays are harmless
        self.graph = build_from_database()
        self.applied_up_to, self.gaps = high, {}
        self.rebuilds += 1

    def _sync(self):
        condition = GraphChange.id > self.applied_up_to
        if self.gaps:
            condition = or_(condition, GraphChange.id.in_(list(self.gaps)))
        rows = db.session.execute(select(GraphChange.id, GraphChange.kind, GraphChange.organisation_id, GraphChange.other_id)
                                  .where(condition).order_by(GraphChange.id)).all()
        if not rows:
            self._expire_gaps()
            return
        if len(rows) > REBUILD_THRESHOLD or any(r.kind == "rebuild" for r in rows) or self._log_pruned_past_us(rows):
            self._rebuild()
            return
        self._apply({r.organisation_id for r in rows if r.kind == "organisation"},
                    {(r.organisation_id, r.other_id) for r in rows if r.kind == "tie"})
        # Only now, with every change in the graph, are they marked applied: an error above leaves
        # them pending (and ``current`` drops the half-updated graph).
        seen = {r.id for r in rows}
        now = time.monotonic()
        for missing in range(self.applied_up_to + 1, max(seen)):
            if missing not in seen:
                self.gaps.setdefault(missing, now)
        for change_id in seen:
            self.gaps.pop(change_id, None)
        self.applied_up_to = max(self.applied_up_to, max(seen))
        self._expire_gaps()

    def _log_pruned_past_us(self, rows):
        return self.applied_up_to and rows[0].id > self.applied_up_to + 1 and not self.gaps and \
            db.session.scalar(select(func.min(GraphChange.id))) > self.applied_up_to + 1

    def _expire_gaps(self):
        # A gap older than the TTL belongs to a transaction that rolled back.
        limit = time.monotonic() - GAP_TTL_SECONDS
        self.gaps = {i: t for i, t in self.gaps.items() if t >= limit}

    def _apply(self, organisation_ids, pairs):
        G = self.graph
        if organisation_ids:
            found = {o.id: o for o in db.session.scalars(select(Organisation).where(Organisation.id.in_(organisation_ids),
                                                                                   Organisation.archived_at.is_(None)))}
            for organisation_id in organisation_ids:
                if organisation_id in found:
                    engine.add_organisation(G, organisation_record(found[organisation_id]))
                else:
                    engine.remove_organisation(G, organisation_id)
        if pairs:
            for a, b in pairs:
                engine.remove_tie(G, a, b)
            query = select(Tie).where(tuple_(Tie.organisation_a_id, Tie.organisation_b_id).in_(list(pairs)))
            for a, b, kind, since in _tie_rows(query):
                if a in G and b in G:
                    engine.add_tie(G, a, b, kind, since)


def current_graph():
    """The up-to-date graph for this process (see the module docstring for the freshness rule)."""
    cache = current_app.extensions.setdefault("passerelle_graph", GraphCache())
    return cache.current()


def prune_change_log(older_than_seconds=CHANGE_RETENTION_SECONDS):
    """Delete change rows every process has had time to apply (a process further behind rebuilds)."""
    cutoff = utcnow() - timedelta(seconds=older_than_seconds)
    return db.session.execute(delete(GraphChange).where(GraphChange.changed_at < cutoff)).rowcount


@contextmanager
def bulk_changes():
    """For loaders touching thousands of rows: no per-row log, one rebuild request at the end."""
    db.session.info["graph_log_disabled"] = True
    try:
        yield
    finally:
        db.session.info.pop("graph_log_disabled", None)
    request_rebuild()
