from datetime import datetime

from sqlalchemy import CheckConstraint, ForeignKey, Integer, String, Text, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column, relationship

from ..extensions import db
from ._common import utcnow


class Tie(db.Model):
    """An undirected tie between two organisations, stored with ``organisation_a_id < organisation_b_id``."""

    __tablename__ = "ties"

    id: Mapped[int] = mapped_column(primary_key=True)
    # RESTRICT: an organisation with ties is archived, never deleted.
    organisation_a_id: Mapped[int] = mapped_column(ForeignKey("organisations.id", ondelete="RESTRICT"), index=True)
    organisation_b_id: Mapped[int] = mapped_column(ForeignKey("organisations.id", ondelete="RESTRICT"), index=True)
    kind: Mapped[str] = mapped_column(String(20))
    since_year: Mapped[int | None] = mapped_column(Integer)
    until_year: Mapped[int | None] = mapped_column(Integer)
    # Joint projects (Interreg): the project acronym(s) and programme, and the partner count of the
    # smallest project the pair shares (a clique of a big project says less about each pair).
    project: Mapped[str | None] = mapped_column(String(200))
    programme: Mapped[str | None] = mapped_column(String(200))
    project_size: Mapped[int | None] = mapped_column(Integer)
    source: Mapped[str | None] = mapped_column(String(300))
    note: Mapped[str | None] = mapped_column(Text)
    created_by_id: Mapped[int | None] = mapped_column(ForeignKey("users.id", ondelete="SET NULL"))
    created_at: Mapped[datetime] = mapped_column(default=utcnow)

    organisation_a = relationship("Organisation", foreign_keys=[organisation_a_id], lazy="joined")
    organisation_b = relationship("Organisation", foreign_keys=[organisation_b_id], lazy="joined")

    __table_args__ = (
        UniqueConstraint("organisation_a_id", "organisation_b_id", "kind"),
        CheckConstraint("organisation_a_id < organisation_b_id", name="ordered_pair"),
    )

    def other(self, organisation_id):
        return self.organisation_b if self.organisation_a_id == organisation_id else self.organisation_a
