"""Counterpart, governance and funding suggestions, and border metrics, for the site and the API."""

from contextlib import contextmanager

from flask_babel import format_decimal, get_locale
from flask_babel import gettext as _
from sqlalchemy import bindparam, select

import graph as engine
from domain import DEFAULT_LIMIT, DEFAULT_RADIUS_KM, MAX_LIMIT, MAX_RADIUS_KM, MIN_LIMIT, MIN_RADIUS_KM

from ..errors import NotFound, ValidationFailed
from ..explanations import add_explanations, phrase_counterpart_error, phrasing, with_explanations
from ..extensions import db
from ..models import Organisation, OrganisationLabel
from ..reasons import phrase_graph_error
from .graph_bridge import committed_rows, current_graph, memoised, per_organisation


@contextmanager
def _domain_errors():
    """The engine's errors as the webapp's: unknown ids are 404s, impossible requests 422s."""
    try:
        yield
    except engine.NodeNotFound as error:
        raise NotFound(_("Organisation introuvable : %(id)s.", id=error.args[0])) from error
    except (engine.UnknownBorder, engine.NotNearBorder, engine.MissingPosition, engine.InvalidPartners) as error:
        raise ValidationFailed(phrase_counterpart_error(error) or phrase_graph_error(error)) from error


def _organisations(ids):
    found = {o.id: o for o in db.session.scalars(select(Organisation).where(Organisation.id.in_(set(ids))))}
    return found


def check_suggestion_parameters(radius_km, limit):
    errors = {}
    if not MIN_RADIUS_KM <= radius_km <= MAX_RADIUS_KM:
        errors["radius_km"] = _(
            "Rayon entre %(min)s et %(max)s km.", min=format_decimal(MIN_RADIUS_KM), max=format_decimal(MAX_RADIUS_KM)
        )
    if not MIN_LIMIT <= limit <= MAX_LIMIT:
        errors["limit"] = _("Nombre de suggestions entre %(min)s et %(max)s.", min=MIN_LIMIT, max=MAX_LIMIT)
    if errors:
        raise ValidationFailed(_("Paramètres invalides."), errors)


def _suggest(organisation_id, border, radius_km, limit, themes, only_registered, G=None):
    check_suggestion_parameters(radius_km, limit)
    G = G if G is not None else current_graph()
    options = dict(radius_km=radius_km, limit=limit, themes=themes or None, only_registered=only_registered)
    with _domain_errors():
        if border:
            return G, {border: engine.suggest_counterparts(G, organisation_id, border, **options)}
        return G, engine.suggest_all_borders(G, organisation_id, **options)


def counterparts(
    organisation_id, *, border=None, radius_km=DEFAULT_RADIUS_KM, limit=DEFAULT_LIMIT, themes=None, only_registered=False
):
    """``{border: [(organisation, suggestion)]}`` for one border or every border the organisation is near."""
    _G, by_border = _suggest(organisation_id, border, radius_km, limit, themes, only_registered)
    found = _organisations(s["node"] for suggestions in by_border.values() for s in suggestions)
    return {
        b: [(found[s["node"]], with_explanations(s)) for s in suggestions if s["node"] in found]
        for b, suggestions in by_border.items()
    }


# Built once (with an expanding "ids" parameter): building a statement cost more than running it.
_CARDS = select(
    Organisation.id,
    Organisation.name,
    Organisation.name_local,
    Organisation.kind,
    Organisation.country,
    Organisation.official_code,
    Organisation.department,
    Organisation.latitude,
    Organisation.longitude,
    Organisation.population,
    Organisation.massif,
    Organisation.languages,
    Organisation.description,
    Organisation.website,
    Organisation.status,
    Organisation.source,
    Organisation.licence,
    Organisation.contact,
).where(Organisation.id.in_(bindparam("ids", expanding=True)))
_CARD_LABELS = (
    select(
        OrganisationLabel.organisation_id,
        OrganisationLabel.label,
        OrganisationLabel.status,
        OrganisationLabel.source,
        OrganisationLabel.listed_on,
        OrganisationLabel.anct_id,
    )
    .where(OrganisationLabel.organisation_id.in_(bindparam("ids", expanding=True)))
    .order_by(OrganisationLabel.label)
)


def organisation_cards(G, ids):
    """``{id: card}``: each organisation as the API's ``OrganisationOut`` document, ``contact`` included
    (the caller removes it for viewers who may not see it, on a copy: cards are shared).

    A card is a function of its organisation's own rows, so the process keeps it until a change to that
    organisation comes through the change log (``graph_bridge.per_organisation``); the cards not kept
    are read by :func:`_read_cards`.
    """
    ids = set(ids)
    if not ids:
        return {}
    return per_organisation(sorted(ids), lambda missing: _read_cards(G, missing))


