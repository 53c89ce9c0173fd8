"""Small helpers shared by the API endpoints."""

from flask import current_app

from ..extensions import db


def paginate(query, args):
    """A page of ``query`` for loaded ``PageQuery`` arguments (page within int4, per_page within bounds)."""
    per_page = args.get("per_page") or current_app.config["PAGE_SIZE"]
    return db.paginate(query, page=args["page"], per_page=per_page, error_out=False)
