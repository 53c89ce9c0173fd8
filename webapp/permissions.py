"""Small permission helpers: role decorators and load-or-403 lookups."""

from functools import wraps

from flask import abort
from flask_login import current_user

from .extensions import db, login_manager
from .models import Organisation


def role_required(*roles):
    """Only users with one of ``roles``; anonymous users go to the login page (HTML) or get a 401 (JSON)."""

    def decorator(view):
        @wraps(view)
        def wrapped(*args, **kwargs):
            if not current_user.is_authenticated:
                return login_manager.unauthorized()
            if current_user.role not in roles:
                abort(403)
            return view(*args, **kwargs)

        return wrapped

    return decorator


staff_required = role_required("facilitator", "admin")
admin_required = role_required("admin")


def get_organisation_or_404(organisation_id):
    return db.get_or_404(Organisation, organisation_id)


def get_editable_organisation_or_403(organisation_id):
    organisation = get_organisation_or_404(organisation_id)
    if not current_user.is_authenticated:
        abort(401)
    if not current_user.can_edit(organisation):
        abort(403)
    return organisation
