"""The learned ranking on tiny fixtures with known answers, and its new factors."""

import json

import pytest

from graph import build_graph, suggest_counterparts
from graph.exceptions import InvalidWeights
from graph.factors import FACTORS, candidate_factors
from graph.languages import spoken_languages
from graph.weights import DEFAULT_WEIGHTS, WEIGHTS_FILE, read_weights

BORDERS = {"FR-BE": "BE", "FR-CH": "CH", "FR-ES": "ES", "FR-DE": "DE"}


def place(id, country, lat, lon, population, **extra):
    return {
        "id": id,
        "name": extra.pop("name", id),
        "country": country,
        "lat": lat,
        "lon": lon,
        "population": population,
        **extra,
    }


def ranked(nodes, source, border, ties=(), **options):
    G = build_graph(nodes, [{"a": a, "b": b, "kind": k} for a, b, k in ties], borders=BORDERS)
    return [s["node"] for s in suggest_counterparts(G, source, border, **options)]


def factor_values(nodes, source, border, other):
    G = build_graph(nodes, [], borders=BORDERS)
    found = candidate_factors(G, source, border, radius_km=50, other=other, attrs=G.nodes[source])
    return {n: {f: float(found.values[f][i]) for f in FACTORS} for i, n in enumerate(found.nodes)}


def test_twin_towns_one_kilometre_apart_across_the_border_rank_first():
    # Halluin and Menen face each other across the Lys; Kortrijk is the big town 12 km away.
    nodes = [
        place("halluin", "FR", 50.784, 3.126, 21000, borders=["FR-BE"], border_km={"FR-BE": 0.4}),
        place("menen", "BE", 50.796, 3.122, 33000, border_km={"FR-BE": 0.5}),
        place("kortrijk", "BE", 50.828, 3.265, 77000, border_km={"FR-BE": 8.0}),
        place("wevelgem", "BE", 50.81, 3.18, 31000, border_km={"FR-BE": 3.5}),
        place("village", "BE", 50.80, 3.10, 2000, border_km={"FR-BE": 1.5}),
    ]
    assert ranked(nodes, "halluin", "FR-BE")[0] == "menen"


def test_the_central_city_ranks_above_small_neighbours_for_a_suburb():
    # Saint-Louis, a suburb of Basel: the city 3.5 km away beats villages as close.
    nodes = [
        place("saint-louis", "FR", 47.590, 7.560, 22000, borders=["FR-CH"], border_km={"FR-CH": 1.0}),
        place("basel", "CH", 47.560, 7.590, 173000, border_km={"FR-CH": 2.5}),
        place("allschwil", "CH", 47.551, 7.536, 21000, border_km={"FR-CH": 1.0}),
        place("schoenenbuch", "CH", 47.538, 7.505, 1400, border_km={"FR-CH": 0.5}),
        place("burg", "CH", 47.46, 7.44, 250, border_km={"FR-CH": 0.3}),
    ]
    assert ranked(nodes, "saint-louis", "FR-CH")[0] == "basel"


def test_mirrored_names_win_between_two_equal_candidates():
    nodes = [
        place("comines", "FR", 50.762, 3.008, 12000, name="Comines", borders=["FR-BE"]),
        place("comines-be", "BE", 50.775, 3.018, 18000, name="Comines-Warneton / Komen-Waasten"),
        place("other", "BE", 50.775, 2.998, 18000, name="Heuvelland"),
    ]
    values = factor_values(nodes, "comines", "FR-BE", "BE")
    assert values["comines-be"]["name"] == 1.0 and values["other"]["name"] == 0.0
    assert ranked(nodes, "comines", "FR-BE", weights={"distance": 1, "name": 1})[0] == "comines-be"
    G = build_graph(nodes, [], borders=BORDERS)
    name = next(f for f in suggest_counterparts(G, "comines", "FR-BE")[0]["factors"] if f["name"] == "name")
    assert (name["code"], name["params"]) == (
        "name_mirror",
        {"name": "Comines", "other_name": "Comines-Warneton / Komen-Waasten"},
    )


