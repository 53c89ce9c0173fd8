"""The per-process graph, kept current through the change log (its records: ``graph_records``).

How the graph stays current (README, "How the graph is kept current"): every flush that touches
an organisation (or its labels, themes, borders) or a tie writes a ``GraphChange`` row in the
same transaction. Each process holds one graph; before answering, it reads the change rows it has
not applied yet (one indexed query, usually empty) and refreshes just those nodes and ties from the
database. Ids of changes still in flight in another transaction are remembered as gaps and looked
up again until they appear or expire. More than ``REBUILD_THRESHOLD`` changes, or a "rebuild"
row, and the process rebuilds the graph from scratch.
"""

import os
import threading
import time
import weakref
from contextlib import contextmanager
from datetime import timedelta

import psycopg
from flask import current_app
from psycopg.rows import namedtuple_row
from sqlalchemy import delete, event, func, insert, or_, select, tuple_
from sqlalchemy.exc import DBAPIError

import graph as engine

from ..extensions import db
from ..models import (
    GraphChange,
    Organisation,
    OrganisationBorder,
    OrganisationLabel,
    OrganisationTheme,
    Tie,
)
from ..models._common import utcnow
from .graph_records import build_from_database, organisation_record, tie_rows

REBUILD_THRESHOLD = 500
GAP_TTL_SECONDS = 120
CHANGE_RETENTION_SECONDS = 24 * 3600
MEMO_ENTRIES = 1000  # results kept per process (a suggestions document is ~20 kB)
KEPT_PER_ORGANISATION = 20_000  # per-organisation values kept per process (an API card is ~1 kB)
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
    rows = [
        {"kind": "organisation", "organisation_id": o, "other_id": None, "changed_at": utcnow()} for o in sorted(organisations)
    ]
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


# --- the per-process cache ----------------------------------------------------------------


class ChangeLogReader:
    """Reads the change log outside the request's transaction, so only committed changes are applied.

    On PostgreSQL it keeps one autocommit connection for the process: the freshness check of each
    request is then one round trip (no pool checkout and ping, no BEGIN, no ROLLBACK), and a request
    whose suggestions are memoised touches the database only there. A dropped connection is opened
    again once. Elsewhere (SQLite, one connection shared by the tests) it reads through the session.
    """

    def __init__(self):
        self._connection = None
        self._pid = None
        self._cursor = None  # the freshness check's cursor, kept with its connection

    def rows(self, statement, parameters=None):
        if db.engine.dialect.name != "postgresql":
            return db.session.execute(statement, parameters).all()
        try:
            return self._connect().execute(statement, parameters).all()
        except DBAPIError as error:
            self._connection = None
            if not error.connection_invalidated:
                raise
            return self._connect().execute(statement, parameters).all()

    def pending(self, after, gaps):
        """The changes with an id above ``after`` or in ``gaps``, in id order: the per-request check."""
        if db.engine.dialect.name != "postgresql":
            condition = GraphChange.id > after
            if gaps:
                condition = or_(condition, GraphChange.id.in_(list(gaps)))
            return db.session.execute(
                select(GraphChange.id, GraphChange.kind, GraphChange.organisation_id, GraphChange.other_id)
                .where(condition)
                .order_by(GraphChange.id)
            ).all()
        # Plain SQL on the driver: the statement is prepared once by psycopg, and no SQLAlchemy
        # statement is built and compiled per request (a third of the request's time otherwise).
        connection = self._connect()
        try:
            return self._fetch(connection, after, gaps)
        except psycopg.OperationalError:
            connection.invalidate()  # dropped (database restarted...): open another, once
            self._connection = None
            return self._fetch(self._connect(), after, gaps)

    _PENDING = f"SELECT id, kind, organisation_id, other_id FROM {GraphChange.__tablename__} WHERE id > %s ORDER BY id"
    _PENDING_OR_GAPS = (
        f"SELECT id, kind, organisation_id, other_id FROM {GraphChange.__tablename__} WHERE id > %s OR id = ANY(%s) ORDER BY id"
    )

    def _fetch(self, connection, after, gaps):
        # One cursor kept for the driver's connection (called under GraphCache's lock), and without gaps,
        # the usual case, a statement with one integer parameter: a third of the check's CPU time.
        driver = connection.connection.driver_connection
        cursor = self._cursor
        if cursor is None or cursor.closed or cursor.connection is not driver:
            cursor = self._cursor = driver.cursor(row_factory=namedtuple_row)
        if gaps:
            return cursor.execute(self._PENDING_OR_GAPS, (after, sorted(gaps))).fetchall()
        return cursor.execute(self._PENDING, (after,)).fetchall()

    def close(self):
        if self._connection is not None and self._pid == os.getpid():
            self._connection.close()
        self._connection = self._cursor = None

    def _connect(self):
        if self._connection is None or self._connection.closed or self._pid != os.getpid():
            # After a fork the parent's connection is not ours to close: open our own.
            self._connection = db.engine.connect().execution_options(isolation_level="AUTOCOMMIT")
            self._pid = os.getpid()
            # An app dropped without close() (tests build several, and dispose their engine) must not
            # leave the connection open: it is checked out, so only closing it here ends it.
            weakref.finalize(self, _discard, self._connection)
        return self._connection


