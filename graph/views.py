"""What the graph views draw: the nodes and edges of an ego, border or whole-network view."""

import csv
import io

import networkx as nx

from .counterparts import suggest_all_borders
from .exceptions import GraphError, NodeNotFound, UnknownBorder
from .metrics import has_cross_border_tie

__all__ = ["ego_nodes", "border_nodes", "filter_nodes", "view", "suggested_edges", "to_graphml", "to_gexf", "to_csv", "csv_table"]

# A spreadsheet reads a cell starting with one of these as a formula (CSV injection).
_FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")


def ego_nodes(G, center, depth=1):
    """``center`` and every node within ``depth`` ties of it.

    Examples
    --------
    >>> import networkx as nx
    >>> sorted(ego_nodes(nx.path_graph(5), 0, depth=2))
    [0, 1, 2]
    """
    if center not in G:
        raise NodeNotFound(center)
    return set(nx.single_source_shortest_path_length(G, center, cutoff=depth))


def border_nodes(G, border):
    """Every organisation near ``border`` (structures covering it included)."""
    if border not in G.graph.get("borders", {}):
        raise UnknownBorder(code="unknown_border", border=border)
    return {n for n, attrs in G.nodes(data=True) if border in attrs["borders"]}


def filter_nodes(
    G, nodes, *, countries=None, kinds=None, labels=None, themes=None, statuses=None, massifs=None, unconnected=False, keep=()
):
    """The nodes matching every given filter (``keep`` nodes stay whatever the filters).

    ``massifs`` keeps mountain towns and territories of those massifs; ``unconnected`` keeps
    labelled French towns with no cross-border tie.

    Examples
    --------
    >>> from graph import build_graph
    >>> G = build_graph([{"id": 1, "country": "FR", "massif": "jura"}, {"id": 2, "country": "FR", "massif": "alpes"},
    ...                  {"id": 3, "country": "CH"}], [])
    >>> sorted(filter_nodes(G, G.nodes, massifs=["jura"]))
    [1]
    >>> sorted(filter_nodes(G, G.nodes, massifs=["jura"], keep={3}))
    [1, 3]
    """

    def match(node):
        a = G.nodes[node]
        return (
            (not countries or a["country"] in countries)
            and (not kinds or a["kind"] in kinds)
            and (not labels or a["labels"] & set(labels))
            and (not themes or a["themes"] & set(themes))
            and (not statuses or a["status"] in statuses)
            and (not massifs or a["massif"] in massifs)
            and (not unconnected or (a["country"] == "FR" and a["labels"] and not has_cross_border_tie(G, node)))
        )

    return {n for n in nodes if n in keep or match(n)}


def view(G, nodes, *, tie_kinds=None, suggestions_for=None, limit=3, keep_suggested=None):
    """Nodes and edges among ``nodes``, as plain data for drawing.

    Parameters
    ----------
    tie_kinds : collection of str, optional
        Keep only edges holding one of these kinds of tie.
    suggestions_for : node, optional
        Add that node's top suggested counterparts on each of its borders, as ``suggested`` edges
        carrying the score (their nodes are added too).
    keep_suggested : callable, optional
        ``keep_suggested(node)`` decides whether a suggested counterpart is shown (the view's filters).

    Examples
    --------
    >>> from graph import build_graph
    >>> G = build_graph([{"id": 1, "name": "A", "country": "FR"}, {"id": 2, "name": "B", "country": "BE"}],
    ...                 [{"a": 1, "b": 2, "kind": "twinning", "since_year": 1970}])
    >>> data = view(G, {1, 2})
    >>> [n["id"] for n in data["nodes"]], data["edges"][0]["kinds"], data["nodes"][0]["degree"]
    ([1, 2], ['twinning'], 1)
    """
    nodes = set(nodes)
    suggested = suggested_edges(G, suggestions_for, limit=limit, keep_suggested=keep_suggested)
    nodes.update(e["target"] for e in suggested)
    edges = []
    for a, b, data in G.subgraph(nodes).edges(data=True):
        if tie_kinds and not data["kinds"] & set(tie_kinds):
            continue
        first, second = sorted((a, b), key=str)
        edges.append(
            {
                "id": f"{first}-{second}",
                "source": first,
                "target": second,
                "kinds": sorted(data["kinds"]),
                "since": data["since"],
                "suggested": False,
            }
        )
    edges.sort(key=lambda e: e["id"])
    return {"nodes": [_node(G, n) for n in sorted(nodes, key=str)], "edges": edges + suggested}


def suggested_edges(G, center, *, limit=3, keep_suggested=None):
    """The ``suggested`` edges of an ego view: ``center``'s top counterparts on each of its borders, with their score.

    ``keep_suggested(node)`` decides whether a counterpart is shown; none when ``center`` is None or has no border.

    Examples
    --------
    >>> from graph import build_graph
    >>> suggested_edges(build_graph([{"id": 1, "country": "FR"}], []), 1)
    []
    """
    if center is None:
        return []
    try:
        by_border = suggest_all_borders(G, center, limit=limit)
    except GraphError:
        return []
    return [
        {
            "id": f"s-{center}-{s['node']}",
            "source": center,
            "target": s["node"],
            "kinds": ["suggestion"],
            "suggested": True,
            "score": s["score"],
            "border": border,
            "since": None,
        }
        for border, items in by_border.items()
        for s in items
        if keep_suggested is None or keep_suggested(s["node"])
    ]


