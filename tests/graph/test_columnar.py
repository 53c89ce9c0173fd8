"""graph.columnar: the same rows, order and values as graph.view, whatever the ids."""

import random

import pytest

from graph import build_graph, columnar_table, columnar_view, view


def random_graph(ids, n_edges, seed):
    rng = random.Random(seed)
    organisations = [
        {"id": i, "name": f"P{i}", "country": rng.choice(["FR", "BE", "CH"]), "labels": rng.choice([[], ["pvd"], ["va", "pvd"]])}
        for i in ids
    ]
    ties = [
        {"a": a, "b": b, "kind": rng.choice(["twinning", "cooperation", "membership"]), "since_year": rng.choice([None, 1990])}
        for a, b in (rng.sample(ids, 2) for _ in range(n_edges))
    ]
    return build_graph(organisations, ties)


def as_list_form(data):
    ids = data["nodes"]["id"]
    edges = data["edges"]
    return [(ids[s], ids[t], k, y) for s, t, k, y in zip(edges["source"], edges["target"], edges["kinds"], edges["since"])]


@pytest.mark.parametrize(
    "ids",
    [list(range(1, 300)), [1, 2, 9, 10, 11, 19, 100, 101, 110, 1000, 99, 20], ["a", "a-b", "ab", "b", "a b", "A", "é", "10"]],
)
@pytest.mark.parametrize("tie_kinds", [None, ["membership"], ["twinning", "cooperation"]])
def test_columns_match_the_list_view(ids, tie_kinds):
    G = random_graph(ids, 3 * len(ids), seed=len(ids))
    table = columnar_table(G)
    rng = random.Random(5)
    for nodes in (set(G.nodes), set(rng.sample(list(G.nodes), len(ids) // 2)), set()):
        listed = view(G, nodes, tie_kinds=tie_kinds)
        data = columnar_view(G, nodes, tie_kinds=tie_kinds, table=table)
        assert data["nodes"]["id"] == [n["id"] for n in listed["nodes"]]
        assert data["nodes"]["labels"] == [n["labels"] for n in listed["nodes"]]
        assert data["nodes"]["degree"] == [n["degree"] for n in listed["nodes"]]
        assert as_list_form(data) == [(e["source"], e["target"], e["kinds"], e["since"]) for e in listed["edges"]]
        assert data["edges"]["suggested"] == [0] * len(listed["edges"]) and set(data["edges"]["score"]) <= {None}


def test_nodes_the_table_does_not_hold_are_left_out():
    G = random_graph(list(range(10)), 20, seed=1)
    table = columnar_table(G)
    G.add_node(
        99, name="new", country="FR", kind="commune", lat=None, lon=None, population=None, labels=frozenset(), status="reference"
    )
    assert 99 not in columnar_view(G, set(G.nodes), table=table)["nodes"]["id"]
