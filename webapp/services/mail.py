"""Outgoing mail through an outbox: written in the transaction, sent after commit by ``flask worker``.

``queue_mail`` adds a row to the ``outbox`` table in the caller's transaction: a change that rolls
back takes its messages with it, and nothing is sent while a request is still open. ``send_due``
(run by ``flask worker``) renders the committed messages in each recipient's language, sends a
batch over one SMTP connection, and marks each one sent, or retries it later with a growing delay
(``attempts``, ``last_error``), giving up after ``MAX_ATTEMPTS``. Without ``MAIL_SERVER``
(development) messages are written to the log instead.

Several workers may run: on PostgreSQL each batch is locked with ``FOR UPDATE SKIP LOCKED``, so a
message goes to one worker only. A worker that dies between sending and committing sends that
batch again (at least once, never lost).
"""

import smtplib
from contextlib import contextmanager, nullcontext
from datetime import timedelta
from email.message import EmailMessage

from flask import current_app
from flask_babel import gettext as _
from flask_babel import ngettext
from sqlalchemy import delete, event, inspect, select
from sqlalchemy.exc import SQLAlchemyError
from sqlalchemy.orm import Session

from ..extensions import db
from ..i18n import in_language_of
from ..models import OutboxMessage
from ..models._common import utcnow
from ..notices import PHRASES as NOTICES
from ..notices import notice_text as request_or_claim_notice
from ..vocab import REQUEST_STATUSES
from .alert_messages import ALERT_NOTICES, alert_notice, render_digest_alerts

MAX_ATTEMPTS = 8
RETRY_BASE_SECONDS = 60
RETRY_MAX_SECONDS = 6 * 3600
BATCH_SIZE = 100
SENT_RETENTION_DAYS = 30  # sent messages are kept this long (to answer "did it go out?"), then pruned by the digest


# --- templates: rendered at send time, in the recipient's language ------------------------------


def request_url(request_id):
    return f"{current_app.config['PUBLIC_URL'].rstrip('/')}/introductions/{request_id}"


def organisation_url(organisation_id):
    return f"{current_app.config['PUBLIC_URL'].rstrip('/')}/organisations/{organisation_id}"


def notice_link(p):
    """Where a notification's e-mail sends its reader: the request, else the organisation claimed, else the list."""
    if p.get("request_id"):
        return request_url(p["request_id"])
    if p.get("organisation_id"):
        return organisation_url(p["organisation_id"])
    return f"{current_app.config['PUBLIC_URL'].rstrip('/')}/notifications/"


def notice_text(template, params):
    """A notification's sentence (requests and claims: ``webapp.notices``; alerts: ``alert_messages``).

    The in-site notification (``webapp.i18n.render_message``) and its e-mail use the same words.
    """
    if template in ALERT_NOTICES:
        return alert_notice(template, params)
    return request_or_claim_notice(template, params)


def _render_notice(template, p):
    text = notice_text(template, p)
    return (
        _("Passerelle : %(text)s", text=text[:80]),
        _("Bonjour,\n\n%(text)s\n\nVoir : %(link)s\n\n— Passerelle, MOT", text=text, link=notice_link(p)),
    )


def _render_digest_notifications(p):
    """The daily summary of a reader's notifications (``email_frequency`` "daily")."""
    lines = "\n".join(
        _("- %(text)s %(link)s", text=notice_text(item["code"], item["params"]), link=notice_link(item["params"]))
        for item in p["notifications"]
    )
    more = p.get("more", 0)
    if more:
        lines += "\n" + ngettext("… et %(num)d autre notification.", "… et %(num)d autres notifications.", more)
    count = len(p["notifications"]) + more
    return (
        ngettext("Passerelle : %(num)d notification du jour", "Passerelle : %(num)d notifications du jour", count),
        _(
            "Bonjour,\n\nVoici vos notifications :\n%(lines)s\n\nToutes vos notifications : %(link)s\n"
            "Pour changer la fréquence de ces e-mails : %(settings)s\n\n— Passerelle, MOT",
            lines=lines,
            link=notice_link({}),
            settings=f"{current_app.config['PUBLIC_URL'].rstrip('/')}/account",
        ),
    )


