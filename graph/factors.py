"""The factors of a counterpart's score, each a value in [0, 1] for every candidate at once.

``candidate_factors`` gathers the candidates of one query (the other side of the border within the
radius, plus the cross-border structures nearby) and computes every factor as a numpy array, so
that :func:`graph.suggest_counterparts` ranks them and ``bench/fit_weights.py`` learns the weights
from the very same values. The factors:

distance
    ``1 - d / radius``.
proximity
    Closeness on a log scale, ``1 - log(d / 1 km) / log(radius / 1 km)``: 1 within a kilometre, 0 at
    the radius. With the gravity factor it lets the fit choose how fast a town's pull fades with
    distance (the weights of the two set the exponent of ``population / distance^k``).
nearest
    Closeness relative to the nearest place across the border, ``d_nearest / d``: a mountain
    village's partner is the next valley's village even 15 km away, where the absolute factors
    would count those 15 km as far.
continuity
    The two places form one agglomeration across the border: the gap between their built-up areas
    (an urban radius grows with the square root of the population) and between each and the border
    line, 1 when they touch, 0 from ``CONTINUITY_KM`` apart.
gravity
    The pull of a central town: ``population / distance²`` on a log scale, 1 for the strongest pull
    among the candidates, 0 for a pull ``GRAVITY_DECADES`` orders of magnitude weaker.
size
    Comparable populations (1 for equal, 0 from a ratio of 100).
name
    Names that mirror each other (:mod:`graph.names`).
language
    A language spoken on both sides (:mod:`graph.languages`).
network
    Adamic-Adar over shared neighbours (structures, common partners): ``1 - exp(-index)``.
partners_of_partners
    Paths of length three through real ties (a partner's partner's partner), the L3 index of
    Kovács et al. (2019), which suits networks where ties mostly join the two sides, as Interreg
    co-partnerships and twinnings do: ``sum 1 / sqrt(k_u k_v)`` over paths ``node-u-v-candidate``.
themes, programme, responsiveness
    Shared themes (Jaccard), a shared Interreg programme (1 cross-border, 0.5 transnational only)
    and how likely a contact answers.
"""

import math
from dataclasses import dataclass

import numpy as np

import domain

from .columns import FLOAT_COLUMNS, INT_COLUMNS, columns
from .geo import haversine_km_to
from .names import mirror_value, sketch_overlap
from .structures import structures_near

__all__ = [
    "CONTINUITY_KM",
    "FACTORS",
    "GRAVITY_DECADES",
    "CandidateFactors",
    "adamic_adar_from",
    "candidate_factors",
    "l3_from",
    "urban_radius_km",
]

FACTORS = domain.FACTORS
CONTINUITY_KM = 4.0
GRAVITY_DECADES = 2.0
_KM_PER_DEGREE = 111.2
_L3_MAX_DEGREE = 500  # a hub this large says little about any one of its partners, and costs a lot to walk


def adamic_adar_from(G, node):
    """Adamic-Adar index of ``node`` with every node two steps away: ``{other: index}``.

    Examples
    --------
    >>> import networkx as nx
    >>> G = nx.Graph([(1, 3), (2, 3), (3, 4)])
    >>> round(adamic_adar_from(G, 1)[2], 4) == round(1 / math.log(3), 4)
    True
    """
    adj = G._adj  # plain dicts, same order as G[...]: the adjacency views cost more than the walk
    scores = {}
    for middle in adj[node]:
        around = adj[middle]
        degree = len(around)
        if degree < 2:
            continue
        share = 1.0 / math.log(degree)
        for other in around:
            if other != node:
                scores[other] = scores.get(other, 0.0) + share
    return scores


