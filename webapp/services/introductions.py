"""Brokered introductions: from a request to a signed cooperation, recorded in the graph."""

from flask_babel import get_locale
from flask_babel import gettext as _
from sqlalchemy import or_, select, update
from sqlalchemy.orm import selectinload
from sqlalchemy.orm.attributes import set_committed_value

from domain import (
    OPEN_REQUEST_STATUSES,
    OUTCOME_FROM_STATUSES,
    OUTCOME_TIES,
    REQUEST_STATUSES_AFTER_CONSENT,
    REQUEST_TRANSITIONS,
    TIE_YEAR_RANGE,
)

from .. import permissions
from ..errors import Conflict, PermissionDenied, ValidationFailed
from ..extensions import db
from ..models import IntroductionRequest, Organisation, RequestEvent, RequestNote, memberships
from ..models._common import utcnow
from ..vocab import AMBITIONS, LANGUAGES, OUTCOME_KINDS, REQUEST_STATUSES, THEMES
from . import notifications
from .integrity import insert_or_conflict, savepoint
from .notifications import staff_members
from .reference.cooperation import request_source
from .ties import add_tie, find_tie

CLOSING_STATUSES = ("declined", "closed")


class DuplicateRequest(Conflict):
    def __init__(self, existing):
        super().__init__(
            _("Une demande est déjà ouverte entre ces deux organisations."),
            {"counterpart_id": _("Demande déjà ouverte.")},
            existing=("introduction", existing.id),
        )
        self.existing_id = existing.id


class RequestMoved(Conflict):
    """Someone else moved the request first (two facilitators at once): nothing was written."""

    def __init__(self, request):
        super().__init__(
            _("Cette demande vient d'être modifiée par quelqu'un d'autre : rechargez-la avant de recommencer."),
            existing=("introduction", request.id),
        )


class OutOfOrder(Conflict):
    """The request is not at a step where this is possible (introduced before the counterpart accepted...)."""

    def __init__(self, request, message, field="to_status"):
        super().__init__(message, {field: message}, existing=("introduction", request.id))


def _consent_missing(request):
    """Why the counterpart's consent blocks the introduction, or None once it accepted."""
    if request.counterpart_consent == "accepted":
        return None
    if request.counterpart_consent == "declined":
        return _(
            "%(counterpart)s a décliné la mise en relation : elle ne peut pas avoir lieu.", counterpart=request.counterpart.name
        )
    return _(
        "%(counterpart)s n'a pas encore accepté la mise en relation : attendez sa réponse avant de la présenter.",
        counterpart=request.counterpart.name,
    )


def transition_refusal(request, to_status):
    """Why ``request`` may not move to ``to_status`` now (a message in the reader's language), or None if it may."""
    if to_status not in REQUEST_TRANSITIONS.get(request.status, ()):
        return _(
            "Impossible de passer de « %(current)s » à « %(wanted)s ».",
            current=REQUEST_STATUSES[request.status],
            wanted=REQUEST_STATUSES.get(to_status, to_status),
        )
    if to_status in REQUEST_STATUSES_AFTER_CONSENT:
        return _consent_missing(request)
    return None


def allowed_transitions(request):
    """The steps a facilitator may move ``request`` to now, in order: what the page offers."""
    return [status for status in REQUEST_TRANSITIONS.get(request.status, ()) if transition_refusal(request, status) is None]


def outcome_refusal(request):
    """Why no cooperation can be recorded on ``request`` now, or None if it can."""
    if request.status not in OUTCOME_FROM_STATUSES:
        return _(
            "Une coopération se conclut après la mise en relation (la demande est « %(current)s »).",
            current=REQUEST_STATUSES[request.status],
        )
    return _consent_missing(request)


def _members(organisation):
    return list(organisation.members)


_staff = staff_members


def recipients(users):
    """Each user once, missing ones (a deleted requester) left out."""
    return list({u.id: u for u in users if u is not None}.values())


