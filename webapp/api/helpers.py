"""Request parsing and serialisation shared by the API endpoints."""

from functools import wraps

from flask import abort, request
from flask_login import current_user
from werkzeug.datastructures import MultiDict

from ..errors import ValidationFailed


def json_body():
    """The request's JSON object, or a 400 with a clear message."""
    payload = request.get_json(silent=True)
    if not isinstance(payload, dict):
        raise ValidationFailed("Le corps de la requête doit être un objet JSON (Content-Type: application/json).")
    return payload


def as_formdata(payload):
    """JSON values as form data, so the API validates with the site's own forms."""
    data = MultiDict()
    for key, value in payload.items():
        if value is None:
            continue
        for item in value if isinstance(value, list) else [value]:
            data.add(key, item if isinstance(item, str) else str(item).lower() if isinstance(item, bool) else str(item))
    return data


def validate_form(form_class, payload, *, only=None):
    """Validate ``payload`` with a site form; unknown fields and field errors give a 422."""
    form = form_class(formdata=as_formdata(payload), meta={"csrf": False})
    allowed = set(form._fields) - {"submit", "csrf_token"}
    unknown = sorted(set(payload) - allowed)
    if unknown:
        raise ValidationFailed("Champs inconnus.", {name: "Champ inconnu." for name in unknown})
    names = only if only is not None else allowed
    form.validate()
    errors = {name: list(form[name].errors) for name in names if form[name].errors}
    if errors:
        raise ValidationFailed("Certaines informations ne sont pas valides.", errors)
    return form


def validate_query(form_class):
    """Validate the query string (repeated parameters kept) with a site form; a 422 names the bad ones."""
    form = form_class(request.args, meta={"csrf": False})
    unknown = sorted(set(request.args) - set(form._fields))
    if unknown:
        raise ValidationFailed("Paramètres inconnus.", {name: "Paramètre inconnu." for name in unknown})
    if not form.validate():
        raise ValidationFailed("Paramètres invalides.", {k: [str(m) for m in v] for k, v in form.errors.items()})
    return form


def token_required(view):
    @wraps(view)
    def wrapped(*args, **kwargs):
        if not current_user.is_authenticated:
            abort(401)
        return view(*args, **kwargs)

    return wrapped


def page_args(config):
    try:
        page = int(request.args.get("page", 1))
        per_page = int(request.args.get("per_page", config["PAGE_SIZE"]))
    except ValueError:
        raise ValidationFailed("Paramètres de pagination invalides.", {"page": "Entier attendu."}) from None
    if page < 1 or not 1 <= per_page <= config["API_MAX_PAGE_SIZE"]:
        raise ValidationFailed("Paramètres de pagination invalides.",
                               {"per_page": f"Entre 1 et {config['API_MAX_PAGE_SIZE']}; page à partir de 1."})
    return page, per_page


def organisation_json(organisation, *, private=False):
    data = {
        "id": organisation.id,
        "name": organisation.name,
        "name_local": organisation.name_local,
        "kind": organisation.kind,
        "country": organisation.country,
        "official_code": organisation.official_code,
        "department": organisation.department,
        "latitude": organisation.latitude,
        "longitude": organisation.longitude,
        "population": organisation.population,
        "labels": organisation.label_codes,
        "themes": organisation.theme_codes,
        "languages": list(organisation.languages or ()),
        "borders": organisation.border_codes,
        "description": organisation.description,
        "website": organisation.website,
        "status": organisation.status,
        "source": organisation.source,
        "licence": organisation.licence,
    }
    if private:
        data["contact"] = organisation.contact
    return data


def tie_json(tie):
    return {
        "id": tie.id,
        "organisations": [tie.organisation_a_id, tie.organisation_b_id],
        "kind": tie.kind,
        "since_year": tie.since_year,
        "source": tie.source,
        "note": tie.note,
    }
