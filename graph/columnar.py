"""The graph views in columns: one array per attribute, edges as indices into the node arrays.

A whole network of 100,000 nodes and 300,000 edges is one list per column instead of 400,000 small
objects, so it is built by slicing arrays (no per-node dict) and its JSON is a fraction of the size.
:func:`columnar_table` does the per-graph work once (node order, attribute columns, edges sorted and
indexed); :func:`columnar_view` cuts a view's rows out of it. The rows, their order and their values
are those of :func:`graph.view` (nodes sorted by ``str(id)``, edges by their id, suggested edges last).
"""

from dataclasses import dataclass

import numpy as np

from .views import suggested_edges

__all__ = ["NODE_FIELDS", "EDGE_FIELDS", "ColumnarTable", "columnar_table", "columnar_view", "patch_columnar_table"]

NODE_FIELDS = ("id", "name", "country", "kind", "lat", "lon", "population", "labels", "status", "degree")
EDGE_FIELDS = ("source", "target", "kinds", "since", "suggested", "score")


@dataclass
class ColumnarTable:
    """Every node's attributes as columns (rows in ``str(id)`` order) and every edge as a pair of rows."""

    ids: list
    row: dict  # node -> its row
    nodes: dict  # field -> np.ndarray of dtype object, one value per row
    source: np.ndarray  # row of each edge's first node (edges sorted by their id, as graph.view sorts them)
    target: np.ndarray
    kinds: np.ndarray  # object: the sorted kinds of each edge
    since: np.ndarray  # object: a year or None
    kind_bits: np.ndarray  # one bit per tie kind held, for the tie-kind filter
    kind_bit: dict  # tie kind -> its bit


def columnar_table(G):
    """The whole graph in columns, for :func:`columnar_view`; build it once per version of ``G``.

    Examples
    --------
    >>> from graph import build_graph
    >>> G = build_graph([{"id": 10, "name": "A", "country": "FR"}, {"id": 9, "name": "B", "country": "BE"}],
    ...                 [{"a": 10, "b": 9, "kind": "twinning"}])
    >>> table = columnar_table(G)
    >>> table.ids, list(table.nodes["name"]), table.source.tolist(), table.target.tolist()
    ([10, 9], ['A', 'B'], [0], [1])
    """
    ids = sorted(G.nodes, key=str)
    row = {node: i for i, node in enumerate(ids)}
    attrs = G.nodes
    columns = {
        "id": ids,
        "name": [attrs[n]["name"] for n in ids],
        "country": [attrs[n]["country"] for n in ids],
        "kind": [attrs[n]["kind"] for n in ids],
        "lat": [attrs[n]["lat"] for n in ids],
        "lon": [attrs[n]["lon"] for n in ids],
        "population": [attrs[n]["population"] for n in ids],
        "labels": [sorted(attrs[n]["labels"]) for n in ids],
        "status": [attrs[n]["status"] for n in ids],
        "degree": [d for _, d in G.degree(ids)],
    }
    nodes = {}
    for name in NODE_FIELDS:  # the payload's columns, in one place
        column = np.empty(len(ids), dtype=object)
        column[:] = columns[name]
        nodes[name] = column
    size = G.number_of_edges()
    first, second = np.empty(size, dtype=np.int64), np.empty(size, dtype=np.int64)
    held, since = np.empty(size, dtype=object), np.empty(size, dtype=object)
    for i, (a, b, data) in enumerate(G.edges(data=True)):
        ra, rb = row[a], row[b]
        first[i], second[i] = (ra, rb) if ra < rb else (rb, ra)  # rows are in str order: first is the smaller str
        held[i], since[i] = data["kinds"], data["since"]
    order = _edge_order(ids, first, second)
    first, second, held, since = first[order], second[order], held[order], since[order]
    # Few distinct sets of kinds: each is sorted and turned into bits once.
    kind_bit, by_set = {}, {}
    for kinds in set(held):
        for kind in sorted(kinds):
            kind_bit.setdefault(kind, 1 << len(kind_bit))
    for kinds in set(held):
        by_set[kinds] = (sorted(kinds), sum(kind_bit[k] for k in kinds))
    kinds = np.empty(size, dtype=object)
    kinds[:] = [by_set[k][0] for k in held]
    return ColumnarTable(
        ids=ids,
        row=row,
        nodes=nodes,
        source=first,
        target=second,
        kinds=kinds,
        since=since,
        kind_bits=np.fromiter((by_set[k][1] for k in held), dtype=np.int64, count=size),
        kind_bit=kind_bit,
    )


