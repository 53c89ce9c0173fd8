"""Claiming a reference organisation, decided by a facilitator."""

from flask_babel import gettext as _
from sqlalchemy import select

from ..errors import Conflict, ValidationFailed
from ..extensions import db
from ..models import Claim
from ..models._common import utcnow


def claim_organisation(organisation, user, message=None):
    if user.is_member_of(organisation):
        raise Conflict(_("Vous représentez déjà cette organisation."))
    pending = db.session.scalar(
        select(Claim).where(Claim.organisation_id == organisation.id, Claim.user_id == user.id, Claim.status == "pending")
    )
    if pending is not None:
        raise Conflict(_("Votre demande pour cette organisation est déjà en attente."))
    claim = Claim(organisation=organisation, user=user, message=(message or "").strip() or None)
    db.session.add(claim)
    db.session.flush()
    return claim


def decide_claim(claim, facilitator, *, approve):
    """Approve (the user becomes a member; a reference organisation becomes registered) or reject."""
    if claim.status != "pending":
        raise ValidationFailed(_("Cette demande a déjà été traitée."))
    claim.status = "approved" if approve else "rejected"
    claim.decided_by = facilitator
    claim.decided_at = utcnow()
    if approve:
        if not claim.user.is_member_of(claim.organisation):
            claim.organisation.members.append(claim.user)
        if claim.organisation.status == "reference":
            claim.organisation.status = "registered"
    db.session.flush()
    return claim


def pending_claims():
    return db.session.scalars(select(Claim).where(Claim.status == "pending").order_by(Claim.created_at)).all()
