"""Suggest counterparts across a border, each with the factors of its score.

The factors are computed by :mod:`graph.factors`; their default weights are fitted on real ties
(:mod:`graph.weights`). Each factor of a suggestion comes with an explanation as a code and its
parameters (``{"code": "distance", "params": {"km": 1.8, "radius_km": 50}}``): the webapp phrases
it in the reader's language.

The network factors are local indices (Adamic-Adar over two steps, L3 over three). Why not
personalised PageRank: local indices are exact and deterministic, and cheap enough for a 20 ms
answer on 500,000 ties, where a PageRank iteration over the whole graph per query is not. Shared
structures are caught by Adamic-Adar, since a structure is a node tied to each of its members.
"""

import math

import numpy as np

from domain import DEFAULT_LIMIT, DEFAULT_RADIUS_KM

from .columns import STATUS_VALUE, columns
from .exceptions import MissingPosition, NodeNotFound, NotNearBorder, UnknownBorder
from .factors import FACTORS, adamic_adar_from, candidate_factors
from .names import MIRROR_FLOOR, name_overlap
from .weights import DEFAULT_WEIGHTS, check_weights

__all__ = ["DEFAULT_WEIGHTS", "FACTORS", "adamic_adar_from", "explain_factors", "suggest_all_borders", "suggest_counterparts"]


def _other_side(G, attrs, border):
    neighbour = G.graph.get("borders", {}).get(border)
    if neighbour is None:
        raise UnknownBorder(code="unknown_border", border=border)
    if border not in attrs["borders"]:
        raise NotNearBorder(code="not_near_border", name=attrs["name"], border=border)
    if attrs["country"] == "FR":
        return neighbour
    if attrs["country"] == neighbour:
        return "FR"
    raise NotNearBorder(code="border_not_of_country", border=border, country=attrs["country"])


def checked_source(G, node, border):
    """The node's attributes and the other side's country, or the graph error that forbids the query."""
    if node not in G:
        raise NodeNotFound(node, code="node_not_found", node=node)
    attrs = G.nodes[node]
    other = _other_side(G, attrs, border)
    if attrs["lat"] is None or attrs["lon"] is None:
        raise MissingPosition(code="missing_position", name=attrs["name"])
    return attrs, other


