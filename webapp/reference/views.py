from flask import abort, render_template

from ..extensions import db
from ..geo.borders import border_by_code, load_borders
from ..models import Instrument, Programme
from ..permissions import staff_required
from ..services import suggestions
from ..services.reference import browse
from . import bp


@bp.route("/borders/")
def borders():
    return render_template("reference/borders.html", borders=load_borders(), counts=browse.border_counts())


@bp.route("/borders/<code>")
def border(code):
    border = border_by_code(code) or abort(404)
    return render_template(
        "reference/border.html",
        border=border,
        instruments=browse.instruments_for_border(code),
        programmes=browse.programmes_for_border(code),
        structures=browse.structures_for_border(code),
        towns=browse.labelled_towns_near(code),
    )


@bp.route("/instruments/")
def instruments():
    return render_template("reference/instruments.html", instruments=browse.all_instruments())


@bp.route("/instruments/<code>")
def instrument(code):
    return render_template("reference/instrument.html", instrument=db.get_or_404(Instrument, code), borders=load_borders())


@bp.route("/programmes/")
def programmes():
    return render_template("reference/programmes.html", programmes=browse.all_programmes())


@bp.route("/programmes/<code>")
def programme(code):
    return render_template("reference/programme.html", programme=db.get_or_404(Programme, code))


@bp.route("/borders/<code>/network")
@staff_required
def border_network(code):
    border = border_by_code(code) or abort(404)
    return render_template("reference/network.html", border=border, network=suggestions.border_network(code))
