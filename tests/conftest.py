"""Fixtures (flaskr-style): app, client, runner, auth; the schema comes from the migrations.

No app context is held while the test client runs: Flask would reuse it for every request
and Flask-Login's per-request user cache in ``g`` would leak from one request to the next.
Factories and checks open their own short context instead.
"""

import pytest
import sqlalchemy as sa
from flask_migrate import upgrade

from config import TestConfig
from webapp import create_app
from webapp.extensions import db as _db
from webapp.extensions import limiter
from webapp.services.graph_bridge import ChangeLogReader

from .factories import DEFAULT_PASSWORD


def _drop_everything():
    _db.session.remove()
    _db.drop_all()
    with _db.engine.begin() as connection:
        connection.execute(sa.text("DROP TABLE IF EXISTS alembic_version"))


@pytest.fixture(scope="session")
def app():
    app = create_app(TestConfig)
    with app.app_context():
        _drop_everything()
        upgrade()
    yield app
    with app.app_context():
        app.extensions.pop("passerelle_change_log_reader", ChangeLogReader()).close()
        _drop_everything()
        _db.engine.dispose()


def close_app(app):
    """Close what an app holds on its database: the change-log connection and the pool (PostgreSQL warns otherwise)."""
    with app.app_context():
        app.extensions.pop("passerelle_change_log_reader", ChangeLogReader()).close()
        _db.session.remove()
        _db.engine.dispose()


@pytest.fixture
def make_app():
    """``make_app(config)``: an app built with a test's own config, closed after the test."""
    built = []

    def make(config):
        built.append(create_app(config))
        return built[-1]

    yield make
    for app in built:
        close_app(app)


@pytest.fixture(autouse=True)
def _empty_tables(request):
    yield
    if "app" not in request.fixturenames:
        return
    app = request.getfixturevalue("app")
    app.extensions.pop("passerelle_graph", None)  # the emptied change log restarts its ids
    limiter.reset()  # request rates are per test, like the tables
    with app.app_context():
        _db.session.remove()
        tables = [t.name for t in _db.metadata.sorted_tables]
        with _db.engine.begin() as connection:
            if connection.dialect.name == "postgresql":
                _empty_postgresql_tables(connection, tables)
            else:
                for name in reversed(tables):
                    connection.execute(sa.text(f"DELETE FROM {name}"))


def _empty_postgresql_tables(connection, tables):
    """DELETE every row (children first), then restart every sequence a test moved: the end state of TRUNCATE ...
    RESTART IDENTITY, some twenty times faster on these small tables (TRUNCATE rewrites each table's files).
    Falls back to TRUNCATE if a foreign-key cycle stops the DELETEs."""
    try:
        with connection.begin_nested():
            for name in reversed(tables):
                connection.execute(sa.text(f"DELETE FROM {name}"))
    except sa.exc.IntegrityError:
        connection.execute(sa.text(f"TRUNCATE {', '.join(tables)} CASCADE"))
    connection.execute(
        sa.text(
            "SELECT setval(format('%I.%I', schemaname, sequencename)::regclass, start_value, false) FROM pg_sequences "
            "WHERE last_value IS NOT NULL AND schemaname = current_schema()"
        )
    )


@pytest.fixture
def db(app):
    """An app context with the session, for tests that call services directly."""
    with app.app_context():
        yield _db
        _db.session.rollback()


@pytest.fixture
def client(app):
    return app.test_client()


@pytest.fixture
def runner(app):
    return app.test_cli_runner()


class AuthActions:
    def __init__(self, client):
        self._client = client

    def login(self, email, password=DEFAULT_PASSWORD):
        return self._client.post("/auth/login", data={"email": email, "password": password})

    def logout(self):
        return self._client.post("/auth/logout")

    def token(self, email, password=DEFAULT_PASSWORD):
        response = self._client.post("/api/v1/auth/token", json={"email": email, "password": password})
        assert response.status_code == 200, response.json
        return {"Authorization": f"Bearer {response.json['token']}"}


@pytest.fixture
def auth(client):
    return AuthActions(client)
