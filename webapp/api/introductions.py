from flask import abort, current_app, jsonify
from flask_login import current_user

from ..errors import ValidationFailed
from ..extensions import db
from ..models import IntroductionRequest
from ..services import introductions as service
from ..vocab import REQUEST_STATUSES
from . import bp
from .helpers import json_body, organisation_json, page_args, token_required


def _get(request_id):
    found = db.get_or_404(IntroductionRequest, request_id)
    if not service.can_view(current_user, found):
        abort(403)
    return found


def request_json(r):
    data = {
        "id": r.id, "status": r.status, "requester": organisation_json(r.requester), "counterpart": organisation_json(r.counterpart),
        "purpose": r.purpose, "ambition": r.ambition, "themes": r.themes, "languages": r.languages, "message": r.message,
        "assignee": r.assignee.name if r.assignee else None, "counterpart_consent": r.counterpart_consent,
        "closing_reason": r.closing_reason, "outcome": {"kind": r.outcome_kind, "year": r.outcome_year, "note": r.outcome_note,
                                                        "tie_id": r.tie_id} if r.outcome_kind else None,
        "created_at": r.created_at.isoformat(timespec="seconds"), "moved_at": r.moved_at.isoformat(timespec="seconds"),
        "events": [{"action": e.action, "from": e.from_status, "to": e.to_status, "note": e.note, "at": e.at.isoformat(timespec="seconds")}
                   for e in r.events],
        "contacts": None,
    }
    if service.contacts_visible(r):
        data["contacts"] = {side: {"contact": org.contact, "members": [{"name": m.name, "email": m.email} for m in org.members]}
                            for side, org in (("requester", r.requester), ("counterpart", r.counterpart))}
    if current_user.is_staff:
        data["internal_notes"] = [{"text": n.text, "at": n.created_at.isoformat(timespec="seconds")} for n in r.notes]
    return data


def _int(payload, name):
    value = payload.get(name)
    if not isinstance(value, int) or isinstance(value, bool):
        raise ValidationFailed("Informations invalides.", {name: "Identifiant (entier) attendu."})
    return value


@bp.get("/introductions")
@token_required
def list_introductions():
    page_number, per_page = page_args(current_app.config)
    page = db.paginate(service.visible_requests(current_user), page=page_number, per_page=per_page, error_out=False)
    return jsonify({"items": [request_json(r) for r in page.items], "page": page.page, "pages": page.pages, "total": page.total})


@bp.post("/introductions")
@token_required
def create_introduction():
    payload = json_body()
    requester = service.organisation_for_field(_int(payload, "requester_id"), "requester_id")
    counterpart = service.organisation_for_field(_int(payload, "counterpart_id"), "counterpart_id")
    try:
        created = service.request_introduction(
            current_user, requester, counterpart, purpose=str(payload.get("purpose") or ""), message=str(payload.get("message") or ""),
            ambition=payload.get("ambition", "joint_project"), themes=payload.get("themes") or [], languages=payload.get("languages") or [])
    except service.DuplicateRequest as error:
        body = {"error": {"code": error.code, "message": error.message, "fields": error.fields,
                          "existing": f"/api/v1/introductions/{error.existing_id}"}}
        return jsonify(body), 409
    db.session.commit()
    return jsonify(request_json(created)), 201


@bp.get("/introductions/<int:request_id>")
@token_required
def get_introduction(request_id):
    return jsonify(request_json(_get(request_id)))


@bp.post("/introductions/<int:request_id>/consent")
@token_required
def consent(request_id):
    found, payload = _get(request_id), json_body()
    if not isinstance(payload.get("accept"), bool):
        raise ValidationFailed("Réponse attendue.", {"accept": "true ou false."})
    service.respond(found, current_user, accept=payload["accept"], note=payload.get("note"))
    db.session.commit()
    return jsonify(request_json(found))


@bp.post("/introductions/<int:request_id>/transitions")
@token_required
def transition(request_id):
    found, payload = _get(request_id), json_body()
    to_status = payload.get("to_status")
    if to_status not in REQUEST_STATUSES:
        raise ValidationFailed("Étape inconnue.", {"to_status": f"Attendu : {', '.join(REQUEST_STATUSES)}."})
    if to_status == "cooperation_agreed":
        year = payload.get("year")
        if year is not None and not isinstance(year, int):
            raise ValidationFailed("Année invalide.", {"year": "Entier attendu."})
        service.record_outcome(found, current_user, kind=payload.get("outcome_kind"), year=year, note=payload.get("note"))
    elif payload.get("take"):
        service.take(found, current_user)
    else:
        service.move(found, current_user, to_status, note=payload.get("note"))
    db.session.commit()
    return jsonify(request_json(found))
