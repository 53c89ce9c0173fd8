"""Outbox: mail written in the transaction, sent after commit by `flask worker`

Revision ID: b8d2e3f40008
Revises: a7c1d2e30007
Create Date: 2026-11-27 11:50:00

"""
from alembic import op
import sqlalchemy as sa


revision = "b8d2e3f40008"
down_revision = "a7c1d2e30007"
branch_labels = None
depends_on = None


def upgrade():
    op.create_table(
        "outbox",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("user_id", sa.Integer(), nullable=True),
        sa.Column("address", sa.String(length=254), nullable=True),
        sa.Column("template", sa.String(length=40), nullable=False),
        sa.Column("params", sa.JSON(), nullable=False),
        sa.Column("created_at", sa.DateTime(), nullable=False),
        sa.Column("attempts", sa.Integer(), nullable=False),
        sa.Column("next_attempt_at", sa.DateTime(), nullable=False),
        sa.Column("last_error", sa.Text(), nullable=True),
        sa.Column("sent_at", sa.DateTime(), nullable=True),
        sa.Column("failed_at", sa.DateTime(), nullable=True),
        sa.ForeignKeyConstraint(["user_id"], ["users.id"], name=op.f("fk_outbox_user_id_users"), ondelete="CASCADE"),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_outbox")),
    )
    op.create_index("ix_outbox_due", "outbox", ["sent_at", "failed_at", "next_attempt_at"], unique=False)


def downgrade():
    op.drop_index("ix_outbox_due", table_name="outbox")
    op.drop_table("outbox")
