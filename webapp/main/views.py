from flask import render_template
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
