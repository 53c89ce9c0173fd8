"""Build the network graph from plain records, and keep it current one change at a time."""

import networkx as nx

from .funding import programmes_covering

__all__ = ["build_graph", "add_organisation", "remove_organisation", "add_tie", "remove_tie", "NODE_DEFAULTS"]

NODE_DEFAULTS = {
    "name": "", "country": None, "kind": "commune", "lat": None, "lon": None, "population": None,
    "labels": frozenset(), "themes": frozenset(), "languages": frozenset(), "status": "reference",
    "borders": (), "department": None, "admin1": None, "admin2": None, "covered_countries": (),
}
_SET_FIELDS = ("labels", "themes", "languages")


def _attributes(G, record):
    attrs = {key: record.get(key, default) for key, default in NODE_DEFAULTS.items()}
    attrs["lat"] = record.get("lat", record.get("latitude"))
    attrs["lon"] = record.get("lon", record.get("longitude"))
    for key in _SET_FIELDS:
        attrs[key] = frozenset(attrs[key] or ())
    attrs["borders"] = tuple(attrs["borders"] or ())
    attrs["covered_countries"] = tuple(attrs["covered_countries"] or ())
    attrs["programmes"] = programmes_covering(G, attrs)
    return attrs


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


def add_tie(G, a, b, kind, since_year=None):
    """Record a tie of ``kind`` between ``a`` and ``b`` (one edge per pair, holding every kind)."""
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
        ``longitude``/``lon``, ``population``, ``labels``, ``themes``, ``languages``, ``status``,
        ``borders``, ``department``, ``admin1``, ``admin2``, ``covered_countries``.
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
    for record in organisations:
        G.add_node(record["id"], **_attributes(G, record))
    for tie in ties:
        if tie["a"] in G and tie["b"] in G and tie["a"] != tie["b"]:
            add_tie(G, tie["a"], tie["b"], tie["kind"], tie.get("since_year"))
    return G
