"""Accounts: registration, authentication with throttling, passwords, signed tokens."""

import base64
import hashlib
import json
from datetime import timedelta

from cryptography.fernet import Fernet, InvalidToken
from flask import current_app
from flask_babel import gettext as _
from itsdangerous import BadSignature, SignatureExpired, URLSafeTimedSerializer
from sqlalchemy import and_, delete, func, or_, select
from werkzeug.security import check_password_hash, generate_password_hash
from zxcvbn import zxcvbn

from domain import PASSWORD_MAX_LENGTH, PASSWORD_MIN_LENGTH

from ..errors import Conflict, TooManyAttempts, ValidationFailed
from ..extensions import db
from ..models import LoginAttempt, User
from ..models._common import utcnow
from ..vocab import ROLES
from .integrity import insert_or_conflict

# zxcvbn scores 0-4; 3 is "safely unguessable: moderate protection from offline slow-hash attacks".
MIN_PASSWORD_SCORE = 3
# zxcvbn's matching grows quickly with length; the first characters decide a long password's score.
_STRENGTH_CHARS = 100
REGISTRATION_MAX_AGE = 2 * 24 * 3600
_DUMMY_HASHES = {}  # hash method -> a hash of nothing, for the timing of logins to unknown addresses


def normalise_email(email):
    return (email or "").strip().lower()


def find_user_by_email(email):
    return db.session.scalar(select(User).where(User.email == normalise_email(email)))


def check_password_strength(password, *, user_inputs=()):
    """Refuse short, common and trivial passwords (zxcvbn), and ones built on the user's own name or e-mail."""
    password = password or ""
    if len(password) < PASSWORD_MIN_LENGTH:
        message = _("Le mot de passe doit compter au moins %(n)d caractères.", n=PASSWORD_MIN_LENGTH)
        raise ValidationFailed(message, {"password": message})
    if len(password) > PASSWORD_MAX_LENGTH:
        message = _("Le mot de passe doit compter au plus %(n)d caractères.", n=PASSWORD_MAX_LENGTH)
        raise ValidationFailed(message, {"password": message})
    inputs = [part for value in user_inputs if value for part in [value, *str(value).replace("@", " ").replace(".", " ").split()]]
    if zxcvbn(password[:_STRENGTH_CHARS], user_inputs=inputs + ["passerelle"])["score"] < MIN_PASSWORD_SCORE:
        message = _(
            "Ce mot de passe est trop facile à deviner (mot courant, répétition, suite, ou votre nom ou adresse). "
            "Allongez-le avec des mots peu courants."
        )
        raise ValidationFailed(message, {"password": message})


def create_user(email, password, *, name, role):
    """Create an account of any role (registration restricts roles before calling this)."""
    if role not in ROLES:
        raise ValidationFailed(_("Rôle inconnu."), {"role": _("Rôle inconnu.")})
    check_password_strength(password, user_inputs=(email, name))
    if find_user_by_email(email) is not None:
        raise Conflict(_("Un compte existe déjà avec cette adresse."), {"email": _("Un compte existe déjà avec cette adresse.")})
    user = User(email=normalise_email(email), name=name.strip(), role=role)
    user.set_password(password)
    # Two registrations of one address at once: the unique (lower-cased) e-mail keeps one.
    return insert_or_conflict(
        user,
        lambda: Conflict(
            _("Un compte existe déjà avec cette adresse."), {"email": _("Un compte existe déjà avec cette adresse.")}
        ),
    )


# --- self-registration without revealing which addresses have an account -----------------


def registration_token(email, password, *, name, role):
    """A signed link payload for a self-registration; the account is created when it comes back.

    Nothing is stored and the same work is done whether or not the address has an account, so
    neither the answer nor its timing tells a stranger who is registered. The payload, which holds
    the password's (salted, slow) hash, is encrypted and authenticated (Fernet, a key derived from
    SECRET_KEY): a link seen in a mail log or a proxy tells nothing about the password.
    """
    if role not in ROLES:
        raise ValidationFailed(_("Rôle inconnu."), {"role": _("Rôle inconnu.")})
    check_password_strength(password, user_inputs=(email, name))
    password_hash = generate_password_hash(password, method=current_app.config["PASSWORD_HASH_METHOD"])
    payload = {"email": normalise_email(email), "name": name.strip(), "role": role, "hash": password_hash}
    return _registration_cipher().encrypt(json.dumps(payload).encode()).decode("ascii")


