"""Parallel runs (pytest-xdist, ``make test`` uses ``-n 2``): each worker gets a database and a directory of its own.

Loaded before anything imports ``config``: TestConfig reads TEST_DATABASE_URL when it is defined, so each worker
points the variable at its own scratch PostgreSQL database (``<name>_gw0``, ``<name>_gw1``...), created empty
here and dropped when the worker ends; the SQLite pass needs nothing (in-memory databases and temporary files are
per process). Sheet attachments written by the tests go to a directory per worker too.
"""

import os

_WORKER = os.environ.get("PYTEST_XDIST_WORKER", "")
_BASE_URL = os.environ.get("TEST_DATABASE_URL", "")
_WORKER_DATABASE = None


def _admin(action):
    """Run one statement on the base database (outside a transaction, as CREATE/DROP DATABASE need)."""
    import psycopg
    from sqlalchemy.engine import make_url

    url = make_url(_BASE_URL).set(drivername="postgresql")
    with psycopg.connect(url.render_as_string(hide_password=False), autocommit=True) as connection:
        connection.execute(action)


if _WORKER and _BASE_URL.startswith("postgresql"):
    from sqlalchemy.engine import make_url

    _base = make_url(_BASE_URL)
    _WORKER_DATABASE = f"{_base.database}_{_WORKER}"
    _admin(f'DROP DATABASE IF EXISTS "{_WORKER_DATABASE}" WITH (FORCE)')
    _admin(f'CREATE DATABASE "{_WORKER_DATABASE}"')
    # A scratch database: commits need not wait for the disk (no effect on what the tests see).
    _admin(f'ALTER DATABASE "{_WORKER_DATABASE}" SET synchronous_commit = off')
    os.environ["TEST_DATABASE_URL"] = _base.set(database=_WORKER_DATABASE).render_as_string(hide_password=False)


def pytest_configure(config):
    if _WORKER:
        from config import TestConfig

        TestConfig.ATTACHMENT_DIR = TestConfig.ATTACHMENT_DIR.with_name(f"{TestConfig.ATTACHMENT_DIR.name}-{_WORKER}")


def pytest_unconfigure(config):
    if _WORKER_DATABASE:
        _admin(f'DROP DATABASE IF EXISTS "{_WORKER_DATABASE}" WITH (FORCE)')
    elif not _WORKER and _BASE_URL.startswith("postgresql") and getattr(config.option, "numprocesses", None):
        # The controller, once every worker has ended: drop any worker database left behind.
        import psycopg
        from sqlalchemy.engine import make_url

        url = make_url(_BASE_URL).set(drivername="postgresql")
        with psycopg.connect(url.render_as_string(hide_password=False), autocommit=True) as connection:
            pattern = url.database.replace("_", r"\_") + r"\_gw%"
            names = [row[0] for row in connection.execute("SELECT datname FROM pg_database WHERE datname LIKE %s", [pattern])]
            for name in names:
                connection.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')
