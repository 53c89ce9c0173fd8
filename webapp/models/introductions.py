"""Brokered introductions: a request from one organisation to meet another, handled by a facilitator."""

from datetime import datetime

from sqlalchemy import JSON, ForeignKey, Index, Integer, String, Text, column
from sqlalchemy.orm import Mapped, mapped_column, relationship

from domain import OPEN_REQUEST_STATUSES

from ..extensions import db
from ._common import utcnow


class IntroductionRequest(db.Model):
    __tablename__ = "introduction_requests"

    id: Mapped[int] = mapped_column(primary_key=True)
    # RESTRICT: an organisation with requests is archived, never deleted (its history stays with the other side).
    requester_id: Mapped[int] = mapped_column(ForeignKey("organisations.id", ondelete="RESTRICT"), index=True)
    counterpart_id: Mapped[int] = mapped_column(ForeignKey("organisations.id", ondelete="RESTRICT"), index=True)
    # The pair in either direction, smaller id first: the unique index below allows one open request per pair.
    pair_low_id: Mapped[int] = mapped_column(Integer)
    pair_high_id: Mapped[int] = mapped_column(Integer)
    requested_by_id: Mapped[int | None] = mapped_column(ForeignKey("users.id", ondelete="SET NULL"))
    purpose: Mapped[str] = mapped_column(String(300))
    themes: Mapped[list] = mapped_column(JSON, default=list)
    ambition: Mapped[str] = mapped_column(String(20))
    message: Mapped[str] = mapped_column(Text)
    # The interface language the requester wrote in: the message is shown marked with it.
    message_language: Mapped[str | None] = mapped_column(String(5))
    languages: Mapped[list] = mapped_column(JSON, default=list)
    status: Mapped[str] = mapped_column(String(20), default="new", index=True)
    assignee_id: Mapped[int | None] = mapped_column(ForeignKey("users.id", ondelete="SET NULL"), index=True)
    # The counterpart's answer: None (not yet), "accepted" or "declined".
    counterpart_consent: Mapped[str | None] = mapped_column(String(10))
    closing_reason: Mapped[str | None] = mapped_column(Text)
    outcome_kind: Mapped[str | None] = mapped_column(String(30))
    outcome_year: Mapped[int | None] = mapped_column(Integer)
    outcome_note: Mapped[str | None] = mapped_column(Text)
    tie_id: Mapped[int | None] = mapped_column(ForeignKey("ties.id", ondelete="SET NULL"))
    created_at: Mapped[datetime] = mapped_column(default=utcnow)
    introduced_at: Mapped[datetime | None]
    moved_at: Mapped[datetime] = mapped_column(default=utcnow, index=True)  # last movement, for reminders

    requester = relationship("Organisation", foreign_keys=[requester_id], lazy="joined")
    counterpart = relationship("Organisation", foreign_keys=[counterpart_id], lazy="joined")
    requested_by = relationship("User", foreign_keys=[requested_by_id])
    assignee = relationship("User", foreign_keys=[assignee_id])
    events = relationship("RequestEvent", cascade="all, delete-orphan", order_by="RequestEvent.id")
    notes = relationship("RequestNote", cascade="all, delete-orphan", order_by="RequestNote.id")

    __table_args__ = (
        Index(
            "uq_introduction_requests_open_pair",
            "pair_low_id",
            "pair_high_id",
            unique=True,
            postgresql_where=column("status").in_(OPEN_REQUEST_STATUSES),
            sqlite_where=column("status").in_(OPEN_REQUEST_STATUSES),
        ),
    )


class RequestEvent(db.Model):
    """The audit trail: who moved the request, when, from what to what, and why."""

    __tablename__ = "request_events"

    id: Mapped[int] = mapped_column(primary_key=True)
    request_id: Mapped[int] = mapped_column(ForeignKey("introduction_requests.id", ondelete="CASCADE"), index=True)
    user_id: Mapped[int | None] = mapped_column(ForeignKey("users.id", ondelete="SET NULL"))
    action: Mapped[str] = mapped_column(String(20))
    from_status: Mapped[str | None] = mapped_column(String(20))
    to_status: Mapped[str | None] = mapped_column(String(20))
    note: Mapped[str | None] = mapped_column(Text)
    at: Mapped[datetime] = mapped_column(default=utcnow)

    user = relationship("User")


class RequestNote(db.Model):
    """A facilitator's internal note: never shown to the parties."""

    __tablename__ = "request_notes"

    id: Mapped[int] = mapped_column(primary_key=True)
    request_id: Mapped[int] = mapped_column(ForeignKey("introduction_requests.id", ondelete="CASCADE"), index=True)
    author_id: Mapped[int | None] = mapped_column(ForeignKey("users.id", ondelete="SET NULL"))
    text: Mapped[str] = mapped_column(Text)
    created_at: Mapped[datetime] = mapped_column(default=utcnow)

    author = relationship("User")


class Notification(db.Model):
    __tablename__ = "notifications"

    id: Mapped[int] = mapped_column(primary_key=True)
    user_id: Mapped[int] = mapped_column(ForeignKey("users.id", ondelete="CASCADE"), index=True)
    request_id: Mapped[int | None] = mapped_column(ForeignKey("introduction_requests.id", ondelete="CASCADE"))
    claim_id: Mapped[int | None] = mapped_column(ForeignKey("claims.id", ondelete="CASCADE"))
    # What happened, as a message code and its parameters (services.mail templates), phrased when the
    # list is shown, in the reader's language. ``text`` holds rows written before codes (in French).
    code: Mapped[str | None] = mapped_column(String(40))
    params: Mapped[dict | None] = mapped_column(JSON)
    text: Mapped[str | None] = mapped_column(String(300))
    created_at: Mapped[datetime] = mapped_column(default=utcnow)
    read_at: Mapped[datetime | None]
    # When it went out by e-mail (at once or in a daily digest); None: not mailed (yet, or never by choice).
    mailed_at: Mapped[datetime | None]

    __table_args__ = (Index("ix_notifications_user_read", "user_id", "read_at"),)
