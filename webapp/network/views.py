from flask import render_template, request
from flask_login import current_user

from ..geo.borders import load_borders
from ..services import name_search
from ..services.network import whole_network_refusal
from ..vocab import COUNTRIES, LABELS, ORGANISATION_KINDS, STATUSES, THEMES, TIE_KINDS
from . import bp
from .forms import GraphQueryForm


@bp.route("/")
def explore():
    """The graph views; the page draws what GET /api/v1/graph returns for its URL's parameters."""
    form = GraphQueryForm(request.args)
    form.validate()
    # The page says why, instead of asking the API for a view it would refuse.
    refusal = whole_network_refusal(current_user) if not form.center.data and not form.border.data else None
    vocabularies = {
        "countries": COUNTRIES,
        "kinds": ORGANISATION_KINDS,
        "labels": LABELS,
        "themes": THEMES,
        "statuses": STATUSES,
        "tie_kinds": TIE_KINDS,
        "borders": {b.code: b.name for b in load_borders()},
    }
    return render_template(
        "network/explore.html",
        form=form,
        refusal=refusal,
        centre=name_search.brief_of(form.center.data),
        vocabularies={k: {c: str(v) for c, v in d.items()} for k, d in vocabularies.items()},
    )
