"""Mail waiting to be sent: written in the same transaction as the change it announces.

A rolled-back change takes its messages with it; ``flask worker`` sends the committed ones.
"""

from datetime import datetime

from sqlalchemy import JSON, ForeignKey, Index, Integer, String, Text
from sqlalchemy.orm import Mapped, mapped_column, relationship

from ..extensions import db
from ._common import utcnow


class OutboxMessage(db.Model):
    """One e-mail to send: to a user (their address and language read at send time) or to an address.

    ``template`` and ``params`` are rendered when the message is sent (``services.mail.TEMPLATES``).
    """

    __tablename__ = "outbox"

    id: Mapped[int] = mapped_column(primary_key=True)
    user_id: Mapped[int | None] = mapped_column(ForeignKey("users.id", ondelete="CASCADE"))
    address: Mapped[str | None] = mapped_column(String(254))
    template: Mapped[str] = mapped_column(String(40))
    params: Mapped[dict] = mapped_column(JSON, default=dict)
    created_at: Mapped[datetime] = mapped_column(default=utcnow)
    attempts: Mapped[int] = mapped_column(Integer, default=0)
    next_attempt_at: Mapped[datetime] = mapped_column(default=utcnow)
    last_error: Mapped[str | None] = mapped_column(Text)
    sent_at: Mapped[datetime | None]
    # Set when the message gave up after the last retry (kept for the record, never sent again).
    failed_at: Mapped[datetime | None]

    user = relationship("User")

    # The worker's query: unsent, not given up, due.
    __table_args__ = (Index("ix_outbox_due", "sent_at", "failed_at", "next_attempt_at"),)