def suggest_counterparts(
    G, node, border, *, radius_km=DEFAULT_RADIUS_KM, limit=DEFAULT_LIMIT, weights=None, themes=None, only_registered=False
):
    """Rank organisations across ``border`` as partners for ``node``.

    Candidates are the organisations of the other side of the border within ``radius_km``, and the
    cross-border structures covering that border nearby, minus those already tied to ``node``.

    Parameters
    ----------
    G : networkx.Graph
        From :func:`graph.build_graph`; ``G.graph["borders"]`` maps border codes to neighbours.
    node : hashable
        The organisation looking for partners; it must sit near ``border`` and have a position.
    border : str
        A border code such as ``"FR-CH"``.
    radius_km : float, default 50
    limit : int, default 10
    weights : mapping, optional
        Weight of each factor of :data:`graph.factors.FACTORS`; defaults to ``DEFAULT_WEIGHTS`` (read
        from the fitted weights file). Factors left out of a given mapping weigh 0; the score is
        divided by the sum of the weights.
    themes : iterable of str, optional
        Keep candidates sharing at least one of these themes.
    only_registered : bool, default False
        Keep registered and verified organisations only.

    Returns
    -------
    list of dict
        ``{"node", "score", "distance_km", "factors": [{"name", "value", "weight", "code", "params"}]}``,
        best first; equal scores are ordered by distance, then by node. ``code`` and ``params``
        explain the factor's value (see :func:`explain_factors`).

    Examples
    --------
    >>> from graph import build_graph
    >>> G = build_graph([
    ...     {"id": "saint-louis", "name": "Saint-Louis", "country": "FR", "lat": 47.59, "lon": 7.56, "borders": ["FR-CH"]},
    ...     {"id": "basel", "name": "Basel", "country": "CH", "lat": 47.56, "lon": 7.57, "status": "verified"},
    ...     {"id": "bern", "name": "Bern", "country": "CH", "lat": 46.95, "lon": 7.45},
    ... ], [], borders={"FR-CH": "CH"})
    >>> [s["node"] for s in suggest_counterparts(G, "saint-louis", "FR-CH")]
    ['basel']
    >>> [s["node"] for s in suggest_counterparts(G, "saint-louis", "FR-CH", radius_km=100)]
    ['basel', 'bern']
    """
    attrs, other = checked_source(G, node, border)
    weights = DEFAULT_WEIGHTS if weights is None else check_weights(weights)
    found = candidate_factors(G, node, border, radius_km=radius_km, other=other, attrs=attrs)
    scores = sum(weights[f] * found.values[f] for f in FACTORS if weights[f]) / sum(weights.values())
    excluded = found.excluded.copy()
    if only_registered:
        excluded |= found.columns["status"] < STATUS_VALUE["registered"]
    if themes:
        excluded |= (found.columns["themes"] & columns(G).theme_bits.mask(themes)) == 0
    eligible = np.flatnonzero(~excluded)
    if len(eligible) > limit:  # only the best scores need the full ordering
        threshold = np.partition(scores[eligible], -limit)[-limit]
        eligible = eligible[scores[eligible] >= threshold]
    order = eligible[np.lexsort((found.columns["rank"][eligible], found.distances[eligible], -scores[eligible]))][:limit]
    # Each factor's values for the shown candidates in one go (tolist gives the same floats as float()).
    shown = {f: found.values[f][order].tolist() for f in FACTORS}
    return [
        {
            "node": found.nodes[i],
            "score": round(score, 4),
            "distance_km": round(km, 1),
            "factors": explain_factors(G, node, found, int(i), radius_km, weights, {f: shown[f][k] for f in FACTORS}, km),
        }
        for k, (i, score, km) in enumerate(zip(order, scores[order].tolist(), found.distances[order].tolist()))
    ]


def suggest_all_borders(G, node, **kwargs):
    """``{border: suggestions}`` for every border the organisation sits near."""
    if node not in G:
        raise NodeNotFound(node, code="node_not_found", node=node)
    return {
        border: suggest_counterparts(G, node, border, **kwargs)
        for border in G.nodes[node]["borders"]
        if border in G.graph.get("borders", {})
    }


def _km(value):
    return None if value is None or math.isnan(value) else round(float(value), 1)


def _structure_or_partner_names(G, nodes):
    return sorted(G.nodes[w]["name"] or str(w) for w in nodes)[:3]


