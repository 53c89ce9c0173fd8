"""Saved searches that tell their owner what is new, and the borders a facilitator covers (issue #12)."""

from datetime import datetime

from sqlalchemy import ForeignKey, String, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column, relationship

from domain import ALERT_NAME_MAX, SEARCH_QUERY_MAX

from ..extensions import db
from ._common import utcnow


class Alert(db.Model):
    """A directory search (its filters, each optional) whose new results the daily digest announces."""

    __tablename__ = "alerts"

    id: Mapped[int] = mapped_column(primary_key=True)
    user_id: Mapped[int] = mapped_column(ForeignKey("users.id", ondelete="CASCADE"), index=True)
    name: Mapped[str] = mapped_column(String(ALERT_NAME_MAX))
    border: Mapped[str | None] = mapped_column(String(5))
    country: Mapped[str | None] = mapped_column(String(2))
    kind: Mapped[str | None] = mapped_column(String(40))
    label: Mapped[str | None] = mapped_column(String(10))
    theme: Mapped[str | None] = mapped_column(String(30))
    massif: Mapped[str | None] = mapped_column(String(20))
    q: Mapped[str | None] = mapped_column(String(SEARCH_QUERY_MAX))
    created_at: Mapped[datetime] = mapped_column(default=utcnow)
    # What happened after this moment is new to the alert; the digest moves it on each run (so nothing fires twice).
    last_run_at: Mapped[datetime] = mapped_column(default=utcnow)

    user = relationship("User")

    # One name per owner: saving the same search twice (two clicks, two tabs) is a 409 naming the first.
    __table_args__ = (UniqueConstraint("user_id", "name"),)


class FacilitatorBorder(db.Model):
    """A border a facilitator covers: their home and the dashboard open on it."""

    __tablename__ = "facilitator_borders"

    user_id: Mapped[int] = mapped_column(ForeignKey("users.id", ondelete="CASCADE"), primary_key=True)
    border: Mapped[str] = mapped_column(String(5), primary_key=True)