def _render_digest_stale(p):
    lines = "\n".join(
        _(
            "- n° %(id)s %(requester)s → %(counterpart)s (%(status)s, sans mouvement depuis le %(since)s) : %(link)s",
            id=r["id"],
            requester=r["requester"],
            counterpart=r["counterpart"],
            status=REQUEST_STATUSES[r["status"]],
            since=r["moved_on"],
            link=request_url(r["id"]),
        )
        for r in p["requests"]
    )
    return (
        _("Passerelle : %(count)s demande(s) sans mouvement", count=len(p["requests"])),
        _("Bonjour,\n\nCes demandes attendent :\n%(lines)s\n", lines=lines),
    )


def _render_digest_awaiting_answer(p):
    return (
        _("Passerelle : une demande de mise en relation attend votre réponse"),
        _(
            "Bonjour,\n\n%(requester)s souhaite coopérer avec %(counterpart)s : %(purpose)s\n\nRépondre : %(link)s\n",
            requester=p["requester"],
            counterpart=p["counterpart"],
            purpose=p["purpose"],
            link=request_url(p["request_id"]),
        ),
    )


def _render_digest_awaiting_meeting(p):
    return (
        _("Passerelle : votre mise en relation attend une rencontre"),
        _(
            "Bonjour,\n\n%(counterpart)s a accepté la mise en relation. Ses coordonnées sont sur la demande ; "
            "dites à la MOT quand vous vous serez rencontrés.\n\n%(link)s\n",
            counterpart=p["counterpart"],
            link=request_url(p["request_id"]),
        ),
    )


def _render_password_reset(p):
    return (
        _("Passerelle : réinitialiser votre mot de passe"),
        _(
            "Bonjour,\n\nPour choisir un nouveau mot de passe, ouvrez ce lien (valable une heure) :\n%(link)s\n\n"
            "Si vous n'avez rien demandé, ignorez ce message.",
            link=p["link"],
        ),
    )


def _render_event(template, p):
    """A registration's confirmation, an event's change or cancellation (``services.events``), dates in Paris time."""
    from .events import format_start

    link = f"{current_app.config['PUBLIC_URL'].rstrip('/')}/events/{p['event_id']}"
    when = format_start(p["starts_at"])
    if template == "event_registered":
        return (
            _("Passerelle : inscription confirmée à « %(title)s »", title=p["title"][:80]),
            _(
                "Bonjour,\n\nVotre inscription à « %(title)s » (%(when)s, heure de Paris) est enregistrée.\n\n"
                "Détails, agenda (iCal) et désinscription : %(link)s\n\n— Passerelle, MOT",
                title=p["title"],
                when=when,
                link=link,
            ),
        )
    if template == "event_changed":
        place = p.get("place") or p.get("online_url") or ""
        return (
            _("Passerelle : « %(title)s » change d'horaire ou de lieu", title=p["title"][:80]),
            _(
                "Bonjour,\n\nL'événement « %(title)s », auquel vous êtes inscrit·e, a changé. Il a lieu le %(when)s "
                "(heure de Paris ; annoncé auparavant le %(previous)s)%(place)s.\n\n"
                "Détails, agenda (iCal) et désinscription : %(link)s\n\n— Passerelle, MOT",
                title=p["title"],
                when=when,
                previous=format_start(p["previous_starts_at"]),
                place=_(", lieu : %(place)s", place=place) if place else "",
                link=link,
            ),
        )
    return (
        _("Passerelle : « %(title)s » est annulé", title=p["title"][:80]),
        _(
            "Bonjour,\n\nL'événement « %(title)s » prévu le %(when)s (heure de Paris), auquel vous étiez inscrit·e, "
            "est annulé.\n\n%(link)s\n\n— Passerelle, MOT",
            title=p["title"],
            when=when,
            link=link,
        ),
    )


