"""JSON API v1: same rules and permissions as the site; every operation declared with ``spec.operation``."""

from flask import Blueprint, g, request
from flask_login import current_user

from ..extensions import csrf

bp = Blueprint("api", __name__)
csrf.exempt(bp)


@bp.before_request
def protect_session_writes():
    # Bearer-token calls carry no ambient credentials; browser-session writes must send the CSRF token.
    if request.method not in ("GET", "HEAD", "OPTIONS") and current_user.is_authenticated and not g.get("authenticated_by_token"):
        csrf.protect()


from . import (  # noqa: E402,F401
    alerts,
    auth,
    docs,
    events,
    graph,
    introductions,
    notifications,
    organisations,
    publications,
    reports,
    sheets,
    suggestions,
    ties,
)
