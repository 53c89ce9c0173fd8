from flask import Blueprint

bp = Blueprint("labels", __name__)

from . import views  # noqa: E402,F401
