"""A seeded synthetic network, as big as asked, for measuring the views at scale (``flask network synthetic``).

Every organisation is placed near a real place (an *anchor*: country, position, border), a few
kilometres away, so the network keeps the shape of the real border bands: countries along their
borders, nothing at sea far from a coast. Ties are mostly local (neighbours along the same border,
across it or not), a tenth between any two places of one border, and one pair never holds two ties.
"""

import numpy as np

__all__ = ["synthetic_network", "SYNTHETIC_TIE_KINDS"]

# How often each kind appears (organisations, statuses, ties): roughly the real data's mix.
_KINDS = {"commune": 0.9, "grouping": 0.04, "association": 0.04, "public_body": 0.02}
_STATUSES = {"reference": 0.9, "registered": 0.08, "verified": 0.02}
SYNTHETIC_TIE_KINDS = {"cooperation": 0.4, "joint_project": 0.25, "twinning": 0.2, "convention": 0.1, "membership": 0.05}
_FRENCH_LABELS = {"pvd": 0.05, "va": 0.03}  # share of French communes holding each
_JITTER_DEGREES = 0.03  # about 3 km: around the anchor, on its side of the border
_LOCAL_REACH = 150  # a local tie joins places at most this many rows apart along their border
_FAR_SHARE = 0.1

# Name parts per country (a first part and an ending), so names read as the country's places do.
_NAME_PARTS = {
    "FR": (
        ("Beau", "Mont", "Ville", "Roche", "Val", "Bois", "Saint-Martin", "Neuf", "Haute", "Grand", "Fontaine", "Clair"),
        ("court", "ville", "mont", "-sur-Meuse", "-les-Bains", "ac", "ay", "fort", "-le-Vieux", "champ", "lieu", "-en-Vosges"),
    ),
    "DE": (
        ("Ober", "Unter", "Neu", "Alt", "Wald", "Berg", "Kirch", "Rhein", "Schön", "Hohen", "Linden", "Stein"),
        ("dorf", "heim", "bach", "hausen", "weiler", "feld", "burg", "stadt", "au", "ingen", "tal", "hofen"),
    ),
    "CH": (
        ("Ober", "Nieder", "Wil", "Berg", "See", "Mont", "Villars", "Chêne", "Lau", "Rüti", "Grand", "Hinter"),
        ("dorf", "wil", "ikon", "-sur-Rolle", "berg", "-le-Lac", "ens", "ingen", "bach", "egg", "ier", "matt"),
    ),
    "BE": (
        ("Sint-", "Mont", "Oost", "Wester", "Beau", "Ronse", "Hoog", "Bois", "Neder", "Ville", "Zand", "Fontaine"),
        ("gem", "hem", "kerke", "-sur-Sambre", "ville", "rode", "beke", "mont", "-la-Neuve", "dinge", "aing", "ies"),
    ),
    "LU": (("Nieder", "Ober", "Ettel", "Dude", "Biwer", "Hesper"), ("ange", "bruck", "lange", "dorf", "scheid", "weiler")),
    "IT": (
        ("San ", "Monte", "Castel", "Borgo", "Villa", "Roc", "Pietra", "Valle", "Ponte", "Colle", "Santa ", "Rio"),
        ("franco", "nuovo", "vecchio", "lungo", "alto", "basso", "ella", "ino", " d'Aosta", "ona", "ano", "etto"),
    ),
    "ES": (
        ("San ", "Villa", "Puig", "Castel", "Torre", "Santa ", "Val", "Sant ", "Arro", "Ibar", "Olot", "Llan"),
        ("real", "nueva", "vell", "de Mar", "mayor", "ola", "ena", "ona", "uri", "eta", "del Riu", "gorri"),
    ),
}
_DEFAULT_PARTS = (("Nova", "Vila", "Porto", "Alto", "São ", "Bel"), ("lândia", "polis", "ville", "mar", "rio", "ão"))


def _choice(rng, weights, size):
    names = list(weights)
    p = np.asarray([weights[n] for n in names], dtype=float)
    return np.asarray(names, dtype=object)[rng.choice(len(names), size=size, p=p / p.sum())]


def _names(rng, countries):
    names = np.empty(len(countries), dtype=object)
    for country in sorted(set(countries)):
        rows = np.flatnonzero(countries == country)
        first, last = _NAME_PARTS.get(country, _DEFAULT_PARTS)
        a = rng.integers(len(first), size=len(rows))
        b = rng.integers(len(last), size=len(rows))
        names[rows] = [f"{first[i]}{last[j]}" for i, j in zip(a, b)]
    # Numbered like a hamlet of the same name, so every name is unique and readable.
    return [f"{name} {i + 1}" for i, name in enumerate(names)]


def _along_border(lat, lon, borders):
    """Row order by border, then along each border's longest axis (so nearby rows are nearby places)."""
    order = []
    for border in sorted(set(borders)):
        rows = np.flatnonzero(borders == border)
        axis = lat if np.ptp(lat[rows]) >= np.ptp(lon[rows]) else lon
        order.append(rows[np.argsort(axis[rows], kind="stable")])
    return np.concatenate(order) if order else np.empty(0, dtype=np.int64)


