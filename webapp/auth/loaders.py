"""How Flask-Login finds the user: the session cookie, or an API bearer token."""

from flask import g, request
from flask_babel import lazy_gettext as _l

from ..extensions import db, login_manager
from ..models import User
from ..services.accounts import user_from_api_token

login_manager.login_view = "auth.login"
login_manager.login_message = _l("Connectez-vous pour accéder à cette page.")
login_manager.login_message_category = "info"


@login_manager.user_loader
def load_user(user_id):
    user = db.session.get(User, int(user_id))
    return user if user is not None and user.active else None


@login_manager.request_loader
def load_user_from_bearer(req):
    header = req.headers.get("Authorization", "")
    if not header.startswith("Bearer "):
        return None
    user = user_from_api_token(header[len("Bearer ") :].strip())
    if user is not None:
        g.authenticated_by_token = True
    return user


@login_manager.unauthorized_handler
def unauthorized():
    from flask import flash, redirect, url_for

    from ..errors import render_error, wants_json

    if wants_json():
        return render_error(401)
    from ..i18n import supported

    flash(login_manager.login_message, login_manager.login_message_category)
    # A language asked for on the URL stays on it: the login page and the page after it are in that language.
    lang = supported(request.args.get("lang"))
    return redirect(url_for("auth.login", next=request.full_path.rstrip("?"), lang=lang))
