"""The former GeoNames loader (how older databases were loaded), on a small extract of the real records.

The whole vendored load is tested in ``test_municipalities.py``; upgrading such a database in ``test_reference_upgrade.py``.
"""

import pytest
from sqlalchemy import func, select

from config import Config
from webapp.extensions import db as _db
from webapp.models import Instrument, Organisation, Programme, Tie
from webapp.services.borders import geometry
from webapp.services.cog import commune_index
from webapp.services.organisations import update_organisation
from webapp.services.reference.curated import read_data_file
from webapp.services.reference.loader import load_reference
from webapp.services.reference.places import load_places, read_geonames

WANTED = {
    ("FR", "Saint-Louis"),
    ("FR", "Seynod"),
    ("FR", "Waldighofen"),
    ("FR", "Strasbourg"),
    ("FR", "Paris"),
    ("FR", "Hendaye"),
    ("FR", "Huningue"),
    ("CH", "Basel"),
    ("CH", "Riehen"),
    ("DE", "Kehl"),
    ("DE", "Lörrach"),
    ("ES", "Irun"),
    ("ES", "Madrid"),
}


@pytest.fixture(scope="module")
def extract():
    return [p for p in read_geonames() if (p.country, p.name) in WANTED]


def load(extract):
    return load_places(extract, geometry=geometry(), communes=commune_index(Config.NODE_MODULES), band_km=30)


def by_name(name, country):
    return _db.session.scalar(select(Organisation).where(Organisation.name == name, Organisation.country == country))


def test_extract_is_real_data(extract):
    assert {p.name for p in extract} >= {"Saint-Louis", "Basel", "Kehl", "Madrid", "Paris"}
    assert len([p for p in extract if p.name == "Saint-Louis"]) > 1  # several French Saint-Louis exist


def test_places_near_a_border_are_loaded_with_insee_codes(db, extract):
    report = load(extract)
    saint_louis = _db.session.scalar(select(Organisation).where(Organisation.official_code == "68297"))
    assert saint_louis.name == "Saint-Louis" and saint_louis.department == "68" and saint_louis.status == "reference"
    assert saint_louis.border_codes == ["FR-CH", "FR-DE"]
    assert saint_louis.source.startswith("GeoNames") and saint_louis.licence == "CC BY 4.0"
    basel = by_name("Basel", "CH")
    assert basel.admin1 == "Basel-City" and basel.border_codes == ["FR-CH"] and basel.official_code is None
    assert by_name("Paris", "FR") is None and by_name("Madrid", "ES") is None  # far from any border
    # Only the Haut-Rhin Saint-Louis is near a border (the Moselle one is 40 km from Germany).
    assert _db.session.scalar(select(func.count()).select_from(Organisation).where(Organisation.name == "Saint-Louis")) == 1
    counted = dict(_db.session.execute(select(Organisation.country, func.count()).group_by(Organisation.country)).all())
    assert report.as_dict()["per_country"] == counted
    assert report.per_border[("FR-CH", "CH")] == 2 and report.per_border[("FR-ES", "ES")] == 1


def test_unmatched_french_places_are_reported_with_a_reason(db, extract):
    report = load(extract).as_dict()
    assert report["insee_unmatched"] == {
        "commune déléguée ou associée (fusionnée)": 1,
        "aucune commune de ce nom dans le département": 1,
    }
    assert report["unmatched_examples"]["commune déléguée ou associée (fusionnée)"] == ["Seynod (Haute-Savoie)"]
    assert report["insee_matched"] == 4  # Saint-Louis, Strasbourg, Hendaye, Huningue
    seynod = by_name("Seynod", "FR")
    assert seynod is not None and seynod.official_code is None and seynod.department == "74"


def test_loading_twice_changes_nothing(db, extract):
    first = load(extract).as_dict()
    count = _db.session.scalar(select(func.count()).select_from(Organisation))
    second = load(extract).as_dict()
    assert set(second["outcomes"]) == {"unchanged"} and second["outcomes"]["unchanged"] == first["outcomes"]["created"]
    assert _db.session.scalar(select(func.count()).select_from(Organisation)) == count


def test_loader_never_overwrites_a_claimed_or_edited_record(db, extract):
    load(extract)
    kehl = by_name("Kehl", "DE")
    update_organisation(kehl, {"description": "Große Kreisstadt am Rhein", "population": 37000})
    basel = by_name("Basel", "CH")
    basel.status = "registered"  # claimed
    basel.population = 1
    outcomes = load(extract).outcomes
    assert outcomes["protected"] == 2
    assert by_name("Kehl", "DE").description == "Große Kreisstadt am Rhein" and by_name("Kehl", "DE").population == 37000
    assert by_name("Basel", "CH").population == 1


def test_load_reference_brings_instruments_programmes_structures_and_memberships(db, extract):
    summary = load_reference(places=extract)
    assert _db.session.scalar(select(func.count()).select_from(Instrument)) == len(read_data_file("instruments.yaml"))
    assert _db.session.scalar(select(func.count()).select_from(Programme)) == len(read_data_file("programmes.yaml"))
    structures = _db.session.scalars(select(Organisation).where(Organisation.kind == "cross_border_structure")).all()
    assert len(structures) == len(read_data_file("structures.yaml")) == summary["structures"]["outcomes"]["created"]
    basel_district = next(s for s in structures if s.name == "Eurodistrict Trinational de Bâle")
    assert basel_district.legal_form == "association" and basel_district.covered_countries == ["CH", "DE", "FR"]
    assert basel_district.border_codes == ["FR-CH", "FR-DE"]  # derived from the countries it spans
    members = {
        t.other(basel_district.id).name
        for t in _db.session.scalars(
            select(Tie).where((Tie.organisation_a_id == basel_district.id) | (Tie.organisation_b_id == basel_district.id))
        )
    }
    assert members == {"Basel", "Riehen", "Saint-Louis", "Huningue", "Lörrach"}  # Weil am Rhein is not in the extract
    assert "Eurodistrict Trinational de Bâle: Weil am Rhein (DE)" in summary["structures"]["missing_members"]
    # Bourg-Madame is missing from GeoNames cities1000: created from the COG with the file's coordinates.
    bourg_madame = _db.session.scalar(select(Organisation).where(Organisation.official_code == "66025"))
    assert bourg_madame.name == "Bourg-Madame" and bourg_madame.border_codes == ["FR-AD", "FR-ES"]
    again = load_reference(places=extract)
    assert again["structures"]["outcomes"] == {"unchanged": len(structures)}
    assert set(again["structures"]["ties"]) == {"unchanged"}
