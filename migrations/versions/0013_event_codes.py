"""Audit trail as codes: the French notes the service used to write are rewritten as event codes

Revision ID: a8d9e0f10013
Revises: f7c8d9e00012
Create Date: 2026-11-27 13:10:00

- "assigned" events carried "Prise en charge par <name>": the event's user already says who; the note goes.
- An answer the MOT recorded for the counterpart was "accepted"/"declined" with a note starting
  "Réponse recueillie par la MOT. ": it becomes "accepted_for"/"declined_for", the note keeps only
  what the facilitator wrote.
"""
from alembic import op


revision = "a8d9e0f10013"
down_revision = "f7c8d9e00012"
branch_labels = None
depends_on = None

ON_BEHALF = "Réponse recueillie par la MOT. "


def upgrade():
    op.execute("UPDATE request_events SET note = NULL WHERE action = 'assigned' AND note LIKE 'Prise en charge par %'")
    for action in ("accepted", "declined"):
        op.execute(f"UPDATE request_events SET action = '{action}_for', "
                   f"note = NULLIF(TRIM(SUBSTR(note, {len(ON_BEHALF) + 1})), '') "
                   f"WHERE action = '{action}' AND SUBSTR(note, 1, {len(ON_BEHALF.rstrip())}) = '{ON_BEHALF.rstrip()}'")


def downgrade():
    for action in ("accepted", "declined"):
        op.execute(f"UPDATE request_events SET action = '{action}', note = '{ON_BEHALF}' || COALESCE(note, '') "
                   f"WHERE action = '{action}_for'")
