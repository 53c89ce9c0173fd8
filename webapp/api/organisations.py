from flask import current_app, jsonify, request
from flask_login import current_user

from ..extensions import db
from ..organisations.forms import DirectoryFilterForm, OrganisationForm
from ..permissions import get_editable_organisation_or_403, get_organisation_or_404
from ..services import organisations
from ..errors import ValidationFailed
from . import bp
from .helpers import json_body, organisation_json, page_args, token_required, validate_form


def _can_see_private(organisation):
    return current_user.is_authenticated and current_user.can_edit(organisation)


@bp.get("/organisations")
def list_organisations():
    page_number, per_page = page_args(current_app.config)
    filters = {k: v for k, v in request.args.items() if k not in ("page", "per_page")}
    form = validate_form(DirectoryFilterForm, filters)
    page = db.paginate(organisations.directory_query(**form.filters()), page=page_number, per_page=per_page, error_out=False)
    return jsonify({
        "items": [organisation_json(o, private=_can_see_private(o)) for o in page.items],
        "page": page.page, "per_page": page.per_page, "total": page.total, "pages": page.pages,
    })


@bp.post("/organisations")
@token_required
def create_organisation():
    form = validate_form(OrganisationForm, json_body())
    organisation = organisations.create_organisation(form.values(), member=current_user)
    db.session.commit()
    return jsonify(organisation_json(organisation, private=True)), 201


@bp.get("/organisations/<int:organisation_id>")
def get_organisation(organisation_id):
    organisation = get_organisation_or_404(organisation_id)
    return jsonify(organisation_json(organisation, private=_can_see_private(organisation)))


@bp.patch("/organisations/<int:organisation_id>")
@token_required
def update_organisation(organisation_id):
    organisation = get_editable_organisation_or_403(organisation_id)
    changes = json_body()
    if not changes:
        raise ValidationFailed("Aucun champ à modifier.")
    merged = organisations.organisation_values(organisation) | changes
    form = validate_form(OrganisationForm, merged, only=set(changes))
    organisations.update_organisation(organisation, {name: form[name].data for name in changes})
    db.session.commit()
    return jsonify(organisation_json(organisation, private=True))


@bp.delete("/organisations/<int:organisation_id>")
@token_required
def delete_organisation(organisation_id):
    organisation = get_editable_organisation_or_403(organisation_id)
    organisations.delete_organisation(organisation)
    db.session.commit()
    return "", 204
