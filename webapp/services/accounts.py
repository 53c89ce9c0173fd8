"""Accounts: registration, authentication with throttling, passwords, signed tokens."""

from datetime import timedelta

from flask import current_app
from itsdangerous import BadSignature, SignatureExpired, URLSafeTimedSerializer
from sqlalchemy import delete, func, select

from ..errors import Conflict, TooManyAttempts, ValidationFailed
from ..extensions import db
from ..models import LoginAttempt, User
from ..models._common import utcnow
from ..vocab import ROLES

MIN_PASSWORD_LENGTH = 10


def normalise_email(email):
    return (email or "").strip().lower()


def find_user_by_email(email):
    return db.session.scalar(select(User).where(User.email == normalise_email(email)))


def create_user(email, password, *, name, role):
    """Create an account of any role (registration restricts roles before calling this)."""
    if role not in ROLES:
        raise ValidationFailed("Rôle inconnu.", {"role": "Rôle inconnu."})
    if len(password or "") < MIN_PASSWORD_LENGTH:
        raise ValidationFailed("Mot de passe trop court.",
                               {"password": f"Le mot de passe doit compter au moins {MIN_PASSWORD_LENGTH} caractères."})
    if find_user_by_email(email) is not None:
        raise Conflict("Un compte existe déjà avec cette adresse.", {"email": "Un compte existe déjà avec cette adresse."})
    user = User(email=normalise_email(email), name=name.strip(), role=role)
    user.set_password(password)
    db.session.add(user)
    db.session.flush()
    return user


def _recent_failures(column, value):
    since = utcnow() - timedelta(seconds=current_app.config["LOGIN_WINDOW_SECONDS"])
    return db.session.scalar(select(func.count()).select_from(LoginAttempt).where(column == value, LoginAttempt.attempted_at >= since))


def authenticate(email, password, ip):
    """The user for these credentials, or None; too many recent failures raise ``TooManyAttempts``.

    Failures are counted per email and per IP address in the database, so the limit holds
    across worker processes and hosts. A success clears that email's failures.
    """
    email = normalise_email(email)
    config = current_app.config
    if (_recent_failures(LoginAttempt.email, email) >= config["LOGIN_MAX_FAILURES"]
            or _recent_failures(LoginAttempt.ip, ip) >= config["LOGIN_MAX_FAILURES_PER_IP"]):
        minutes = config["LOGIN_WINDOW_SECONDS"] // 60
        raise TooManyAttempts(f"Trop de tentatives de connexion. Réessayez dans {minutes} minutes.")
    user = find_user_by_email(email)
    if user is None or not user.active or not user.check_password(password or ""):
        db.session.add(LoginAttempt(email=email, ip=ip, user_id=user.id if user else None))
        db.session.flush()
        return None
    db.session.execute(delete(LoginAttempt).where(LoginAttempt.email == email))
    return user


def change_password(user, new_password):
    if len(new_password or "") < MIN_PASSWORD_LENGTH:
        raise ValidationFailed("Mot de passe trop court.",
                               {"password": f"Le mot de passe doit compter au moins {MIN_PASSWORD_LENGTH} caractères."})
    user.set_password(new_password)
    db.session.flush()


def _serializer(salt):
    return URLSafeTimedSerializer(current_app.config["SECRET_KEY"], salt=salt)


def _fingerprint(user):
    # Part of the password hash: a token dies when the password changes.
    return user.password_hash[-12:]


def _make_token(user, salt):
    return _serializer(salt).dumps({"uid": user.id, "fp": _fingerprint(user)})


def _read_token(token, salt, max_age):
    try:
        payload = _serializer(salt).loads(token, max_age=max_age)
    except (SignatureExpired, BadSignature):
        return None
    user = db.session.get(User, payload.get("uid")) if isinstance(payload, dict) else None
    if user is None or not user.active or payload.get("fp") != _fingerprint(user):
        return None
    return user


def issue_api_token(user):
    return _make_token(user, "api-token")


def user_from_api_token(token):
    return _read_token(token, "api-token", current_app.config["API_TOKEN_MAX_AGE"])


def password_reset_token(user):
    return _make_token(user, "password-reset")


def user_from_reset_token(token):
    return _read_token(token, "password-reset", current_app.config["PASSWORD_RESET_MAX_AGE"])
