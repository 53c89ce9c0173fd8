"""The resource centre's events (webinars, workshops, study visits, conferences) and their registrations.

Times are stored as naive UTC like every timestamp of the schema; the pages, the mails and the iCal
feeds show them in ``domain.EVENT_TIMEZONE``. ``registered_count`` mirrors the number of registrations
and is what the capacity check updates, conditionally, in one statement (see ``services.events``).
"""

from datetime import datetime

from sqlalchemy import JSON, CheckConstraint, ForeignKey, Integer, String, Text, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column, relationship

from ..extensions import db
from ._common import utcnow


class Event(db.Model):
    __tablename__ = "events"

    id: Mapped[int] = mapped_column(primary_key=True)
    kind: Mapped[str] = mapped_column(String(20))
    title: Mapped[str] = mapped_column(String(200))
    description: Mapped[str] = mapped_column(Text, default="")
    starts_at: Mapped[datetime] = mapped_column(index=True)
    ends_at: Mapped[datetime]
    place: Mapped[str | None] = mapped_column(String(300))
    online_url: Mapped[str | None] = mapped_column(String(500))
    # Languages spoken at the event (domain.LANGUAGE_CODES).
    languages: Mapped[list] = mapped_column(JSON, default=list)
    capacity: Mapped[int | None] = mapped_column(Integer)  # None: unlimited
    registered_count: Mapped[int] = mapped_column(Integer, default=0, server_default="0")
    published: Mapped[bool] = mapped_column(default=False, index=True)
    cancelled_at: Mapped[datetime | None]
    created_by_id: Mapped[int | None] = mapped_column(ForeignKey("users.id", ondelete="SET NULL"))
    created_at: Mapped[datetime] = mapped_column(default=utcnow)
    updated_at: Mapped[datetime] = mapped_column(default=utcnow, onupdate=utcnow)

    created_by = relationship("User")
    borders = relationship("EventBorder", cascade="all, delete-orphan", lazy="selectin", order_by="EventBorder.border")
    themes = relationship("EventTheme", cascade="all, delete-orphan", lazy="selectin", order_by="EventTheme.theme")
    labels = relationship("EventLabel", cascade="all, delete-orphan", lazy="selectin", order_by="EventLabel.label")
    registrations = relationship(
        "EventRegistration",
        back_populates="event",
        cascade="all, delete-orphan",
        passive_deletes=True,
        order_by="EventRegistration.id",
    )

    __table_args__ = (
        # The last line of defence of the capacity: the conditional update never goes beyond it.
        CheckConstraint("capacity IS NULL OR registered_count <= capacity", name="capacity"),
        CheckConstraint("registered_count >= 0", name="registered_count"),
    )

    @property
    def border_codes(self):
        return [b.border for b in self.borders]

    @property
    def theme_codes(self):
        return [t.theme for t in self.themes]

    @property
    def label_codes(self):
        return [x.label for x in self.labels]

    @property
    def cancelled(self):
        return self.cancelled_at is not None

    @property
    def places_left(self):
        return None if self.capacity is None else max(self.capacity - self.registered_count, 0)


class EventBorder(db.Model):
    __tablename__ = "event_borders"

    event_id: Mapped[int] = mapped_column(ForeignKey("events.id", ondelete="CASCADE"), primary_key=True)
    border: Mapped[str] = mapped_column(String(10), primary_key=True, index=True)


class EventTheme(db.Model):
    __tablename__ = "event_themes"

    event_id: Mapped[int] = mapped_column(ForeignKey("events.id", ondelete="CASCADE"), primary_key=True)
    theme: Mapped[str] = mapped_column(String(30), primary_key=True, index=True)


class EventLabel(db.Model):
    """An ANCT label the event is meant for (Petites Villes de Demain, Villages d'Avenir...)."""

    __tablename__ = "event_labels"

    event_id: Mapped[int] = mapped_column(ForeignKey("events.id", ondelete="CASCADE"), primary_key=True)
    label: Mapped[str] = mapped_column(String(10), primary_key=True, index=True)


class EventRegistration(db.Model):
    """One person registered to one event: the unique constraint settles double clicks and races."""

    __tablename__ = "event_registrations"

    id: Mapped[int] = mapped_column(primary_key=True)
    event_id: Mapped[int] = mapped_column(ForeignKey("events.id", ondelete="CASCADE"))
    user_id: Mapped[int] = mapped_column(ForeignKey("users.id", ondelete="CASCADE"), index=True)
    created_at: Mapped[datetime] = mapped_column(default=utcnow)

    event = relationship("Event", back_populates="registrations")
    user = relationship("User")

    __table_args__ = (UniqueConstraint("event_id", "user_id"),)
