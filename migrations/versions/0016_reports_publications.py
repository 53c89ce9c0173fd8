"""Editable reports (rapport d'étonnement) and publications (issue #13)

Revision ID: c1a2b3c40016
Revises: c1a2b3c40015
Create Date: 2026-11-27 14:20:00
"""

import sqlalchemy as sa
from alembic import op

revision = "c1a2b3c40016"
down_revision = "c1a2b3c40015"
branch_labels = None
depends_on = None


def upgrade():
    op.create_table(
        "report_versions",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("organisation_id", sa.Integer(), nullable=False),
        sa.Column("number", sa.Integer(), nullable=False),
        sa.Column("introduction", sa.Text(), nullable=True),
        sa.Column("next_steps", sa.JSON(), nullable=True),
        sa.Column("edited_by_id", sa.Integer(), nullable=True),
        sa.Column("edited_at", sa.DateTime(), nullable=False),
        sa.Column("shared_at", sa.DateTime(), nullable=True),
        sa.ForeignKeyConstraint(["edited_by_id"], ["users.id"], ondelete="SET NULL"),
        sa.ForeignKeyConstraint(["organisation_id"], ["organisations.id"], ondelete="CASCADE"),
        sa.PrimaryKeyConstraint("id"),
        sa.UniqueConstraint("organisation_id", "number", name="uq_report_versions_organisation_number"),
    )
    with op.batch_alter_table("report_versions", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_report_versions_organisation_id"), ["organisation_id"], unique=False)
    op.create_table(
        "publications",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("title", sa.String(length=200), nullable=False),
        sa.Column("introduction", sa.Text(), nullable=True),
        sa.Column("created_by_id", sa.Integer(), nullable=True),
        sa.Column("created_at", sa.DateTime(), nullable=False),
        sa.Column("published_at", sa.DateTime(), nullable=True),
        sa.ForeignKeyConstraint(["created_by_id"], ["users.id"], ondelete="SET NULL"),
        sa.PrimaryKeyConstraint("id"),
    )
    with op.batch_alter_table("publications", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_publications_published_at"), ["published_at"], unique=False)
    op.create_table(
        "publication_sheets",
        sa.Column("publication_id", sa.Integer(), nullable=False),
        sa.Column("sheet_id", sa.Integer(), nullable=False),
        sa.ForeignKeyConstraint(["publication_id"], ["publications.id"], ondelete="CASCADE"),
        sa.ForeignKeyConstraint(["sheet_id"], ["sheets.id"], ondelete="CASCADE"),
        sa.PrimaryKeyConstraint("publication_id", "sheet_id"),
    )
    with op.batch_alter_table("publication_sheets", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_publication_sheets_sheet_id"), ["sheet_id"], unique=False)


def downgrade():
    for table in ("publication_sheets", "publications", "report_versions"):
        op.drop_table(table)
