from flask_login import current_user

from ..extensions import db
from ..permissions import get_visible_request_or_403
from ..services import introductions as service
from . import bp
from .helpers import paginate
from .schemas import ConsentInput, IntroductionInput, IntroductionOut, IntroductionPage, PageQuery, TransitionInput
from .spec import operation


@bp.get("/introductions")
@operation(
    summary="Introduction requests: one's own (members of either side), all (staff)",
    query=PageQuery,
    response=IntroductionPage,
    auth="user",
)
def list_introductions(query):
    page = paginate(service.visible_requests(current_user), query)
    return {"items": page.items, "page": page.page, "pages": page.pages, "total": page.total}


@bp.post("/introductions")
@operation(
    summary="Ask the MOT for an introduction (a member of the requester)",
    body=IntroductionInput,
    response=IntroductionOut,
    status=201,
    auth="user",
    errors=(403, 404, 409),
)
def create_introduction(body):
    requester = service.organisation_for_field(body["requester_id"], "requester_id")
    counterpart = service.organisation_for_field(body["counterpart_id"], "counterpart_id")
    created = service.request_introduction(
        current_user,
        requester,
        counterpart,
        purpose=body["purpose"],
        message=body["message"],
        ambition=body["ambition"],
        themes=body["themes"],
        languages=body["languages"],
    )
    db.session.commit()
    return created


@bp.get("/introductions/<int:request_id>")
@operation(
    summary="One request (contacts once the counterpart accepted; internal notes for staff)",
    response=IntroductionOut,
    auth="user",
    errors=(403, 404),
)
def get_introduction(request_id):
    return get_visible_request_or_403(request_id)


@bp.post("/introductions/<int:request_id>/consent")
@operation(
    summary="The counterpart accepts or declines",
    body=ConsentInput,
    response=IntroductionOut,
    auth="user",
    errors=(403, 404, 409),
)
def consent(request_id, body):
    found = get_visible_request_or_403(request_id)
    service.respond(found, current_user, accept=body["accept"], note=body.get("note"))
    db.session.commit()
    return found


@bp.post("/introductions/<int:request_id>/transitions")
@operation(
    summary="Staff: take the request, move it on, close it with a reason, or record the cooperation agreed",
    body=TransitionInput,
    response=IntroductionOut,
    auth="user",
    errors=(403, 404, 409),
)
def transition(request_id, body):
    found = get_visible_request_or_403(request_id)
    if body["to_status"] == "cooperation_agreed":
        service.record_outcome(found, current_user, kind=body.get("outcome_kind"), year=body.get("year"), note=body.get("note"))
    elif body["take"]:
        service.take(found, current_user)
    else:
        service.move(found, current_user, body["to_status"], note=body.get("note"))
    db.session.commit()
    return found