def l3_from(G, node):
    """L3 index of ``node`` with the nodes three steps away: ``{other: sum of 1/sqrt(k_u k_v)}``
    over the paths ``node - u - v - other`` (hubs of more than 500 ties are not walked through).

    Examples
    --------
    >>> import networkx as nx
    >>> G = nx.Graph([("fr1", "de1"), ("de1", "fr2"), ("fr2", "de2")])  # fr1's partner de1 also works with fr2
    >>> round(l3_from(G, "fr1")["de2"], 4) == round(1 / math.sqrt(2 * 2), 4)
    True
    """
    adj = G._adj  # plain dicts, same order as G[...]
    scores = {}
    for u in adj[node]:
        around_u = adj[u]
        k_u = len(around_u)
        if k_u > _L3_MAX_DEGREE:
            continue
        for v in around_u:
            if v == node:
                continue
            around_v = adj[v]
            k_v = len(around_v)
            if k_v > _L3_MAX_DEGREE:
                continue
            share = 1.0 / math.sqrt(k_u * k_v)
            for other in around_v:
                if other != node and other != u:
                    scores[other] = scores.get(other, 0.0) + share
    return scores


def urban_radius_km(population):
    """Rough radius of a town's built-up area: 0.5 km per square root of a thousand inhabitants,
    at most 10 km (0.5 km when the population is unknown).

    Examples
    --------
    >>> float(urban_radius_km(1000)), float(urban_radius_km(100000)), float(urban_radius_km(np.nan))
    (0.5, 5.0, 0.5)
    """
    population = np.asarray(population, dtype=float)
    return np.where(np.isnan(population), 0.5, np.clip(0.5 * np.sqrt(np.nan_to_num(population) / 1000), 0.5, 10.0))


# The factors use ``array.clip(low, high)``, the method np.clip calls, without np.clip's dispatch (which
# cost three times the clipping itself on a few hundred candidates).


@dataclass
class CandidateFactors:
    """One query's candidates and their factor values (arrays aligned on ``nodes``)."""

    nodes: np.ndarray
    distances: np.ndarray
    values: dict
    columns: dict  # encoded candidate columns (rank, status, themes... see graph.columns)
    excluded: np.ndarray  # the node itself and the organisations already tied to it
    context: dict  # what the explanations need: border distances, name overlaps, index scores


def _candidates(cols, other, attrs, radius_km):
    """Rows of the other side's table within the radius: (table, row indices ascending, distances)."""
    table = cols.tables.get(other)
    if table is None:
        return None, np.empty(0, dtype=np.int64), np.empty(0)
    lat, lon = attrs["lat"], attrs["lon"]
    dlat = radius_km / _KM_PER_DEGREE
    dlon = radius_km / (_KM_PER_DEGREE * max(math.cos(math.radians(lat)), 0.01))
    band = table.band(lat - dlat, lat + dlat)
    rows = np.arange(band.start, band.stop)[np.abs(table.lon[band] - lon) <= dlon]
    distances = haversine_km_to(lat, lon, table.lat_rad[rows], table.lon_rad[rows], table.cos_lat[rows])
    keep = distances <= radius_km
    return table, rows[keep], distances[keep]


def _gather(G, cols, node, border, attrs, other, radius_km):
    """Candidate nodes (object array), their encoded columns, distances and border distances."""
    table, rows, distances = _candidates(cols, other, attrs, radius_km)
    if table is not None:
        nodes = table.nodes[rows]
        floats, ints = table.float_block[:, rows], table.int_block[:, rows]  # each column a row
        border_km = table.border_km.get(border)
        border_km = border_km[rows] if border_km is not None else np.full(len(rows), np.nan)
    else:
        nodes = np.empty(0, dtype=object)
        floats, ints = np.empty((len(FLOAT_COLUMNS), 0)), np.empty((len(INT_COLUMNS), 0), dtype=np.int64)
        border_km = np.empty(0)
    structures = [
        (s["node"], s["seat_km"])
        for s in structures_near(G, cols, [border], [(attrs["lat"], attrs["lon"])], radius_km, exclude={node})
    ]
    if structures:
        encoded = [cols.cached_row(G, s) | {"rank": cols.rank[s]} for s, _ in structures]
        for e in encoded:
            e["cross_border_programmes"] = e["programmes"] & cols.cross_border_programme_bits
        floats = np.concatenate([floats, np.array([[e[f] for e in encoded] for f in FLOAT_COLUMNS], dtype=float)], axis=1)
        ints = np.concatenate([ints, np.array([[e[f] for e in encoded] for f in INT_COLUMNS], dtype=np.int64)], axis=1)
        # The trailing None keeps numpy from turning tuple node ids into a 2-D array; it is sliced off.
        nodes = np.concatenate([nodes, np.array([s for s, _ in structures] + [None], dtype=object)[:-1]])
        distances = np.concatenate([distances, [d for _, d in structures]])
        border_km = np.concatenate([border_km, np.full(len(structures), np.nan)])
    candidates = dict(zip(FLOAT_COLUMNS, floats)) | dict(zip(INT_COLUMNS, ints))  # the rows of the blocks
    return table, rows, nodes, candidates, distances, border_km


