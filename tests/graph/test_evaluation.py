from graph import build_graph, evaluate, rank_of_hidden

NODES = [
    {"id": "fr", "country": "FR", "lat": 47.60, "lon": 7.55, "borders": ["FR-CH"]},
    {"id": "near", "country": "CH", "lat": 47.59, "lon": 7.56},
    {"id": "partner", "country": "CH", "lat": 47.50, "lon": 7.60},
    {"id": "hub", "country": "FR", "kind": "cross_border_structure", "lat": 47.55, "lon": 7.58, "borders": ["FR-CH"]},
]


def graph():
    return build_graph(
        NODES,
        [
            {"a": "fr", "b": "partner", "kind": "twinning", "since_year": 1990},
            {"a": "fr", "b": "partner", "kind": "convention"},
            {"a": "hub", "b": "partner", "kind": "membership"},
        ],
        borders={"FR-CH": "CH"},
    )


def test_hidden_tie_is_restored_with_all_its_kinds():
    G = graph()
    rank_of_hidden(G, "fr", "partner", "FR-CH", hide=[("fr", "partner")])
    assert G.edges["fr", "partner"] == {"kinds": frozenset({"twinning", "convention"}), "since": 1990}


def test_network_lifts_the_hidden_partner_above_distance_alone():
    G = graph()
    G.add_edge("fr", "hub", kinds=frozenset({"membership"}), since=None)
    case = [{"source": "fr", "target": "partner", "border": "FR-CH", "hide": [("fr", "partner")]}]
    distance_only = evaluate(G, case, weights={"distance": 1})
    with_network = evaluate(G, case, weights={"distance": 1, "network": 1})
    assert distance_only["mrr"] < with_network["mrr"] == 1.0


def test_unreachable_case_is_a_miss():
    G = graph()
    assert evaluate(G, [{"source": "near", "target": "fr", "border": "FR-CH", "hide": []}]) == {
        "cases": 1,
        "hits@5": 0.0,
        "hits@10": 0.0,
        "mrr": 0.0,
    }
