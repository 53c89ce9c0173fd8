import pytest

from graph import InvalidPartners, NodeNotFound, build_graph, suggest_governance


def org(id, country, kind="commune", **extra):
    return {"id": id, "name": id, "country": country, "kind": kind, **extra}


@pytest.fixture
def make(instruments, borders):
    def make(*nodes, ties=()):
        return build_graph(
            nodes, [{"a": a, "b": b, "kind": "membership"} for a, b in ties], borders=borders, instruments=instruments
        )

    return make


def verdict(result):
    return {i["code"]: (i["open"], i["fits"], i["route"]) for i in result["instruments"]}


def test_karlsruhe_glct_for_french_and_german_towns_not_italian(make):
    G = make(org("Lauterbourg", "FR"), org("Berg", "DE"), org("Menton", "FR"), org("Ventimiglia", "IT"))
    assert verdict(suggest_governance(G, ["Lauterbourg", "Berg"], "shared_service"))["glct_karlsruhe"] == (True, True, "direct")
    italian = suggest_governance(G, ["Menton", "Ventimiglia"], "shared_service")
    assert verdict(italian)["glct_karlsruhe"][0] is False
    assert {"code": "border_excluded", "borders": ["FR-IT"]} in next(
        i for i in italian["instruments"] if i["code"] == "glct_karlsruhe"
    )["reasons"]


def test_egtc_with_swiss_partners_needs_the_third_country_route(make):
    G = make(org("Annemasse", "FR"), org("Genève", "CH", admin1="Geneva"))
    egtc = next(i for i in suggest_governance(G, ["Annemasse", "Genève"], "permanent_body")["instruments"] if i["code"] == "egtc")
    assert (egtc["open"], egtc["route"]) == (True, "third_country")
    assert {"code": "border_third_country", "borders": ["FR-CH"]} in egtc["reasons"]
    assert egtc["legal_basis"].startswith("Règlement (CE) 1082/2006")


def test_monaco_has_no_bilateral_instrument(make):
    G = make(org("Beausoleil", "FR"), org("Monaco", "MC"))
    open_codes = {c for c, (o, _, _) in verdict(suggest_governance(G, ["Beausoleil", "Monaco"], "exchange")).items() if o}
    assert open_codes.isdisjoint({"glct_karlsruhe", "glct_brussels", "bayonne_treaty", "rome_agreement", "seml_foreign", "gec"})
    assert "convention" in open_codes and verdict(suggest_governance(G, ["Beausoleil", "Monaco"]))["egtc"][2] == "third_country"


def test_a_state_changes_the_answer(make):
    G = make(org("Hendaye", "FR"), org("Irun", "ES", admin1="Basque Country"), org("État espagnol", "ES", kind="state"))
    result = verdict(suggest_governance(G, ["Hendaye", "Irun", "État espagnol"], "permanent_body"))
    assert result["egtc"][0] is True  # States may be EGTC members
    assert result["convention"][0] is False and result["bayonne_treaty"][0] is False  # L1115-5: no convention with a State


def test_a_private_body_changes_the_answer(make):
    G = make(org("Hendaye", "FR"), org("Asociación", "ES", kind="association", admin1="Basque Country"))
    result = verdict(suggest_governance(G, ["Hendaye", "Asociación"], "shared_service"))
    assert result["seml_foreign"][0] is True
    assert result["egtc"][0] is False and result["bayonne_treaty"][0] is False


def test_bayonne_treaty_only_for_the_four_spanish_regions(make):
    G = make(org("Bourg-Madame", "FR"), org("Puigcerdà", "ES", admin1="Catalonia"), org("Madrid", "ES", admin1="Madrid"))
    assert verdict(suggest_governance(G, ["Bourg-Madame", "Puigcerdà"], "shared_service"))["bayonne_treaty"][0] is True
    far = suggest_governance(G, ["Bourg-Madame", "Madrid"], "shared_service")
    assert verdict(far)["bayonne_treaty"][0] is False
    outside = [
        r
        for r in next(i for i in far["instruments"] if i["code"] == "bayonne_treaty")["reasons"]
        if r["code"] == "outside_agreement_area"
    ]
    assert [(r["node"], r["admin1"]) for r in outside] == [("Madrid", "Madrid")] and "Catalonia" in outside[0]["allowed"]


def test_karlsruhe_only_for_swiss_cantons_that_joined(make):
    G = make(org("Saint-Louis", "FR"), org("Basel", "CH", admin1="Basel-City"), org("Zürich", "CH", admin1="Zurich"))
    assert verdict(suggest_governance(G, ["Saint-Louis", "Basel"], "shared_service"))["glct_karlsruhe"][0] is True
    assert verdict(suggest_governance(G, ["Saint-Louis", "Zürich"], "shared_service"))["glct_karlsruhe"][0] is False


