from flask import Blueprint

bp = Blueprint("facilitator", __name__)

from . import views  # noqa: E402,F401