def _node(G, node):
    a = G.nodes[node]
    return {
        "id": node,
        "name": a["name"],
        "country": a["country"],
        "kind": a["kind"],
        "lat": a["lat"],
        "lon": a["lon"],
        "population": a["population"],
        "labels": sorted(a["labels"]),
        "themes": sorted(a["themes"]),
        "status": a["status"],
        "borders": list(a["borders"]),
        "degree": G.degree(node),
    }


def _as_networkx(data):
    H = nx.Graph()
    for n in data["nodes"]:
        H.add_node(
            n["id"], **{k: (",".join(v) if isinstance(v, list) else v) for k, v in n.items() if k != "id" and v is not None}
        )
    for e in data["edges"]:
        H.add_edge(
            e["source"],
            e["target"],
            kinds=",".join(e["kinds"]),
            suggested=e["suggested"],
            **({"since": e["since"]} if e["since"] is not None else {}),
            **({"score": e["score"]} if "score" in e else {}),
        )
    return H


def to_graphml(data):
    """The view as GraphML text (for Gephi, yEd...)."""
    return "\n".join(nx.generate_graphml(_as_networkx(data)))


def to_gexf(data):
    """The view as GEXF text (Gephi's format)."""
    return "\n".join(nx.generate_gexf(_as_networkx(data)))


NODE_COLUMNS = ("id", "name", "country", "kind", "labels", "status", "population", "degree", "lat", "lon", "borders")
EDGE_COLUMNS = ("source", "source_name", "target", "target_name", "kinds", "since", "suggested", "score")


def view_table(data, what):
    """``what`` is "nodes" or "edges": the view's rows as lists of values (codes, lists kept), column by column.

    Examples
    --------
    >>> data = {"nodes": [{"id": 1, "name": "Delle"}, {"id": 2, "name": "Boncourt"}],
    ...         "edges": [{"source": 1, "target": 2, "kinds": ["twinning"], "suggested": False}]}
    >>> view_table(data, "edges")
    [[1, 'Delle', 2, 'Boncourt', ['twinning'], None, False, None]]
    """
    if what == "nodes":
        return [[row.get(f) for f in NODE_COLUMNS] for row in data["nodes"]]
    names = {n["id"]: n["name"] for n in data["nodes"]}
    rows = [dict(e, source_name=names.get(e["source"]), target_name=names.get(e["target"])) for e in data["edges"]]
    return [[row.get(f) for f in EDGE_COLUMNS] for row in rows]


def to_csv(data, what):
    """``what`` is "nodes" or "edges": one CSV table of the view, codes and commas (lists joined with ``;``)."""
    fields = NODE_COLUMNS if what == "nodes" else EDGE_COLUMNS
    return csv_table(fields, ([";".join(v) if isinstance(v, list) else v for v in row] for row in view_table(data, what)))


def csv_cell(value):
    """``value`` as a CSV cell a spreadsheet will not run: text starting like a formula gets a ``'``.

    Numbers are left alone (a negative longitude stays a number); only text is neutralised.

    Examples
    --------
    >>> print(csv_cell('=HYPERLINK("http://evil.example","x")'))
    '=HYPERLINK("http://evil.example","x")
    >>> csv_cell("@SUM(A1)"), csv_cell("-2+3"), csv_cell("Saint-Louis"), csv_cell(-1.78), csv_cell(None)
    ("'@SUM(A1)", "'-2+3", 'Saint-Louis', -1.78, None)
    """
    if isinstance(value, str) and value.startswith(_FORMULA_STARTS):
        return "'" + value
    return value


def csv_table(header, rows, *, delimiter=",", number=None):
    """CSV text of ``header`` and ``rows`` (sequences), every cell passed through :func:`csv_cell`.

    ``number``, if given, writes each number after the neutralisation (a decimal comma, say), so a
    negative number stays a number and is never taken for a formula.

    Examples
    --------
    >>> csv_table(["name", "lon"], [["=1+1", -1.5], ["Hendaye", -1.78]]).splitlines()
    ['name,lon', "'=1+1,-1.5", 'Hendaye,-1.78']
    >>> csv_table(["nom", "lon"], [["Hendaye", -1.78]], delimiter=";", number=lambda v: str(v).replace(".", ",")).splitlines()
    ['nom;lon', 'Hendaye;-1,78']
    """
    out = io.StringIO()
    writer = csv.writer(out, delimiter=delimiter)
    writer.writerow([csv_cell(h) for h in header])
    for row in rows:
        cells = (csv_cell(v) for v in row)
        writer.writerow([number(v) if number and _is_number(v) else v for v in cells])
    return out.getvalue()


def _is_number(value):
    return isinstance(value, (int, float)) and not isinstance(value, bool)