@pytest.mark.parametrize(
    "attrs, expected",
    [
        ({"country": "FR", "department": "64", "lat": 43.37, "lon": -1.78}, {"fr", "eu"}),  # Hendaye, Basque Country
        ({"country": "FR", "department": "64", "lat": 43.30, "lon": -0.37}, {"fr"}),  # Pau, Béarn
        ({"country": "FR", "department": "66", "lat": 42.46, "lon": 1.93}, {"fr", "ca"}),  # Bourg-Madame
        ({"country": "FR", "department": "67", "lat": 48.58, "lon": 7.75}, {"fr", "de"}),  # Strasbourg
        ({"country": "FR", "department": "59", "lat": 51.03, "lon": 2.38}, {"fr", "nl"}),  # Dunkirk, Westhoek
        ({"country": "FR", "department": "06", "lat": 43.78, "lon": 7.50}, {"fr", "it"}),  # Menton
        ({"country": "ES", "code": "20045"}, {"eu", "es"}),  # Irun, Gipuzkoa
        ({"country": "ES", "code": "17141"}, {"ca", "es"}),  # Puigcerdà, Girona
        ({"country": "IT", "code": "007003"}, {"it", "fr"}),  # Aosta valley
        ({"country": "BE", "code": "34027"}, {"nl"}),  # Menen, West Flanders
        ({"country": "BE", "code": "54007"}, {"fr"}),  # Mouscron, Hainaut
        ({"country": "CH", "code": "CH6621"}, {"fr"}),  # Geneva
        ({"country": "CH", "code": "CH2701"}, {"de"}),  # Basel: the country's default
    ],
)
def test_regional_languages(attrs, expected):
    assert spoken_languages(attrs) == expected


def test_a_shared_regional_language_counts_across_the_border():
    nodes = [
        place("hendaye", "FR", 43.359, -1.766, 17000, department="64", borders=["FR-ES"]),
        place("irun", "ES", 43.338, -1.789, 62000, code="20045"),
        place("huesca-village", "ES", 43.10, -1.50, 300, code="22001"),
    ]
    values = factor_values(nodes, "hendaye", "FR-ES", "ES")
    assert values["irun"]["language"] == 1.0 and values["huesca-village"]["language"] == 0.0


def test_continuity_is_one_for_touching_towns_and_fades_with_the_gap():
    nodes = [
        place("a", "FR", 47.0, 7.0, 4000, borders=["FR-CH"], border_km={"FR-CH": 0.3}),
        place("touching", "CH", 47.009, 7.0, 4000, border_km={"FR-CH": 0.3}),
        place("across-far", "CH", 47.05, 7.0, 4000, border_km={"FR-CH": 3.0}),
        place("far", "CH", 47.2, 7.0, 4000, border_km={"FR-CH": 20}),
    ]
    values = factor_values(nodes, "a", "FR-CH", "CH")
    assert values["touching"]["continuity"] == 1.0
    assert 0 < values["across-far"]["continuity"] < 1 and values["far"]["continuity"] == 0.0


def test_nearest_is_relative_to_the_closest_place_across():
    nodes = [
        place("a", "FR", 44.0, 7.0, 300, borders=["FR-IT"]),
        place("next-valley", "IT", 44.1, 7.0, 200),
        place("twice-as-far", "IT", 44.2, 7.0, 200),
    ]
    G = build_graph(nodes, [], borders={"FR-IT": "IT"})
    found = candidate_factors(G, "a", "FR-IT", radius_km=50, other="IT", attrs=G.nodes["a"])
    values = dict(zip(found.nodes, found.values["nearest"]))
    assert values["next-valley"] == 1.0 and values["twice-as-far"] == pytest.approx(0.5, abs=0.01)


