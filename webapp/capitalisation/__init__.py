from flask import Blueprint

bp = Blueprint("capitalisation", __name__)

from . import views  # noqa: E402,F401