def explain_factors(G, node, found, i, radius_km, weights, value=None, km=None):
    """Each factor of candidate ``i`` of ``found`` (from :func:`graph.factors.candidate_factors`) as
    ``{"name", "value", "weight", "code", "params"}``: a code per case and the numbers and names
    (codes of themes, languages; names of places and programmes) a sentence needs.

    Examples
    --------
    >>> from graph import build_graph
    >>> from graph.factors import candidate_factors
    >>> G = build_graph([{"id": "a", "name": "Saint-Gingolph", "country": "FR", "lat": 46.392, "lon": 6.804, "borders": ["FR-CH"]},
    ...                  {"id": "b", "name": "Saint-Gingolph", "country": "CH", "lat": 46.39, "lon": 6.81}],
    ...                 [], borders={"FR-CH": "CH"})
    >>> found = candidate_factors(G, "a", "FR-CH", radius_km=50, other="CH", attrs=G.nodes["a"])
    >>> by_name = {f["name"]: f for f in explain_factors(G, "a", found, 0, 50, {f: 1.0 for f in FACTORS})}
    >>> by_name["distance"]["code"], by_name["distance"]["params"]
    ('distance', {'km': 0.5, 'radius_km': 50})
    >>> by_name["name"]["code"], by_name["name"]["params"]
    ('name_mirror', {'name': 'Saint-Gingolph', 'other_name': 'Saint-Gingolph'})
    """
    other = found.nodes[i]
    cols = columns(G)
    adj = G._adj  # plain dicts: the adjacency views cost more than the look-ups
    s, o = G._node[node], G._node[other]
    if value is None:  # ``{factor: value}`` of candidate ``i``, when the caller has not read them already
        value = {f: float(found.values[f][i]) for f in FACTORS}
    if km is None:  # the candidate's distance, when the caller has not read it already
        km = float(found.distances[i])
    km_1 = round(km, 1)  # the distance as every sentence gives it
    explained = {
        "distance": (
            "distance",
            {"km": km_1, "radius_km": round(float(radius_km), 1) if radius_km % 1 else int(radius_km)},
        ),
        "proximity": ("proximity", {"km": km_1}),
        "nearest": (
            ("nearest", {"km": km_1})
            if value["nearest"] >= 1
            else ("farther_than_nearest", {"km": km_1, "nearest_km": _km(found.context["nearest_km"])})
            if o["kind"] != "cross_border_structure"
            else ("structure_not_a_place", {})
        ),
    }
    if value["continuity"] > 0:
        explained["continuity"] = ("continuity", {"gap_km": _km(found.context["gap_km"][i]), "km": km_1})
    else:
        explained["continuity"] = ("no_continuity", {"gap_km": _km(found.context["gap_km"][i])})
    if o["population"]:
        explained["gravity"] = (
            "gravity" if value["gravity"] >= 0.5 else "gravity_weak",
            {"population": o["population"], "km": km_1},
        )
    else:
        explained["gravity"] = ("population_unknown", {})
    if s["population"] and o["population"]:
        explained["size"] = (
            "size_similar" if value["size"] >= 0.5 else "size_different",
            {"population": s["population"], "other_population": o["population"]},
        )
    else:
        explained["size"] = ("population_unknown", {})
    explained["name"] = (
        ("name_mirror", {"name": s["name"], "other_name": o["name"]})
        if value["name"] > 0 and name_overlap(s["name"], o["name"]) > MIRROR_FLOOR
        else ("name_unrelated", {})
    )
    languages = sorted(cols.spoken_languages(G, node) & cols.spoken_languages(G, other))
    explained["language"] = ("language_shared", {"languages": languages}) if languages else ("language_none", {})
    around_node, around_other = adj[node], adj[other]
    common = [w for w in around_node if w in around_other]
    explained["network"] = (
        ("common_partners", {"count": len(common), "names": _structure_or_partner_names(G, common)})
        if common
        else ("no_common_partner", {})
    )
    if value["partners_of_partners"] > 0:
        # The partners u of the paths node - u - v - other: those with a neighbour v tied to other.
        around = set(around_other) - {node}
        via = {u for u in around_node if u != other and not around.isdisjoint(adj[u])}
        explained["partners_of_partners"] = (
            "partners_of_partners",
            {"count": len(via), "names": _structure_or_partner_names(G, via)},
        )
    else:
        explained["partners_of_partners"] = ("no_partners_of_partners", {})
    shared = sorted(s["themes"] & o["themes"])
    explained["themes"] = (
        ("themes_shared", {"themes": shared})
        if shared
        else ("themes_none", {})
        if s["themes"] and o["themes"]
        else ("themes_unknown", {})
    )
    programmes = cols.programmes
    both = sorted(s["programmes"] & o["programmes"])
    cross = [programmes[c]["name"] for c in both if programmes[c]["kind"] != "transnational"]
    explained["programme"] = (
        ("programme_cross_border", {"programmes": cross})
        if cross
        else ("programme_transnational", {"programmes": [programmes[c]["name"] for c in both]})
        if both
        else ("programme_none", {})
    )
    explained["responsiveness"] = ({"verified": "verified", "registered": "registered"}.get(o["status"], "not_registered"), {})
    return [
        {"name": f, "value": round(value[f], 4), "weight": weights[f], "code": explained[f][0], "params": explained[f][1]}
        for f in FACTORS
    ]
