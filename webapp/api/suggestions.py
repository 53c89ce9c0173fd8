import orjson
from flask import current_app
from flask_login import current_user

from ..permissions import organisation_view_key, view_key_sees_contact
from ..reasons import with_texts
from ..services import suggestions
from . import bp
from .schemas import BorderNetworkOut, FundingOut, GovernanceOut, PartnershipQuery, PartnersQuery, SuggestionQuery, SuggestionsOut
from .spec import operation


def _suggestion(card, suggestion, view_key):
    """One ``SuggestionOut`` document as plain dicts (what ``SuggestionsOut().dump`` gave, built directly:
    marshmallow cost more than the ranking; tests/webapp/test_fuzz.py checks responses against the schema)."""
    organisation = dict(card)
    if not view_key_sees_contact(view_key, card["id"]):
        del organisation["contact"]
    distance = suggestion["distance_km"]
    return {
        "organisation": organisation,
        "score": float(suggestion["score"]),
        "distance_km": None if distance is None else float(distance),
        "factors": suggestion["factors"],  # add_explanations made them for this document alone
    }


@bp.get("/organisations/<int:organisation_id>/suggestions")
@operation(
    summary="Counterparts across one border (?border=) or every border the organisation is near",
    query=SuggestionQuery,
    response=SuggestionsOut,
    errors=(404,),
)
def organisation_suggestions(organisation_id, query):
    options = {
        "border": query.get("border"),
        "radius_km": query["radius_km"],
        "limit": query["limit"],
        "themes": query.get("theme"),
        "only_registered": query["only_registered"],
    }

    view_key = organisation_view_key(current_user)

    def document(by_border):
        lists = [
            {"border": border, "suggestions": [_suggestion(card, s, view_key) for card, s in items]}
            for border, items in by_border.items()
        ]
        result = (
            {"organisation": organisation_id, **lists[0]}
            if options["border"]
            else {"organisation": organisation_id, "borders": lists}
        )
        # orjson: a tenth of the standard encoder's time on a ~30 kB document (same JSON, keys sorted as
        # Flask's provider sorts them, UTF-8 instead of \u escapes).
        return orjson.dumps(result, option=orjson.OPT_SORT_KEYS | orjson.OPT_APPEND_NEWLINE)

    # An unknown or archived organisation is not in the graph: counterparts() answers 404 (never memoised).
    body = suggestions.memoised_counterparts(organisation_id, view_key, options, document)
    return current_app.response_class(body, mimetype="application/json")


@bp.get("/governance")
@operation(
    summary="Governance instruments and nearby structures for a set of partners and an ambition",
    query=PartnershipQuery,
    response=GovernanceOut,
    errors=(404,),
)
def governance(query):
    result, partners, structures = suggestions.governance(list(dict.fromkeys(query["partners"])), query["ambition"])
    return {
        "partners": [partners[i] for i in result["partners"]],
        "borders": result["borders"],
        "ambition": result["ambition"],
        "instruments": [{**i, "reasons": with_texts(i["reasons"])} for i in result["instruments"]],
        "structures": [
            {"organisation": structures[s["node"]], "distance_km": s["distance_km"], "reasons": with_texts(s["reasons"])}
            for s in result["structures"]
        ],
    }


@bp.get("/funding")
@operation(
    summary="Interreg programmes covering every partner, and those covering some (with who is outside)",
    query=PartnersQuery,
    response=FundingOut,
    errors=(404,),
)
def funding(query):
    partner_ids = list(dict.fromkeys(query["partners"]))
    result, partners = suggestions.funding(partner_ids)
    return {"partners": [partners[i] for i in partner_ids], **result}


@bp.get("/borders/<code>/network")
@operation(
    summary="Network metrics of one border (staff): unconnected labelled towns, components, brokers, bridges",
    response=BorderNetworkOut,
    auth="staff",
    errors=(404,),
)
def border_network(code):
    network = suggestions.border_network(code)
    metrics, orgs = network["metrics"], network["organisations"]

    def brief(node):
        return {"id": node, "name": orgs[node].name if node in orgs else None}

    best = network["best"]
    return {
        "border": code,
        "nodes": metrics["nodes"],
        "ties": metrics["ties"],
        "components": metrics["components"],
        "isolated": len(metrics["isolated"]),
        "unconnected_labelled": [
            {
                **brief(n),
                "best_counterpart": brief(best[n]["node"]) if best[n] else None,
                "score": best[n]["score"] if best[n] else None,
            }
            for n in metrics["unconnected_labelled"]
        ],
        "brokers": [{**brief(n), "betweenness": b} for n, b in metrics["brokers"]],
        "bridges": [[brief(a), brief(b)] for a, b in metrics["bridges"]],
        "communities": [len(c) for c in metrics["communities"]],
    }
