"""Alerts (saved searches) and the borders a facilitator covers (issue #12)

Revision ID: c1a2b3c40015
Revises: c1a2b3c40014
Create Date: 2026-11-27 14:20:00
"""

import sqlalchemy as sa
from alembic import op

revision = "c1a2b3c40015"
down_revision = "c1a2b3c40014"
branch_labels = None
depends_on = None


def upgrade():
    op.create_table(
        "alerts",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("user_id", sa.Integer(), nullable=False),
        sa.Column("name", sa.String(length=120), nullable=False),
        sa.Column("border", sa.String(length=5), nullable=True),
        sa.Column("country", sa.String(length=2), nullable=True),
        sa.Column("kind", sa.String(length=40), nullable=True),
        sa.Column("label", sa.String(length=10), nullable=True),
        sa.Column("theme", sa.String(length=30), nullable=True),
        sa.Column("massif", sa.String(length=20), nullable=True),
        sa.Column("q", sa.String(length=100), nullable=True),
        sa.Column("created_at", sa.DateTime(), nullable=False),
        sa.Column("last_run_at", sa.DateTime(), nullable=False),
        sa.ForeignKeyConstraint(["user_id"], ["users.id"], ondelete="CASCADE"),
        sa.PrimaryKeyConstraint("id"),
        sa.UniqueConstraint("user_id", "name"),
    )
    with op.batch_alter_table("alerts", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_alerts_user_id"), ["user_id"], unique=False)
    op.create_table(
        "facilitator_borders",
        sa.Column("user_id", sa.Integer(), nullable=False),
        sa.Column("border", sa.String(length=5), nullable=False),
        sa.ForeignKeyConstraint(["user_id"], ["users.id"], ondelete="CASCADE"),
        sa.PrimaryKeyConstraint("user_id", "border"),
    )


def downgrade():
    op.drop_table("facilitator_borders")
    with op.batch_alter_table("alerts", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_alerts_user_id"))
    op.drop_table("alerts")
