"""A facilitator's work: the borders they cover and what waits for them there (their home after login)."""

from flask_babel import gettext as _
from sqlalchemy import delete, or_, select, union

from domain import DEFAULT_BORDER, HOME_RECENT_ITEMS, OPEN_REQUEST_STATUSES

from ..errors import ValidationFailed
from ..extensions import db
from ..geo.borders import load_borders
from ..models import Claim, FacilitatorBorder, IntroductionRequest, Organisation, RequestEvent, Sheet, SheetBorder
from ..permissions import is_staff
from .borders import organisations_near
from .request_figures import dashboard_figures, is_stale


def covered_borders(user):
    """The codes of the borders ``user`` covers, in the border table's order."""
    codes = set(db.session.scalars(select(FacilitatorBorder.border).where(FacilitatorBorder.user_id == user.id)))
    return [b.code for b in load_borders() if b.code in codes]


def first_border(user):
    """Where the dashboard and the network open for ``user``: their first covered border, else the default."""
    covered = covered_borders(user) if user.is_authenticated else []
    return covered[0] if covered else DEFAULT_BORDER


def network_home(user):
    """Where the header's network link opens: a facilitator's first covered border; a member's own border with
    their town selected; anyone else the default border."""
    if user.is_authenticated and not is_staff(user):
        for organisation in sorted(user.organisations, key=lambda o: o.id):
            if organisation.archived_at is None and organisation.border_codes:
                return {"border": organisation.border_codes[0], "select": organisation.id}
    return {"border": first_border(user)}


def set_covered_borders(user, codes):
    """Replace the borders ``user`` covers; an unknown code is a 422 and nothing changes."""
    known = {b.code for b in load_borders()}
    unknown = sorted(set(codes) - known)
    if unknown:
        raise ValidationFailed(
            _("Frontière inconnue."), {"borders": _("Frontière inconnue : %(codes)s.", codes=", ".join(unknown))}
        )
    db.session.execute(delete(FacilitatorBorder).where(FacilitatorBorder.user_id == user.id))
    for code in sorted(set(codes)):
        db.session.add(FacilitatorBorder(user_id=user.id, border=code))
    db.session.flush()


def _union_near(codes):
    """A select of the ids of organisations near one of ``codes``."""
    return union(*(organisations_near(code) for code in codes)) if len(codes) > 1 else organisations_near(codes[0])


def _touching(codes):
    """Requests whose requester or counterpart is near one of ``codes`` (every request when ``codes`` is empty)."""
    if not codes:
        return ()
    near = _union_near(codes)
    return (or_(IntroductionRequest.requester_id.in_(near), IntroductionRequest.counterpart_id.in_(near)),)


def pending_claims(codes):
    """Claims waiting for a decision: those on organisations near the covered borders first, then the others."""
    claims = db.session.scalars(select(Claim).where(Claim.status == "pending").order_by(Claim.created_at, Claim.id)).all()
    if not codes:
        return claims
    near = set(db.session.scalars(_union_near(codes)))
    return sorted(claims, key=lambda c: c.organisation_id not in near)


def waiting_requests(codes):
    """Open requests on the covered borders (all when none is chosen): stale ones first, oldest movement first."""
    requests = db.session.scalars(
        select(IntroductionRequest)
        .where(IntroductionRequest.status.in_(OPEN_REQUEST_STATUSES), *_touching(codes))
        .order_by(IntroductionRequest.moved_at, IntroductionRequest.id)
    ).all()
    return sorted(requests, key=lambda r: not is_stale(r))


def recent_activity(codes, limit=HOME_RECENT_ITEMS):
    """The latest request events, organisations registered by people, and published sheets, near the covered borders."""
    events = db.session.scalars(
        select(RequestEvent)
        .join(IntroductionRequest, IntroductionRequest.id == RequestEvent.request_id)
        .where(*_touching(codes))
        .order_by(RequestEvent.at.desc(), RequestEvent.id.desc())
        .limit(limit)
    ).all()
    organisations = select(Organisation).where(Organisation.archived_at.is_(None), Organisation.status != "reference")
    if codes:
        organisations = organisations.where(Organisation.id.in_(_union_near(codes)))
    sheets = select(Sheet).where(Sheet.status == "published")
    if codes:
        sheets = sheets.where(Sheet.id.in_(select(SheetBorder.sheet_id).where(SheetBorder.border.in_(codes))))
    return {
        "events": events,
        "organisations": db.session.scalars(organisations.order_by(Organisation.created_at.desc()).limit(limit)).all(),
        "sheets": db.session.scalars(sheets.order_by(Sheet.published_at.desc()).limit(limit)).all(),
    }


def border_summary(code):
    """The dashboard's figures for ``code``, with the open requests and the labelled towns still without a tie."""
    figures = dashboard_figures(code)
    return dict(
        figures,
        open=sum(figures["by_status"][status] for status in OPEN_REQUEST_STATUSES),
        labelled_untied=sum(row["total"] - row["tied"] for row in figures["labelled"].values()),
    )


def home(user):
    """Everything the facilitator's home shows, for the borders ``user`` covers."""
    codes = covered_borders(user)
    names = {b.code: b.name for b in load_borders()}
    return {
        "borders": codes,
        "border_names": [names[code] for code in codes],
        "claims": pending_claims(codes),
        "requests": waiting_requests(codes),
        "figures": {code: border_summary(code) for code in codes},
        "recent": recent_activity(codes),
    }
