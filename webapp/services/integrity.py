"""Savepoints that work on SQLite too, for services that settle a race on a unique index.

A service that inserts a row a unique index guards does it inside ``savepoint()``: when another
transaction got there first, the database raises ``IntegrityError``, only the savepoint is rolled
back, and the service answers with the record that won (a ``Conflict`` naming it).
"""

from contextlib import contextmanager

from sqlalchemy.exc import IntegrityError

from ..extensions import db


def _begin_sqlite_transaction():
    # Python's sqlite3 opens a transaction only before INSERT/UPDATE/DELETE: a SAVEPOINT issued
    # first would become the outer transaction, and releasing it would commit everything so far.
    # BEGIN IMMEDIATE takes the write lock at once (waiting up to the busy timeout), so the checks
    # made inside the savepoint see the last committed state.
    connection = db.session.connection()
    if connection.dialect.name == "sqlite" and not connection.connection.dbapi_connection.in_transaction:
        connection.exec_driver_sql("BEGIN IMMEDIATE")


@contextmanager
def savepoint():
    """A nested transaction: an ``IntegrityError`` inside rolls back only what was done inside, then propagates."""
    _begin_sqlite_transaction()
    with db.session.begin_nested():
        yield


def insert_or_conflict(obj, on_conflict):
    """Add and flush ``obj`` in a savepoint; if a unique index refuses it, raise ``on_conflict()``.

    ``on_conflict`` runs after the savepoint rolled back, so it may query for the record that won.
    """
    try:
        with savepoint():
            db.session.add(obj)
            db.session.flush()
    except IntegrityError as error:
        raise on_conflict() from error
    return obj
