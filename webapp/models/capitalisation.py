"""Capitalisation: project sheets and problem sheets ("fiches projets", "fiches problématiques").

One table for both kinds: they share the workflow (draft -> under review -> published), the history, the
comments, the partners and the search; the fields of one kind stay empty on the other.
"""

from datetime import datetime

from sqlalchemy import JSON, Column, ForeignKey, Integer, String, Table, Text
from sqlalchemy.orm import Mapped, mapped_column, relationship

from ..extensions import db
from ._common import utcnow

# The full-text index lives outside the models (an FTS5 table on SQLite, a GIN expression index on
# PostgreSQL), created by the migration: schema comparisons skip these names.
SEARCH_INDEX_NAMES = ("sheet_search", "ix_sheets_fulltext")

sheet_partners = Table(
    "sheet_partners",
    db.metadata,
    Column("sheet_id", ForeignKey("sheets.id", ondelete="CASCADE"), primary_key=True),
    Column("organisation_id", ForeignKey("organisations.id", ondelete="CASCADE"), primary_key=True, index=True),
)

# A problem sheet and the project sheets that illustrate it.
sheet_links = Table(
    "sheet_links",
    db.metadata,
    Column("problem_id", ForeignKey("sheets.id", ondelete="CASCADE"), primary_key=True),
    Column("project_id", ForeignKey("sheets.id", ondelete="CASCADE"), primary_key=True, index=True),
)


class Sheet(db.Model):
    __tablename__ = "sheets"

    id: Mapped[int] = mapped_column(primary_key=True)
    kind: Mapped[str] = mapped_column(String(10), index=True)
    status: Mapped[str] = mapped_column(String(20), default="draft", index=True)
    title: Mapped[str] = mapped_column(String(200))
    summary: Mapped[str] = mapped_column(Text)
    # Shipped example content (data/sheets.yaml), shown as such.
    is_example: Mapped[bool] = mapped_column(default=False)
    author_id: Mapped[int | None] = mapped_column(ForeignKey("users.id", ondelete="SET NULL"), index=True)
    introduction_id: Mapped[int | None] = mapped_column(ForeignKey("introduction_requests.id", ondelete="SET NULL"))
    # Project sheets: legal form (an instrument or an existing structure), funding, dates, what happened.
    instrument_code: Mapped[str | None] = mapped_column(ForeignKey("instruments.code", ondelete="SET NULL"))
    structure_id: Mapped[int | None] = mapped_column(ForeignKey("organisations.id", ondelete="SET NULL"))
    programme_code: Mapped[str | None] = mapped_column(ForeignKey("programmes.code", ondelete="SET NULL"))
    funding_amount: Mapped[int | None] = mapped_column(Integer)  # euros
    funding_period: Mapped[str | None] = mapped_column(String(20))
    start_year: Mapped[int | None] = mapped_column(Integer)
    end_year: Mapped[int | None] = mapped_column(Integer)
    project_status: Mapped[str | None] = mapped_column(String(20))
    obstacles: Mapped[str | None] = mapped_column(Text)
    results: Mapped[str | None] = mapped_column(Text)
    lessons: Mapped[str | None] = mapped_column(Text)
    # Problem sheets: the legal or administrative cause and the solutions known.
    cause: Mapped[str | None] = mapped_column(Text)
    solutions: Mapped[str | None] = mapped_column(Text)
    sources: Mapped[list] = mapped_column(JSON, default=list)
    created_at: Mapped[datetime] = mapped_column(default=utcnow)
    updated_at: Mapped[datetime] = mapped_column(default=utcnow, onupdate=utcnow)
    published_at: Mapped[datetime | None]

    author = relationship("User", foreign_keys=[author_id])
    structure = relationship("Organisation", foreign_keys=[structure_id])
    instrument = relationship("Instrument")
    programme = relationship("Programme")
    partners = relationship("Organisation", secondary=sheet_partners, order_by="Organisation.name")
    themes = relationship("SheetTheme", cascade="all, delete-orphan", lazy="selectin", order_by="SheetTheme.theme")
    borders = relationship("SheetBorder", cascade="all, delete-orphan", lazy="selectin", order_by="SheetBorder.border")
    projects = relationship(
        "Sheet",
        secondary=sheet_links,
        primaryjoin="Sheet.id == sheet_links.c.problem_id",
        secondaryjoin="Sheet.id == sheet_links.c.project_id",
        back_populates="problems",
    )
    problems = relationship(
        "Sheet",
        secondary=sheet_links,
        primaryjoin="Sheet.id == sheet_links.c.project_id",
        secondaryjoin="Sheet.id == sheet_links.c.problem_id",
        back_populates="projects",
    )
    events = relationship("SheetEvent", cascade="all, delete-orphan", order_by="SheetEvent.id")
    comments = relationship("SheetComment", cascade="all, delete-orphan", order_by="SheetComment.id")

    @property
    def theme_codes(self):
        return [t.theme for t in self.themes]

    @property
    def border_codes(self):
        return [b.border for b in self.borders]

    @property
    def partner_ids(self):
        return [o.id for o in self.partners]


class SheetTheme(db.Model):
    __tablename__ = "sheet_themes"

    sheet_id: Mapped[int] = mapped_column(ForeignKey("sheets.id", ondelete="CASCADE"), primary_key=True)
    theme: Mapped[str] = mapped_column(String(30), primary_key=True, index=True)


class SheetBorder(db.Model):
    __tablename__ = "sheet_borders"

    sheet_id: Mapped[int] = mapped_column(ForeignKey("sheets.id", ondelete="CASCADE"), primary_key=True)
    border: Mapped[str] = mapped_column(String(10), primary_key=True, index=True)


class SheetEvent(db.Model):
    """History: who created, changed (which fields, before and after) or moved a sheet, and when."""

    __tablename__ = "sheet_events"

    id: Mapped[int] = mapped_column(primary_key=True)
    sheet_id: Mapped[int] = mapped_column(ForeignKey("sheets.id", ondelete="CASCADE"), index=True)
    user_id: Mapped[int | None] = mapped_column(ForeignKey("users.id", ondelete="SET NULL"))
    action: Mapped[str] = mapped_column(String(20))
    changes: Mapped[dict] = mapped_column(JSON, default=dict)  # {field: [before, after]}
    from_status: Mapped[str | None] = mapped_column(String(20))
    to_status: Mapped[str | None] = mapped_column(String(20))
    at: Mapped[datetime] = mapped_column(default=utcnow)

    user = relationship("User")


class SheetComment(db.Model):
    __tablename__ = "sheet_comments"

    id: Mapped[int] = mapped_column(primary_key=True)
    sheet_id: Mapped[int] = mapped_column(ForeignKey("sheets.id", ondelete="CASCADE"), index=True)
    author_id: Mapped[int | None] = mapped_column(ForeignKey("users.id", ondelete="SET NULL"))
    text: Mapped[str] = mapped_column(Text)
    created_at: Mapped[datetime] = mapped_column(default=utcnow)

    author = relationship("User")
