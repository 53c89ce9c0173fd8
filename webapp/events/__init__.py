"""The resource centre: the MOT's events (with registration and iCal feeds) and publications."""

from flask import Blueprint

bp = Blueprint("events", __name__)

from . import views  # noqa: E402,F401