# Each tie patched copies the edge columns (~3 ms at 300,000 ties): a bulk change is built again instead.
PATCH_MAX_PAIRS = 50


def patch_columnar_table(table, G, nodes=(), pairs=()):
    """``table`` brought up to date with ``G`` after changes to the attributes of ``nodes`` and to the ties
    of ``pairs`` (a new table; ``table`` is left as it was, for the requests still reading it).

    Building the table reads every node's and edge's dict of ``G`` (seconds for 300,000 edges); a
    change is usually one organisation or a few ties, patched here in milliseconds. Returns None when
    it cannot be patched (a node added or removed shifts every row; ids other than integers sort by
    text; more than PATCH_MAX_PAIRS ties, each of which copies the edge columns), and the caller builds
    the table again.

    Examples
    --------
    >>> from graph import build_graph
    >>> G = build_graph([{"id": 1, "name": "A", "country": "FR"}, {"id": 2, "name": "B", "country": "BE"}], [])
    >>> table = columnar_table(G)
    >>> G.add_edge(1, 2, kinds=frozenset({"twinning"}), since=1990)
    >>> patched = patch_columnar_table(table, G, pairs=[(2, 1)])
    >>> patched.source.tolist(), patched.target.tolist(), patched.kinds.tolist(), patched.nodes["degree"].tolist()
    ([0], [1], [['twinning']], [1, 1])
    >>> table.source.tolist()  # the old table is unchanged
    []
    """
    row, n = table.row, len(table.ids)
    if len(pairs) > PATCH_MAX_PAIRS or G.number_of_nodes() != n or any((node in G) != (node in row) for node in nodes):
        return None
    if not all(type(node) is int for node in table.ids):
        return None
    node_columns = {name: column.copy() for name, column in table.nodes.items()}
    source, target = table.source, table.target
    kinds, since, kind_bits = table.kinds, table.since, table.kind_bits
    kind_bit = dict(table.kind_bit)
    keys = source * n + target  # the edges' order (first's row, then second's): see _edge_order
    touched = {node for node in nodes if node in G}
    for a, b in pairs:
        if a not in row or b not in row:
            continue
        touched.update((a, b))
        first, second = sorted((row[a], row[b]))
        key = first * n + second
        at = int(np.searchsorted(keys, key))
        present = at < len(keys) and keys[at] == key
        if G.has_edge(a, b):
            data = G._adj[a][b]
            for kind in sorted(data["kinds"]):
                kind_bit.setdefault(kind, 1 << len(kind_bit))
            values = (sorted(data["kinds"]), data["since"], sum(kind_bit[k] for k in data["kinds"]))
            if present:
                kinds, since, kind_bits = kinds.copy(), since.copy(), kind_bits.copy()
                kinds[at], since[at], kind_bits[at] = values
                continue
            keys = np.insert(keys, at, key)
            source, target = np.insert(source, at, first), np.insert(target, at, second)
            kinds, since = _insert_object(kinds, at, values[0]), _insert_object(since, at, values[1])
            kind_bits = np.insert(kind_bits, at, values[2])
        elif present:
            keys, source, target = np.delete(keys, at), np.delete(source, at), np.delete(target, at)
            kinds, since, kind_bits = np.delete(kinds, at), np.delete(since, at), np.delete(kind_bits, at)
    for node in touched:
        attrs, r = G._node[node], row[node]
        for name in NODE_FIELDS:
            if name == "labels":
                node_columns[name][r] = sorted(attrs["labels"])
            elif name == "degree":
                node_columns[name][r] = G.degree(node)
            elif name != "id":
                node_columns[name][r] = attrs[name]
    return ColumnarTable(
        ids=table.ids,
        row=row,
        nodes=node_columns,
        source=source,
        target=target,
        kinds=kinds,
        since=since,
        kind_bits=kind_bits,
        kind_bit=kind_bit,
    )


