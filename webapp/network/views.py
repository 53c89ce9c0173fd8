from flask import render_template, request

from ..geo.borders import load_borders
from ..vocab import COUNTRIES, LABELS, ORGANISATION_KINDS, STATUSES, THEMES, TIE_KINDS
from . import bp
from .forms import GraphQueryForm


@bp.route("/")
def explore():
    """The graph views; the page draws what GET /api/v1/graph returns for its URL's parameters."""
    form = GraphQueryForm(request.args)
    form.validate()
    vocabularies = {"countries": COUNTRIES, "kinds": ORGANISATION_KINDS, "labels": LABELS, "themes": THEMES,
                    "statuses": STATUSES, "tie_kinds": TIE_KINDS, "borders": {b.code: b.name_fr for b in load_borders()}}
    return render_template("network/explore.html", form=form,
                           vocabularies={k: {c: str(v) for c, v in d.items()} for k, d in vocabularies.items()})
