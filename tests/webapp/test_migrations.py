"""The schema the migrations build (the suite's own database) is exactly the models' schema, and upgrading
a populated database keeps every row."""

import datetime as _dt
import os

import pytest
import sqlalchemy as sa
from alembic.autogenerate import compare_metadata
from alembic.migration import MigrationContext

from webapp.extensions import db as _db
from webapp.models.capitalisation import SEARCH_INDEX_NAMES


def _declared_in_models(name, type_, parent_names):
    # The full-text index of sheets is per database and built by its migration only (FTS5 table and its
    # shadow tables on SQLite, a GIN expression index on PostgreSQL).
    return not name or not any(name == n or name.startswith(n + "_") for n in SEARCH_INDEX_NAMES)


def test_migrations_match_models(db):
    with _db.engine.connect() as connection:
        context = MigrationContext.configure(connection, opts={"compare_type": True, "include_name": _declared_in_models})
        differences = compare_metadata(context, _db.metadata)
    assert differences == [], f"A model change has no migration: {differences}"


def test_migration_history_is_linear(app):
    from alembic.script import ScriptDirectory
    from flask_migrate import Config

    config = Config(app.extensions["migrate"].directory + "/alembic.ini")
    config.set_main_option("script_location", app.extensions["migrate"].directory)
    heads = ScriptDirectory.from_config(config).get_heads()
    assert len(heads) == 1


# -- Upgrading a populated database keeps every row ------------------------------------------------------

_NOW = _dt.datetime(2026, 1, 5, 10, 0)
_ROWS_AT_0004 = {
    "users": [
        {
            "id": 1,
            "email": "ana@example.org",
            "name": "Ana",
            "password_hash": "x",
            "role": "member",
            "active": True,
            "created_at": _NOW,
        }
    ],
    "organisations": [
        {
            "id": i,
            "name": f"Org {i}",
            "kind": "municipality",
            "country": c,
            "languages": ["fr"],
            "status": "active",
            "search_text": f"org {i}",
            "created_at": _NOW,
            "updated_at": _NOW,
        }
        for i, c in ((1, "FR"), (2, "DE"), (3, "FR"))
    ],
    "memberships": [{"user_id": 1, "organisation_id": 1}],
    "organisation_labels": [{"organisation_id": 1, "label": "pvd", "anct_id": "PVD-1"}],
    "organisation_themes": [{"organisation_id": 1, "theme": "mobility"}],
    "organisation_borders": [{"organisation_id": 1, "border": "FR-DE"}],
    "ties": [
        {"id": 1, "organisation_a_id": 1, "organisation_b_id": 2, "kind": "twinning", "source": "a charter", "created_at": _NOW}
    ],
    "claims": [{"id": 1, "organisation_id": 3, "user_id": 1, "status": "pending", "created_at": _NOW}],
    "introduction_requests": [
        {
            "id": 1,
            "requester_id": 1,
            "counterpart_id": 2,
            "requested_by_id": 1,
            "purpose": "Bus",
            "themes": ["mobility"],
            "ambition": "exchange",
            "message": "Hello",
            "languages": ["fr"],
            "status": "closed",
            "tie_id": 1,
            "created_at": _NOW,
            "moved_at": _NOW,
        },
        {
            "id": 2,
            "requester_id": 3,
            "counterpart_id": 2,
            "requested_by_id": 1,
            "purpose": "Bus",
            "themes": [],
            "ambition": "exchange",
            "message": "Hello",
            "languages": ["fr"],
            "status": "new",
            "created_at": _NOW,
            "moved_at": _NOW,
        },
    ],
    "request_events": [{"id": 1, "request_id": 1, "user_id": 1, "action": "created", "to_status": "new", "at": _NOW}],
}
_JSON_COLUMNS = {"languages", "themes"}
_DATABASES = ["sqlite"] + (["postgresql"] if os.environ.get("TEST_DATABASE_URL", "").startswith("postgresql") else [])


def _table(name, rows):
    return sa.table(name, *(sa.column(c, sa.JSON if c in _JSON_COLUMNS else None) for c in rows[0]))


def _populate(connection):
    for name, rows in _ROWS_AT_0004.items():
        for row in rows:
            connection.execute(_table(name, [row]).insert(), row)


@pytest.mark.parametrize("database", _DATABASES)
def test_upgrading_a_populated_database_loses_no_row(app, database, tmp_path):
    # `app` is requested so that the suite's tables are emptied afterwards (PostgreSQL shares its database).
    from flask_migrate import upgrade

    from config import TestConfig
    from webapp import create_app

    class MigrationConfig(TestConfig):
        SQLALCHEMY_DATABASE_URI = f"sqlite:///{tmp_path / 'old.db'}" if database == "sqlite" else os.environ["TEST_DATABASE_URL"]

    old = create_app(MigrationConfig)
    with old.app_context():
        if database == "postgresql":
            _db.drop_all()
            with _db.engine.begin() as connection:
                connection.execute(sa.text("DROP TABLE IF EXISTS alembic_version"))
        upgrade(revision="0004")
        with _db.engine.begin() as connection:
            _populate(connection)
        upgrade()
        with _db.engine.connect() as connection:
            counts = {name: connection.scalar(sa.select(sa.func.count()).select_from(sa.table(name))) for name in _ROWS_AT_0004}
            tie_of_request = connection.scalar(sa.text("SELECT tie_id FROM introduction_requests WHERE id = 1"))
            label_status = connection.scalar(sa.text("SELECT status FROM organisation_labels"))
        _db.session.remove()
        _db.engine.dispose()
    assert counts == {name: len(rows) for name, rows in _ROWS_AT_0004.items()}
    assert tie_of_request == 1
    assert label_status == "official"


def test_french_event_notes_become_codes(app):
    from flask_migrate import downgrade, upgrade

    from webapp.models import IntroductionRequest, Organisation, RequestEvent, User
    from webapp.services.introductions import request_introduction

    from .. import factories

    requester, counterpart = factories.make_org(app, name="Saint-Louis"), factories.make_org(app, name="Bâle", country="CH")
    official = factories.make_user(app, "official", organisations=[requester])
    with app.test_request_context():
        request = request_introduction(
            _db.session.get(User, official.id),
            _db.session.get(Organisation, requester),
            _db.session.get(Organisation, counterpart),
            purpose="Bus",
            message="Bonjour",
            ambition="exchange",
        )
        request.events += [
            RequestEvent(action="assigned", note="Prise en charge par Léa"),
            RequestEvent(action="accepted", note="Réponse recueillie par la MOT. Joint par téléphone"),
            RequestEvent(action="declined", note="Réponse recueillie par la MOT. "),
            RequestEvent(action="accepted", note="Merci"),
        ]
        _db.session.commit()
        request_id = request.id
        # Reading request.id after the commit opened a transaction that holds locks on the tables it read: on
        # PostgreSQL, dropping a later table with a foreign key to organisations would wait for it forever.
        _db.session.rollback()
        downgrade(revision="f7c8d9e00012")
        upgrade()
        _db.session.expire_all()
        events = [(e.action, e.note) for e in _db.session.get(IntroductionRequest, request_id).events]
    assert events[1:] == [
        ("assigned", None),
        ("accepted_for", "Joint par téléphone"),
        ("declined_for", None),
        ("accepted", "Merci"),
    ]