def _index_values(index, scores):
    """``scores`` (``{node: score}``) as an array aligned on the candidates (``index``: node -> position)."""
    values = np.zeros(len(index))
    found = [(i, score) for i, score in ((index.get(other), score) for other, score in scores.items()) if i is not None]
    if found:
        at, score = zip(*found)
        values[list(at)] = score
    return values


def _continuity(r_source, r_candidates, distances, source_border_km, border_km, is_structure):
    """Gap in km between two built-up areas (radii ``r_source``, ``r_candidates``), and between each and
    the border; the factor's value."""
    # Unknown distances to the border: assume the border runs halfway between the two.
    source_gap = np.where(np.isnan(source_border_km), distances / 2, source_border_km) - r_source
    candidate_gap = np.where(np.isnan(border_km), distances / 2, border_km) - r_candidates
    gap = np.maximum.reduce([distances - r_source - r_candidates, source_gap, candidate_gap, np.zeros(len(distances))])
    value = np.where(is_structure, 0.0, (1 - gap / CONTINUITY_KM).clip(0, 1))
    return gap, value


def _urban_km(G, cols, table, rows, structures):
    """Urban radii of the candidates: the table's rows (computed once per table), then the structures
    (each computed once per table version, as the one element of an array, as the rows are)."""
    if table is None:
        radii = np.empty(0)
    else:
        if table.urban_km is None:
            table.urban_km = urban_radius_km(10**table.log_population)
        radii = table.urban_km[rows]
    if structures:
        kept = []
        for s in structures:
            row = cols.cached_row(G, s)
            r = row.get("structure_urban_km")
            if r is None:
                r = row["structure_urban_km"] = float(urban_radius_km(10 ** np.array([row["log_population"]]))[0])
            kept.append(r)
        radii = np.concatenate([radii, kept])
    return radii


def _relative_closeness(distances, is_structure):
    places = distances[~is_structure]
    nearest = max(float(places.min()), 0.5) if len(places) else 0.5
    return np.where(is_structure, 0.0, (nearest / np.maximum(distances, 0.5)).clip(0, 1))


def _gravity(candidates, distances, is_structure):
    pull = candidates["log_population"] - 2 * np.log10(np.maximum(distances, 1.0))
    pull = np.where(is_structure | np.isnan(pull), -np.inf, pull)
    finite = np.isfinite(pull)
    strongest = pull.max() if len(pull) and finite.any() else 0.0
    return np.where(finite, (1 - (strongest - pull) / GRAVITY_DECADES).clip(0, 1), 0.0)


