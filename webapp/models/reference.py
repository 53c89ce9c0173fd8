"""Curated reference knowledge loaded from ``data/``: legal instruments, Interreg programmes, import logs."""

from datetime import datetime

from sqlalchemy import JSON, ForeignKey, Integer, String, Text
from sqlalchemy.orm import Mapped, mapped_column, relationship

from ..extensions import db
from ._common import utcnow


class Instrument(db.Model):
    """A legal form of cooperation (convention, GLCT, EGTC...) and the rules that open it."""

    __tablename__ = "instruments"

    code: Mapped[str] = mapped_column(String(40), primary_key=True)
    name: Mapped[str] = mapped_column(String(200))
    # The official name in the other languages of its legal text ({"de": ...}); French readers see ``name``.
    names: Mapped[dict | None] = mapped_column(JSON)
    # What it is, in one sentence, in French and in the same official languages ({"fr": ..., "de": ...}).
    summaries: Mapped[dict | None] = mapped_column(JSON)
    legal_basis: Mapped[str] = mapped_column(Text)
    legal_personality: Mapped[bool]
    personality_note: Mapped[str] = mapped_column(Text)
    members_note: Mapped[str] = mapped_column(Text)
    authority: Mapped[str] = mapped_column(String(200))
    typical_uses: Mapped[list] = mapped_column(JSON, default=list)
    rank: Mapped[int] = mapped_column(Integer)
    rules: Mapped[dict] = mapped_column(JSON, default=dict)
    sources: Mapped[list] = mapped_column(JSON, default=list)
    to_verify: Mapped[bool] = mapped_column(default=False)

    def applies_to(self, border):
        return border in self.rules.get("borders", []) or border in self.rules.get("third_country_borders", [])


class Programme(db.Model):
    """An Interreg 2021-2027 programme and the area it covers on each side."""

    __tablename__ = "programmes"

    code: Mapped[str] = mapped_column(String(40), primary_key=True)
    name: Mapped[str] = mapped_column(String(200))
    # The programme's name in the languages of its countries ({"de": ...}).
    names: Mapped[dict | None] = mapped_column(JSON)
    kind: Mapped[str] = mapped_column(String(20))
    countries: Mapped[list] = mapped_column(JSON, default=list)
    french_departments: Mapped[list] = mapped_column(JSON, default=list)
    foreign_areas: Mapped[list] = mapped_column(JSON, default=list)
    url: Mapped[str | None] = mapped_column(String(300))
    to_verify: Mapped[bool] = mapped_column(default=False)


class ReferenceLoad(db.Model):
    """One run of a reference loader: what it read (digest) and what it did (summary)."""

    __tablename__ = "reference_loads"

    id: Mapped[int] = mapped_column(primary_key=True)
    dataset: Mapped[str] = mapped_column(String(40), index=True)
    digest: Mapped[str] = mapped_column(String(64))
    summary: Mapped[dict] = mapped_column(JSON, default=dict)
    loaded_at: Mapped[datetime] = mapped_column(default=utcnow)


class LabelImport(db.Model):
    """An ANCT label file imported by a facilitator, with its report."""

    __tablename__ = "label_imports"

    id: Mapped[int] = mapped_column(primary_key=True)
    filename: Mapped[str] = mapped_column(String(255))
    layout: Mapped[str] = mapped_column(String(20))
    strict: Mapped[bool] = mapped_column(default=False)
    applied: Mapped[bool] = mapped_column(default=True)
    counts: Mapped[dict] = mapped_column(JSON, default=dict)
    problems: Mapped[list] = mapped_column(JSON, default=list)
    user_id: Mapped[int | None] = mapped_column(ForeignKey("users.id", ondelete="SET NULL"))
    created_at: Mapped[datetime] = mapped_column(default=utcnow)

    user = relationship("User")
