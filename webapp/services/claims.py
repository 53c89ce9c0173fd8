"""Claiming an organisation ("Je représente cette organisation"), decided by a facilitator.

The claimant gives their function and, if they have one, an official address; the facilitators hear of
each new claim (in the site and by e-mail) and decide with a reason the claimant reads. An account whose
confirmed address is on the organisation's own web domain is approved at once (config
``CLAIM_AUTO_APPROVE_OFFICIAL_DOMAIN``). Once approved, the new member is told of the introduction
requests already waiting for the organisation's answer. One pending claim per user and organisation:
a partial unique index settles two clicks at once (the second is a ``ClaimPending``, a 409).
"""

from urllib.parse import urlsplit

from flask import current_app
from flask_babel import gettext as _
from sqlalchemy import func, select

from domain import CLAIM_REASON_MAX, CLAIM_ROLE_MAX, EMAIL_MAX, OPEN_REQUEST_STATUSES, PUBLIC_MAIL_DOMAINS

from .. import permissions
from ..errors import Conflict, PermissionDenied, ValidationFailed
from ..extensions import db
from ..models import Claim, IntroductionRequest
from ..models._common import utcnow
from .integrity import insert_or_conflict
from .notifications import notify, staff_members


class ClaimPending(Conflict):
    def __init__(self, claim):
        super().__init__(
            _("Votre demande pour cette organisation est déjà en attente."),
            {"organisation_id": _("Demande déjà en attente.")},
            existing=("claim", claim.id),
        )


def _domain(address):
    """``"Mairie@Ville-Delle.FR"`` -> ``"ville-delle.fr"``; None when there is none."""
    _, at, domain = (address or "").strip().lower().rpartition("@")
    return domain.rstrip(".") or None if at else None


def website_domain(website):
    """The host of an organisation's website without ``www.``: ``"https://www.delle.fr/mairie"`` -> ``"delle.fr"``."""
    if not website:
        return None
    text = website.strip().lower()
    host = urlsplit(text if "//" in text else f"//{text}").hostname or ""
    host = host.removeprefix("www.").rstrip(".")
    return host if "." in host else None


def auto_approval_domain(organisation):
    """The domain on which an account's address gets a claim approved at once, or None (none, or switched off)."""
    site = website_domain(organisation.website)
    if not current_app.config["CLAIM_AUTO_APPROVE_OFFICIAL_DOMAIN"] or site in PUBLIC_MAIL_DOMAINS:
        return None
    return site


def on_official_domain(email, organisation):
    """Whether ``email`` is on the organisation's own web domain (or a subdomain of it), never a public mailbox."""
    domain, site = _domain(email), website_domain(organisation.website)
    if not domain or not site or domain in PUBLIC_MAIL_DOMAINS or site in PUBLIC_MAIL_DOMAINS:
        return False
    return domain == site or domain.endswith(f".{site}")


def pending_claim(user, organisation):
    return db.session.scalar(
        select(Claim).where(Claim.organisation_id == organisation.id, Claim.user_id == user.id, Claim.status == "pending")
    )


def _validated(role, official_email, message):
    errors = {}
    role = (role or "").strip()
    if not role:
        errors["role"] = _("Indiquez votre fonction dans l'organisation.")
    elif len(role) > CLAIM_ROLE_MAX:
        errors["role"] = _("%(max)s caractères au plus.", max=CLAIM_ROLE_MAX)
    official_email = (official_email or "").strip().lower() or None
    if official_email and (len(official_email) > EMAIL_MAX or not _domain(official_email) or " " in official_email):
        errors["official_email"] = _("Adresse e-mail invalide.")
    if errors:
        raise ValidationFailed(_("Certaines informations ne sont pas valides."), errors)
    return role, official_email, (message or "").strip() or None


def claim_organisation(organisation, user, *, role, official_email=None, message=None):
    """``user`` asks to represent ``organisation``; approved at once on the organisation's domain (if configured)."""
    if organisation.archived_at is not None:
        raise ValidationFailed(_("Cette organisation est archivée."))
    if user.is_member_of(organisation):
        raise Conflict(_("Vous représentez déjà cette organisation."))
    role, official_email, message = _validated(role, official_email, message)
    existing = pending_claim(user, organisation)
    if existing is not None:
        raise ClaimPending(existing)
    claim = Claim(organisation=organisation, user=user, role=role, official_email=official_email, message=message)
    # The check above races with the same claim sent at the same moment: the partial unique index settles it.
    insert_or_conflict(claim, lambda: _claim_refused(user, organisation))
    if auto_approval_domain(organisation) and on_official_domain(user.email, organisation):
        _approve(claim, None, reason=None, auto=True)
    else:
        notify([("staff", staff_members())], "claim_submitted", claim=claim)
    db.session.flush()
    return claim


