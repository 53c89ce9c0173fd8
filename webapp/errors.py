"""Domain exceptions and the one error renderer (HTML pages and JSON bodies)."""

from flask import jsonify, render_template, request
from flask_babel import gettext as _
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
    status = 409
    code = "conflict"


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


def json_error(status, code, message, fields=None):
    response = jsonify({"error": {"code": code, "message": str(message), "fields": fields or {}}})
    response.status_code = status
    return response


_HTTP_CODES = {400: "bad_request", 401: "unauthorized", 403: "forbidden", 404: "not_found", 405: "method_not_allowed",
               409: "conflict", 413: "too_large", 422: "invalid", 429: "too_many_attempts", 500: "server_error"}


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


def render_error(status, message=None, fields=None, code=None):
    message = message or _messages().get(status, _("Erreur."))
    if wants_json():
        return json_error(status, code or _HTTP_CODES.get(status, "error"), message, fields)
    template = f"errors/{status}.html" if status in (403, 404, 500) else "errors/generic.html"
    return render_template(template, status=status, message=message), status


def register_error_handlers(app):
    @app.errorhandler(DomainError)
    def handle_domain_error(error):
        db.session.rollback()
        return render_error(error.status, error.message, error.fields, error.code)

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
