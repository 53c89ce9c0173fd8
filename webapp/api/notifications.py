"""The signed-in user's notifications (read state, phrased in the request's language) and claims."""

from flask_login import current_user

from ..extensions import db
from ..permissions import get_organisation_or_404, get_visible_claim_or_404
from ..services import claims as claims_service
from ..services import notifications as service
from . import bp
from .helpers import paginate
from .notification_schemas import (
    ClaimInput,
    ClaimList,
    ClaimOut,
    DecisionInput,
    NotificationPage,
    NotificationQuery,
    ReadInput,
    ReadOut,
)
from .spec import operation


@bp.get("/notifications")
@operation(
    summary="The signed-in user's notifications, newest first, with their read state and text",
    query=NotificationQuery,
    response=NotificationPage,
    auth="user",
)
def list_notifications(query):
    page = paginate(service.notifications_of(current_user, unread_only=bool(query.get("unread"))), query)
    return {
        "items": page.items,
        "page": page.page,
        "per_page": page.per_page,
        "pages": page.pages,
        "total": page.total,
        "unread": service.unread_count(current_user),
    }


@bp.post("/notifications/read")
@operation(
    summary="Mark notifications read: some by id (others' ids are ignored), or all", body=ReadInput, response=ReadOut, auth="user"
)
def read_notifications(body):
    marked = service.mark_read(current_user, None if body.get("all") else body["ids"])
    db.session.commit()
    return {"marked": marked, "unread": service.unread_count(current_user)}


@bp.post("/organisations/<int:organisation_id>/claims")
@operation(
    summary="Claim to represent an organisation (approved at once when the account's address is on its web domain)",
    body=ClaimInput,
    response=ClaimOut,
    status=201,
    auth="user",
    errors=(404, 409),
)
def create_claim(organisation_id, body):
    claim = claims_service.claim_organisation(get_organisation_or_404(organisation_id), current_user, **body)
    db.session.commit()
    return claim


@bp.get("/claims")
@operation(summary="The signed-in user's claims, newest first", response=ClaimList, auth="user")
def list_claims():
    return {"items": claims_service.claims_of(current_user)}


@bp.get("/claims/<int:claim_id>")
@operation(summary="One claim (the claimant's or, for staff, any)", response=ClaimOut, auth="user", errors=(404,))
def get_claim(claim_id):
    return get_visible_claim_or_404(claim_id)


@bp.post("/claims/<int:claim_id>/decision")
@operation(
    summary="Approve or reject a pending claim, with a reason sent to the claimant (staff)",
    body=DecisionInput,
    response=ClaimOut,
    auth="staff",
    errors=(404, 409),
)
def decide_claim(claim_id, body):
    claim = claims_service.decide_claim(
        get_visible_claim_or_404(claim_id), current_user, approve=body["approve"], reason=body.get("reason")
    )
    db.session.commit()
    return claim
