from flask_login import current_user

from ..extensions import db
from ..permissions import get_editable_organisation_or_403, get_organisation_or_404, get_removable_tie_or_403
from ..services import ties
from . import bp
from .schemas import TieInput, TieList, TieOut
from .spec import operation


@bp.get("/organisations/<int:organisation_id>/ties")
@operation(summary="An organisation's ties (notes for members of either side and staff only)", response=TieList, errors=(404,))
def list_ties(organisation_id):
    organisation = get_organisation_or_404(organisation_id)
    return {"items": ties.ties_of(organisation.id)}


@bp.post("/organisations/<int:organisation_id>/ties")
@operation(
    summary="Tie the organisation to another (members and staff)",
    body=TieInput,
    response=TieOut,
    status=201,
    auth="user",
    errors=(403, 404, 409),
)
def create_tie(organisation_id, body):
    organisation = get_editable_organisation_or_403(organisation_id)
    tie = ties.add_tie(
        organisation.id,
        body["other_id"],
        body["kind"],
        since_year=body.get("since_year"),
        source=body.get("source"),
        note=body.get("note"),
        created_by=current_user,
    )
    db.session.commit()
    return tie


@bp.delete("/ties/<int:tie_id>")
@operation(summary="Remove a tie (members of either side and staff)", auth="user", status=204, errors=(403, 404))
def delete_tie(tie_id):
    tie = get_removable_tie_or_403(tie_id)
    ties.remove_tie(tie)
    db.session.commit()
    return "", 204
