"""Capitalisation: project and problem sheets, their partners, links, history, comments and full-text index

Revision ID: f7c8d9e00012
Revises: e6b7c8d90011
Create Date: 2026-11-27 12:35:00

The full-text index is per database: an FTS5 table kept in sync by webapp.services.capitalisation on
SQLite, a GIN index over to_tsvector on PostgreSQL (the models do not declare either).
"""
from alembic import op
import sqlalchemy as sa


revision = "f7c8d9e00012"
down_revision = "e6b7c8d90011"
branch_labels = None
depends_on = None

# Must match webapp.services.capitalisation.pg_document() (a test compares them); accents folded by translate().
_PG_DOCUMENT = ("to_tsvector('french', translate(lower(coalesce(title, '') || ' ' || coalesce(summary, '') || ' ' "
                "|| coalesce(obstacles, '') || ' ' || coalesce(results, '') || ' ' || coalesce(lessons, '') || ' ' "
                "|| coalesce(cause, '') || ' ' || coalesce(solutions, '')), "
                "'àáâäãåçèéêëìíîïñòóôöõùúûüýÿœæ', 'aaaaaaceeeeiiiinooooouuuuyyoa'))")


def upgrade():
    op.create_table(
        "sheets",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("kind", sa.String(length=10), nullable=False),
        sa.Column("status", sa.String(length=20), nullable=False),
        sa.Column("title", sa.String(length=200), nullable=False),
        sa.Column("summary", sa.Text(), nullable=False),
        sa.Column("is_example", sa.Boolean(), nullable=False),
        sa.Column("author_id", sa.Integer(), nullable=True),
        sa.Column("introduction_id", sa.Integer(), nullable=True),
        sa.Column("instrument_code", sa.String(length=40), nullable=True),
        sa.Column("structure_id", sa.Integer(), nullable=True),
        sa.Column("programme_code", sa.String(length=40), nullable=True),
        sa.Column("funding_amount", sa.Integer(), nullable=True),
        sa.Column("funding_period", sa.String(length=20), nullable=True),
        sa.Column("start_year", sa.Integer(), nullable=True),
        sa.Column("end_year", sa.Integer(), nullable=True),
        sa.Column("project_status", sa.String(length=20), nullable=True),
        sa.Column("obstacles", sa.Text(), nullable=True),
        sa.Column("results", sa.Text(), nullable=True),
        sa.Column("lessons", sa.Text(), nullable=True),
        sa.Column("cause", sa.Text(), nullable=True),
        sa.Column("solutions", sa.Text(), nullable=True),
        sa.Column("sources", sa.JSON(), nullable=False),
        sa.Column("created_at", sa.DateTime(), nullable=False),
        sa.Column("updated_at", sa.DateTime(), nullable=False),
        sa.Column("published_at", sa.DateTime(), nullable=True),
        sa.ForeignKeyConstraint(["author_id"], ["users.id"], ondelete="SET NULL"),
        sa.ForeignKeyConstraint(["introduction_id"], ["introduction_requests.id"], ondelete="SET NULL"),
        sa.ForeignKeyConstraint(["instrument_code"], ["instruments.code"], ondelete="SET NULL"),
        sa.ForeignKeyConstraint(["structure_id"], ["organisations.id"], ondelete="SET NULL"),
        sa.ForeignKeyConstraint(["programme_code"], ["programmes.code"], ondelete="SET NULL"),
        sa.PrimaryKeyConstraint("id"),
    )
    with op.batch_alter_table("sheets", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_sheets_kind"), ["kind"], unique=False)
        batch_op.create_index(batch_op.f("ix_sheets_status"), ["status"], unique=False)
        batch_op.create_index(batch_op.f("ix_sheets_author_id"), ["author_id"], unique=False)
    op.create_table(
        "sheet_partners",
        sa.Column("sheet_id", sa.Integer(), nullable=False),
        sa.Column("organisation_id", sa.Integer(), nullable=False),
        sa.ForeignKeyConstraint(["organisation_id"], ["organisations.id"], ondelete="CASCADE"),
        sa.ForeignKeyConstraint(["sheet_id"], ["sheets.id"], ondelete="CASCADE"),
        sa.PrimaryKeyConstraint("sheet_id", "organisation_id"),
    )
    with op.batch_alter_table("sheet_partners", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_sheet_partners_organisation_id"), ["organisation_id"], unique=False)
    op.create_table(
        "sheet_links",
        sa.Column("problem_id", sa.Integer(), nullable=False),
        sa.Column("project_id", sa.Integer(), nullable=False),
        sa.ForeignKeyConstraint(["problem_id"], ["sheets.id"], ondelete="CASCADE"),
        sa.ForeignKeyConstraint(["project_id"], ["sheets.id"], ondelete="CASCADE"),
        sa.PrimaryKeyConstraint("problem_id", "project_id"),
    )
    with op.batch_alter_table("sheet_links", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_sheet_links_project_id"), ["project_id"], unique=False)
    op.create_table(
        "sheet_themes",
        sa.Column("sheet_id", sa.Integer(), nullable=False),
        sa.Column("theme", sa.String(length=30), nullable=False),
        sa.ForeignKeyConstraint(["sheet_id"], ["sheets.id"], ondelete="CASCADE"),
        sa.PrimaryKeyConstraint("sheet_id", "theme"),
    )
    with op.batch_alter_table("sheet_themes", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_sheet_themes_theme"), ["theme"], unique=False)
    op.create_table(
        "sheet_borders",
        sa.Column("sheet_id", sa.Integer(), nullable=False),
        sa.Column("border", sa.String(length=10), nullable=False),
        sa.ForeignKeyConstraint(["sheet_id"], ["sheets.id"], ondelete="CASCADE"),
        sa.PrimaryKeyConstraint("sheet_id", "border"),
    )
    with op.batch_alter_table("sheet_borders", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_sheet_borders_border"), ["border"], unique=False)
    op.create_table(
        "sheet_events",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("sheet_id", sa.Integer(), nullable=False),
        sa.Column("user_id", sa.Integer(), nullable=True),
        sa.Column("action", sa.String(length=20), nullable=False),
        sa.Column("changes", sa.JSON(), nullable=False),
        sa.Column("from_status", sa.String(length=20), nullable=True),
        sa.Column("to_status", sa.String(length=20), nullable=True),
        sa.Column("at", sa.DateTime(), nullable=False),
        sa.ForeignKeyConstraint(["sheet_id"], ["sheets.id"], ondelete="CASCADE"),
        sa.ForeignKeyConstraint(["user_id"], ["users.id"], ondelete="SET NULL"),
        sa.PrimaryKeyConstraint("id"),
    )
    with op.batch_alter_table("sheet_events", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_sheet_events_sheet_id"), ["sheet_id"], unique=False)
    op.create_table(
        "sheet_comments",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("sheet_id", sa.Integer(), nullable=False),
        sa.Column("author_id", sa.Integer(), nullable=True),
        sa.Column("text", sa.Text(), nullable=False),
        sa.Column("created_at", sa.DateTime(), nullable=False),
        sa.ForeignKeyConstraint(["author_id"], ["users.id"], ondelete="SET NULL"),
        sa.ForeignKeyConstraint(["sheet_id"], ["sheets.id"], ondelete="CASCADE"),
        sa.PrimaryKeyConstraint("id"),
    )
    with op.batch_alter_table("sheet_comments", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_sheet_comments_sheet_id"), ["sheet_id"], unique=False)

    dialect = op.get_bind().dialect.name
    if dialect == "postgresql":
        op.execute(f"CREATE INDEX ix_sheets_fulltext ON sheets USING gin ({_PG_DOCUMENT})")
    elif dialect == "sqlite":
        # rowid = sheets.id; unicode61 with diacritics removed: "echange" finds "échange".
        op.execute("CREATE VIRTUAL TABLE IF NOT EXISTS sheet_search USING fts5(title, body, "
                   "tokenize = 'unicode61 remove_diacritics 2')")


def downgrade():
    dialect = op.get_bind().dialect.name
    if dialect == "postgresql":
        op.execute("DROP INDEX IF EXISTS ix_sheets_fulltext")
    elif dialect == "sqlite":
        op.execute("DROP TABLE IF EXISTS sheet_search")
    for table in ("sheet_comments", "sheet_events", "sheet_borders", "sheet_themes", "sheet_links", "sheet_partners", "sheets"):
        op.drop_table(table)
