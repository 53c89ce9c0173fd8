"""Races settled by the database, nothing erased: one open request per pair, archived organisations

Revision ID: a7c1d2e30007
Revises: e1a8b3c20006
Create Date: 2026-11-27 11:45:00

- introduction_requests.pair_low_id / pair_high_id and a partial unique index: one open request per
  pair of organisations, whichever asked. Duplicates already open (possible before this revision)
  are closed, the oldest kept, with the reason in closing_reason.
- Requests, ties and claims no longer vanish with an organisation (ON DELETE RESTRICT): an
  organisation anything refers to is archived (organisations.archived_at, archived_by_id).
"""
from alembic import op
import sqlalchemy as sa


revision = "a7c1d2e30007"
down_revision = "e1a8b3c20006"
branch_labels = None
depends_on = None

OPEN = ("new", "in_review", "introduced", "meeting_held")
RESTRICTED = (
    ("introduction_requests", "requester_id"),
    ("introduction_requests", "counterpart_id"),
    ("ties", "organisation_a_id"),
    ("ties", "organisation_b_id"),
    ("claims", "organisation_id"),
)


def _open_condition():
    return sa.column("status").in_(OPEN)


def _close_duplicate_open_requests(connection):
    requests = sa.table("introduction_requests", sa.column("id"), sa.column("status"), sa.column("closing_reason"),
                        sa.column("pair_low_id"), sa.column("pair_high_id"))
    rows = connection.execute(sa.select(requests.c.id, requests.c.pair_low_id, requests.c.pair_high_id)
                              .where(requests.c.status.in_(OPEN)).order_by(requests.c.id)).all()
    kept = {}
    for request_id, low, high in rows:
        first = kept.setdefault((low, high), request_id)
        if first != request_id:
            connection.execute(requests.update().where(requests.c.id == request_id).values(
                status="closed", closing_reason=f"Doublon de la demande n° {first} (fermée à la migration)."))


def _set_ondelete(table, column, ondelete):
    with op.batch_alter_table(table, schema=None) as batch_op:
        batch_op.drop_constraint(f"fk_{table}_{column}_organisations", type_="foreignkey")
        batch_op.create_foreign_key(f"fk_{table}_{column}_organisations", "organisations", [column], ["id"], ondelete=ondelete)


def upgrade():
    with op.batch_alter_table("introduction_requests", schema=None) as batch_op:
        batch_op.add_column(sa.Column("pair_low_id", sa.Integer(), nullable=True))
        batch_op.add_column(sa.Column("pair_high_id", sa.Integer(), nullable=True))
    op.execute("UPDATE introduction_requests SET "
               "pair_low_id = CASE WHEN requester_id < counterpart_id THEN requester_id ELSE counterpart_id END, "
               "pair_high_id = CASE WHEN requester_id < counterpart_id THEN counterpart_id ELSE requester_id END")
    _close_duplicate_open_requests(op.get_bind())
    with op.batch_alter_table("introduction_requests", schema=None) as batch_op:
        batch_op.alter_column("pair_low_id", existing_type=sa.Integer(), nullable=False)
        batch_op.alter_column("pair_high_id", existing_type=sa.Integer(), nullable=False)
    for table, column in RESTRICTED:
        _set_ondelete(table, column, "RESTRICT")
    # After the batch operations above: SQLite's table copies would not carry a partial index's condition.
    op.create_index("uq_introduction_requests_open_pair", "introduction_requests", ["pair_low_id", "pair_high_id"], unique=True,
                    postgresql_where=_open_condition(), sqlite_where=_open_condition())

    with op.batch_alter_table("organisations", schema=None) as batch_op:
        batch_op.add_column(sa.Column("archived_at", sa.DateTime(), nullable=True))
        batch_op.add_column(sa.Column("archived_by_id", sa.Integer(), nullable=True))
        batch_op.create_index(batch_op.f("ix_organisations_archived_at"), ["archived_at"], unique=False)
        batch_op.create_foreign_key(batch_op.f("fk_organisations_archived_by_id_users"), "users", ["archived_by_id"], ["id"],
                                    ondelete="SET NULL")


def downgrade():
    with op.batch_alter_table("organisations", schema=None) as batch_op:
        batch_op.drop_constraint(batch_op.f("fk_organisations_archived_by_id_users"), type_="foreignkey")
        batch_op.drop_index(batch_op.f("ix_organisations_archived_at"))
        batch_op.drop_column("archived_by_id")
        batch_op.drop_column("archived_at")
    op.drop_index("uq_introduction_requests_open_pair", table_name="introduction_requests",
                  postgresql_where=_open_condition(), sqlite_where=_open_condition())
    for table, column in RESTRICTED:
        _set_ondelete(table, column, "CASCADE")
    with op.batch_alter_table("introduction_requests", schema=None) as batch_op:
        batch_op.drop_column("pair_high_id")
        batch_op.drop_column("pair_low_id")
