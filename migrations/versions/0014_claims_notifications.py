"""Claims with evidence and decisions; notifications read state and e-mail frequency (issue #12)

Revision ID: c1a2b3c40014
Revises: a8d9e0f10013
Create Date: 2026-11-27 14:20:00
"""

revision = "c1a2b3c40014"
down_revision = "a8d9e0f10013"
branch_labels = None
depends_on = None


def upgrade():
    pass


def downgrade():
    pass