def _claim_refused(user, organisation):
    existing = pending_claim(user, organisation)
    if existing is not None:
        return ClaimPending(existing)
    return Conflict(_("La demande n'a pas pu être enregistrée : une autre modification est passée au même moment. Réessayez."))


def requests_waiting_for(organisation):
    """Open introduction requests to ``organisation`` that wait for its answer, oldest first."""
    return db.session.scalars(
        select(IntroductionRequest)
        .where(
            IntroductionRequest.counterpart_id == organisation.id,
            IntroductionRequest.status.in_(OPEN_REQUEST_STATUSES),
            IntroductionRequest.counterpart_consent.is_(None),
        )
        .order_by(IntroductionRequest.created_at)
    ).all()


def _approve(claim, facilitator, *, reason, auto=False):
    claim.status = "approved"
    claim.auto_approved = auto
    claim.decided_by = facilitator
    claim.decided_at = utcnow()
    claim.decision_reason = reason
    organisation = claim.organisation
    if not claim.user.is_member_of(organisation):
        organisation.members.append(claim.user)
    if organisation.status == "reference":
        organisation.status = "registered"
    waiting = requests_waiting_for(organisation)
    notify(
        [("claimant", [claim.user])],
        "claim_approved",
        claim=claim,
        reason=reason,
        waiting=len(waiting),
        auto_approved=auto,
    )
    if auto:
        notify([("staff", staff_members())], "claim_submitted", claim=claim, auto_approved=True)
    for request in waiting:  # each with its link, in the site; the approval's e-mail counts them
        notify([("counterpart", [claim.user])], "request_waiting", request=request, mail=False)


def decide_claim(claim, facilitator, *, approve, reason=None):
    """Approve (the user becomes a member; a reference organisation becomes registered) or reject, with a reason."""
    if facilitator is None or not permissions.can_decide_claim(facilitator, claim):
        raise PermissionDenied(_("Réservé aux facilitateurs de la MOT."))
    if claim.status != "pending":
        raise Conflict(_("Cette demande a déjà été traitée."))
    reason = (reason or "").strip() or None
    if reason and len(reason) > CLAIM_REASON_MAX:
        raise ValidationFailed(_("Motif trop long."), {"reason": _("%(max)s caractères au plus.", max=CLAIM_REASON_MAX)})
    if approve:
        _approve(claim, facilitator, reason=reason)
    else:
        claim.status = "rejected"
        claim.decided_by = facilitator
        claim.decided_at = utcnow()
        claim.decision_reason = reason
        notify([("claimant", [claim.user])], "claim_rejected", claim=claim, reason=reason)
    db.session.flush()
    return claim


def submitted_message(claim):
    """What the claimant reads once the claim is sent."""
    if claim.status == "approved":
        return _(
            "Vous représentez maintenant %(name)s : votre adresse est sur le domaine de l'organisation.",
            name=claim.organisation.name,
        )
    return _("Demande envoyée : un facilitateur de la MOT va la vérifier. Vous serez prévenu·e de sa décision.")


def pending_claims():
    return db.session.scalars(select(Claim).where(Claim.status == "pending").order_by(Claim.created_at)).all()


def pending_count():
    """How many claims wait for a facilitator (the desk's count)."""
    return db.session.scalar(select(func.count()).select_from(Claim).where(Claim.status == "pending"))


def claims_of(user):
    """``user``'s claims, newest first (their account page)."""
    return db.session.scalars(select(Claim).where(Claim.user_id == user.id).order_by(Claim.id.desc())).all()


def latest_claim(user, organisation):
    """``user``'s latest claim on ``organisation`` (the organisation page shows its state), or None."""
    if not user.is_authenticated:
        return None
    return db.session.scalar(
        select(Claim).where(Claim.organisation_id == organisation.id, Claim.user_id == user.id).order_by(Claim.id.desc()).limit(1)
    )
