"""Alerts (saved searches): a directory search whose new results the daily digest announces.

An alert keeps the directory's filters and the moment it last ran. Each run of ``fire_alerts``
(``flask digest``) first moves that moment on with a conditional UPDATE, so two runs at once never
announce the same window twice, then looks for what appeared in the window: organisations matching
the filters, ties touching them, claims on them approved, project sheets published on the alert's
border. What it finds becomes a notification (code ``alert_news`` and its parameters, phrased when
shown) and a section of the owner's digest mail, with a signed link that unsubscribes without login.
"""

from urllib.parse import urlencode

from flask import current_app
from flask_babel import gettext as _
from itsdangerous import BadSignature, URLSafeSerializer
from sqlalchemy import func, or_, select, update

from domain import ALERT_EVENT_KINDS, ALERT_FILTERS, ALERT_NAME_MAX, ALERT_NAMES_SHOWN, MAX_ALERTS_PER_USER, SEARCH_QUERY_MAX

from ..errors import Conflict, ValidationFailed
from ..extensions import db
from ..geo.borders import border_by_code
from ..models import Alert, Claim, Organisation, Sheet, SheetBorder, Tie
from ..models._common import utcnow
from ..vocab import COUNTRIES, LABELS, MASSIFS, ORGANISATION_KINDS, THEMES
from .integrity import insert_or_conflict
from .mail import queue_mail
from .notifications import notify, wants_mail
from .organisations import directory_query

_CODES = {"country": COUNTRIES, "kind": ORGANISATION_KINDS, "label": LABELS, "theme": THEMES, "massif": MASSIFS}
UNSUBSCRIBE_SALT = "alert-unsubscribe"


class DuplicateAlert(Conflict):
    def __init__(self, existing):
        super().__init__(
            _("Vous avez déjà une alerte de ce nom."), {"name": _("Nom déjà utilisé.")}, existing=("alert", existing.id)
        )


def filters_of(alert):
    """The alert's filters that are set, as ``directory_query`` takes them."""
    return {name: getattr(alert, name) for name in ALERT_FILTERS if getattr(alert, name)}


def clean_filters(values):
    """The filters of ``values`` that are set, checked (a 422 naming each bad one); at least one is required."""
    filters = {name: (values.get(name) or "").strip() or None for name in ALERT_FILTERS}
    errors = {}
    for name, codes in _CODES.items():
        if filters[name] and filters[name] not in codes:
            errors[name] = _("Valeur inconnue.")
    if filters["border"] and border_by_code(filters["border"]) is None:
        errors["border"] = _("Frontière inconnue.")
    if filters["q"] and (len(filters["q"]) > SEARCH_QUERY_MAX or "\x00" in filters["q"]):
        errors["q"] = _("Recherche trop longue.")
    if not errors and not any(filters.values()):
        errors["border"] = _("Choisissez au moins un critère (une frontière, un pays, un thème...).")
    if errors:
        raise ValidationFailed(_("Cette recherche ne peut pas être enregistrée comme alerte."), errors)
    return {name: value for name, value in filters.items() if value}


def user_alerts(user):
    return db.session.scalars(select(Alert).where(Alert.user_id == user.id).order_by(Alert.name, Alert.id)).all()


def _alert_named(user_id, name):
    return db.session.scalar(select(Alert).where(Alert.user_id == user_id, Alert.name == name))


def create_alert(user, name, values):
    """Save a search for ``user``: ``values`` holds the directory's filters (each optional, one at least)."""
    name = (name or "").strip()
    if not name or len(name) > ALERT_NAME_MAX:
        raise ValidationFailed(_("Donnez un nom à l'alerte."), {"name": _("Entre 1 et %(max)s caractères.", max=ALERT_NAME_MAX)})
    filters = clean_filters(values)
    existing = _alert_named(user.id, name)
    if existing is not None:
        raise DuplicateAlert(existing)
    if db.session.scalar(select(func.count()).select_from(Alert).where(Alert.user_id == user.id)) >= MAX_ALERTS_PER_USER:
        raise ValidationFailed(
            _("Vous avez déjà %(max)s alertes : supprimez-en une d'abord.", max=MAX_ALERTS_PER_USER),
            {"name": _("Trop d'alertes.")},
        )
    alert = Alert(user_id=user.id, name=name, **filters)
    # Two saves at once: the unique (user, name) index keeps one, the other is a 409 naming it.
    return insert_or_conflict(alert, lambda: DuplicateAlert(_alert_named(user.id, name)))


def delete_alert(alert):
    """Unsubscribe: the alert and its future runs are gone (notifications already sent stay)."""
    db.session.delete(alert)
    db.session.flush()


def suggested_name(filters):
    """A default name for a search: its filters' values, e.g. « FR-CH · Commune · mobilité »."""
    parts = []
    for name in ALERT_FILTERS:
        value = filters.get(name)
        if not value:
            continue
        if name == "border":
            border = border_by_code(value)
            parts.append(border.name if border else value)
        elif name in _CODES:
            parts.append(str(_CODES[name].get(value, value)))
        else:
            parts.append(f"« {value} »")
    return " · ".join(parts)[:ALERT_NAME_MAX] or _("Ma recherche")