def notify(audiences, request, template, **params):
    """Each side hears of the request's event in its own words (``webapp.notices``), in the site and by e-mail."""
    notifications.notify(audiences, template, request=request, **params)


def _claim_transition(request, *, where, values):
    """Change ``request`` only if it is still as the caller saw it (``where``), in one conditional UPDATE.

    Two facilitators (or two clicks) at once: the database lets one UPDATE match, the others find the
    row changed and get a ``RequestMoved``; so a transition writes its audit event exactly once.
    On PostgreSQL the second UPDATE waits for the first transaction and then re-reads the row.
    """
    with savepoint():  # SQLite: take the write lock first, so the condition is checked on committed data
        result = db.session.execute(
            update(IntroductionRequest)
            .where(IntroductionRequest.id == request.id, *where)
            .values(**values)
            .execution_options(synchronize_session=False)
        )
    if result.rowcount != 1:
        db.session.expire(request)
        raise RequestMoved(request)
    for name, value in values.items():  # the row now holds these; keep the loaded object in step
        set_committed_value(request, name, value)


def _event(request, user, action, from_status=None, to_status=None, note=None):
    request.events.append(
        RequestEvent(
            user_id=user.id if user else None,
            action=action,
            from_status=from_status,
            to_status=to_status,
            note=(note or "").strip() or None,
        )
    )
    request.moved_at = utcnow()


# Who may do what is decided in webapp.permissions; these names stay for the callers of this module.
is_party = permissions.is_party
can_view = permissions.can_view_request
may_respond = permissions.can_respond_to_request


def visible_requests(user, *, status=None):
    query = (
        select(IntroductionRequest)
        .options(selectinload(IntroductionRequest.assignee))
        .order_by(IntroductionRequest.moved_at.desc(), IntroductionRequest.id.desc())
    )
    if not permissions.is_staff(user):
        mine = select(memberships.c.organisation_id).where(memberships.c.user_id == user.id)
        query = query.where(or_(IntroductionRequest.requester_id.in_(mine), IntroductionRequest.counterpart_id.in_(mine)))
    if status:
        query = query.where(IntroductionRequest.status == status)
    return query


def open_request_between(a_id, b_id):
    return db.session.scalar(
        select(IntroductionRequest).where(
            IntroductionRequest.status.in_(OPEN_REQUEST_STATUSES),
            or_(
                (IntroductionRequest.requester_id == a_id) & (IntroductionRequest.counterpart_id == b_id),
                (IntroductionRequest.requester_id == b_id) & (IntroductionRequest.counterpart_id == a_id),
            ),
        )
    )


def request_introduction(user, requester, counterpart, *, purpose, message, ambition, themes=(), languages=()):
    """A member of ``requester`` asks the MOT to introduce it to ``counterpart``."""
    if not permissions.can_request_introduction(user, requester):
        raise PermissionDenied(_("Vous ne représentez pas cette organisation."))
    errors = {}
    if requester.id == counterpart.id:
        errors["counterpart_id"] = _("Une organisation ne peut pas demander à se rencontrer elle-même.")
    for field, organisation in (("requester_id", requester), ("counterpart_id", counterpart)):
        if organisation.archived_at is not None:
            errors[field] = _("Cette organisation est archivée.")
    if ambition not in AMBITIONS:
        errors["ambition"] = _("Ambition inconnue.")
    if set(themes) - set(THEMES):
        errors["themes"] = _("Thème inconnu.")
    if set(languages) - set(LANGUAGES):
        errors["languages"] = _("Langue inconnue.")
    if not (purpose or "").strip():
        errors["purpose"] = _("Indiquez l'objet de la demande.")
    if not (message or "").strip():
        errors["message"] = _("Écrivez un message.")
    if errors:
        raise ValidationFailed(_("Certaines informations ne sont pas valides."), errors)
    existing = open_request_between(requester.id, counterpart.id)
    if existing is not None:
        raise DuplicateRequest(existing)
    low, high = sorted((requester.id, counterpart.id))
    request = IntroductionRequest(
        requester=requester,
        counterpart=counterpart,
        pair_low_id=low,
        pair_high_id=high,
        requested_by_id=user.id,
        purpose=purpose.strip()[:300],
        message=message.strip(),
        ambition=ambition,
        themes=sorted(set(themes)),
        languages=sorted(set(languages)),
        message_language=str(get_locale()),
    )
    # The check above races with a request sent at the same moment: the partial unique index settles it.
    insert_or_conflict(request, lambda: _request_refused(requester.id, counterpart.id))
    _event(request, user, "created", to_status="new")
    db.session.flush()
    notify([("staff", _staff())], request, "request_created")
    return request


