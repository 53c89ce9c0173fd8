"""Introduction requests seen from above: stale ones, the daily digest, and a border's figures."""

from datetime import timedelta
from statistics import median

from flask import current_app
from sqlalchemy import or_, select

from domain import OPEN_REQUEST_STATUSES

from ..extensions import db
from ..models import IntroductionRequest, Tie
from ..models._common import utcnow
from ..vocab import REQUEST_STATUSES
from .borders import organisations_near
from .introductions import recipients
from .mail import queue_mail
from .notifications import staff_members, wants_mail
from .reference.browse import labelled_towns_near


def stale_requests(days=None):
    days = days if days is not None else current_app.config["REQUEST_STALE_DAYS"]
    return db.session.scalars(
        select(IntroductionRequest)
        .where(
            IntroductionRequest.status.in_(OPEN_REQUEST_STATUSES), IntroductionRequest.moved_at < utcnow() - timedelta(days=days)
        )
        .order_by(IntroductionRequest.moved_at)
    ).all()


def is_stale(request):
    return request.status in OPEN_REQUEST_STATUSES and request.moved_at < utcnow() - timedelta(
        days=current_app.config["REQUEST_STALE_DAYS"]
    )


def digest():
    """The daily digest: stale requests to facilitators, and to each party what waits for them."""
    stale = stale_requests()
    sent = {}
    if stale:
        items = [
            {
                "id": r.id,
                "requester": r.requester.name,
                "counterpart": r.counterpart.name,
                "status": r.status,
                "moved_on": f"{r.moved_at:%d/%m/%Y}",
            }
            for r in stale
        ]
        for user in filter(wants_mail, staff_members()):  # "never": the site only
            queue_mail("digest_stale", {"requests": items}, user=user)
            sent[user.email] = len(stale)
    waiting = db.session.scalars(
        select(IntroductionRequest).where(
            IntroductionRequest.status.in_(OPEN_REQUEST_STATUSES),
            IntroductionRequest.counterpart_consent.is_(None),
            IntroductionRequest.status != "new",
        )
    ).all()
    for request in waiting:
        for user in filter(wants_mail, request.counterpart.members):
            queue_mail(
                "digest_awaiting_answer",
                {
                    "requester": request.requester.name,
                    "counterpart": request.counterpart.name,
                    "purpose": request.purpose,
                    "request_id": request.id,
                },
                user=user,
            )
            sent[user.email] = sent.get(user.email, 0) + 1
    to_meet = db.session.scalars(
        select(IntroductionRequest).where(
            IntroductionRequest.status == "introduced", IntroductionRequest.counterpart_consent == "accepted"
        )
    ).all()
    for request in to_meet:
        for user in filter(wants_mail, recipients([request.requested_by, *request.requester.members])):
            queue_mail("digest_awaiting_meeting", {"counterpart": request.counterpart.name, "request_id": request.id}, user=user)
            sent[user.email] = sent.get(user.email, 0) + 1
    return {
        "stale": [r.id for r in stale],
        "awaiting_answer": [r.id for r in waiting],
        "awaiting_meeting": [r.id for r in to_meet],
        "emails": sent,
    }


def border_requests(border):
    """Requests whose requester or counterpart is near ``border``."""
    near = organisations_near(border)
    return db.session.scalars(
        select(IntroductionRequest).where(
            or_(IntroductionRequest.requester_id.in_(near), IntroductionRequest.counterpart_id.in_(near))
        )
    ).all()


def dashboard_figures(border, *, massif=None):
    """Requests, introductions, ties and labelled towns near ``border`` (labelled towns of ``massif`` only, if given)."""
    requests = border_requests(border)
    by_status = {status: sum(1 for r in requests if r.status == status) for status in REQUEST_STATUSES}
    delays = [(r.introduced_at - r.created_at).total_seconds() / 86400 for r in requests if r.introduced_at]
    near = organisations_near(border)
    # Ties people added (site, API, recorded outcomes), not those the reference loaders imported.
    rows = db.session.execute(
        select(Tie.created_at).where(
            or_(Tie.organisation_a_id.in_(near), Tie.organisation_b_id.in_(near)), Tie.created_by_id.is_not(None)
        )
    ).all()
    months = {}
    for (created,) in rows:
        key = f"{created:%Y-%m}"
        months[key] = months.get(key, 0) + 1
    labelled = {}
    for town, ties in labelled_towns_near(border):
        if massif and town.massif != massif:
            continue
        for label in town.trusted_label_codes:
            row = labelled.setdefault(label, {"total": 0, "tied": 0})
            row["total"] += 1
            row["tied"] += 1 if ties else 0
    return {
        "by_status": by_status,
        "median_days_to_introduction": round(median(delays), 1) if delays else None,
        "ties_per_month": dict(sorted(months.items())[-24:]),
        "requests": len(requests),
        "labelled": dict(sorted(labelled.items())),
    }
