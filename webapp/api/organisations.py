from flask_babel import gettext as _
from flask_login import current_user

from ..errors import ValidationFailed
from ..extensions import db
from ..permissions import get_editable_organisation_or_403, get_organisation_or_404
from ..services import name_search, organisations
from . import bp
from .helpers import paginate
from .schemas import DirectoryQuery, NameList, NameQuery, OrganisationInput, OrganisationOut, OrganisationPage, OrganisationPatch
from .spec import operation


@bp.get("/organisations")
@operation(
    summary="The directory: search and filters, paginated (private contacts for members and staff)",
    query=DirectoryQuery,
    response=OrganisationPage,
)
def list_organisations(query):
    filters = {k: v for k, v in query.items() if k not in ("page", "per_page") and v}
    page = paginate(organisations.directory_query(**filters), query)
    return {"items": page.items, "page": page.page, "per_page": page.per_page, "total": page.total, "pages": page.pages}


@bp.get("/organisations/names")
@operation(
    summary="Organisations by part of their name, for autocomplete fields: best matches first, with what tells "
    "homonyms apart (country, department or region)",
    query=NameQuery,
    response=NameList,
)
def organisation_names(query):
    return {"items": [name_search.brief(o) for o in name_search.search(query["q"], query["limit"])]}


@bp.post("/organisations")
@operation(
    summary="Register an organisation (the caller becomes its first member)",
    body=OrganisationInput,
    response=OrganisationOut,
    status=201,
    auth="user",
    errors=(409,),
)
def create_organisation(body):
    organisation = organisations.create_organisation(body, member=current_user)
    db.session.commit()
    return organisation


@bp.get("/organisations/<int:organisation_id>")
@operation(summary="One organisation", response=OrganisationOut, errors=(404,))
def get_organisation(organisation_id):
    return get_organisation_or_404(organisation_id)


@bp.patch("/organisations/<int:organisation_id>")
@operation(
    summary="Change some fields (members and staff); the result must pass every rule",
    body=OrganisationPatch,
    response=OrganisationOut,
    auth="user",
    errors=(403, 404, 409),
)
def update_organisation(organisation_id, body):
    organisation = get_editable_organisation_or_403(organisation_id)
    if not body:
        raise ValidationFailed(_("Aucun champ à modifier."))
    organisations.update_organisation(organisation, body)
    db.session.commit()
    return organisation


@bp.delete("/organisations/<int:organisation_id>")
@operation(summary="Remove an organisation (members and staff)", auth="user", status=204, errors=(403, 404, 409))
def delete_organisation(organisation_id):
    organisation = get_editable_organisation_or_403(organisation_id)
    organisations.delete_organisation(organisation, by=current_user)  # archived when anything refers to it
    db.session.commit()
    return "", 204
