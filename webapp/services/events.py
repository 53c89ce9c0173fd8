"""The resource centre's events: facilitators write, publish, cancel and delete them; signed-in people
register and unregister. Services add and flush, never commit.

Capacity holds under concurrency without a lock held across statements: a registration is inserted
(the unique index refuses a second one for the same person) and, in the same savepoint, the event's
``registered_count`` is raised by one conditional ``UPDATE ... WHERE registered_count < capacity``.
PostgreSQL re-checks that condition on the row's latest version after waiting for a concurrent update,
SQLite runs one writer at a time (``BEGIN IMMEDIATE``): when the update changes no row the event is
full and the savepoint, registration included, is rolled back.
"""

from datetime import datetime, timedelta, timezone
from zoneinfo import ZoneInfo

from babel.dates import format_skeleton
from flask_babel import get_locale, ngettext
from flask_babel import gettext as _
from sqlalchemy import case, exists, select, update
from sqlalchemy.exc import IntegrityError

import domain as d

from ..errors import Conflict, ValidationFailed
from ..extensions import db
from ..models import Event, EventBorder, EventLabel, EventRegistration, EventTheme, User
from ..models._common import utcnow
from ..permissions import is_staff
from .integrity import savepoint
from .mail import queue_mail

PARIS = ZoneInfo(d.EVENT_TIMEZONE)
FIELDS = ("kind", "title", "description", "starts_at", "ends_at", "place", "online_url", "languages", "capacity")
LIST_FIELDS = ("borders", "themes", "labels")


class AlreadyRegistered(Conflict):
    def __init__(self, event):
        super().__init__(_("Vous êtes déjà inscrit·e à cet événement."), existing=("event", event.id))


class EventFull(Conflict):
    def __init__(self, event):
        super().__init__(_("Cet événement est complet."), existing=("event", event.id))


class RegistrationClosed(Conflict):
    pass


# --- Times ------------------------------------------------------------------------------------


def to_utc(local):
    """A wall-clock time in Paris (naive, as a form gives it) -> the naive UTC time stored."""
    if local.tzinfo is None:
        local = local.replace(tzinfo=PARIS)
    return local.astimezone(timezone.utc).replace(tzinfo=None)


def to_paris(stored):
    """A stored (naive UTC) time -> an aware time in Paris."""
    return stored.replace(tzinfo=timezone.utc).astimezone(PARIS)


# --- Reading ----------------------------------------------------------------------------------


def user_borders(user):
    """The borders of the signed-in person's organisations, and for staff the borders they cover."""
    if not user.is_authenticated:
        return set()
    own = {code for organisation in user.organisations for code in organisation.border_codes}
    if is_staff(user):
        from .facilitator import covered_borders

        own.update(covered_borders(user))
    return own


def visible_events(user, *, when="upcoming", border=None, label=None, theme=None, kind=None, now=None):
    """Events ``user`` may see (published ones; staff also see unpublished ones), filtered.

    Upcoming events (not yet ended) come soonest first, those on one of the reader's borders before the
    others; past events most recent first.
    """
    now = now or utcnow()
    query = select(Event)
    if not is_staff(user):
        query = query.where(Event.published.is_(True))
    if when == "upcoming":
        query = query.where(Event.ends_at >= now)
    elif when == "past":
        query = query.where(Event.ends_at < now)
    for value, model, column in (
        (border, EventBorder, EventBorder.border),
        (label, EventLabel, EventLabel.label),
        (theme, EventTheme, EventTheme.theme),
    ):
        if value:
            query = query.where(exists().where(model.event_id == Event.id, column == value))
    if kind:
        query = query.where(Event.kind == kind)
    order = [Event.starts_at.desc() if when == "past" else Event.starts_at, Event.id]
    own = user_borders(user)
    if own and when != "past":
        mine = exists().where(EventBorder.event_id == Event.id, EventBorder.border.in_(sorted(own)))
        order.insert(0, case((mine, 0), else_=1))
    return query.order_by(*order)