def registration_from_token(token):
    """The registration a link carries (a dict), or None if the link is forged, altered or expired."""
    try:
        payload = json.loads(_registration_cipher().decrypt(token.encode("ascii"), ttl=REGISTRATION_MAX_AGE))
    except (InvalidToken, UnicodeEncodeError, ValueError):
        return None
    return payload if isinstance(payload, dict) and {"email", "name", "role", "hash"} <= set(payload) else None


def complete_registration(registration):
    """Create the account of a confirmed registration; ``Conflict`` if the address has one by now."""
    if registration["role"] not in ROLES:
        raise ValidationFailed(_("Rôle inconnu."))
    if find_user_by_email(registration["email"]) is not None:
        raise Conflict(_("Ce compte existe déjà : connectez-vous."))
    user = User(
        email=registration["email"], name=registration["name"], role=registration["role"], password_hash=registration["hash"]
    )
    # The link opened twice at once: the unique e-mail keeps one account.
    return insert_or_conflict(user, lambda: Conflict(_("Ce compte existe déjà : connectez-vous.")))


# --- authentication with throttling ----------------------------------------------------------


def _failure_counts(email, ip):
    """Recent failures: (this account from this address, this address, this account)."""
    since = utcnow() - timedelta(seconds=current_app.config["LOGIN_WINDOW_SECONDS"])
    same_email, same_ip = LoginAttempt.email == email, LoginAttempt.ip == ip
    return db.session.execute(
        select(
            func.count().filter(and_(same_email, same_ip)), func.count().filter(same_ip), func.count().filter(same_email)
        ).where(or_(same_email, same_ip), LoginAttempt.attempted_at >= since)
    ).one()


def _throttled(email, ip):
    # A stranger's failures never hold back the owner: every rule counts the caller's own address, and the
    # account-wide rule applies only to addresses that have already failed on that account.
    pair, address, account = _failure_counts(email, ip)
    config = current_app.config
    return (
        pair >= config["LOGIN_MAX_FAILURES"]
        or address >= config["LOGIN_MAX_FAILURES_PER_IP"]
        or (pair > 0 and account >= config["LOGIN_MAX_FAILURES_PER_ACCOUNT"])
    )


def _dummy_password_check(password):
    # Same work as for a real account, so the answer's timing does not tell whether the address exists.
    method = current_app.config["PASSWORD_HASH_METHOD"]
    if method not in _DUMMY_HASHES:
        _DUMMY_HASHES[method] = generate_password_hash("not-a-real-password", method=method)
    check_password_hash(_DUMMY_HASHES[method], password)
    return False


def authenticate(email, password, ip):
    """The user for these credentials, or None; too many recent failures raise ``TooManyAttempts``.

    Failures are counted in the database (so the limits hold across workers and hosts) per
    (e-mail, address), per address, and per e-mail for the addresses that failed on it. A success
    clears that address's failures on that e-mail.
    """
    email = normalise_email(email)
    if _throttled(email, ip):
        minutes = current_app.config["LOGIN_WINDOW_SECONDS"] // 60
        raise TooManyAttempts(_("Trop de tentatives de connexion. Réessayez dans %(minutes)d minutes.", minutes=minutes))
    user = find_user_by_email(email)
    valid = user.check_password(password or "") if user is not None else _dummy_password_check(password or "")
    if not valid or not user.active:
        db.session.add(LoginAttempt(email=email, ip=ip, user_id=user.id if user else None))
        db.session.flush()
        return None
    db.session.execute(delete(LoginAttempt).where(LoginAttempt.email == email, LoginAttempt.ip == ip))
    return user


def change_password(user, new_password):
    check_password_strength(new_password, user_inputs=(user.email, user.name))
    user.set_password(new_password)
    db.session.flush()


def _registration_cipher():
    digest = hashlib.sha256(b"passerelle-registration\0" + str(current_app.config["SECRET_KEY"]).encode()).digest()
    return Fernet(base64.urlsafe_b64encode(digest))


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
