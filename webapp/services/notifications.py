"""Notifications: written for each reader (requester's side, counterpart's side, staff, claimant), read in the
notification centre and the API, and mailed as each reader chose (at once, in the daily digest, or never).

A notification is a code and parameters (``webapp.notices`` phrases them in the reader's language when
shown or mailed); ``params["audience"]`` says to whom it speaks. The e-mail goes through the outbox, in
the caller's transaction, so a change that rolls back announces nothing.
"""

from flask_babel import gettext as _
from sqlalchemy import case, func, or_, select, update

from domain import EMAIL_FREQUENCIES, STAFF_ROLES

from .. import permissions
from ..errors import ValidationFailed
from ..extensions import db
from ..models import Notification, User
from ..models._common import utcnow
from .mail import notice_text, queue_mail

DIGEST_MAX_LINES = 50  # notifications listed in one daily e-mail; the rest are counted
GROUP_ITEMS_SHOWN = 10  # newest notifications shown per request or claim in the centre; the older are counted


def staff_members():
    return db.session.scalars(select(User).where(User.role.in_(STAFF_ROLES), User.active.is_(True))).all()


def mails_at_once(user):
    return user.email_frequency == "immediately"


def wants_mail(user):
    """Reminders (the digest's) go to those who did not choose "never"."""
    return user.email_frequency != "never"


def notify(audiences, code, *, request=None, claim=None, mail=True, **params):
    """Notify each user of ``audiences`` (``[(audience, users), ...]``) once, phrased for their audience.

    A user in two audiences (a member of both sides, a facilitator who asked) hears it as the first one.
    ``request`` or ``claim`` is what it is about (the notification centre groups by it). ``mail=False``:
    in the site only (a summary mail says it already). Returns the notifications added.
    """
    if request is not None:
        params = dict(params, requester=request.requester.name, counterpart=request.counterpart.name, request_id=request.id)
    if claim is not None:
        params = dict(
            params,
            user=claim.user.name,
            organisation=claim.organisation.name,
            organisation_id=claim.organisation_id,
            claim_id=claim.id,
        )
    added, seen = [], set()
    for audience, users in audiences:
        phrased = dict(params, audience=audience)
        notice_text(code, phrased)  # an unknown code or a missing parameter fails here, not when the list is shown
        for user in users:
            if user is None or user.id in seen:
                continue
            seen.add(user.id)
            notification = Notification(
                user_id=user.id,
                request_id=request.id if request is not None else None,
                claim_id=claim.id if claim is not None else None,
                code=code,
                params=phrased,
            )
            if mail and mails_at_once(user):
                queue_mail(code, phrased, user=user)
                notification.mailed_at = utcnow()
            db.session.add(notification)
            added.append(notification)
    return added


# --- reading ----------------------------------------------------------------------------------


def unread_count(user):
    return db.session.scalar(
        select(func.count()).select_from(Notification).where(Notification.user_id == user.id, Notification.read_at.is_(None))
    )


def notifications_of(user, *, unread_only=False):
    """``user``'s notifications, newest first (the API's list)."""
    query = select(Notification).where(Notification.user_id == user.id).order_by(Notification.id.desc())
    return query.where(Notification.read_at.is_(None)) if unread_only else query


def _lone_id():
    # A notification about neither a request nor a claim (an alert) is a group of its own.
    return case((Notification.request_id.is_(None) & Notification.claim_id.is_(None), Notification.id), else_=None)


