import math

import pytest

from graph import (
    DEFAULT_WEIGHTS,
    MissingPosition,
    NodeNotFound,
    NotNearBorder,
    UnknownBorder,
    add_tie,
    build_graph,
    suggest_all_borders,
    suggest_counterparts,
)

BORDERS = {"FR-CH": "CH", "FR-DE": "DE"}
PROGRAMMES = [
    {
        "code": "fch",
        "name": "France-Suisse",
        "kind": "cross_border",
        "countries": ["FR", "CH"],
        "french_departments": ["68"],
        "foreign_areas": [{"country": "CH", "admin1": ["Basel-City"]}],
    },
    {
        "code": "alps",
        "name": "Alpine Space",
        "kind": "transnational",
        "countries": ["FR", "CH"],
        "french_departments": ["68"],
        "foreign_areas": [{"country": "CH"}],
    },
]


def town(id, country, lat, lon, **extra):
    return {"id": id, "name": str(id).title(), "country": country, "lat": lat, "lon": lon, **extra}


def graph(*nodes, ties=()):
    return build_graph(nodes, [{"a": a, "b": b, "kind": "cooperation"} for a, b in ties], borders=BORDERS, programmes=PROGRAMMES)


SOURCE = town(
    "source",
    "FR",
    47.60,
    7.55,
    borders=["FR-CH", "FR-DE"],
    department="68",
    population=10000,
    themes=["health", "mobility"],
    languages=["fr"],
)


def factors(suggestion):
    return {f["name"]: f for f in suggestion["factors"]}


def only(G, **kwargs):
    return {s["node"]: s for s in suggest_counterparts(G, "source", "FR-CH", **kwargs)}


def test_candidates_are_across_the_border_within_the_radius_minus_tied_ones():
    G = graph(
        SOURCE,
        town("near", "CH", 47.56, 7.59),
        town("far", "CH", 46.95, 7.45),
        town("french", "FR", 47.61, 7.56),
        town("german", "DE", 47.60, 7.60),
        town("tied", "CH", 47.57, 7.58),
        ties=[("source", "tied")],
    )
    assert set(only(G)) == {"near"}
    assert set(only(G, radius_km=100)) == {"near", "far"}


def test_distance_factor_is_linear_in_the_radius():
    G = graph(SOURCE, town("x", "CH", 47.60 + 25 / 111.2, 7.55))
    f = factors(only(G)["x"])["distance"]
    assert f["value"] == pytest.approx(0.5, abs=0.01)
    assert (f["code"], f["params"]) == ("distance", {"km": pytest.approx(25, abs=0.1), "radius_km": 50})


@pytest.mark.parametrize("population, value", [(10000, 1.0), (100000, 0.5), (1000000, 0.0), (None, 0.5)])
def test_size_factor_compares_orders_of_magnitude(population, value):
    G = graph(SOURCE, town("x", "CH", 47.56, 7.59, population=population))
    assert factors(only(G)["x"])["size"]["value"] == pytest.approx(value)


def test_themes_factor_is_jaccard_of_declared_themes():
    G = graph(SOURCE, town("x", "CH", 47.56, 7.59, themes=["health", "tourism", "culture"]), town("y", "CH", 47.57, 7.59))
    found = only(G)
    assert factors(found["x"])["themes"]["value"] == pytest.approx(1 / 4)
    assert (factors(found["x"])["themes"]["code"], factors(found["x"])["themes"]["params"]) == (
        "themes_shared",
        {"themes": ["health"]},
    )
    assert factors(found["y"])["themes"]["value"] == 0 and factors(found["y"])["themes"]["code"] == "themes_unknown"


def test_network_factor_is_adamic_adar_through_shared_partners_and_structures():
    structure = town("eurodistrict", "FR", 47.58, 7.58, kind="cross_border_structure", borders=["FR-CH"])
    G = graph(
        SOURCE,
        structure,
        town("x", "CH", 47.56, 7.59),
        town("y", "CH", 47.565, 7.59),
        town("hub", "DE", 47.6, 7.6),
        ties=[("source", "eurodistrict"), ("x", "eurodistrict"), ("source", "hub"), ("x", "hub"), ("hub", "y")],
    )
    found = only(G)
    aa = 1 / math.log(2) + 1 / math.log(3)  # eurodistrict has 2 ties, hub 3
    assert factors(found["x"])["network"]["value"] == pytest.approx(1 - math.exp(-aa), abs=1e-4)
    assert factors(found["y"])["network"]["value"] == pytest.approx(1 - math.exp(-1 / math.log(3)), abs=1e-4)
    network = factors(found["x"])["network"]
    assert (network["code"], network["params"]) == ("common_partners", {"count": 2, "names": ["Eurodistrict", "Hub"]})


def test_programme_factor_prefers_a_shared_cross_border_programme():
    G = graph(SOURCE, town("basel", "CH", 47.56, 7.59, admin1="Basel-City"), town("aargau", "CH", 47.55, 7.70, admin1="Aargau"))
    found = only(G)
    assert factors(found["basel"])["programme"]["value"] == 1.0
    assert factors(found["basel"])["programme"]["params"] == {"programmes": ["France-Suisse"]}
    assert factors(found["aargau"])["programme"]["value"] == 0.5
    assert factors(found["aargau"])["programme"]["code"] == "programme_transnational"