def _render_text(p):
    return p["subject"], p["text"]


TEMPLATES = {
    "text": _render_text,  # written by the caller in the request's language (``send_mail``)
    **{code: (lambda p, code=code: _render_notice(code, p)) for code in (*NOTICES, *ALERT_NOTICES)},
    "digest_notifications": _render_digest_notifications,
    "digest_stale": _render_digest_stale,
    "digest_awaiting_answer": _render_digest_awaiting_answer,
    "digest_awaiting_meeting": _render_digest_awaiting_meeting,
    "password_reset": _render_password_reset,
    "digest_alerts": render_digest_alerts,
    "event_registered": lambda p: _render_event("event_registered", p),
    "event_cancelled": lambda p: _render_event("event_cancelled", p),
    "event_changed": lambda p: _render_event("event_changed", p),
}


def render(message):
    """``(subject, text)`` of an outbox message, in its recipient's language."""
    with in_language_of(message.user) if message.user is not None else nullcontext():
        return TEMPLATES[message.template](message.params)


# --- writing: in the caller's transaction ------------------------------------------------------


def queue_mail(template, params, *, user=None, address=None):
    """Queue ``template`` for ``user`` (address and language read at send time) or a bare ``address``.

    Nothing is sent now: ``flask worker`` sends it once the caller's transaction has committed.
    """
    if template not in TEMPLATES:
        raise ValueError(f"unknown mail template {template!r}")
    if (user is None) == (address is None):
        raise ValueError("a message goes to a user or to an address")
    message = OutboxMessage(
        user_id=user.id if user is not None else None, address=address, template=template, params=dict(params)
    )
    db.session.add(message)
    return message


def send_mail(to, subject, text):
    """Queue a message already written (in the current language) to the address ``to``; sent after commit.

    Prefer ``queue_mail`` with a template, which renders in the recipient's language at send time.
    """
    return queue_mail("text", {"subject": str(subject), "text": str(text)}, address=to)


# --- sending: after commit, by the worker ------------------------------------------------------


def _due(limit, now):
    query = (
        select(OutboxMessage)
        .where(OutboxMessage.sent_at.is_(None), OutboxMessage.failed_at.is_(None), OutboxMessage.next_attempt_at <= now)
        .order_by(OutboxMessage.next_attempt_at, OutboxMessage.id)
        .limit(limit)
    )
    # Several workers: each takes rows no other holds (PostgreSQL; SQLite has one writer at a time anyway).
    return db.session.scalars(query.with_for_update(skip_locked=True, of=OutboxMessage)).all()


def _email(message, subject, text):
    config = current_app.config
    email = EmailMessage()
    email["From"] = config["MAIL_SENDER"]
    email["To"] = message.user.email if message.user is not None else message.address
    email["Subject"] = subject
    email.set_content(text)
    return email


class _LogTransport:
    """Development (no MAIL_SERVER): the message goes to the log."""

    def send_message(self, email):
        current_app.logger.warning(
            "Mail (not sent, no MAIL_SERVER) to %s: %s\n%s", email["To"], email["Subject"], email.get_content()
        )


@contextmanager
def smtp_connection():
    """One connection for a whole batch (the log in development)."""
    config = current_app.config
    if not config.get("MAIL_SERVER"):
        yield _LogTransport()
        return
    with smtplib.SMTP(config["MAIL_SERVER"], config["MAIL_PORT"], timeout=10) as smtp:
        if config["MAIL_USE_TLS"]:
            smtp.starttls()
        if config.get("MAIL_USERNAME"):
            smtp.login(config["MAIL_USERNAME"], config["MAIL_PASSWORD"])
        yield smtp


