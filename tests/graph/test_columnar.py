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


def same_table(patched, built):
    """The same rows, columns, edges and tie-kind filter (the kinds' bits themselves are arbitrary)."""
    assert patched.ids == built.ids and patched.row == built.row
    for name in built.nodes:
        assert patched.nodes[name].tolist() == built.nodes[name].tolist(), name
    for name in ("source", "target", "kinds", "since"):
        assert getattr(patched, name).tolist() == getattr(built, name).tolist(), name
    for kind in set(built.kind_bit) | set(patched.kind_bit):
        held = [kind in kinds for kinds in built.kinds]
        assert ((patched.kind_bits & patched.kind_bit.get(kind, 0)) != 0).tolist() == held, kind


def test_a_patched_table_is_the_table_built_again():
    from graph import add_tie, remove_tie
    from graph.columnar import patch_columnar_table

    ids = [1, 2, 9, 10, 11, 19, 20, 99, 100, 101, 110, 1000] + list(range(200, 260))
    G = random_graph(ids, 150, seed=3)
    table = columnar_table(G)
    rng = random.Random(11)
    for _ in range(60):
        pairs, nodes = set(), set()
        for _ in range(rng.randint(1, 4)):
            a, b = rng.sample(ids, 2)
            action = rng.random()
            if action < 0.4:
                add_tie(G, a, b, rng.choice(["twinning", "cooperation", "membership", "convention"]), rng.choice([None, 1975]))
            elif action < 0.6 and G.degree(a):
                b = rng.choice(list(G[a]))
                remove_tie(G, a, b, rng.choice([None, "twinning"]))
            else:
                G.nodes[a]["name"], G.nodes[a]["labels"] = (
                    f"renamed {rng.random()}",
                    frozenset(rng.sample(["pvd", "va", "am"], 2)),
                )
                nodes.add(a)
                continue
            pairs.add((a, b))
        before = table
        frozen = [column.tolist() for column in (before.source, before.kinds)]
        table = patch_columnar_table(table, G, nodes, pairs)
        same_table(table, columnar_table(G))
        assert [column.tolist() for column in (before.source, before.kinds)] == frozen  # the old one left as it was
        for tie_kinds in (None, ["membership"], ["twinning", "convention"]):
            assert columnar_view(G, set(G.nodes), tie_kinds=tie_kinds, table=table) == columnar_view(
                G, set(G.nodes), tie_kinds=tie_kinds
            )


def test_a_table_is_built_again_when_nodes_come_or_go_or_ids_are_not_integers():
    from graph.columnar import patch_columnar_table

    G = random_graph(list(range(1, 30)), 40, seed=2)
    table = columnar_table(G)
    G.add_node(99, **G.nodes[1])
    assert patch_columnar_table(table, G, {99}, ()) is None
    G.remove_node(99)
    G.remove_node(5)
    assert patch_columnar_table(table, G, {5}, ()) is None
    G = random_graph(list(range(1, 30)), 40, seed=2)
    pairs = {(a, b) for a in range(1, 12) for b in range(a + 1, 7 + a)}  # a bulk change: built again
    assert len(pairs) > 50 and patch_columnar_table(columnar_table(G), G, (), pairs) is None
    H = random_graph(["a", "b", "c", "d"], 4, seed=1)
    assert patch_columnar_table(columnar_table(H), H, (), {("a", "b")}) is None
