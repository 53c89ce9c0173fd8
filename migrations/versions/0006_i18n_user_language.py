"""Users: interface language chosen with the switch (i18n)

Revision ID: e1a8b3c20006
Revises: d9a7a1c00005
Create Date: 2026-11-27 11:40:00

"""
from alembic import op
import sqlalchemy as sa


revision = "e1a8b3c20006"
down_revision = "d9a7a1c00005"
branch_labels = None
depends_on = None


def upgrade():
    with op.batch_alter_table("users", schema=None) as batch_op:
        batch_op.add_column(sa.Column("language", sa.String(length=5), nullable=True))


def downgrade():
    with op.batch_alter_table("users", schema=None) as batch_op:
        batch_op.drop_column("language")