def retry_delay(attempts):
    """Seconds before the next try after ``attempts`` failures: 1, 2, 4... minutes, at most 6 hours."""
    return min(RETRY_BASE_SECONDS * 2 ** (attempts - 1), RETRY_MAX_SECONDS)


def _failed(message, error, now):
    message.attempts += 1
    message.last_error = f"{type(error).__name__}: {error}"[:2000]
    if message.attempts >= MAX_ATTEMPTS:
        message.failed_at = now
    else:
        message.next_attempt_at = now + timedelta(seconds=retry_delay(message.attempts))


def _send(messages, now):
    """Send ``messages`` over one connection, marking each sent or failed (the caller flushes and commits)."""
    counts = {"sent": 0, "retry": 0, "failed": 0}
    if not messages:  # an idle poll opens no connection
        return counts
    ready = []
    for message in messages:
        try:
            ready.append((message, _email(message, *render(message))))
        except Exception as error:  # a template that cannot render: retried (a fix may be deployed), then given up
            _failed(message, error, now)
    pending = ready
    try:
        with smtp_connection() as transport:
            while pending:
                message, email = pending[0]
                try:
                    transport.send_message(email)
                except (smtplib.SMTPRecipientsRefused, smtplib.SMTPDataError, smtplib.SMTPSenderRefused) as error:
                    _failed(message, error, now)  # this message only: the connection is still good
                else:
                    message.attempts += 1
                    message.sent_at = utcnow()
                    message.last_error = None
                pending = pending[1:]
    except (OSError, smtplib.SMTPException) as error:  # connection refused or lost: the rest waits for the next try
        for message, _ in pending:
            _failed(message, error, now)
    for message in messages:
        counts["sent" if message.sent_at else "failed" if message.failed_at else "retry"] += 1
    return counts


def send_due(limit=BATCH_SIZE):
    """Send one batch of due messages over one connection; the caller commits. Counts by outcome."""
    now = utcnow()
    counts = _send(_due(limit, now), now)
    db.session.flush()
    return counts


def prune_sent(older_than_days=SENT_RETENTION_DAYS):
    """Delete messages sent more than ``older_than_days`` ago (those given up are kept); the caller commits."""
    cutoff = utcnow() - timedelta(days=older_than_days)
    return db.session.execute(delete(OutboxMessage).where(OutboxMessage.sent_at < cutoff)).rowcount


# --- development: no MAIL_SERVER, no worker needed ---------------------------------------------


def _remember_queued(session, _flush_context):
    for obj in session.new:
        if isinstance(obj, OutboxMessage):
            session.info.setdefault("outbox_queued", []).append(obj)


def _forget_queued(session):
    session.info.pop("outbox_queued", None)


def _log_after_commit(session):
    """Without MAIL_SERVER, write the messages just committed to the log at once (no worker in development)."""
    queued = session.info.pop("outbox_queued", None)
    if not queued or current_app.config.get("MAIL_SERVER"):
        return  # production: ``flask worker`` sends them
    ids = [identity[0] for identity in (inspect(m).identity for m in queued) if identity]
    try:
        with Session(db.engine) as other:  # this session is between transactions and cannot emit SQL
            messages = other.scalars(
                select(OutboxMessage).where(OutboxMessage.id.in_(ids), OutboxMessage.sent_at.is_(None))
            ).all()
            _send(messages, utcnow())
            other.commit()
    except SQLAlchemyError:  # the change is committed: never fail it for its mail, which stays in the outbox
        current_app.logger.exception("Outbox: messages %s left for `flask worker`", ids)


def register_outbox_delivery():
    """Listen to the app's session (called once by ``create_app``): in development, committed mail is logged at once."""
    for name, listener in (
        ("after_flush", _remember_queued),
        ("after_rollback", _forget_queued),
        ("after_commit", _log_after_commit),
    ):
        if not event.contains(db.session, name, listener):
            event.listen(db.session, name, listener)
