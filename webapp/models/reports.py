"""A town's rapport d'étonnement as a facilitator edited it, and publications of sheets (issue #13).

A report version holds only the free parts (the introduction and the next steps); the rest of the report is
generated from the data each time it is read. Every save is a new version (the history); members of the town
read the last version marked shared.
"""

from datetime import datetime

from sqlalchemy import JSON, Column, ForeignKey, Integer, String, Table, Text, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column, relationship

from ..extensions import db
from ._common import utcnow


class ReportVersion(db.Model):
    __tablename__ = "report_versions"
    __table_args__ = (UniqueConstraint("organisation_id", "number", name="uq_report_versions_organisation_number"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    organisation_id: Mapped[int] = mapped_column(ForeignKey("organisations.id", ondelete="CASCADE"), index=True)
    # 1, 2, 3... per organisation; the unique index settles two facilitators saving at once.
    number: Mapped[int] = mapped_column(Integer)
    introduction: Mapped[str | None] = mapped_column(Text)
    # The facilitator's next steps, one sentence each; None keeps the generated ones.
    next_steps: Mapped[list | None] = mapped_column(JSON)
    edited_by_id: Mapped[int | None] = mapped_column(ForeignKey("users.id", ondelete="SET NULL"))
    edited_at: Mapped[datetime] = mapped_column(default=utcnow)
    shared_at: Mapped[datetime | None]

    organisation = relationship("Organisation")
    edited_by = relationship("User", foreign_keys=[edited_by_id])

    @property
    def shared(self):
        return self.shared_at is not None


publication_sheets = Table(
    "publication_sheets",
    db.metadata,
    Column("publication_id", ForeignKey("publications.id", ondelete="CASCADE"), primary_key=True),
    Column("sheet_id", ForeignKey("sheets.id", ondelete="CASCADE"), primary_key=True, index=True),
)


class Publication(db.Model):
    """A chosen set of published sheets exported as one document (the national synthesis)."""

    __tablename__ = "publications"

    id: Mapped[int] = mapped_column(primary_key=True)
    title: Mapped[str] = mapped_column(String(200))
    introduction: Mapped[str | None] = mapped_column(Text)
    created_by_id: Mapped[int | None] = mapped_column(ForeignKey("users.id", ondelete="SET NULL"))
    created_at: Mapped[datetime] = mapped_column(default=utcnow)
    # Listed publicly (resource centre) once set.
    published_at: Mapped[datetime | None] = mapped_column(index=True)

    created_by = relationship("User", foreign_keys=[created_by_id])
    sheets = relationship("Sheet", secondary=publication_sheets, order_by="Sheet.title")

    @property
    def sheet_ids(self):
        return [s.id for s in self.sheets]
