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
    # The factors as the rows of one array: weighted and summed down the rows, numpy adds the rows one
    # after the other in FACTORS' order, as a sum() of the weighted arrays would (the same floats, with
    # a few numpy calls instead of two per factor); the shown candidates' values are one column each.
    matrix = np.array([found.values[f] for f in FACTORS])
    used = [k for k, f in enumerate(FACTORS) if weights[f]]
    weighted = np.array([weights[FACTORS[k]] for k in used])[:, None] * (matrix if len(used) == len(FACTORS) else matrix[used])
    scores = weighted.sum(axis=0) / sum(weights.values())
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
    # The shown candidates' values read in one go (tolist gives the same floats as float()), and what
    # the explanations need of the query read once for all of them.
    shown = matrix[:, order].T.tolist()
    explainer = _Explainer(G, node, found, radius_km, weights)
    nodes = found.nodes
    return [
        {
            "node": nodes[i],
            "score": round(score, 4),
            "distance_km": round(km, 1),
            "factors": explainer.explain(i, dict(zip(FACTORS, value)), km, gap_km),
        }
        for i, score, km, gap_km, value in zip(
            order.tolist(),
            scores[order].tolist(),
            found.distances[order].tolist(),
            found.context["gap_km"][order].tolist(),
            shown,
        )
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


_RESPONSIVENESS = {"verified": "verified", "registered": "registered"}
# The order in which :meth:`_Explainer.explain` writes the factors; put back in FACTORS' order if that differs.
_EXPLAINED = (
    "distance", "proximity", "nearest", "continuity", "gravity", "size", "name", "language", "network",
    "partners_of_partners", "themes", "programme", "responsiveness",
)  # fmt: skip
_REORDER = None if _EXPLAINED == FACTORS else [_EXPLAINED.index(f) for f in FACTORS]


def _round4(value):
    """``round(value, 4)``; 0 and 1, the commonest values, are their own rounding (round() costs ~0.4 µs)."""
    return value if value == 0.0 or value == 1.0 else round(value, 4)


class _Explainer:
    """The explanations of one query's candidates: what depends on the query alone (the source's
    attributes, languages and ties, the radius, the nearest place, the weights) is read once, then
    :meth:`explain` gives each shown candidate's factors as codes and parameters."""

    def __init__(self, G, node, found, radius_km, weights):
        self.G, self.node, self.found = G, node, found
        self.cols = columns(G)
        self.adj = G._adj  # plain dicts: the adjacency views cost more than the look-ups
        self.source = G._node[node]
        self.spoken = self.cols.spoken_languages(G, node)
        self.radius = round(float(radius_km), 1) if radius_km % 1 else int(radius_km)
        self.nearest_km = _km(found.context["nearest_km"])
        self.weights = [weights[f] for f in _EXPLAINED]

    def explain(self, i, value, km, gap_km):
        """The factors of candidate ``i`` (``{"name", "value", "weight", "code", "params"}`` in FACTORS'
        order): ``value`` maps each factor to its value, ``km`` is the candidate's distance and ``gap_km``
        the gap between the two built-up areas (``found.context["gap_km"][i]``)."""
        G, node, adj, s = self.G, self.node, self.adj, self.source
        other = self.found.nodes[i]
        o = G._node[other]
        km_1 = round(km, 1)  # the distance as every sentence gives it
        gap = _km(gap_km)
        nearest = (
            ("nearest", {"km": km_1})
            if value["nearest"] >= 1
            else ("farther_than_nearest", {"km": km_1, "nearest_km": self.nearest_km})
            if o["kind"] != "cross_border_structure"
            else ("structure_not_a_place", {})
        )
        continuity = (
            ("continuity", {"gap_km": gap, "km": km_1}) if value["continuity"] > 0 else ("no_continuity", {"gap_km": gap})
        )
        population, other_population = s["population"], o["population"]
        gravity = (
            ("gravity" if value["gravity"] >= 0.5 else "gravity_weak", {"population": other_population, "km": km_1})
            if other_population
            else ("population_unknown", {})
        )
        size = (
            (
                "size_similar" if value["size"] >= 0.5 else "size_different",
                {"population": population, "other_population": other_population},
            )
            if population and other_population
            else ("population_unknown", {})
        )
        name = (
            ("name_mirror", {"name": s["name"], "other_name": o["name"]})
            if value["name"] > 0 and name_overlap(s["name"], o["name"]) > MIRROR_FLOOR
            else ("name_unrelated", {})
        )
        languages = sorted(self.spoken & self.cols.spoken_languages(G, other))
        language = ("language_shared", {"languages": languages}) if languages else ("language_none", {})
        around_node, around_other = adj[node], adj[other]
        common = [w for w in around_node if w in around_other]
        network = (
            ("common_partners", {"count": len(common), "names": _structure_or_partner_names(G, common)})
            if common
            else ("no_common_partner", {})
        )
        if value["partners_of_partners"] > 0:
            # The partners u of the paths node - u - v - other: those with a neighbour v tied to other.
            around = set(around_other) - {node}
            via = {u for u in around_node if u != other and not around.isdisjoint(adj[u])}
            partners = ("partners_of_partners", {"count": len(via), "names": _structure_or_partner_names(G, via)})
        else:
            partners = ("no_partners_of_partners", {})
        source_themes, other_themes = s["themes"], o["themes"]
        shared = sorted(source_themes & other_themes) if source_themes and other_themes else None
        themes = (
            ("themes_shared", {"themes": shared})
            if shared
            else ("themes_none", {})
            if source_themes and other_themes
            else ("themes_unknown", {})
        )
        both = s["programmes"] & o["programmes"]
        if both:
            programmes = self.cols.programmes
            both = sorted(both)
            cross = [programmes[c]["name"] for c in both if programmes[c]["kind"] != "transnational"]
            programme = (
                ("programme_cross_border", {"programmes": cross})
                if cross
                else ("programme_transnational", {"programmes": [programmes[c]["name"] for c in both]})
            )
        else:
            programme = ("programme_none", {})
        w = self.weights
        rows = [
            {"name": "distance", "value": _round4(value["distance"]), "weight": w[0], "code": "distance",
             "params": {"km": km_1, "radius_km": self.radius}},
            {"name": "proximity", "value": _round4(value["proximity"]), "weight": w[1], "code": "proximity",
             "params": {"km": km_1}},
            {"name": "nearest", "value": _round4(value["nearest"]), "weight": w[2], "code": nearest[0], "params": nearest[1]},
            {"name": "continuity", "value": _round4(value["continuity"]), "weight": w[3], "code": continuity[0],
             "params": continuity[1]},
            {"name": "gravity", "value": _round4(value["gravity"]), "weight": w[4], "code": gravity[0], "params": gravity[1]},
            {"name": "size", "value": _round4(value["size"]), "weight": w[5], "code": size[0], "params": size[1]},
            {"name": "name", "value": _round4(value["name"]), "weight": w[6], "code": name[0], "params": name[1]},
            {"name": "language", "value": _round4(value["language"]), "weight": w[7], "code": language[0],
             "params": language[1]},
            {"name": "network", "value": _round4(value["network"]), "weight": w[8], "code": network[0], "params": network[1]},
            {"name": "partners_of_partners", "value": _round4(value["partners_of_partners"]), "weight": w[9],
             "code": partners[0], "params": partners[1]},
            {"name": "themes", "value": _round4(value["themes"]), "weight": w[10], "code": themes[0], "params": themes[1]},
            {"name": "programme", "value": _round4(value["programme"]), "weight": w[11], "code": programme[0],
             "params": programme[1]},
            {"name": "responsiveness", "value": _round4(value["responsiveness"]), "weight": w[12],
             "code": _RESPONSIVENESS.get(o["status"], "not_registered"), "params": {}},
        ]  # fmt: skip
        return rows if _REORDER is None else [rows[k] for k in _REORDER]


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
    if value is None:  # ``{factor: value}`` of candidate ``i``, when the caller has not read them already
        value = {f: float(found.values[f][i]) for f in FACTORS}
    if km is None:  # the candidate's distance, when the caller has not read it already
        km = float(found.distances[i])
    return _Explainer(G, node, found, radius_km, weights).explain(i, value, km, found.context["gap_km"][i])
