"""Domain exceptions and the one error renderer (HTML pages and JSON bodies)."""

from flask import jsonify, render_template, request
from flask_babel import gettext as _
from sqlalchemy.exc import IntegrityError
from werkzeug.exceptions import HTTPException

from .extensions import db


class DomainError(Exception):
    """A rule of the domain refused the operation; nothing was changed."""

    status = 400
    code = "bad_request"

    def __init__(self, message, fields=None):
        super().__init__(str(message))
        self.message = str(message)
        self.fields = {k: [str(m) for m in (v if isinstance(v, (list, tuple)) else [v])] for k, v in (fields or {}).items()}


class ValidationFailed(DomainError):
    status = 422
    code = "invalid"


class NotFound(DomainError):
    status = 404
    code = "not_found"


class Conflict(DomainError):
    """Another record already holds what this change claims; ``existing`` names it (see ``existing_link``)."""

    status = 409
    code = "conflict"

    def __init__(self, message, fields=None, existing=None):
        super().__init__(message, fields)
        self.existing = existing  # (kind, id) as in _EXISTING_LINKS, or None


# Where a conflicting record lives, for the API and for the site.
_EXISTING_LINKS = {
    "introduction": ("/api/v1/introductions/{}", "/introductions/{}"),
    "organisation": ("/api/v1/organisations/{}", "/organisations/{}"),
    "organisation_ties": ("/api/v1/organisations/{}/ties", "/organisations/{}"),
    "claim": ("/api/v1/claims/{}", "/account#claims"),
    "alert": ("/api/v1/alerts/{}", "/alerts/"),
    "event": ("/api/v1/events/{}", "/events/{}"),
}


def existing_link(error, *, api):
    """The link to the record a ``Conflict`` collided with, or None."""
    existing = getattr(error, "existing", None)
    if not existing:
        return None
    api_path, site_path = _EXISTING_LINKS[existing[0]]
    return (api_path if api else site_path).format(existing[1])


class AuthenticationRequired(DomainError):
    status = 401
    code = "unauthorized"


class PermissionDenied(DomainError):
    status = 403
    code = "forbidden"


class TooManyAttempts(DomainError):
    status = 429
    code = "too_many_attempts"


def wants_json():
    if request.path.startswith("/api/"):
        return True
    best = request.accept_mimetypes.best_match(["application/json", "text/html"])
    return best == "application/json" and request.accept_mimetypes[best] > request.accept_mimetypes["text/html"]


def json_error(status, code, message, fields=None, existing=None):
    body = {"code": code, "message": str(message), "fields": fields or {}}
    if existing:
        body["existing"] = existing
    response = jsonify({"error": body})
    response.status_code = status
    return response


_HTTP_CODES = {
    400: "bad_request",
    401: "unauthorized",
    403: "forbidden",
    404: "not_found",
    405: "method_not_allowed",
    409: "conflict",
    413: "too_large",
    422: "invalid",
    429: "too_many_attempts",
    500: "server_error",
}


def _messages():
    return {
        400: _("La requête est invalide."),
        401: _("Connexion requise."),
        403: _("Vous n'avez pas accès à cette page."),
        404: _("Page introuvable."),
        405: _("Méthode non autorisée."),
        413: _("Le fichier envoyé est trop volumineux."),
        429: _("Trop de tentatives. Réessayez plus tard."),
        500: _("Une erreur inattendue est survenue. Elle a été enregistrée."),
    }


def render_error(status, message=None, fields=None, code=None, error=None):
    message = message or _messages().get(status, _("Erreur."))
    if wants_json():
        return json_error(status, code or _HTTP_CODES.get(status, "error"), message, fields, existing_link(error, api=True))
    template = f"errors/{status}.html" if status in (403, 404, 500) else "errors/generic.html"
    return render_template(template, status=status, message=message, existing=existing_link(error, api=False)), status


def register_error_handlers(app):
    @app.errorhandler(DomainError)
    def handle_domain_error(error):
        db.session.rollback()
        return render_error(error.status, error.message, error.fields, error.code, error)

    @app.errorhandler(IntegrityError)
    def handle_integrity_error(error):
        # A constraint refused a write the services' checks let through (two requests at once): 409, nothing kept.
        db.session.rollback()
        return render_error(
            409, _("Cet enregistrement existe déjà ou vient d'être modifié : rechargez la page."), code="conflict"
        )

    @app.errorhandler(HTTPException)
    def handle_http_error(error):
        message = error.description if error.code not in _messages() else None
        if error.code == 400 and error.description and "CSRF" in error.description:
            message = _("Le formulaire a expiré ou son jeton de sécurité manque. Rechargez la page et réessayez.")
        return render_error(error.code or 500, message)

    @app.errorhandler(500)
    def handle_server_error(error):
        db.session.rollback()
        return render_error(500)
