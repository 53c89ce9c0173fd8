from flask import abort, current_app, render_template, send_from_directory
from sqlalchemy import func, select

from ..extensions import db
from ..geo.borders import load_borders
from ..models import Organisation, OrganisationBorder, Tie
from . import bp


@bp.route("/")
def index():
    counts = dict(db.session.execute(select(OrganisationBorder.border, func.count()).group_by(OrganisationBorder.border)).all())
    totals = {
        "organisations": db.session.scalar(select(func.count()).select_from(Organisation)),
        "ties": db.session.scalar(select(func.count()).select_from(Tie)),
    }
    return render_template("main/index.html", borders=load_borders(), counts=counts, totals=totals)


# Front-end files from the npm registry (package.json), served by the app: no CDN at run time.
VENDOR_FILES = {
    "cytoscape.min.js": "cytoscape/dist/cytoscape.min.js",
    "layout-base.js": "layout-base/layout-base.js",
    "cose-base.js": "cose-base/cose-base.js",
    "cytoscape-fcose.js": "cytoscape-fcose/cytoscape-fcose.js",
    "topojson-client.min.js": "topojson-client/dist/topojson-client.min.js",
    "countries-50m.json": "world-atlas/countries-50m.json",
    "chart.umd.min.js": "chart.js/dist/chart.umd.min.js",
}


@bp.route("/vendor/<name>")
def vendor(name):
    if name not in VENDOR_FILES:
        abort(404)
    path = current_app.config["NODE_MODULES"] / VENDOR_FILES[name]
    return send_from_directory(path.parent, path.name, max_age=7 * 24 * 3600)
