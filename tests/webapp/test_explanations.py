"""Factor explanations: codes and parameters from graph/, sentences in French from the webapp."""

import pytest

import domain
import graph as engine
from webapp.explanations import phrase_counterpart_error, phrase_factor, with_explanations

# Every code graph.counterparts.explain_factors can return, with parameters of the right shape.
CODES = {
    "distance": ({"km": 1.84, "radius_km": 50}, "À 1,8 km (rayon de recherche : 50 km)."),
    "proximity": ({"km": 12.3}, "Proximité : 12 km, la proximité compte d'abord à courte distance."),
    "nearest": ({"km": 2.5}, "La localité la plus proche de l'autre côté (2,5 km)."),
    "farther_than_nearest": (
        {"km": 12.0, "nearest_km": 1.5},
        "À 12 km, quand la localité la plus proche de l'autre côté est à 1,5 km.",
    ),
    "structure_not_a_place": ({}, "Structure transfrontalière, pas une localité : facteur sans objet."),
    "continuity": (
        {"gap_km": 0.0, "km": 1.2},
        "Même agglomération de part et d'autre de la frontière : les deux localités se touchent.",
    ),
    "no_continuity": ({"gap_km": 14.2}, "Pas d'agglomération commune : 14 km d'écart."),
    "gravity": ({"population": 173000, "km": 3.5}, "Ville qui attire les environs : 173\u202f000 habitants à 3,5 km."),
    "gravity_weak": ({"population": 300, "km": 7}, None),
    "population_unknown": ({}, "Population inconnue : facteur neutre."),
    "size_similar": ({"population": 21000, "other_population": 33000}, None),
    "size_different": ({"population": 21000, "other_population": 330}, None),
    "name_mirror": ({"name": "Comines", "other_name": "Comines-Warneton"}, "Noms jumeaux : Comines et Comines-Warneton."),
    "name_unrelated": ({}, "Noms sans rapport."),
    "language_shared": ({"languages": ["fr", "eu"]}, "Langues parlées des deux côtés : français et basque."),
    "language_none": ({}, "Pas de langue commune connue : prévoir l'interprétation."),
    "common_partners": (
        {"count": 1, "names": ["Eurodistrict PAMINA"]},
        "1 partenaire en commun dans le réseau : Eurodistrict PAMINA.",
    ),
    "no_common_partner": ({}, None),
    "partners_of_partners": ({"count": 2, "names": ["Irun", "Biarritz"]}, None),
    "no_partners_of_partners": ({}, None),
    "themes_shared": ({"themes": ["health"]}, "Thèmes communs : santé et soins."),
    "themes_none": ({}, None),
    "themes_unknown": ({}, None),
    "programme_cross_border": ({"programmes": ["Interreg France-Suisse"]}, "Zone Interreg commune : Interreg France-Suisse."),
    "programme_transnational": ({"programmes": ["Espace alpin"]}, None),
    "programme_none": ({}, None),
    "verified": ({}, None),
    "registered": ({}, None),
    "not_registered": ({}, None),
}


@pytest.fixture
def french(app):
    with app.test_request_context("/?lang=fr", headers={"Accept-Language": "fr"}):
        yield


@pytest.mark.parametrize("code", sorted(CODES))
def test_every_code_is_phrased_in_french(french, code):
    params, expected = CODES[code]
    sentence = phrase_factor({"code": code, "params": params})
    assert sentence.endswith(".") and "Raison non détaillée" not in sentence
    if expected is not None:
        assert sentence == expected


def test_an_unknown_code_gets_a_neutral_sentence(french):
    assert phrase_factor({"code": "astrology", "params": {}}) == "Raison non détaillée (astrology)."
    assert phrase_factor({"code": "distance", "params": {}}) == "Raison non détaillée (distance)."  # parameters missing


def test_the_engine_only_returns_codes_the_webapp_phrases(french):
    nodes = [
        {
            "id": "hendaye",
            "name": "Hendaye",
            "country": "FR",
            "lat": 43.359,
            "lon": -1.766,
            "population": 17000,
            "department": "64",
            "borders": ["FR-ES"],
            "border_km": {"FR-ES": 0.5},
        },
        {
            "id": "irun",
            "name": "Irun",
            "country": "ES",
            "lat": 43.338,
            "lon": -1.789,
            "population": 62000,
            "code": "20045",
            "status": "verified",
            "border_km": {"FR-ES": 0.6},
        },
        {
            "id": "hondarribia",
            "name": "Hondarribia",
            "country": "ES",
            "lat": 43.36,
            "lon": -1.79,
            "code": "20036",
            "status": "registered",
        },
        {"id": "bera", "name": "Bera", "country": "ES", "lat": 43.28, "lon": -1.68, "population": 3800, "code": "31023"},
    ]
    G = engine.build_graph(nodes, [], borders={"FR-ES": "ES"})
    suggestions = [with_explanations(s) for s in engine.suggest_counterparts(G, "hendaye", "FR-ES")]
    assert [f["name"] for f in suggestions[0]["factors"]] == list(domain.FACTORS)
    for factor in (f for s in suggestions for f in s["factors"]):
        assert factor["code"] in CODES, factor["code"]
        assert factor["explanation"] == phrase_factor(factor) and "Raison non détaillée" not in factor["explanation"]


def test_counterpart_errors_are_phrased_from_their_codes(french):
    G = engine.build_graph([{"id": 1, "name": "Pau", "country": "FR", "lat": 43.3, "lon": -0.37}], [], borders={"FR-ES": "ES"})
    with pytest.raises(engine.NotNearBorder) as error:
        engine.suggest_counterparts(G, 1, "FR-ES")
    assert phrase_counterpart_error(error.value) == "Pau n'est pas proche de la frontière FR-ES."
    with pytest.raises(engine.UnknownBorder) as error:
        engine.suggest_counterparts(G, 1, "FR-XX")
    assert phrase_counterpart_error(error.value) == "Frontière inconnue : FR-XX."
