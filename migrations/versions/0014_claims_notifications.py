"""Claims with evidence and decisions; notifications read state and e-mail frequency (issue #12)

Revision ID: c1a2b3c40014
Revises: a8d9e0f10013
Create Date: 2026-11-27 14:20:00

- claims: the claimant's function and official address, the facilitator's reason, approval at once on the
  organisation's own domain, and a partial unique index: one pending claim per user and organisation
  (twin pending claims stored before it, the same ask twice, keep the oldest).
- notifications: the claim they are about, when they were mailed; an index for the unread count.
- users: how often notifications are mailed (immediately, daily, never).
"""

import sqlalchemy as sa
from alembic import op

revision = "c1a2b3c40014"
down_revision = "a8d9e0f10013"
branch_labels = None
depends_on = None


def _pending():
    return sa.text("status = 'pending'")


def upgrade():
    with op.batch_alter_table("claims", schema=None) as batch_op:
        batch_op.add_column(sa.Column("role", sa.String(length=120), nullable=True))
        batch_op.add_column(sa.Column("official_email", sa.String(length=254), nullable=True))
        batch_op.add_column(sa.Column("decision_reason", sa.Text(), nullable=True))
        batch_op.add_column(sa.Column("auto_approved", sa.Boolean(), server_default=sa.false(), nullable=False))
    op.execute(
        "DELETE FROM claims WHERE status = 'pending' AND EXISTS (SELECT 1 FROM claims AS older "
        "WHERE older.status = 'pending' AND older.user_id = claims.user_id "
        "AND older.organisation_id = claims.organisation_id AND older.id < claims.id)"
    )
    op.create_index(
        "uq_claims_pending_user_organisation",
        "claims",
        ["user_id", "organisation_id"],
        unique=True,
        postgresql_where=_pending(),
        sqlite_where=_pending(),
    )
    with op.batch_alter_table("notifications", schema=None) as batch_op:
        batch_op.add_column(sa.Column("claim_id", sa.Integer(), nullable=True))
        batch_op.add_column(sa.Column("mailed_at", sa.DateTime(), nullable=True))
        batch_op.create_foreign_key("fk_notifications_claim_id_claims", "claims", ["claim_id"], ["id"], ondelete="CASCADE")
        batch_op.create_index("ix_notifications_user_read", ["user_id", "read_at"], unique=False)
    # Notifications already there were mailed at once (the only choice until now): the digest must not send them again.
    op.execute("UPDATE notifications SET mailed_at = created_at")
    with op.batch_alter_table("users", schema=None) as batch_op:
        batch_op.add_column(sa.Column("email_frequency", sa.String(length=12), server_default="immediately", nullable=False))


def downgrade():
    with op.batch_alter_table("users", schema=None) as batch_op:
        batch_op.drop_column("email_frequency")
    with op.batch_alter_table("notifications", schema=None) as batch_op:
        batch_op.drop_index("ix_notifications_user_read")
        batch_op.drop_constraint("fk_notifications_claim_id_claims", type_="foreignkey")
        batch_op.drop_column("mailed_at")
        batch_op.drop_column("claim_id")
    op.drop_index(
        "uq_claims_pending_user_organisation", table_name="claims", postgresql_where=_pending(), sqlite_where=_pending()
    )
    with op.batch_alter_table("claims", schema=None) as batch_op:
        batch_op.drop_column("auto_approved")
        batch_op.drop_column("decision_reason")
        batch_op.drop_column("official_email")
        batch_op.drop_column("role")
