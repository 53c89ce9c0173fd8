from flask import abort, jsonify
from flask_login import current_user

from ..extensions import db
from ..models import Tie
from ..organisations.forms import TieForm
from ..permissions import get_editable_organisation_or_403, get_organisation_or_404
from ..services import ties
from . import bp
from .helpers import json_body, tie_json, token_required, validate_form


@bp.get("/organisations/<int:organisation_id>/ties")
def list_ties(organisation_id):
    organisation = get_organisation_or_404(organisation_id)
    return jsonify({"items": [tie_json(t) for t in ties.ties_of(organisation.id)]})


@bp.post("/organisations/<int:organisation_id>/ties")
@token_required
def create_tie(organisation_id):
    organisation = get_editable_organisation_or_403(organisation_id)
    form = validate_form(TieForm, json_body())
    tie = ties.add_tie(organisation.id, int(form.other_id.data), form.kind.data, since_year=form.since_year.data,
                       source=form.source.data, note=form.note.data, created_by=current_user)
    db.session.commit()
    return jsonify(tie_json(tie)), 201


@bp.delete("/ties/<int:tie_id>")
@token_required
def delete_tie(tie_id):
    tie = db.get_or_404(Tie, tie_id)
    if not ties.can_remove_tie(current_user, tie):
        abort(403)
    ties.remove_tie(tie)
    db.session.commit()
    return "", 204