def grouped_page(user, page, per_page):
    """A page of ``user``'s notifications grouped by what they are about (a request, a claim), newest group first.

    Returns the pagination of the groups and, for the groups on the page, ``[{"request_id", "claim_id",
    "unread", "items": [the newest notifications, newest first], "older": how many more}, ...]``: only the
    ``GROUP_ITEMS_SHOWN`` newest of each group are loaded, however long it is.
    """
    lone = _lone_id().label("lone_id")
    groups = (
        select(
            Notification.request_id,
            Notification.claim_id,
            lone,
            func.count().label("size"),
            func.count(case((Notification.read_at.is_(None), 1))).label("unread"),
        )
        .where(Notification.user_id == user.id)
        .group_by(Notification.request_id, Notification.claim_id, lone)
        .order_by(func.max(Notification.id).desc())
    )
    pagination = db.paginate(groups, page=page, per_page=per_page, error_out=False, count=True)
    rows = db.session.execute(groups.limit(per_page).offset((pagination.page - 1) * per_page)).all()
    if not rows:
        return pagination, []
    keys = [(r.request_id, r.claim_id, r.lone_id) for r in rows]
    rank = (
        func.row_number()
        .over(partition_by=(Notification.request_id, Notification.claim_id, _lone_id()), order_by=Notification.id.desc())
        .label("rank")
    )
    ranked = (
        select(Notification.id, rank)
        .where(
            Notification.user_id == user.id,
            or_(
                Notification.request_id.in_([k[0] for k in keys if k[0] is not None]),
                Notification.claim_id.in_([k[1] for k in keys if k[1] is not None]),
                Notification.id.in_([k[2] for k in keys if k[2] is not None]),
            ),
        )
        .subquery()
    )
    newest = db.session.scalars(
        select(Notification)
        .join(ranked, ranked.c.id == Notification.id)
        .where(ranked.c.rank <= GROUP_ITEMS_SHOWN)
        .order_by(Notification.id.desc())
    ).all()
    by_key = {key: [] for key in keys}
    for notification in newest:
        lone_id = notification.id if notification.request_id is None and notification.claim_id is None else None
        by_key.setdefault((notification.request_id, notification.claim_id, lone_id), []).append(notification)
    return pagination, [
        {
            "request_id": row.request_id,
            "claim_id": row.claim_id,
            "items": by_key[key],
            "older": row.size - len(by_key[key]),
            "unread": row.unread,
        }
        for row, key in zip(rows, keys, strict=True)
    ]


def mark_read(user, ids=None):
    """Mark ``user``'s notifications ``ids`` read (all of them when ``ids`` is None); others' ids are ignored.

    Returns how many changed; the caller commits.
    """
    query = update(Notification).where(Notification.user_id == user.id, Notification.read_at.is_(None))
    if ids is not None:
        query = query.where(Notification.id.in_(list(ids)))
    return db.session.execute(query.values(read_at=utcnow()).execution_options(synchronize_session=False)).rowcount


def open_notification(user, notification_id):
    """``user``'s notification, marked read (None when it is not theirs: the caller answers 404)."""
    notification = db.session.get(Notification, notification_id)
    if notification is None or not permissions.owns_notification(user, notification):
        return None
    if notification.read_at is None:
        notification.read_at = utcnow()
    return notification


def set_email_frequency(user, frequency):
    """The caller commits."""
    if frequency not in EMAIL_FREQUENCIES:
        raise ValidationFailed(_("Fréquence inconnue."), {"email_frequency": _("Choisissez une fréquence de la liste.")})
    user.email_frequency = frequency


# --- the daily digest -------------------------------------------------------------------------


def digest_notifications():
    """Mail each reader who chose "daily" one summary of their notifications not mailed and not read yet.

    Notifications already read in the site are not mailed; all are then marked mailed, so the next
    digest starts after them. Returns ``{email: count}``; the caller commits.
    """
    now = utcnow()
    pending = db.session.execute(
        select(Notification, User)
        .join(User, User.id == Notification.user_id)
        .where(User.email_frequency == "daily", User.active.is_(True), Notification.mailed_at.is_(None))
        .order_by(Notification.user_id, Notification.id.desc())
    ).all()
    by_user = {}
    for notification, user in pending:
        by_user.setdefault(user, []).append(notification)
    sent = {}
    for user, notifications in by_user.items():
        unread = [n for n in notifications if n.read_at is None and n.code]
        if unread:
            shown = unread[:DIGEST_MAX_LINES]
            queue_mail(
                "digest_notifications",
                {"notifications": [{"code": n.code, "params": n.params or {}} for n in shown], "more": len(unread) - len(shown)},
                user=user,
            )
            sent[user.email] = len(unread)
        for notification in notifications:
            notification.mailed_at = now
    db.session.flush()
    return sent
