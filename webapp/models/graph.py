from datetime import datetime

from sqlalchemy import Integer, String
from sqlalchemy.orm import Mapped, mapped_column

from ..extensions import db
from ._common import utcnow


class GraphChange(db.Model):
    """What changed in the network, so every worker process can bring its graph up to date.

    ``kind`` is "organisation" (refresh node ``organisation_id``), "tie" (refresh the ties between
    ``organisation_id`` and ``other_id``) or "rebuild" (reference data changed: rebuild everything).
    Written in the same transaction as the change itself, so it is visible exactly when the change is.
    """

    __tablename__ = "graph_changes"
    # Ids must never be reused (workers remember the last one they applied): SQLite would reuse
    # them once the table is pruned empty, unless AUTOINCREMENT is asked for. PostgreSQL never does.
    __table_args__ = {"sqlite_autoincrement": True}

    id: Mapped[int] = mapped_column(primary_key=True)
    kind: Mapped[str] = mapped_column(String(20))
    organisation_id: Mapped[int | None] = mapped_column(Integer)
    other_id: Mapped[int | None] = mapped_column(Integer)
    changed_at: Mapped[datetime] = mapped_column(default=utcnow, index=True)
