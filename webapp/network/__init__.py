from flask import Blueprint

bp = Blueprint("network", __name__)

from . import views  # noqa: E402,F401
