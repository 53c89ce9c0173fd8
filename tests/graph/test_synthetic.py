"""graph.synthetic: a seeded network of the asked size, near its anchor places, one tie a pair."""

import pytest

from graph import build_graph
from graph.synthetic import SYNTHETIC_TIE_KINDS, synthetic_network

ANCHORS = [
    {"country": "FR", "latitude": 47.59, "longitude": 7.56, "border": "FR-CH", "distance_km": 1.2},
    {"country": "CH", "latitude": 47.56, "longitude": 7.59, "border": "FR-CH", "distance_km": 0.8},
    {"country": "FR", "latitude": 43.36, "longitude": -1.78, "border": "FR-ES", "distance_km": 0.5},
    {"country": "ES", "latitude": 43.34, "longitude": -1.79, "border": "FR-ES", "distance_km": 0.4},
    {"country": "DE", "latitude": 48.57, "longitude": 7.82, "border": "FR-DE", "distance_km": 0.3},
]


def test_same_seed_same_network_other_seed_another():
    first = synthetic_network(ANCHORS, 300, 900, seed=7)
    assert synthetic_network(ANCHORS, 300, 900, seed=7) == first
    assert synthetic_network(ANCHORS, 300, 900, seed=8) != first


@pytest.mark.parametrize("n_nodes, n_edges, anchors", [(0, 0, 5), (2, 1, 1), (10, 45, 1), (500, 1500, 5)])
def test_counts_and_distinct_pairs(n_nodes, n_edges, anchors):
    organisations, ties = synthetic_network(ANCHORS[:anchors], n_nodes, n_edges, seed=1, first_id=100)
    assert len(organisations) == n_nodes and len(ties) == n_edges
    assert [o["id"] for o in organisations] == list(range(100, 100 + n_nodes))
    assert len({o["name"] for o in organisations}) == n_nodes
    pairs = [(t["a"], t["b"]) for t in ties]
    assert len(set(pairs)) == n_edges and all(100 <= a < b < 100 + n_nodes for a, b in pairs)
    assert {t["kind"] for t in ties} <= set(SYNTHETIC_TIE_KINDS)
    G = build_graph(organisations, ties)
    assert G.number_of_nodes() == n_nodes and G.number_of_edges() == n_edges


def test_places_stay_by_their_anchor_and_its_border():
    organisations, ties = synthetic_network(ANCHORS, 2000, 5000, seed=3)
    for o in organisations:
        near = [a for a in ANCHORS if abs(a["latitude"] - o["latitude"]) < 0.2 and abs(a["longitude"] - o["longitude"]) < 0.2]
        assert any(a["country"] == o["country"] and [a["border"]] == o["borders"] for a in near), o
    assert {o["country"] for o in organisations} == {"FR", "CH", "ES", "DE"}
    assert all(not o["labels"] or (o["country"] == "FR" and o["kind"] == "commune") for o in organisations)
    assert any(o["labels"] for o in organisations)
    border = {o["id"]: o["borders"][0] for o in organisations}
    # Ties keep to one border (local or far along it): no tie from the Pyrenees to Basel.
    assert all(border[t["a"]] == border[t["b"]] for t in ties)


@pytest.mark.parametrize("n_nodes, n_edges, anchors", [(3, 4, 1), (-1, 0, 1), (10, 45, 5)])
def test_impossible_sizes_are_refused(n_nodes, n_edges, anchors):
    with pytest.raises(ValueError):  # 10 places on several borders cannot hold every pair: ties keep to one border
        synthetic_network(ANCHORS[:anchors], n_nodes, n_edges)


def test_no_anchor_no_network():
    with pytest.raises(ValueError):
        synthetic_network([], 10, 5)