def test_language_factor_uses_declared_or_usual_languages():
    G = graph(
        SOURCE,
        town("basel", "CH", 47.56, 7.59, admin1="Basel-City"),
        town("jura", "CH", 47.40, 7.40, admin1="Jura"),
        town("bilingual", "CH", 47.55, 7.60, languages=["de", "fr"]),
    )
    found = only(G)
    assert factors(found["basel"])["language"]["value"] == 0 and factors(found["basel"])["language"]["code"] == "language_none"
    assert factors(found["jura"])["language"]["value"] == 1 and factors(found["jura"])["language"]["params"] == {
        "languages": ["fr"]
    }
    assert factors(found["bilingual"])["language"]["value"] == 1


@pytest.mark.parametrize("status, value", [("verified", 1.0), ("registered", 0.7), ("reference", 0.2)])
def test_responsiveness_factor(status, value):
    G = graph(SOURCE, town("x", "CH", 47.56, 7.59, status=status))
    assert factors(only(G)["x"])["responsiveness"]["value"] == value


def test_score_is_the_weighted_mean_of_the_factors_in_0_1():
    G = graph(SOURCE, town("x", "CH", 47.56, 7.59, population=30000, themes=["health"], status="registered", admin1="Basel-City"))
    suggestion = only(G)["x"]
    expected = sum(f["value"] * f["weight"] for f in suggestion["factors"]) / sum(DEFAULT_WEIGHTS.values())
    assert suggestion["score"] == pytest.approx(expected, abs=1e-4) and 0 <= suggestion["score"] <= 1
    assert [f["name"] for f in suggestion["factors"]] == list(DEFAULT_WEIGHTS)
    assert all(isinstance(f["code"], str) and isinstance(f["params"], dict) for f in suggestion["factors"])


def test_weights_are_parameters():
    G = graph(SOURCE, town("close", "CH", 47.58, 7.56), town("verified", "CH", 47.40, 7.60, status="verified"))
    assert [s["node"] for s in suggest_counterparts(G, "source", "FR-CH", weights={"distance": 1})] == ["close", "verified"]
    assert [s["node"] for s in suggest_counterparts(G, "source", "FR-CH", weights={"responsiveness": 1})] == ["verified", "close"]
    with pytest.raises(ValueError):
        suggest_counterparts(G, "source", "FR-CH", weights={"distance": -1})


def test_ties_break_by_distance_then_id_and_results_repeat():
    G = graph(SOURCE, town("b", "CH", 47.56, 7.59), town("a", "CH", 47.56, 7.59), town("c", "CH", 47.50, 7.59))
    ranked = [s["node"] for s in suggest_counterparts(G, "source", "FR-CH", weights={"language": 1})]
    assert ranked == ["a", "b", "c"]
    assert ranked == [s["node"] for s in suggest_counterparts(G, "source", "FR-CH", weights={"language": 1})]


def test_filters_and_limit():
    G = graph(
        SOURCE,
        town("x", "CH", 47.56, 7.59, themes=["health"]),
        town("y", "CH", 47.57, 7.59, status="registered"),
        town("z", "CH", 47.58, 7.59),
    )
    assert set(only(G, themes=["health"])) == {"x"}
    assert set(only(G, only_registered=True)) == {"y"}
    assert len(suggest_counterparts(G, "source", "FR-CH", limit=2)) == 2


def test_structures_covering_the_border_are_candidates():
    G = graph(
        SOURCE,
        town("eurodistrict", "FR", 47.60, 7.57, kind="cross_border_structure", borders=["FR-CH", "FR-DE"]),
        town("other-border", "FR", 47.60, 7.57, kind="cross_border_structure", borders=["FR-BE"]),
    )
    assert set(only(G)) == {"eurodistrict"}


def test_a_foreign_organisation_gets_french_counterparts():
    G = graph(SOURCE, town("basel", "CH", 47.56, 7.59, borders=["FR-CH"]))
    assert [s["node"] for s in suggest_counterparts(G, "basel", "FR-CH")] == ["source"]


def test_one_list_per_border():
    G = graph(SOURCE, town("basel", "CH", 47.56, 7.59), town("weil", "DE", 47.59, 7.62))
    assert {b: [s["node"] for s in found] for b, found in suggest_all_borders(G, "source").items()} == {
        "FR-CH": ["basel"],
        "FR-DE": ["weil"],
    }


def test_errors():
    G = graph(SOURCE, town("lost", "FR", None, None, borders=["FR-CH"]), town("inland", "FR", 48.8, 2.3))
    with pytest.raises(NodeNotFound):
        suggest_counterparts(G, "nobody", "FR-CH")
    with pytest.raises(UnknownBorder):
        suggest_counterparts(G, "source", "FR-XX")
    with pytest.raises(NotNearBorder):
        suggest_counterparts(G, "inland", "FR-CH")
    with pytest.raises(MissingPosition):
        suggest_counterparts(G, "lost", "FR-CH")


def test_a_new_tie_is_seen_by_the_next_call():
    G = graph(SOURCE, town("x", "CH", 47.56, 7.59))
    assert set(only(G)) == {"x"}
    add_tie(G, "source", "x", "twinning")
    assert set(only(G)) == set()


def test_too_many_distinct_themes_for_a_bitmask_are_refused():
    from graph.columns import _Bits

    bits = _Bits(f"theme{i}" for i in range(63))
    with pytest.raises(ValueError, match="63"):
        bits.mask(["one more"])