def _pairs(rng, order, borders, n_edges):
    """``n_edges`` distinct unordered pairs of rows: mostly neighbours along a border, some far apart on it."""
    n = len(order)
    if n < 2:
        return np.empty((0, 2), dtype=np.int64)
    # Where each border's rows start and end in ``order``, to keep far ties on one border.
    sorted_borders = borders[order]
    starts = {b: np.searchsorted(sorted_borders, b, side="left") for b in set(sorted_borders)}
    ends = {b: np.searchsorted(sorted_borders, b, side="right") for b in set(sorted_borders)}
    low = np.asarray([starts[b] for b in sorted_borders])
    high = np.asarray([ends[b] for b in sorted_borders])
    found = np.empty(0, dtype=np.int64)
    for attempt in range(100):
        missing = n_edges - len(found)
        if missing <= 0:
            break
        size = int(missing * 1.3) + 16
        i = rng.integers(n, size=size)
        step = rng.integers(1, _LOCAL_REACH + 1, size=size) * rng.choice((-1, 1), size=size)
        j = np.clip(i + step, low[i], high[i] - 1)
        # Later rounds (a crowded border, nearly every local pair taken) draw more far pairs.
        far = rng.random(size) < max(_FAR_SHARE, attempt / 10)
        j[far] = low[i[far]] + (rng.random(far.sum()) * (high[i[far]] - low[i[far]])).astype(np.int64)
        a, b = order[np.minimum(i, j)], order[np.maximum(i, j)]
        a, b = np.minimum(a, b), np.maximum(a, b)
        keys = (a * n + b)[a != b]
        merged = np.concatenate([found, keys])
        _, first = np.unique(merged, return_index=True)
        found = merged[np.sort(first)]  # first come first kept: the result depends on the seed only
    found = found[:n_edges]
    if len(found) < n_edges:
        raise ValueError(f"Only {len(found)} distinct pairs among {n} places; asked for {n_edges}.")
    return np.column_stack([found // n, found % n])


def synthetic_network(anchors, n_nodes, n_edges, *, seed=0, first_id=1):
    """Organisations and ties of a plausible network of ``n_nodes`` places and ``n_edges`` ties.

    Parameters
    ----------
    anchors : sequence of mappings
        Real places, each with ``country``, ``latitude``, ``longitude`` and ``border`` (and optionally
        ``distance_km``): every organisation sits a few kilometres from one of them, on its border.
    n_nodes, n_edges : int
        How many organisations and ties (every tie joins two distinct organisations, one tie a pair).
    seed : int
        The same seed gives the same network.
    first_id : int
        The first organisation's id (the others follow).

    Returns
    -------
    (organisations, ties) : lists of dicts
        Organisations with ``id``, ``name``, ``country``, ``kind``, ``latitude``, ``longitude``,
        ``population``, ``status``, ``labels``, ``borders`` and ``border_km``; ties with ``a`` < ``b``,
        ``kind`` and ``since_year``: the records :func:`graph.build_graph` takes.

    Examples
    --------
    >>> anchors = [{"country": "FR", "latitude": 47.59, "longitude": 7.56, "border": "FR-CH"},
    ...            {"country": "CH", "latitude": 47.56, "longitude": 7.59, "border": "FR-CH"}]
    >>> organisations, ties = synthetic_network(anchors, 40, 60, seed=1)
    >>> len(organisations), len(ties), len({(t["a"], t["b"]) for t in ties})
    (40, 60, 60)
    >>> synthetic_network(anchors, 40, 60, seed=1) == (organisations, ties)
    True
    """
    if not anchors:
        raise ValueError("No anchor places to put the network near.")
    if n_nodes < 0 or n_edges < 0 or n_edges > n_nodes * (n_nodes - 1) // 2:
        raise ValueError(f"Cannot draw {n_edges} distinct ties among {n_nodes} places.")
    rng = np.random.default_rng(seed)
    picked = rng.integers(len(anchors), size=n_nodes)
    country = np.asarray([anchors[i]["country"] for i in picked], dtype=object)
    border = np.asarray([anchors[i]["border"] for i in picked], dtype=object)
    _, per_border = np.unique(border.astype(str), return_counts=True)
    if n_edges > int((per_border * (per_border - 1) // 2).sum()):
        raise ValueError(f"Cannot draw {n_edges} distinct ties among {n_nodes} places (ties keep to one border).")
    distance = [anchors[i].get("distance_km") for i in picked]
    lat = np.asarray([anchors[i]["latitude"] for i in picked], dtype=float) + rng.normal(0, _JITTER_DEGREES, n_nodes)
    lon = np.asarray([anchors[i]["longitude"] for i in picked], dtype=float) + rng.normal(0, _JITTER_DEGREES, n_nodes)
    kind = _choice(rng, _KINDS, n_nodes)
    status = _choice(rng, _STATUSES, n_nodes)
    population = np.round(rng.lognormal(7, 1.3, n_nodes)).astype(int)
    draws = {code: rng.random(n_nodes) < share for code, share in _FRENCH_LABELS.items()}
    french_communes = (country == "FR") & (kind == "commune")
    names = _names(rng, country)
    organisations = [
        {
            "id": first_id + i,
            "name": names[i],
            "country": country[i],
            "kind": kind[i],
            "latitude": round(float(lat[i]), 5),
            "longitude": round(float(lon[i]), 5),
            "population": int(population[i]) if kind[i] == "commune" else None,
            "status": status[i],
            "labels": [code for code, drawn in draws.items() if french_communes[i] and drawn[i]],
            "borders": [border[i]],
            "border_km": {border[i]: distance[i]},
        }
        for i in range(n_nodes)
    ]
    pairs = _pairs(rng, _along_border(lat, lon, border), border, n_edges)
    tie_kind = _choice(rng, SYNTHETIC_TIE_KINDS, len(pairs))
    since = rng.integers(1950, 2026, size=len(pairs))
    dated = rng.random(len(pairs)) < 0.7
    ties = [
        {
            "a": first_id + int(a),
            "b": first_id + int(b),
            "kind": k,
            "since_year": int(year) if has_year else None,
        }
        for (a, b), k, year, has_year in zip(pairs.tolist(), tie_kind, since, dated)
    ]
    return organisations, ties