def test_order_is_lightest_fitting_first_then_too_light_then_closed(make):
    G = make(org("Lauterbourg", "FR"), org("Berg", "DE"))
    result = suggest_governance(G, ["Lauterbourg", "Berg"], "shared_service")["instruments"]
    states = [(i["open"], i["fits"]) for i in result]
    assert states == sorted(states, key=lambda s: (not s[0], not s[1]))
    fitting = [i for i in result if i["fits"]]
    assert [i["rank"] for i in fitting] == sorted(i["rank"] for i in fitting)
    convention = next(i for i in result if i["code"] == "convention")
    assert convention["open"] and not convention["fits"]
    assert convention["reasons"][-1]["code"] == "ambition_not_met" and "shared_service" not in convention["reasons"][-1]["suits"]
    assert verdict(suggest_governance(G, ["Lauterbourg", "Berg"], "exchange"))["convention"] == (True, True, "direct")


def test_several_borders_at_once(make):
    G = make(org("Saint-Louis", "FR"), org("Basel", "CH", admin1="Basel-City"), org("Weil", "DE"))
    result = suggest_governance(G, ["Saint-Louis", "Basel", "Weil"], "permanent_body")
    assert result["borders"] == ["FR-CH", "FR-DE"]
    assert verdict(result)["glct_karlsruhe"][0] is True and verdict(result)["glct_brussels"][0] is False


def test_existing_structures_nearby_that_cover_the_border(make):
    G = make(
        org("Saint-Louis", "FR", lat=47.59, lon=7.56),
        org("Basel", "CH", lat=47.56, lon=7.59, admin1="Basel-City"),
        org(
            "TEB", "FR", kind="cross_border_structure", lat=47.61, lon=7.57, borders=["FR-CH", "FR-DE"], legal_form="association"
        ),
        org("Grand Genève", "CH", kind="cross_border_structure", lat=46.20, lon=6.15, borders=["FR-CH"]),
        org("Huningue", "FR", lat=47.59, lon=7.58),
        ties=[("TEB", "Huningue"), ("TEB", "Saint-Louis")],
    )
    structures = suggest_governance(G, ["Saint-Louis", "Basel"])["structures"]
    assert [s["node"] for s in structures] == ["TEB"]
    covers, distance, members = structures[0]["reasons"]
    assert covers == {"code": "structure_covers", "borders": ["FR-CH"]}
    assert distance["code"] == "structure_distance" and distance["member"] in ("Huningue", "Saint-Louis") and distance["km"] < 3
    assert members == {"code": "structure_has_members", "nodes": ["Saint-Louis"], "names": ["Saint-Louis"]}


@pytest.mark.parametrize(
    "nodes, error, code",
    [
        (["a"], InvalidPartners, "too_few_partners"),
        (["a", "b"], InvalidPartners, "single_country"),
        (["a", "c"], InvalidPartners, "no_border_with"),
        (["d", "e"], InvalidPartners, "no_french_partner"),
        (["a", "zz"], NodeNotFound, "graph_error"),
    ],
)
def test_bad_partner_sets(make, nodes, error, code):
    G = make(org("a", "FR"), org("b", "FR"), org("c", "GB"), org("d", "DE"), org("e", "CH"))
    with pytest.raises(error) as raised:
        suggest_governance(G, nodes)
    assert raised.value.code == code


def test_reasons_are_codes_with_parameters_never_prose(make):
    G = make(
        org("Hendaye", "FR"),
        org("Irun", "ES", admin1="Basque Country"),
        org("État espagnol", "ES", kind="state"),
        org("Asociación", "ES", kind="association", admin1="Basque Country"),
    )
    result = suggest_governance(G, ["Hendaye", "Irun", "État espagnol", "Asociación"], "permanent_body")
    codes = {r["code"] for i in result["instruments"] for r in i["reasons"]}
    assert {"state_not_member", "private_not_member", "border_included"} <= codes
    state = next(r for i in result["instruments"] for r in i["reasons"] if r["code"] == "state_not_member")
    assert (state["node"], state["kind"]) == ("État espagnol", "state")
    assert all(
        set(r) <= {"code", "borders", "node", "name", "kind", "admin1", "allowed", "ambition", "suits"}
        for i in result["instruments"]
        for r in i["reasons"]
    )


def test_unknown_ambition(make):
    G = make(org("a", "FR"), org("b", "DE"))
    with pytest.raises(ValueError):
        suggest_governance(G, ["a", "b"], "world_domination")