def is_registered(event, user):
    if not user.is_authenticated:
        return False
    return (
        db.session.scalar(
            select(EventRegistration.id).where(EventRegistration.event_id == event.id, EventRegistration.user_id == user.id)
        )
        is not None
    )


def registrant_rows(event):
    """``(user, registered_at)`` of the people registered, in the order they registered."""
    query = (
        select(User, EventRegistration.created_at)
        .join(EventRegistration, EventRegistration.user_id == User.id)
        .where(EventRegistration.event_id == event.id)
        .order_by(EventRegistration.id)
    )
    return db.session.execute(query).all()


def registrants(event):
    return [user for user, _at in registrant_rows(event)]


def form_values(event):
    """The event as the edit form shows it: times in Paris wall-clock."""
    values = {name: getattr(event, name) for name in FIELDS}
    values["starts_at"] = to_paris(event.starts_at).replace(tzinfo=None)
    values["ends_at"] = to_paris(event.ends_at).replace(tzinfo=None)
    return values | {"borders": event.border_codes, "themes": event.theme_codes, "labels": event.label_codes}


def registration_open(event, now=None):
    return event.published and not event.cancelled and event.ends_at > (now or utcnow())


# --- Writing (facilitators) -------------------------------------------------------------------


def _check(values):
    errors = {}
    starts, ends = values.get("starts_at"), values.get("ends_at")
    if starts and ends:
        if ends <= starts:
            errors["ends_at"] = [_("La fin doit suivre le début.")]
        elif ends - starts > timedelta(days=d.EVENT_MAX_DAYS):
            errors["ends_at"] = [_("Un événement dure %(days)s jours au plus.", days=d.EVENT_MAX_DAYS)]
    if not (values.get("place") or values.get("online_url")):
        errors["place"] = [_("Indiquez un lieu ou un lien pour participer en ligne.")]
    if values.get("capacity") is not None and not d.EVENT_CAPACITY_RANGE[0] <= values["capacity"] <= d.EVENT_CAPACITY_RANGE[1]:
        errors["capacity"] = [_("Entre %(min)s et %(max)s.", min=d.EVENT_CAPACITY_RANGE[0], max=d.EVENT_CAPACITY_RANGE[1])]
    if errors:
        raise ValidationFailed(_("Certaines informations ne sont pas valides."), errors)


def _apply(event, values):
    """Write ``values`` (times in Paris wall-clock or aware) on ``event``, after checking them together."""
    merged = {name: getattr(event, name) for name in FIELDS} | {k: v for k, v in values.items() if k in FIELDS}
    for name in ("starts_at", "ends_at"):
        if name in values and values[name] is not None:
            merged[name] = to_utc(values[name])
    if merged.get("capacity") is not None and merged["capacity"] < (event.registered_count or 0):
        raise ValidationFailed(
            _("Certaines informations ne sont pas valides."),
            {
                "capacity": [
                    ngettext(
                        "%(num)s personne est déjà inscrite.", "%(num)s personnes sont déjà inscrites.", event.registered_count
                    )
                ]
            },
        )
    _check(merged)
    for name in FIELDS:
        setattr(event, name, merged[name])
    event.languages = list(merged.get("languages") or [])
    if "borders" in values:
        event.borders = [EventBorder(border=code) for code in dict.fromkeys(values["borders"] or [])]
    if "themes" in values:
        event.themes = [EventTheme(theme=code) for code in dict.fromkeys(values["themes"] or [])]
    if "labels" in values:
        event.labels = [EventLabel(label=code) for code in dict.fromkeys(values["labels"] or [])]


def create_event(user, values):
    """A new event, unpublished until a facilitator publishes it."""
    event = Event(created_by_id=user.id, published=False, registered_count=0, description="", languages=[])
    _apply(event, values)
    db.session.add(event)
    db.session.flush()
    return event


# A change of these tells each registrant (a mail in their language): when and where they are expected.
_PRACTICAL_FIELDS = ("starts_at", "ends_at", "place", "online_url")