# --- Unsubscribing by a link in the mail ----------------------------------------------------------


def _serializer():
    return URLSafeSerializer(current_app.config["SECRET_KEY"], salt=UNSUBSCRIBE_SALT)


def unsubscribe_token(alert):
    # No expiry: the link in an old mail must still stop the alert. It names one alert of one user.
    return _serializer().dumps({"alert": alert.id, "uid": alert.user_id})


def alert_from_token(token):
    """The alert a mail's unsubscribe link names, or None (forged, or already deleted)."""
    try:
        payload = _serializer().loads(token)
    except BadSignature:
        return None
    if not isinstance(payload, dict) or not isinstance(payload.get("alert"), int):
        return None
    alert = db.session.get(Alert, payload["alert"])
    return alert if alert is not None and alert.user_id == payload.get("uid") else None


def search_path(alert):
    return "/organisations/?" + urlencode(filters_of(alert))


# --- Firing: what is new since the last run -------------------------------------------------------


def _matching_ids(alert):
    return directory_query(**filters_of(alert)).with_only_columns(Organisation.id).order_by(None)


def _window(column, since, until):
    return (column > since, column <= until)


def news_for(alert, since, until):
    """What appeared for ``alert`` between ``since`` (excluded) and ``until``: ``{kind: [names]}`` per ALERT_EVENT_KINDS."""
    matching = _matching_ids(alert)
    organisations = db.session.scalars(
        directory_query(**filters_of(alert))
        .where(*_window(Organisation.created_at, since, until))
        .with_only_columns(Organisation.name)
    ).all()
    ties = db.session.scalars(
        select(Tie)
        .where(
            *_window(Tie.created_at, since, until), or_(Tie.organisation_a_id.in_(matching), Tie.organisation_b_id.in_(matching))
        )
        .order_by(Tie.id)
    ).all()
    claims = db.session.scalars(
        select(Organisation.name)
        .join(Claim, Claim.organisation_id == Organisation.id)
        .where(Claim.status == "approved", *_window(Claim.decided_at, since, until), Organisation.id.in_(matching))
        .order_by(Claim.id)
    ).all()
    sheets = []
    if alert.border:
        sheets = db.session.scalars(
            select(Sheet.title)
            .join(SheetBorder, SheetBorder.sheet_id == Sheet.id)
            .where(
                Sheet.kind == "project",
                Sheet.status == "published",
                SheetBorder.border == alert.border,
                *_window(Sheet.published_at, since, until),
            )
            .order_by(Sheet.id)
        ).all()
    return {
        "organisations": list(organisations),
        "ties": [f"{t.organisation_a.name} – {t.organisation_b.name}" for t in ties],
        "claims": list(dict.fromkeys(claims)),
        "sheets": list(sheets),
    }


def _take_window(alert, until):
    """Move the alert's last run to ``until`` if no other run did: the window is then this run's alone."""
    since = alert.last_run_at
    moved = db.session.execute(
        update(Alert)
        .where(Alert.id == alert.id, Alert.last_run_at == since)
        .values(last_run_at=until)
        .execution_options(synchronize_session=False)
    ).rowcount
    return since if moved == 1 else None


def fire_alerts(until=None):
    """Run every alert once (``flask digest``): notifications and one digest mail per owner; the caller commits.

    The notifications are in the site for everyone; the mail goes to owners who did not choose "never"
    (alerts are a daily summary by nature, whatever the frequency), and marks them mailed so the
    notifications' own digest does not send them again. Returns ``{"fired": {alert_id: counts},
    "emails": {address: alerts mailed}}``.
    """
    until = until or utcnow()
    fired, by_user = {}, {}
    for alert in db.session.scalars(select(Alert).order_by(Alert.user_id, Alert.id)).all():
        since = _take_window(alert, until)
        if since is None:  # another digest run took this window
            continue
        news = news_for(alert, since, until)
        counts = {kind: len(news[kind]) for kind in ALERT_EVENT_KINDS if news[kind]}
        if not counts:
            continue
        params = {
            "alert_id": alert.id,
            "name": alert.name,
            "counts": counts,
            "names": {k: news[k][:ALERT_NAMES_SHOWN] for k in counts},
            "search_path": search_path(alert),  # where following the notification leads (the alert may be gone by then)
        }
        notifications = notify([("owner", [alert.user])], "alert_news", mail=False, **params)
        section = dict(params, unsubscribe_path=f"/alerts/unsubscribe/{unsubscribe_token(alert)}")
        by_user.setdefault(alert.user, []).append((section, notifications))
        fired[alert.id] = counts
    emails = {}
    for user, found in by_user.items():
        if user.active and wants_mail(user):
            queue_mail("digest_alerts", {"alerts": [section for section, _notifications in found]}, user=user)
            for _section, notifications in found:
                for notification in notifications:
                    notification.mailed_at = until
            emails[user.email] = len(found)
    db.session.flush()
    return {"fired": fired, "emails": emails}
