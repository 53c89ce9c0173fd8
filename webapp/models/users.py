from datetime import datetime

from flask import current_app
from flask_login import UserMixin
from sqlalchemy import ForeignKey, Index, String
from sqlalchemy.orm import Mapped, mapped_column, relationship
from werkzeug.security import check_password_hash, generate_password_hash

from domain import DEFAULT_EMAIL_FREQUENCY, STAFF_ROLES

from ..extensions import db
from ._common import utcnow
from .organisations import memberships


class User(UserMixin, db.Model):
    __tablename__ = "users"

    id: Mapped[int] = mapped_column(primary_key=True)
    # Stored lower-cased: the unique constraint is then case-insensitive on every database.
    email: Mapped[str] = mapped_column(String(254), unique=True)
    name: Mapped[str] = mapped_column(String(120))
    password_hash: Mapped[str] = mapped_column(String(255))
    role: Mapped[str] = mapped_column(String(20))
    active: Mapped[bool] = mapped_column(default=True)
    created_at: Mapped[datetime] = mapped_column(default=utcnow)
    # Interface language (config LANGUAGES); None: not chosen yet, French for e-mails.
    language: Mapped[str | None] = mapped_column(String(5))
    # How often notifications are mailed (domain.EMAIL_FREQUENCIES).
    email_frequency: Mapped[str] = mapped_column(
        String(12), default=DEFAULT_EMAIL_FREQUENCY, server_default=DEFAULT_EMAIL_FREQUENCY
    )

    organisations = relationship("Organisation", secondary=memberships, back_populates="members", lazy="selectin")

    def set_password(self, password):
        # scrypt with a random salt in production; tests use a cheap method for speed.
        self.password_hash = generate_password_hash(password, method=current_app.config["PASSWORD_HASH_METHOD"])

    def check_password(self, password):
        return check_password_hash(self.password_hash, password)

    @property
    def is_active(self):
        return self.active

    @property
    def is_staff(self):
        return self.role in STAFF_ROLES

    def is_member_of(self, organisation):
        return any(o.id == organisation.id for o in self.organisations)

    def __repr__(self):
        return f"<User {self.id} {self.email} {self.role}>"


class LoginAttempt(db.Model):
    """Failed logins, kept in the database so throttling holds across workers and hosts."""

    __tablename__ = "login_attempts"

    id: Mapped[int] = mapped_column(primary_key=True)
    email: Mapped[str] = mapped_column(String(254))
    ip: Mapped[str] = mapped_column(String(64))
    attempted_at: Mapped[datetime] = mapped_column(default=utcnow)
    user_id: Mapped[int | None] = mapped_column(ForeignKey("users.id", ondelete="CASCADE"))

    __table_args__ = (
        Index("ix_login_attempts_email_at", "email", "attempted_at"),
        Index("ix_login_attempts_ip_at", "ip", "attempted_at"),
    )