def update_event(event, values):
    """Apply ``values``; registrants of a live event are mailed when its time or place changes."""
    before = {name: getattr(event, name) for name in _PRACTICAL_FIELDS}
    _apply(event, values)
    changed = [name for name in _PRACTICAL_FIELDS if getattr(event, name) != before[name]]
    if changed and not event.cancelled:
        params = _mail_params(event) | {"previous_starts_at": before["starts_at"].isoformat(), "changed": changed}
        for user in registrants(event):
            queue_mail("event_changed", params, user=user)
    db.session.flush()
    return event


def publish_event(event, published=True):
    event.published = published
    db.session.flush()


def cancel_event(event):
    """Cancel (the event stays listed, marked cancelled): each registrant gets a mail in their language."""
    if event.cancelled:
        raise RegistrationClosed(_("Cet événement est déjà annulé."))
    event.cancelled_at = utcnow()
    for user in registrants(event):
        queue_mail("event_cancelled", _mail_params(event), user=user)
    db.session.flush()


def delete_event(event):
    db.session.delete(event)
    db.session.flush()


# --- Registration -----------------------------------------------------------------------------


def _mail_params(event):
    return {
        "event_id": event.id,
        "title": event.title,
        "starts_at": event.starts_at.isoformat(),
        "kind": event.kind,
        "place": event.place,
        "online_url": event.online_url,
    }


def register(event, user, now=None):
    """Register ``user``; ``AlreadyRegistered`` or ``EventFull`` (409s) when the database refuses it."""
    if not registration_open(event, now):
        raise RegistrationClosed(_("Les inscriptions à cet événement sont closes."), existing=("event", event.id))
    registration = EventRegistration(event_id=event.id, user_id=user.id)
    try:
        with savepoint():
            db.session.add(registration)
            db.session.flush()
            taken = db.session.execute(
                update(Event)
                .where(Event.id == event.id)
                .where((Event.capacity.is_(None)) | (Event.registered_count < Event.capacity))
                .values(registered_count=Event.registered_count + 1)
                .execution_options(synchronize_session=False)
            ).rowcount
            if taken != 1:
                raise EventFull(event)
    except IntegrityError:
        # The unique index (already registered), or the capacity's check constraint as a last resort.
        raise (AlreadyRegistered(event) if is_registered(event, user) else EventFull(event)) from None
    db.session.refresh(event)
    queue_mail("event_registered", _mail_params(event), user=user)
    return registration


def unregister(event, user):
    """Give the place back; False when ``user`` was not registered."""
    with savepoint():
        removed = db.session.execute(
            EventRegistration.__table__.delete().where(
                EventRegistration.event_id == event.id, EventRegistration.user_id == user.id
            )
        ).rowcount
        if removed:
            db.session.execute(
                update(Event)
                .where(Event.id == event.id, Event.registered_count > 0)
                .values(registered_count=Event.registered_count - 1)
                .execution_options(synchronize_session=False)
            )
    db.session.refresh(event)
    return bool(removed)


def _date(local):
    return format_skeleton("yMMMEd", local, tzinfo=PARIS, locale=get_locale(), fuzzy=True)


def _time(local):
    return format_skeleton("Hm", local, tzinfo=PARIS, locale=get_locale(), fuzzy=True)


def format_start(stored):
    """A stored (naive UTC) time, or its ISO text, as a date and hour in Paris, in the current language."""
    if isinstance(stored, str):
        stored = datetime.fromisoformat(stored)
    local = to_paris(stored)
    return _("%(date)s à %(time)s", date=_date(local), time=_time(local))


def format_span(starts_at, ends_at):
    """When an event happens, in Paris and the current language: "jeu. 3 déc. 2026 à 14:30 – 16:00"."""
    start, end = to_paris(starts_at), to_paris(ends_at)
    until = _time(end) if start.date() == end.date() else _("%(date)s à %(time)s", date=_date(end), time=_time(end))
    return f"{format_start(starts_at)} – {until}"
