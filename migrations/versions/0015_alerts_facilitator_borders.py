"""Alerts (saved searches) and the borders a facilitator covers (issue #12)

Revision ID: c1a2b3c40015
Revises: c1a2b3c40014
Create Date: 2026-11-27 14:20:00
"""

revision = "c1a2b3c40015"
down_revision = "c1a2b3c40014"
branch_labels = None
depends_on = None


def upgrade():
    pass


def downgrade():
    pass