def _request_refused(requester_id, counterpart_id):
    # Most often the twin that won the race; but another constraint may have refused the insert, or the
    # twin may have been closed since: then there is no request to point at.
    existing = open_request_between(requester_id, counterpart_id)
    if existing is not None:
        return DuplicateRequest(existing)
    return Conflict(_("La demande n'a pas pu être enregistrée : une autre modification est passée au même moment. Réessayez."))


def _require_staff(user):
    if not permissions.can_manage_request(user):
        raise PermissionDenied(_("Réservé aux facilitateurs de la MOT."))


def take(request, facilitator):
    _require_staff(facilitator)
    if request.assignee_id == facilitator.id:
        return request
    _claim_transition(
        request,
        where=[
            IntroductionRequest.assignee_id.is_(None)
            if request.assignee_id is None
            else IntroductionRequest.assignee_id == request.assignee_id
        ],
        values={"assignee_id": facilitator.id},
    )
    _event(request, facilitator, "assigned")  # who took it is the event's user, named at display time
    db.session.flush()
    return request


def _parties(request):
    """The requester's side (who asked, its members), the counterpart's side, and the facilitator in charge."""
    return [
        ("requester", [request.requested_by, *_members(request.requester)]),
        ("counterpart", _members(request.counterpart)),
        ("staff", [request.assignee]),
    ]


def move(request, facilitator, to_status, *, note=None):
    """Move the request on (new → in review → introduced → meeting held), or close it with a reason."""
    _require_staff(facilitator)
    if to_status == "cooperation_agreed":
        raise ValidationFailed(
            _("Enregistrez le résultat de la coopération pour conclure."), {"to_status": _("Utilisez le formulaire de résultat.")}
        )
    if to_status == request.status:  # done a moment ago, by someone else or a second click
        raise RequestMoved(request)
    if to_status not in REQUEST_STATUSES:
        raise ValidationFailed(_("Étape inconnue."), {"to_status": _("Étape inconnue.")})
    refusal = transition_refusal(request, to_status)
    if refusal:
        raise OutOfOrder(request, refusal)
    if to_status in CLOSING_STATUSES and not (note or "").strip():
        raise ValidationFailed(_("Indiquez la raison de la clôture."), {"note": _("La raison est obligatoire pour clore.")})
    previous = request.status
    values = {"status": to_status}
    if to_status == "introduced":
        values["introduced_at"] = utcnow()
    if to_status in CLOSING_STATUSES:
        values["closing_reason"] = note.strip()
    _claim_transition(request, where=[IntroductionRequest.status == previous], values=values)
    request.assignee_id = request.assignee_id or facilitator.id
    _event(request, facilitator, "status", previous, to_status, note)
    db.session.flush()
    notify(_parties(request), request, "request_status", status=to_status)
    return request


