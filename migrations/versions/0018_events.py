"""Events of the resource centre, with registrations (issue #13)

Revision ID: c1a2b3c40018
Revises: c1a2b3c40017
Create Date: 2026-11-27 14:20:00
"""

revision = "c1a2b3c40018"
down_revision = "c1a2b3c40017"
branch_labels = None
depends_on = None


def upgrade():
    pass


def downgrade():
    pass
