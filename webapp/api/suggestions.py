from flask import jsonify

from ..organisations.forms import PartnershipForm, SuggestionFilterForm
from ..permissions import get_organisation_or_404, staff_required
from ..services import suggestions
from . import bp
from .helpers import organisation_json, validate_query


def _suggestion_json(organisation, suggestion):
    return {"organisation": organisation_json(organisation), "score": suggestion["score"],
            "distance_km": suggestion["distance_km"], "factors": suggestion["factors"]}


@bp.get("/organisations/<int:organisation_id>/suggestions")
def organisation_suggestions(organisation_id):
    organisation = get_organisation_or_404(organisation_id)
    options = validate_query(SuggestionFilterForm).options()
    by_border = suggestions.counterparts(organisation.id, **options)
    lists = [{"border": border, "suggestions": [_suggestion_json(o, s) for o, s in items]} for border, items in by_border.items()]
    if options["border"]:
        return jsonify({"organisation": organisation.id, **lists[0]})
    return jsonify({"organisation": organisation.id, "borders": lists})


@bp.get("/governance")
def governance():
    form = validate_query(PartnershipForm)
    result, partners, structures = suggestions.governance(form.partner_ids(), form.ambition.data or "joint_project")
    return jsonify({
        "partners": [organisation_json(partners[i]) for i in result["partners"]],
        "borders": result["borders"], "ambition": result["ambition"], "instruments": result["instruments"],
        "structures": [{"organisation": organisation_json(structures[s["node"]]), "distance_km": s["distance_km"],
                        "reasons": s["reasons"]} for s in result["structures"]],
    })


@bp.get("/funding")
def funding():
    form = validate_query(PartnershipForm)
    result, partners = suggestions.funding(form.partner_ids())
    return jsonify({"partners": [organisation_json(partners[i]) for i in form.partner_ids()], **result})


@bp.get("/borders/<code>/network")
@staff_required
def border_network(code):
    network = suggestions.border_network(code)
    metrics, orgs = network["metrics"], network["organisations"]

    def brief(node):
        return {"id": node, "name": orgs[node].name if node in orgs else None}

    return jsonify({
        "border": code, "nodes": metrics["nodes"], "ties": metrics["ties"], "components": metrics["components"],
        "isolated": len(metrics["isolated"]),
        "unconnected_labelled": [{**brief(n), "best_counterpart": brief(network["best"][n]["node"]) if network["best"][n] else None,
                                  "score": network["best"][n]["score"] if network["best"][n] else None}
                                 for n in metrics["unconnected_labelled"]],
        "brokers": [{**brief(n), "betweenness": b} for n, b in metrics["brokers"]],
        "bridges": [[brief(a), brief(b)] for a, b in metrics["bridges"]],
        "communities": [len(c) for c in metrics["communities"]],
    })
