from flask import Blueprint

bp = Blueprint("capitalisation", __name__)

from . import attachments, funding, publication_views, report_views, views  # noqa: E402,F401