def candidate_factors(G, node, border, *, radius_km, other, attrs):
    """Every candidate of ``node`` across ``border`` with the value of each factor.

    ``other`` is the other side's country and ``attrs`` the node's attributes, checked by the
    caller (:func:`graph.suggest_counterparts`, which documents the query).

    Examples
    --------
    >>> from graph import build_graph
    >>> G = build_graph([
    ...     {"id": "comines", "name": "Comines", "country": "FR", "lat": 50.762, "lon": 3.008, "population": 12000,
    ...      "borders": ["FR-BE"], "border_km": {"FR-BE": 0.3}},
    ...     {"id": "comines-be", "name": "Comines-Warneton", "country": "BE", "lat": 50.775, "lon": 3.0, "population": 18000,
    ...      "border_km": {"FR-BE": 0.5}},
    ...     {"id": "ieper", "name": "Ieper", "country": "BE", "lat": 50.85, "lon": 2.885, "population": 35000}],
    ...     [], borders={"FR-BE": "BE"})
    >>> found = candidate_factors(G, "comines", "FR-BE", radius_km=50, other="BE", attrs=G.nodes["comines"])
    >>> list(found.nodes), found.values["continuity"].tolist(), found.values["name"].tolist()
    (['comines-be', 'ieper'], [1.0, 0.0], [1.0, 0.0])
    """
    cols = columns(G)
    source = cols.cached_row(G, node)
    table, rows, nodes, candidates, distances, border_km = _gather(G, cols, node, border, attrs, other, radius_km)
    is_structure = np.arange(len(nodes)) >= len(rows)
    source_border_km = (attrs.get("border_km") or {}).get(border)
    source_border_km = np.nan if source_border_km is None else float(source_border_km)
    index = {n: i for i, n in enumerate(nodes.tolist())}  # candidate node -> position in the arrays
    aa = _index_values(index, adamic_adar_from(G, node))
    l3 = _index_values(index, l3_from(G, node))
    r_source = source.get("urban_km")
    if r_source is None:  # the source's row is kept per graph (graph.columns.cached_row): so is its radius
        r_source = source["urban_km"] = urban_radius_km(10 ** source["log_population"])
    r_candidates = _urban_km(G, cols, table, rows, nodes[len(rows) :].tolist())
    gap, continuity = _continuity(r_source, r_candidates, distances, source_border_km, border_km, is_structure)
    size = (1 - np.abs(candidates["log_population"] - source["log_population"]) / 2).clip(0, 1)
    union = np.bitwise_count(candidates["themes"] | source["themes"])
    shared_themes = np.bitwise_count(candidates["themes"] & source["themes"])
    overlap = sketch_overlap(
        source["name_starts"],
        source["name_rest"],
        source["name_size"],
        candidates["name_starts"],
        candidates["name_rest"],
        candidates["name_size"],
    )
    values = {
        "distance": (1 - distances / radius_km).clip(0, 1),
        "proximity": (1 - np.log(np.maximum(distances, 1.0)) / math.log(max(radius_km, 1.0 + 1e-9))).clip(0, 1),
        "nearest": _relative_closeness(distances, is_structure),
        "continuity": continuity,
        "gravity": _gravity(candidates, distances, is_structure),
        "size": np.where(np.isnan(size), 0.5, size),
        "name": np.where(is_structure, 0.0, mirror_value(overlap)),
        "language": ((candidates["languages"] & source["languages"]) != 0).astype(float),
        "network": 1 - np.exp(-aa),
        "partners_of_partners": 1 - np.exp(-l3),
        "themes": np.where(union > 0, shared_themes / np.maximum(union, 1), 0.0),
        "programme": np.where(
            (candidates["cross_border_programmes"] & source["programmes"]) != 0,
            1.0,
            np.where((candidates["programmes"] & source["programmes"]) != 0, 0.5, 0.0),
        ),
        "responsiveness": candidates["status"],
    }
    excluded = np.zeros(len(nodes), dtype=bool)
    excluded[[index[w] for w in (*G._adj[node], node) if w in index]] = True
    places = distances[~is_structure]
    context = {
        "source_border_km": source_border_km,
        "border_km": border_km,
        "gap_km": gap,
        "nearest_km": float(places.min()) if len(places) else None,
    }
    return CandidateFactors(nodes, distances, values, candidates, excluded, context)
