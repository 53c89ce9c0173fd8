"""Events of the resource centre, with registrations (issue #13)

Revision ID: c1a2b3c40018
Revises: c1a2b3c40017
Create Date: 2026-11-27 14:20:00
"""

from alembic import op
import sqlalchemy as sa


revision = "c1a2b3c40018"
down_revision = "c1a2b3c40017"
branch_labels = None
depends_on = None


def _codes_table(name, column, length):
    op.create_table(
        name,
        sa.Column("event_id", sa.Integer(), nullable=False),
        sa.Column(column, sa.String(length=length), nullable=False),
        sa.ForeignKeyConstraint(["event_id"], ["events.id"], name=op.f(f"fk_{name}_event_id_events"), ondelete="CASCADE"),
        sa.PrimaryKeyConstraint("event_id", column, name=op.f(f"pk_{name}")),
    )
    with op.batch_alter_table(name, schema=None) as batch_op:
        batch_op.create_index(batch_op.f(f"ix_{name}_{column}"), [column], unique=False)


def upgrade():
    op.create_table(
        "events",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("kind", sa.String(length=20), nullable=False),
        sa.Column("title", sa.String(length=200), nullable=False),
        sa.Column("description", sa.Text(), nullable=False),
        sa.Column("starts_at", sa.DateTime(), nullable=False),
        sa.Column("ends_at", sa.DateTime(), nullable=False),
        sa.Column("place", sa.String(length=300), nullable=True),
        sa.Column("online_url", sa.String(length=500), nullable=True),
        sa.Column("languages", sa.JSON(), nullable=False),
        sa.Column("capacity", sa.Integer(), nullable=True),
        sa.Column("registered_count", sa.Integer(), server_default="0", nullable=False),
        sa.Column("published", sa.Boolean(), nullable=False),
        sa.Column("cancelled_at", sa.DateTime(), nullable=True),
        sa.Column("created_by_id", sa.Integer(), nullable=True),
        sa.Column("created_at", sa.DateTime(), nullable=False),
        sa.Column("updated_at", sa.DateTime(), nullable=False),
        sa.CheckConstraint("capacity IS NULL OR registered_count <= capacity", name=op.f("ck_events_capacity")),
        sa.CheckConstraint("registered_count >= 0", name=op.f("ck_events_registered_count")),
        sa.ForeignKeyConstraint(["created_by_id"], ["users.id"], name=op.f("fk_events_created_by_id_users"), ondelete="SET NULL"),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_events")),
    )
    with op.batch_alter_table("events", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_events_starts_at"), ["starts_at"], unique=False)
        batch_op.create_index(batch_op.f("ix_events_published"), ["published"], unique=False)
    _codes_table("event_borders", "border", 10)
    _codes_table("event_themes", "theme", 30)
    _codes_table("event_labels", "label", 10)
    op.create_table(
        "event_registrations",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("event_id", sa.Integer(), nullable=False),
        sa.Column("user_id", sa.Integer(), nullable=False),
        sa.Column("created_at", sa.DateTime(), nullable=False),
        sa.ForeignKeyConstraint(
            ["event_id"], ["events.id"], name=op.f("fk_event_registrations_event_id_events"), ondelete="CASCADE"
        ),
        sa.ForeignKeyConstraint(["user_id"], ["users.id"], name=op.f("fk_event_registrations_user_id_users"), ondelete="CASCADE"),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_event_registrations")),
        sa.UniqueConstraint("event_id", "user_id", name=op.f("uq_event_registrations_event_id_user_id")),
    )
    with op.batch_alter_table("event_registrations", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_event_registrations_user_id"), ["user_id"], unique=False)


def downgrade():
    op.drop_table("event_registrations")
    op.drop_table("event_labels")
    op.drop_table("event_themes")
    op.drop_table("event_borders")
    op.drop_table("events")
