"""The curated files are consistent with themselves, the COG and GeoNames."""

import copy
from collections import defaultdict

import pytest

from config import Config
from webapp.geo.borders import load_borders
from webapp.services.cog import commune_index
from webapp.services.reference.curated import check_curated, programme_departments, read_data_file
from webapp.services.reference.places import read_geonames


@pytest.fixture(scope="module")
def communes():
    return commune_index(Config.NODE_MODULES)


@pytest.fixture(scope="module")
def curated():
    return {name: read_data_file(f"{name}.yaml") for name in ("instruments", "programmes", "structures")}


def test_curated_files_are_consistent(curated, communes):
    assert check_curated(curated["instruments"], curated["programmes"], curated["structures"], communes) == []


def test_every_border_has_an_instrument(curated):
    for border in load_borders():
        assert any(border.code in i["rules"]["borders"] + i["rules"]["third_country_borders"] for i in curated["instruments"]), (
            border.code
        )


def test_every_structure_spans_two_countries_and_every_row_has_a_source(curated):
    for row in curated["structures"]:
        assert "FR" in row["countries"] and len(set(row["countries"])) >= 2
        assert row["source"].startswith("https://")
    for row in curated["instruments"]:
        assert row["sources"] and all(s.startswith("https://") for s in row["sources"])
    for row in curated["programmes"]:
        assert row["url"].startswith("https://")


def test_programme_departments_exist_in_the_cog(curated, communes):
    for row in curated["programmes"]:
        departments = programme_departments(row, communes)
        assert departments and set(departments) <= communes.department_codes, row["code"]
    alcotra = next(r for r in curated["programmes"] if r["code"] == "alcotra")
    assert programme_departments(alcotra, communes) == ["04", "05", "06", "73", "74"]


def test_to_verify_flags_follow_the_domain_brief(curated):
    flags = {row["code"]: row["to_verify"] for row in curated["programmes"]}
    assert flags["grande_region"] and flags["poctefa"]  # "to verify" in DOMAIN.md
    assert {row["code"]: row["to_verify"] for row in curated["instruments"]}["gec"]


def test_area_names_are_geonames_names(curated):
    """A programme area or instrument restriction naming a division GeoNames lacks would silently match nothing."""
    admin1, admin2 = defaultdict(set), defaultdict(set)
    for place in read_geonames():
        admin1[place.country].add(place.admin1)
        admin2[place.country].add(place.admin2)
    for row in curated["programmes"]:
        for area in row["foreign_areas"]:
            assert set(area.get("admin1", [])) <= admin1[area["country"]], (row["code"], area)
            assert set(area.get("admin2", [])) <= admin2[area["country"]], (row["code"], area)
    for row in curated["instruments"]:
        for country, names in row["rules"].get("foreign_admin1", {}).items():
            assert set(names) <= admin1[country], (row["code"], country)


@pytest.mark.parametrize(
    "breakage, message",
    [
        (lambda c: c["structures"][0].update(countries=["FR"]), "needs France and at least one other country"),
        (lambda c: c["programmes"][0].update(french_departments=["999"]), "unknown French department 999"),
        (lambda c: c["programmes"][0].update(french_regions=["00"]), "unknown French region 00"),
        (
            lambda c: [
                i["rules"].update(
                    borders=[b for b in i["rules"]["borders"] if b != "FR-SX"],
                    third_country_borders=[b for b in i["rules"]["third_country_borders"] if b != "FR-SX"],
                )
                for i in c["instruments"]
            ],
            "border FR-SX: no legal instrument applies",
        ),
        (lambda c: c["instruments"][0]["rules"].update(ambitions=["world_peace"]), "ambitions must be among"),
        (lambda c: c["structures"].append(copy.deepcopy(c["structures"][0])), "listed twice"),
    ],
)
def test_check_curated_finds_problems(curated, communes, breakage, message):
    broken = copy.deepcopy(curated)
    breakage(broken)
    problems = check_curated(broken["instruments"], broken["programmes"], broken["structures"], communes)
    assert any(message in p for p in problems), problems
