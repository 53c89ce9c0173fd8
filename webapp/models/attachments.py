"""Files attached to a capitalisation sheet (PDF, PNG, JPEG, WebP); the bytes live in the attachment store."""

from datetime import datetime

from sqlalchemy import ForeignKey, Integer, String
from sqlalchemy.orm import Mapped, backref, mapped_column, relationship

from ..extensions import db
from ._common import utcnow


class SheetAttachment(db.Model):
    __tablename__ = "sheet_attachments"

    id: Mapped[int] = mapped_column(primary_key=True)
    sheet_id: Mapped[int] = mapped_column(ForeignKey("sheets.id", ondelete="CASCADE"), index=True)
    # The name the uploader gave, cleaned; the stored object is named by ``storage_key`` only.
    filename: Mapped[str] = mapped_column(String(200))
    storage_key: Mapped[str] = mapped_column(String(80), unique=True)
    # Detected from the content (magic bytes), never taken from the upload's name or headers.
    content_type: Mapped[str] = mapped_column(String(40))
    size: Mapped[int] = mapped_column(Integer)
    uploaded_by_id: Mapped[int | None] = mapped_column(ForeignKey("users.id", ondelete="SET NULL"))
    created_at: Mapped[datetime] = mapped_column(default=utcnow)

    sheet = relationship("Sheet", backref=backref("attachments", cascade="all, delete-orphan", order_by="SheetAttachment.id"))
    uploaded_by = relationship("User")

    @property
    def is_image(self):
        return self.content_type.startswith("image/")
