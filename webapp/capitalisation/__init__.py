from flask import Blueprint

bp = Blueprint("capitalisation", __name__)

from . import publication_views, report_views, views  # noqa: E402,F401