def _discard(connection):
    if not connection.closed:
        connection.invalidate()  # closes the driver's connection, whatever became of its pool


def _change_log():
    return current_app.extensions.setdefault("passerelle_change_log_reader", ChangeLogReader())


class GraphCache:
    """One process's graph, brought up to date from the change log at each ``current()`` call."""

    def __init__(self):
        self._lock = threading.Lock()
        self.graph = None
        self.applied_up_to = 0
        self.gaps = {}  # change id -> first time we noticed it missing
        self.rebuilds = 0
        # Bumped whenever the graph may have changed; results memoised under an older version are dropped.
        self.version = 0
        self._memo = {}  # key -> (version, value), oldest first
        self._patches = {}  # key -> how its value is patched over a change (see memo)
        self._kept = {}  # organisation id -> value (see per_organisation), dropped when that organisation changes

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

    def memo(self, key, compute, patch=None):
        """``compute()``, kept for ``key`` until the graph changes (call after ``current()``).

        For results that are a function of the graph's database rows and of ``key`` alone: every
        change to those rows, by any worker, comes through the change log and bumps ``version``.
        With ``patch(value, G, organisation_ids, pairs)``, a value is carried over an applied change
        by patching it (for what is slow to compute and cheap to update); a None from it drops it.
        """
        with self._lock:  # (not halfway through another thread's _apply, which holds the lock)
            version = self.version
            found = self._memo.get(key)
        if found is not None and found[0] == version:
            return found[1]
        value = compute()
        with self._lock:
            if self.version == version:  # nothing applied meanwhile (another thread)
                self._memo.pop(key, None)
                if len(self._memo) >= MEMO_ENTRIES:
                    self._memo.pop(next(iter(self._memo)))
                self._memo[key] = (version, value)
                if patch is not None:
                    self._patches[key] = patch
        return value

    def per_organisation(self, ids, load):
        """``{id: value}`` for ``ids``, calling ``load(missing ids) -> {id: value}`` only for those not kept.

        For values that are a function of one organisation's own rows (its columns, labels, themes,
        borders): a change to them comes through the change log as that organisation's change, and
        drops its value here (a rebuild drops them all); a change to anything else keeps them.
        """
        kept, found, missing = self._kept, {}, []
        for i in ids:
            value = kept.get(i)
            if value is None:
                missing.append(i)
            else:
                found[i] = value
        if missing:
            version = self.version
            loaded = load(missing)
            found.update(loaded)
            with self._lock:
                if self.version == version:  # nothing applied meanwhile: the loaded values are not older
                    if len(self._kept) + len(loaded) > KEPT_PER_ORGANISATION:
                        self._kept = {}
                    self._kept.update(loaded)
        return found

    def _changed(self, organisation_ids=None):
        """The graph may have changed: drop the memo, and the per-organisation values of
        ``organisation_ids`` (all of them when None: a rebuild)."""
        self.version += 1
        self._memo = {}
        if organisation_ids is None:
            self._patches, self._kept = {}, {}
        else:
            for organisation_id in organisation_ids:
                self._kept.pop(organisation_id, None)

    def _rebuild(self):
        high = _change_log().rows(select(func.max(GraphChange.id)))[0][0] or 0  # read before the data: replays are harmless
        self._changed()
        self.graph = build_from_database()
        self.applied_up_to, self.gaps = high, {}
        self.rebuilds += 1

    def _sync(self):
        rows = _change_log().pending(self.applied_up_to, self.gaps)
        if not rows:
            self._expire_gaps()
            return
        if len(rows) > REBUILD_THRESHOLD or any(r.kind == "rebuild" for r in rows) or self._log_pruned_past_us(rows):
            self._rebuild()
            return
        self._apply(
            {r.organisation_id for r in rows if r.kind == "organisation"},
            {(r.organisation_id, r.other_id) for r in rows if r.kind == "tie"},
        )
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
        return (
            self.applied_up_to
            and rows[0].id > self.applied_up_to + 1
            and not self.gaps
            and db.session.scalar(select(func.min(GraphChange.id))) > self.applied_up_to + 1
        )

    def _expire_gaps(self):
        # A gap older than the TTL belongs to a transaction that rolled back.
        limit = time.monotonic() - GAP_TTL_SECONDS
        self.gaps = {i: t for i, t in self.gaps.items() if t >= limit}

    def _apply(self, organisation_ids, pairs):
        patchable = {key: self._memo[key][1] for key in self._patches if self._memo.get(key, (None,))[0] == self.version}
        self._changed(organisation_ids)
        G = self.graph
        if organisation_ids:
            found = {
                o.id: o
                for o in db.session.scalars(
                    select(Organisation).where(Organisation.id.in_(organisation_ids), Organisation.archived_at.is_(None))
                )
            }
            for organisation_id in organisation_ids:
                if organisation_id in found:
                    engine.add_organisation(G, organisation_record(found[organisation_id]))
                else:
                    engine.remove_organisation(G, organisation_id)
        if pairs:
            for a, b in pairs:
                engine.remove_tie(G, a, b)
            query = select(Tie).where(tuple_(Tie.organisation_a_id, Tie.organisation_b_id).in_(list(pairs)))
            for a, b, kind, since in tie_rows(query):
                if a in G and b in G:
                    engine.add_tie(G, a, b, kind, since)
        # With every change in the graph: the values kept across changes, patched (or dropped).
        for key, value in patchable.items():
            patched = self._patches[key](value, G, organisation_ids, pairs)
            if patched is None:
                self._patches.pop(key)
            else:
                self._memo[key] = (self.version, patched)


