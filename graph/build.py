"""Build the network graph from plain records, and keep it current one change at a time."""

import networkx as nx

from .funding import programmes_covering

__all__ = ["build_graph", "add_organisation", "remove_organisation", "add_tie", "remove_tie"]


_EMPTY = frozenset()


def _attributes(G, record):
    get = record.get
    labels, themes, languages = get("labels"), get("themes"), get("languages")
    attrs = {
        "name": get("name", ""),
        "country": get("country"),
        "kind": get("kind", "commune"),
        "lat": get("lat", get("latitude")),
        "lon": get("lon", get("longitude")),
        "population": get("population"),
        "labels": frozenset(labels) if labels else _EMPTY,
        "themes": frozenset(themes) if themes else _EMPTY,
        "languages": frozenset(languages) if languages else _EMPTY,
        "status": get("status", "reference"),
        "borders": tuple(get("borders") or ()),
        "department": get("department"),
        "admin1": get("admin1"),
        "admin2": get("admin2"),
        "covered_countries": tuple(get("covered_countries") or ()),
        "legal_form": get("legal_form"),
        "code": get("code"),
        "massif": get("massif"),
        "border_km": _border_km(get("border_km")),
    }
    # Labels that count as labelled in the metrics (official or confirmed); all of them unless told.
    trusted = get("trusted_labels", labels)
    attrs["trusted_labels"] = attrs["labels"] if trusted == labels else frozenset(trusted or ())
    attrs["programmes"] = _programmes(G, attrs)
    return attrs


def _border_km(distances):
    # Distance to each border line in km, from the loader; None values (not measured) are left out.
    return {border: float(km) for border, km in distances.items() if km is not None} if distances else None


def _programmes(G, attrs):
    # Coverage depends on country, department and divisions only (plus position where an area has a box):
    # memoised per graph, it costs one lookup for most of 100,000 nodes.
    if attrs["country"] in G.graph.setdefault(
        "_countries_with_boxes", {a["country"] for p in G.graph.get("programmes", ()) for a in p["foreign_areas"] if "bbox" in a}
    ):
        return programmes_covering(G, attrs)
    key = (attrs["country"], attrs["department"], attrs["admin1"], attrs["admin2"])
    cache = G.graph.setdefault("_coverage", {})
    if key not in cache:
        cache[key] = programmes_covering(G, attrs)
    return cache[key]


def _touch(G):
    # Derived tables (graph.columns) compare this counter to know they are stale.
    G.graph["node_version"] = G.graph.get("node_version", 0) + 1


def add_organisation(G, record):
    """Add or refresh the node ``record["id"]`` (edges are kept); returns the node.

    Examples
    --------
    >>> G = build_graph([], [])
    >>> add_organisation(G, {"id": 7, "name": "Kehl", "country": "DE", "latitude": 48.57, "longitude": 7.82})
    7
    >>> G.nodes[7]["lat"], G.nodes[7]["country"]
    (48.57, 'DE')
    """
    node = record["id"]
    G.add_node(node, **_attributes(G, record))
    _touch(G)
    return node


def remove_organisation(G, node):
    """Remove a node and its edges; a missing node is ignored (the change may have been applied already)."""
    if node in G:
        G.remove_node(node)
        _touch(G)


def _forget_reach(G, *nodes):
    # graph.columns caches each structure's members and reach; a tie of theirs changed.
    cached = G.graph.get("columns")
    if cached is not None:
        for node in nodes:
            cached.structure_members.pop(node, None)


def add_tie(G, a, b, kind, since_year=None):
    """Record a tie of ``kind`` between ``a`` and ``b`` (one edge per pair, holding every kind)."""
    _forget_reach(G, a, b)
    if G.has_edge(a, b):
        data = G.edges[a, b]
        data["kinds"] = data["kinds"] | {kind}
        if since_year is not None and (data["since"] is None or since_year < data["since"]):
            data["since"] = since_year
    else:
        G.add_edge(a, b, kinds=frozenset({kind}), since=since_year)


def remove_tie(G, a, b, kind=None):
    """Remove one kind of tie between ``a`` and ``b`` (all kinds when ``kind`` is None)."""
    if not G.has_edge(a, b):
        return
    _forget_reach(G, a, b)
    kinds = G.edges[a, b]["kinds"] - ({kind} if kind is not None else G.edges[a, b]["kinds"])
    if kinds:
        G.edges[a, b]["kinds"] = kinds
    else:
        G.remove_edge(a, b)


def build_graph(organisations, ties, *, borders=None, programmes=(), instruments=()):
    """An undirected graph of organisations (nodes) and ties (edges).

    Parameters
    ----------
    organisations : iterable of mappings
        Each with ``id`` and any of: ``name``, ``country``, ``kind``, ``latitude``/``lat``,
        ``longitude``/``lon``, ``population``, ``labels``, ``trusted_labels`` (those that count as
        labelled in the metrics; ``labels`` when absent), ``themes``, ``languages``, ``status``,
        ``borders``, ``department``, ``admin1``, ``admin2``, ``covered_countries``, ``code`` (the official
        municipal code), ``border_km`` (``{border: km}``, distance to each border line).
    ties : iterable of mappings
        Each with ``a``, ``b``, ``kind`` and optionally ``since_year``. Ties to unknown nodes are ignored.
    borders : mapping, optional
        Border code -> neighbouring country, e.g. ``{"FR-CH": "CH"}``.
    programmes, instruments : sequences of mappings
        Curated reference records, kept in ``G.graph`` for the suggestion functions.

    Returns
    -------
    networkx.Graph

    Examples
    --------
    >>> G = build_graph([{"id": 1, "country": "FR"}, {"id": 2, "country": "DE"}],
    ...                 [{"a": 1, "b": 2, "kind": "twinning", "since_year": 1962}], borders={"FR-DE": "DE"})
    >>> G.edges[1, 2]["kinds"], G.edges[1, 2]["since"], G.graph["borders"]
    (frozenset({'twinning'}), 1962, {'FR-DE': 'DE'})
    """
    G = nx.Graph(borders=dict(borders or {}), programmes=list(programmes), instruments=list(instruments), node_version=0)
    G.add_nodes_from((record["id"], _attributes(G, record)) for record in organisations)

    def new_edges():
        # Streamed into add_edges_from, so has_edge sees the edges already added: a pair listed
        # again (another kind of tie) is merged into its edge instead of yielding a second one.
        for tie in ties:
            a, b = tie["a"], tie["b"]
            if a == b or a not in G or b not in G:
                continue
            if G.has_edge(a, b):
                add_tie(G, a, b, tie["kind"], tie.get("since_year"))
            else:
                yield a, b, {"kinds": frozenset((tie["kind"],)), "since": tie.get("since_year")}

    G.add_edges_from(new_edges())
    return G
