"""Notifications as a message code with parameters, phrased in the reader's language; the language of a request's message

Revision ID: c4f5a6b70009
Revises: b8d2e3f40008
Create Date: 2026-11-27 11:30:00

Rows written before keep their French ``text`` and are shown as such (marked as French).
"""
from alembic import op
import sqlalchemy as sa


revision = "c4f5a6b70009"
down_revision = "b8d2e3f40008"
branch_labels = None
depends_on = None


def upgrade():
    with op.batch_alter_table("notifications", schema=None) as batch_op:
        batch_op.add_column(sa.Column("code", sa.String(length=40), nullable=True))
        batch_op.add_column(sa.Column("params", sa.JSON(), nullable=True))
        batch_op.alter_column("text", existing_type=sa.String(length=300), nullable=True)
    with op.batch_alter_table("introduction_requests", schema=None) as batch_op:
        batch_op.add_column(sa.Column("message_language", sa.String(length=5), nullable=True))


def downgrade():
    with op.batch_alter_table("introduction_requests", schema=None) as batch_op:
        batch_op.drop_column("message_language")
    # Coded rows get no French text back: they are dropped rather than left without one.
    op.execute("DELETE FROM notifications WHERE text IS NULL")
    with op.batch_alter_table("notifications", schema=None) as batch_op:
        batch_op.alter_column("text", existing_type=sa.String(length=300), nullable=False)
        batch_op.drop_column("params")
        batch_op.drop_column("code")
