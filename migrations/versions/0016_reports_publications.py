"""Editable reports (rapport d'étonnement) and publications (issue #13)

Revision ID: c1a2b3c40016
Revises: c1a2b3c40015
Create Date: 2026-11-27 14:20:00
"""

revision = "c1a2b3c40016"
down_revision = "c1a2b3c40015"
branch_labels = None
depends_on = None


def upgrade():
    pass


def downgrade():
    pass