def _process_cache():
    return current_app.extensions.setdefault("passerelle_graph", GraphCache())


def current_graph():
    """The up-to-date graph for this process (see the module docstring for the freshness rule)."""
    return _process_cache().current()


def memoised(key, compute, patch=None):
    """``compute(G)`` for ``key``, computed once per version of the graph in this process.

    The graph is brought up to date first (one query), so a change committed by any worker
    invalidates every worker's memo; ``G`` is that graph (no second freshness check for the
    computation). ``key`` must name everything else the result depends on. ``patch``: see
    ``GraphCache.memo``.
    """
    cache = _process_cache()
    G = cache.current()
    return cache.memo(key, lambda: compute(G), patch)


def per_organisation(ids, load):
    """``{id: value}`` of :meth:`GraphCache.per_organisation` (call after the graph was brought up to date)."""
    return _process_cache().per_organisation(ids, load)


def committed_rows(statement, parameters=None):
    """The rows of a read-only ``statement``, read as the graph is: committed data only, on the process's
    change-log connection (on PostgreSQL one round trip, no pool checkout, ping, BEGIN or ROLLBACK).

    For reads that complete what the graph holds (the API's suggestion cards); never for data the
    request itself may have written and not yet committed.
    """
    with _process_cache()._lock:  # one connection per process: one statement at a time
        return _change_log().rows(statement, parameters)


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