def test_gravity_is_one_for_the_strongest_pull():
    nodes = [
        place("a", "FR", 47.0, 7.0, 4000, borders=["FR-CH"]),
        place("city", "CH", 47.1, 7.0, 200000),
        place("village", "CH", 47.02, 7.0, 300),
    ]
    values = factor_values(nodes, "a", "FR-CH", "CH")
    assert values["city"]["gravity"] == 1.0 and values["village"]["gravity"] < 0.5


def test_partners_of_partners_lift_a_candidate():
    # a's partner de1 works with fr2, whose partner is de2: de2 gets an L3 path, de3 none.
    nodes = [
        place("a", "FR", 48.5, 7.7, 5000, borders=["FR-DE"]),
        place("fr2", "FR", 48.6, 7.7, 5000, borders=["FR-DE"]),
        place("de1", "DE", 48.5, 7.9, 5000),
        place("de2", "DE", 48.55, 7.95, 5000),
        place("de3", "DE", 48.55, 7.95, 5000),
    ]
    ties = [("a", "de1", "joint_project"), ("de1", "fr2", "joint_project"), ("fr2", "de2", "twinning")]
    order = ranked(nodes, "a", "FR-DE", ties=ties, weights={"partners_of_partners": 1, "distance": 0.01})
    assert order.index("de2") < order.index("de3")
    G = build_graph(nodes, [{"a": a, "b": b, "kind": k} for a, b, k in ties], borders=BORDERS)
    explained = {s["node"]: {f["name"]: f for f in s["factors"]} for s in suggest_counterparts(G, "a", "FR-DE")}
    assert explained["de2"]["partners_of_partners"]["params"] == {"count": 1, "names": ["de1"]}
    assert explained["de3"]["partners_of_partners"]["code"] == "no_partners_of_partners"


def test_the_weights_file_is_read_and_checked():
    weights, document = read_weights(WEIGHTS_FILE)
    assert set(weights) == set(FACTORS) == set(DEFAULT_WEIGHTS) and weights == DEFAULT_WEIGHTS
    assert sum(weights.values()) == pytest.approx(1, abs=0.01) and min(weights.values()) >= 0
    assert document["version"] >= 1 and document["fitted_on"]["cases"] > 0
    assert {"hits@1", "hits@5", "mrr"} <= set(document["cross_validation"]["held_out"]["all"])


@pytest.mark.parametrize(
    "content, code",
    [
        ("{not json", "weights_file_unreadable"),
        ({"version": 1, "weights": {"distance": 1}}, "weights_file_incomplete"),
        ({"version": 1, "fitted_at": "x", "fitted_on": {}, "weights": {"distance": -0.5}}, "weights_negative"),
        ({"version": 1, "fitted_at": "x", "fitted_on": {}, "weights": {"charm": 1}}, "weights_unknown_factor"),
        ({"version": 1, "fitted_at": "x", "fitted_on": {}, "weights": {"distance": 0}}, "weights_all_zero"),
        ({"version": 1, "fitted_at": "x", "fitted_on": {}, "weights": {"distance": "heavy"}}, "weights_not_a_number"),
    ],
)
def test_a_bad_weights_file_is_refused_with_a_code(tmp_path, content, code):
    path = tmp_path / "weights.json"
    path.write_text(content if isinstance(content, str) else json.dumps(content), encoding="utf-8")
    with pytest.raises(InvalidWeights) as error:
        read_weights(path)
    assert error.value.code == code


def test_bad_weights_given_to_the_engine_are_refused():
    nodes = [place("a", "FR", 47.0, 7.0, 4000, borders=["FR-CH"]), place("b", "CH", 47.02, 7.0, 300)]
    G = build_graph(nodes, [], borders=BORDERS)
    with pytest.raises(InvalidWeights):
        suggest_counterparts(G, "a", "FR-CH", weights={"distance": float("nan")})