def _insert_object(column, at, value):
    """``column`` (dtype object) with ``value`` inserted at ``at``, even when ``value`` is a list."""
    out = np.empty(len(column) + 1, dtype=object)
    out[:at], out[at + 1 :] = column[:at], column[at:]
    out[at] = value
    return out


def _edge_order(ids, first, second):
    """The order of the edges by their id ``f"{first}-{second}"``, as graph.view sorts them.

    With integer ids (the organisations') that is the order of (first's row, second's row): rows are in
    ``str`` order, and "-" sorts before any digit, so a shorter id that starts a longer one comes first
    either way. Other ids are sorted by the text itself.
    """
    if all(type(node) is int for node in ids):
        return np.lexsort((second, first))
    text = [str(node) for node in ids]
    return np.asarray(sorted(range(len(first)), key=lambda i: f"{text[first[i]]}-{text[second[i]]}"), dtype=np.int64)


def columnar_view(G, nodes, *, tie_kinds=None, suggestions_for=None, limit=3, keep_suggested=None, table=None):
    """:func:`graph.view` in columns: ``{"nodes": {field: [...]}, "edges": {field: [...]}}``.

    ``source`` and ``target`` are indices into the node columns; ``suggested`` is 0 or 1 and ``score``
    is None except on suggested edges. ``table`` is :func:`columnar_table` of ``G`` (built when not given);
    nodes it does not hold are left out.

    Examples
    --------
    >>> from graph import build_graph
    >>> G = build_graph([{"id": 1, "name": "A", "country": "FR"}, {"id": 2, "name": "B", "country": "BE"},
    ...                  {"id": 3, "name": "C", "country": "BE"}],
    ...                 [{"a": 1, "b": 2, "kind": "twinning", "since_year": 1970}, {"a": 2, "b": 3, "kind": "cooperation"}])
    >>> data = columnar_view(G, {2, 3})
    >>> data["nodes"]["name"], data["edges"]["source"], data["edges"]["target"], data["edges"]["kinds"]
    (['B', 'C'], [0], [1], [['cooperation']])
    >>> columnar_view(G, {1, 2, 3}, tie_kinds=["twinning"])["edges"]["since"]
    [1970]
    """
    table = columnar_table(G) if table is None else table
    suggested = suggested_edges(G, suggestions_for, limit=limit, keep_suggested=keep_suggested)
    wanted = set(nodes) | {e["target"] for e in suggested}
    position = table.row
    whole = len(wanted) == len(table.ids) and position.keys() >= wanted  # (a set comparison in C, no loop in Python)
    if whole:
        rows = None
        new_index = None
    else:
        rows = np.sort(np.fromiter((position[n] for n in wanted if n in position), dtype=np.int64))
        new_index = np.full(len(table.ids), -1, dtype=np.int64)
        new_index[rows] = np.arange(len(rows))
    node_columns = {name: (column if rows is None else column[rows]).tolist() for name, column in table.nodes.items()}

    keep = None
    if tie_kinds:
        wanted_bits = 0
        for kind in tie_kinds:
            wanted_bits |= table.kind_bit.get(kind, 0)
        keep = (table.kind_bits & wanted_bits) != 0
    if new_index is not None:
        source, target = new_index[table.source], new_index[table.target]
        inside = (source >= 0) & (target >= 0)
        keep = inside if keep is None else keep & inside
    else:
        source, target = table.source, table.target
    if keep is not None:
        source, target = source[keep], target[keep]
        kinds, since = table.kinds[keep], table.since[keep]
    else:
        kinds, since = table.kinds, table.since
    ties = len(source)
    index_of = (lambda n: position[n]) if new_index is None else (lambda n: int(new_index[position[n]]))
    suggested = [e for e in suggested if e["source"] in position and e["target"] in position]
    edge_columns = {
        "source": source.tolist() + [index_of(e["source"]) for e in suggested],
        "target": target.tolist() + [index_of(e["target"]) for e in suggested],
        "kinds": kinds.tolist() + [e["kinds"] for e in suggested],
        "since": since.tolist() + [None for _ in suggested],
        "suggested": [0] * ties + [1] * len(suggested),
        "score": [None] * ties + [e["score"] for e in suggested],
    }
    return {"nodes": node_columns, "edges": edge_columns}