def _read_cards(G, ids):
    """At most two column queries, no ORM objects: themes and borders come from the graph's nodes (kept
    current through the change log, in the database's order), the labels' details from one query,
    only when one of them has labels. Both read committed rows, like the graph (``committed_rows``).
    """
    cards = {}
    # By primary key alone: the ids are graph nodes, and archived organisations are not in the graph
    # (a filter on archived_at let PostgreSQL's planner scan that index: 3 ms instead of 0.1).
    for row in committed_rows(_CARDS, {"ids": sorted(ids)}):
        card = row._asdict()
        card["languages"] = list(card["languages"] or ())
        node = G.nodes[row.id] if row.id in G else {}
        card["themes"] = sorted(node.get("themes", ()))
        card["borders"] = list(node.get("borders", ()))
        card["labels"], card["label_details"] = [], []
        cards[row.id] = card
    if any(G.nodes[i]["labels"] for i in cards if i in G):
        for row in committed_rows(_CARD_LABELS, {"ids": sorted(cards)}):
            card = cards[row.organisation_id]
            card["labels"].append(row.label)
            card["label_details"].append(
                {
                    "code": row.label,
                    "status": row.status,
                    "source": row.source,
                    "listed_on": row.listed_on.isoformat() if row.listed_on else None,
                    "anct_id": row.anct_id,
                }
            )
    return cards


def counterpart_cards(
    organisation_id,
    *,
    border=None,
    radius_km=DEFAULT_RADIUS_KM,
    limit=DEFAULT_LIMIT,
    themes=None,
    only_registered=False,
    graph=None,
):
    """:func:`counterparts` with each organisation as a plain card (:func:`organisation_cards`): the API's path.

    ``graph``: the process's graph when the caller has just brought it up to date."""
    G, by_border = _suggest(organisation_id, border, radius_km, limit, themes, only_registered, graph)
    found = organisation_cards(G, (s["node"] for suggestions in by_border.values() for s in suggestions))
    with phrasing():  # the suggestions were made for this call alone: explained in place
        return {
            b: [(found[s["node"]], add_explanations(s)) for s in suggestions if s["node"] in found]
            for b, suggestions in by_border.items()
        }


def memoised_counterparts(organisation_id, viewer, options, render):
    """``render(by_border)`` of :func:`counterpart_cards`, computed once per graph version, viewer and language.

    The suggestions page is read far more often than the network changes: the rendered document is
    kept until any change to organisations or ties reaches this process through the change log.
    ``viewer`` is what the caller may see of the organisations (``permissions.organisation_view_key``).
    """
    key = (
        "counterparts",
        organisation_id,
        viewer,
        str(get_locale()),
        tuple(sorted((k, tuple(v) if isinstance(v, list) else v) for k, v in options.items())),
    )
    return memoised(key, lambda G: render(counterpart_cards(organisation_id, **options, graph=G)))


def _partners(partner_ids):
    partner_ids = list(dict.fromkeys(partner_ids))
    found = _organisations(partner_ids)
    missing = [i for i in partner_ids if i not in found]
    if missing:
        raise NotFound(_("Organisation introuvable : %(id)s.", id=", ".join(map(str, missing))))
    return partner_ids, found


def governance(partner_ids, ambition):
    if ambition not in engine.AMBITION_LEVELS:
        raise ValidationFailed(
            _("Ambition inconnue."), {"ambition": _("Attendu : %(codes)s.", codes=", ".join(engine.AMBITION_LEVELS))}
        )
    partner_ids, found = _partners(partner_ids)
    with _domain_errors():
        result = engine.suggest_governance(current_graph(), partner_ids, ambition)
    structures = _organisations(s["node"] for s in result["structures"])
    return result, found, structures


def funding(partner_ids):
    partner_ids, found = _partners(partner_ids)
    with _domain_errors():
        return engine.eligible_programmes(current_graph(), partner_ids), found


def partnership(partner_ids, ambition):
    """Governance and funding for one set of partners (the site's partnership page)."""
    result, found, structures = governance(partner_ids, ambition)
    with _domain_errors():
        return {
            "governance": (result, found, structures),
            "funding": engine.eligible_programmes(current_graph(), result["partners"]),
        }


def _border_figures(G, border, massif):
    """The metrics of ``border`` and each unconnected labelled town's best counterpart (plain data)."""
    metrics = engine.border_metrics(G, border, seed=0)
    if massif:
        metrics["unconnected_labelled"] = [t for t in metrics["unconnected_labelled"] if G.nodes[t]["massif"] == massif]
    best = {}
    for town_id in metrics["unconnected_labelled"]:
        try:
            suggestions = engine.suggest_counterparts(G, town_id, border, limit=1)
        except engine.GraphError:  # e.g. a town without coordinates
            suggestions = []
        best[town_id] = suggestions[0] if suggestions else None
    return metrics, best


def border_network(border, *, massif=None):
    """Metrics of one border's network, each unconnected labelled town with its best counterpart,
    and the organisations those name (``organisations``: id -> Organisation).

    ``massif`` keeps only the unconnected towns of that mountain massif (the Commissariats de massif' view).
    """
    if border not in current_graph().graph["borders"]:
        raise NotFound(_("Frontière inconnue : %(border)s.", border=border))
    # Plain data, a function of the graph alone: kept until the graph changes (seconds on a large border).
    metrics, best = memoised(("border_network", border, massif), lambda G: _border_figures(G, border, massif))
    named = set(metrics["unconnected_labelled"]) | {s["node"] for s in best.values() if s}
    named |= {n for n, _ in metrics["brokers"]} | {n for edge in metrics["bridges"] for n in edge}
    return {"metrics": metrics, "best": best, "organisations": _organisations(named)}
