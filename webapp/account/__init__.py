"""The signed-in person's own pages: their notifications (the notification centre) and their settings and claims."""

from flask import Blueprint

bp = Blueprint("account", __name__)

from . import views  # noqa: E402,F401
