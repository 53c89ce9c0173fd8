"""The schema the migrations build (the suite's own database) is exactly the models' schema."""

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
