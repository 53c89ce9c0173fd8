"""Instruments and programmes: official names in other languages (i18n)

Revision ID: d5a6b7c80010
Revises: c4f5a6b70009
Create Date: 2026-11-27 11:40:00

Filled by ``flask reference load`` from data/instruments.yaml and data/programmes.yaml (``names``).
"""
from alembic import op
import sqlalchemy as sa


revision = "d5a6b7c80010"
down_revision = "c4f5a6b70009"
branch_labels = None
depends_on = None


def upgrade():
    with op.batch_alter_table("instruments", schema=None) as batch_op:
        batch_op.add_column(sa.Column("names", sa.JSON(), nullable=True))
    with op.batch_alter_table("programmes", schema=None) as batch_op:
        batch_op.add_column(sa.Column("names", sa.JSON(), nullable=True))


def downgrade():
    with op.batch_alter_table("programmes", schema=None) as batch_op:
        batch_op.drop_column("names")
    with op.batch_alter_table("instruments", schema=None) as batch_op:
        batch_op.drop_column("names")
