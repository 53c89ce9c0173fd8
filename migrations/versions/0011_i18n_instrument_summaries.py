"""Instruments: a one-sentence summary in French and in their official languages (i18n)

Revision ID: e6b7c8d90011
Revises: d5a6b7c80010
Create Date: 2026-11-27 11:55:00

Filled by ``flask reference load`` from ``summary:`` in data/instruments.yaml.
"""
from alembic import op
import sqlalchemy as sa


revision = "e6b7c8d90011"
down_revision = "d5a6b7c80010"
branch_labels = None
depends_on = None


def upgrade():
    with op.batch_alter_table("instruments", schema=None) as batch_op:
        batch_op.add_column(sa.Column("summaries", sa.JSON(), nullable=True))


def downgrade():
    with op.batch_alter_table("instruments", schema=None) as batch_op:
        batch_op.drop_column("summaries")
