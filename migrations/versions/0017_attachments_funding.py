"""Sheet attachments, curated funding, and full-text search in French, German, Italian and Spanish (issue #13)

Revision ID: c1a2b3c40017
Revises: c1a2b3c40016
Create Date: 2026-11-27 14:20:00

PostgreSQL's GIN index is rebuilt over one tsvector that joins the 'simple' configuration (exact words,
prefixes) with the French, German, Italian and Spanish stemmers, so a query stems in each of those
languages; SQLite's FTS5 table is unchanged.
"""

import sqlalchemy as sa
from alembic import op

revision = "c1a2b3c40017"
down_revision = "c1a2b3c40016"
branch_labels = None
depends_on = None

_COLUMNS = ("title", "summary", "obstacles", "results", "lessons", "cause", "solutions")
_FOLDED = (
    "translate(lower("
    + " || ' ' || ".join(f"coalesce({c}, '')" for c in _COLUMNS)
    + "), 'àáâäãåçèéêëìíîïñòóôöõùúûüýÿœæ', 'aaaaaaceeeeiiiinooooouuuuyyoa')"
)
# Must match webapp.services.capitalisation.pg_document() (a test compares them).
_PG_DOCUMENT = (
    "(" + " || ".join(f"to_tsvector('{c}', {_FOLDED})" for c in ("simple", "french", "german", "italian", "spanish")) + ")"
)
_PG_DOCUMENT_0012 = f"to_tsvector('french', {_FOLDED})"


def upgrade():
    op.create_table(
        "funds",
        sa.Column("code", sa.String(length=60), nullable=False),
        sa.Column("kind", sa.String(length=30), nullable=False),
        sa.Column("scope", sa.String(length=10), nullable=False),
        sa.Column("programme_code", sa.String(length=40), nullable=True),
        sa.Column("name", sa.String(length=200), nullable=False),
        sa.Column("names", sa.JSON(), nullable=True),
        sa.Column("summaries", sa.JSON(), nullable=True),
        sa.Column("rules", sa.JSON(), nullable=False),
        sa.Column("rate_min", sa.Integer(), nullable=True),
        sa.Column("rate_max", sa.Integer(), nullable=True),
        sa.Column("grant_max", sa.Integer(), nullable=True),
        sa.Column("project_min", sa.Integer(), nullable=True),
        sa.Column("project_max", sa.Integer(), nullable=True),
        sa.Column("currency", sa.String(length=3), nullable=False),
        sa.Column("calls", sa.String(length=10), nullable=False),
        sa.Column("next_deadline", sa.Date(), nullable=True),
        sa.Column("url", sa.String(length=300), nullable=False),
        sa.Column("label_urls", sa.JSON(), nullable=True),
        sa.Column("sources", sa.JSON(), nullable=False),
        sa.Column("checked_on", sa.Date(), nullable=False),
        sa.Column("to_verify", sa.Boolean(), nullable=False),
        sa.PrimaryKeyConstraint("code"),
    )
    op.create_table(
        "sheet_attachments",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("sheet_id", sa.Integer(), nullable=False),
        sa.Column("filename", sa.String(length=200), nullable=False),
        sa.Column("storage_key", sa.String(length=80), nullable=False),
        sa.Column("content_type", sa.String(length=40), nullable=False),
        sa.Column("size", sa.Integer(), nullable=False),
        sa.Column("uploaded_by_id", sa.Integer(), nullable=True),
        sa.Column("created_at", sa.DateTime(), nullable=False),
        sa.ForeignKeyConstraint(["sheet_id"], ["sheets.id"], ondelete="CASCADE"),
        sa.ForeignKeyConstraint(["uploaded_by_id"], ["users.id"], ondelete="SET NULL"),
        sa.PrimaryKeyConstraint("id"),
        sa.UniqueConstraint("storage_key", name=op.f("uq_sheet_attachments_storage_key")),
    )
    with op.batch_alter_table("sheet_attachments", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_sheet_attachments_sheet_id"), ["sheet_id"], unique=False)
    if op.get_bind().dialect.name == "postgresql":
        op.execute("DROP INDEX IF EXISTS ix_sheets_fulltext")
        op.execute(f"CREATE INDEX ix_sheets_fulltext ON sheets USING gin ({_PG_DOCUMENT})")


def downgrade():
    if op.get_bind().dialect.name == "postgresql":
        op.execute("DROP INDEX IF EXISTS ix_sheets_fulltext")
        op.execute(f"CREATE INDEX ix_sheets_fulltext ON sheets USING gin ({_PG_DOCUMENT_0012})")
    with op.batch_alter_table("sheet_attachments", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_sheet_attachments_sheet_id"))
    op.drop_table("sheet_attachments")
    op.drop_table("funds")
