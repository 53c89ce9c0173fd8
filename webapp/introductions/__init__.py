from flask import Blueprint

bp = Blueprint("introductions", __name__)

from . import views  # noqa: E402,F401
