from urllib.parse import parse_qsl, urlencode, urlsplit

from flask import abort, current_app, flash, redirect, render_template, request, send_from_directory, url_for
from sqlalchemy import func, select

from ..extensions import db
from ..geo.borders import load_borders
from ..i18n import remember_language
from ..models import Organisation, OrganisationBorder, Tie
from . import bp
from .forms import LanguageForm


@bp.route("/")
def index():
    counts = dict(db.session.execute(select(OrganisationBorder.border, func.count()).group_by(OrganisationBorder.border)).all())
    totals = {
        "organisations": db.session.scalar(select(func.count()).select_from(Organisation)),
        "ties": db.session.scalar(select(func.count()).select_from(Tie)),
    }
    return render_template("main/index.html", borders=load_borders(), counts=counts, totals=totals)


@bp.route("/language", methods=["POST"])
def language():
    """The language switch: remembered in the session and, when signed in, on the account."""
    form = LanguageForm()
    if form.validate_on_submit():
        remember_language(form.lang.data)
        db.session.commit()
    else:
        flash(" ".join(e for errors in form.errors.values() for e in map(str, errors)), "error")
    return redirect(_same_site(form.next.data) or _same_site(request.referrer) or url_for("main.index"))


def _same_site(target):
    """The path (and query, less any ``lang``) of a page on this site; None for another host."""
    parts = urlsplit(target or "")
    if (
        not target
        or (parts.netloc and parts.netloc != request.host)
        or not parts.path.startswith("/")
        or parts.path.startswith("//")
    ):
        return None
    query = urlencode([(k, v) for k, v in parse_qsl(parts.query, keep_blank_values=True) if k != "lang"])
    return parts.path + (f"?{query}" if query else "")


# Front-end files from the npm registry (package.json), served by the app: no CDN at run time.
VENDOR_FILES = {
    "countries-50m.json": "world-atlas/countries-50m.json",
    "chart.umd.min.js": "chart.js/dist/chart.umd.min.js",
}


@bp.route("/vendor/<name>")
def vendor(name):
    if name not in VENDOR_FILES:
        abort(404)
    path = current_app.config["NODE_MODULES"] / VENDOR_FILES[name]
    return send_from_directory(path.parent, path.name, max_age=7 * 24 * 3600)
