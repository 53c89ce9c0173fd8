from flask import Blueprint

bp = Blueprint("alerts", __name__)

from . import views  # noqa: E402,F401