def record_outcome(request, facilitator, *, kind, year=None, note=None):
    """Close a request as "cooperation agreed"; the outcome becomes a tie in the graph."""
    _require_staff(facilitator)
    if request.status == "cooperation_agreed":  # done a moment ago, by someone else or a second click
        raise RequestMoved(request)
    refusal = outcome_refusal(request)
    if refusal:
        raise OutOfOrder(request, refusal, field="kind")
    if kind not in OUTCOME_KINDS:
        raise ValidationFailed(_("Type de résultat inconnu."), {"kind": _("Type de résultat inconnu.")})
    if year is not None and not TIE_YEAR_RANGE[0] <= year <= TIE_YEAR_RANGE[1]:
        raise ValidationFailed(_("Année invalide."), {"year": _("Année entre 1945 et 2100.")})
    previous = request.status
    # First the status, conditionally: of two outcomes recorded at once, one wins and the other writes nothing.
    _claim_transition(
        request,
        where=[IntroductionRequest.status == previous],
        values={
            "status": "cooperation_agreed",
            "outcome_kind": kind,
            "outcome_year": year,
            "outcome_note": (note or "").strip() or None,
        },
    )
    tie_kind = OUTCOME_TIES[kind]
    tie = find_tie(request.requester_id, request.counterpart_id, tie_kind)  # an earlier tie of that kind is kept as it is
    if tie is None:
        try:
            tie = add_tie(
                request.requester_id,
                request.counterpart_id,
                tie_kind,
                since_year=year,
                source=request_source(request.id),
                note=note,
                created_by=facilitator,
            )
        except Conflict:  # someone tied the pair at the same moment: that tie is the outcome's
            tie = find_tie(request.requester_id, request.counterpart_id, tie_kind)
    request.tie_id = tie.id
    # The outcome's kind as its code (phrased by the request page's ``event_note``), not in the facilitator's language.
    _event(request, facilitator, "status", previous, "cooperation_agreed", f"{kind}{f' ({year})' if year else ''}")
    db.session.flush()
    notify(_parties(request), request, "request_outcome", outcome_kind=kind)
    return request


def awaits_answer(request):
    return request.status in OPEN_REQUEST_STATUSES and request.counterpart_consent is None


def respond(request, user, *, accept, note=None):
    """The counterpart accepts or declines the introduction (a facilitator may record it for an unclaimed one)."""
    if not may_respond(user, request):
        raise PermissionDenied(
            _("Seuls les membres de l'organisation sollicitée répondent (ou la MOT si personne ne la représente).")
        )
    if request.counterpart_consent is not None:  # answered a moment ago
        raise RequestMoved(request)
    if not awaits_answer(request):
        raise OutOfOrder(
            request,
            _("Cette demande est « %(current)s » : elle n'attend plus de réponse.", current=REQUEST_STATUSES[request.status]),
            field="accept",
        )
    on_behalf = not user.is_member_of(request.counterpart)
    _claim_transition(
        request,
        where=[IntroductionRequest.counterpart_consent.is_(None)],
        values={"counterpart_consent": "accepted" if accept else "declined"},
    )
    # Stored as codes, phrased in the reader's language: "accepted_for" = the MOT recorded the answer for them.
    action = ("accepted" if accept else "declined") + ("_for" if on_behalf else "")
    _event(request, user, action, note=note)
    db.session.flush()
    notify(
        [("requester", [request.requested_by, *_members(request.requester)]), ("staff", [request.assignee])],
        request,
        "request_answered",
        accepted=bool(accept),
    )
    return request


def contacts_visible(request):
    """Each side's contact is shown to the other only once the counterpart has accepted (the requester asked)."""
    return request.counterpart_consent == "accepted"


def add_note(request, facilitator, text):
    _require_staff(facilitator)
    if not (text or "").strip():
        raise ValidationFailed(_("La note est vide."), {"text": _("Écrivez la note.")})
    request.notes.append(RequestNote(author_id=facilitator.id, text=text.strip()))
    db.session.flush()


def organisation_for_field(organisation_id, field):
    """The organisation a request body names in ``field``; a 422 on that field when there is none."""
    organisation = db.session.get(Organisation, organisation_id)
    if organisation is None:
        raise ValidationFailed(_("Organisation introuvable."), {field: _("Organisation introuvable.")})
    return organisation
