"""Municipalities of both sides, their localities, the official labels, the Avenir Montagnes groupings and the real ties,
loaded from small extracts of the vendored files (and once from all of them)."""

import pytest
from sqlalchemy import func, select

from graph.funding import covers
from webapp.extensions import db as _db
from webapp.models import GraphChange, Locality, Organisation, OrganisationLabel, Programme, Tie
from webapp.services.organisations import directory_query, matched_localities, update_organisation
from webapp.services.reference.loader import load_reference
from webapp.services.reference.municipalities import read_localities, read_municipalities
from webapp.services.reference.official_labels import OFFICIAL_SOURCES
from webapp.services.reference.places import read_geonames

# Le Perthus, Cerbère, Hendaye, Prats-de-Mollo (VA), Saint-Louis, Huningue, Strasbourg, Ambérieu-en-Bugey (50 km), Les Rousses (Jura, AM);
# Irun, La Jonquera, Kortrijk, Mouscron, Basel, Riehen, Kehl, Lörrach.
CODES = {("FR", c) for c in ("66137", "66048", "64260", "66150", "68297", "68149", "67482", "01004", "39470")} | {
    ("ES", "20045"),
    ("ES", "17086"),
    ("BE", "34022"),
    ("BE", "57096"),
    ("CH", "CH2701"),
    ("CH", "CH2703"),
    ("DE", "08317057"),
    ("DE", "08336050"),
}
COUNTRIES = {c for c, _ in CODES}


@pytest.fixture(scope="module")
def extract():
    municipalities = [m for m in read_municipalities() if (m.country, m.code) in CODES]
    localities = [p for p in read_localities() if p.name in ("Aalbeke", "el Pertús", "Rekkem", "Marke", "Basel", "Hendaye")]
    geonames = [p for p in read_geonames() if p.country in COUNTRIES]
    return dict(municipalities=municipalities, localities=localities, geonames=geonames)


def org(code, country="FR"):
    return _db.session.scalar(select(Organisation).where(Organisation.country == country, Organisation.official_code == code))


def test_extract_is_the_vendored_data(extract):
    assert len(extract["municipalities"]) == len(CODES)  # every code exists in data/places


def test_municipalities_are_the_organisations_with_codes_borders_and_distances(db, extract):
    summary = load_reference(**extract)
    perthus = org("66137")
    assert perthus.name == "Le Perthus" and perthus.kind == "commune" and perthus.department == "66"
    assert {b.border: b.distance_km for b in perthus.borders}["FR-ES"] == 1.9
    assert org("01004") is None  # Ambérieu-en-Bugey is 50 km from the border: beyond the band
    assert summary["municipalities"]["per_country"]["FR"] == 8
    basel = org("CH2701", "CH")
    assert basel.name == "Basel" and basel.admin1 == "Basel-City"  # borrowed from the nearest GeoNames place
    # Programme areas name GeoNames divisions: Basel is in the Upper Rhine programme, Kortrijk in FWVL.
    programmes = {p.code: p for p in _db.session.scalars(select(Programme))}

    def attrs(o):
        return {"country": o.country, "admin1": o.admin1, "admin2": o.admin2, "lat": o.latitude, "lon": o.longitude}

    assert covers({"foreign_areas": programmes["rhin_superieur"].foreign_areas}, attrs(basel))
    assert covers({"foreign_areas": programmes["fwvl"].foreign_areas}, attrs(org("34022", "BE")))


def test_a_locality_finds_its_municipality_in_the_directory(db, extract):
    load_reference(**extract)
    kortrijk = org("34022", "BE")
    assert _db.session.scalar(select(Locality).where(Locality.name == "Aalbeke")).organisation_id == kortrijk.id
    found = _db.session.scalars(directory_query(q="Aalbeke")).all()
    assert [o.id for o in found] == [kortrijk.id]
    assert matched_localities([kortrijk.id], "aalbeke") == {kortrijk.id: "Aalbeke"}
    assert [o.name for o in _db.session.scalars(directory_query(q="el Pertus"))] == ["Le Perthus"]
    assert matched_localities([o.id for o in found], "Kortrijk") == {}  # found by its own name: no locality to name


def test_loading_twice_changes_nothing_and_edits_are_kept(db, extract):
    first = load_reference(**extract)
    count = _db.session.scalar(select(func.count()).select_from(Organisation))
    update_organisation(org("66137"), {"description": "Village frontière", "population": 600})
    second = load_reference(**extract)
    assert second["municipalities"]["outcomes"] == {"unchanged": len(CODES) - 2, "protected": 1}  # Ambérieu is not loaded
    assert second["labels"]["pvd"] == {"unchanged": first["labels"]["pvd"]["added"]}
    assert set(second["ties"]["outcomes"]) <= {"joint_project unchanged", "twinning unchanged"}
    assert _db.session.scalar(select(func.count()).select_from(Organisation)) == count
    assert org("66137").population == 600 and org("66137").description == "Village frontière"


def test_official_labels_are_dated_and_a_newer_list_adds_and_removes(db, extract):
    summary = load_reference(**extract)
    hendaye = {label.label: label for label in org("64260").labels}
    assert hendaye["pvd"].status == "official" and str(hendaye["pvd"].listed_on) == "2024-08-07"
    assert hendaye["pvd"].source == OFFICIAL_SOURCES["pvd"] and hendaye["pvd"].anct_id.startswith("pvd-")
    assert {label.label: label.status for label in org("66150").labels}["va"] == "official"  # Prats-de-Mollo-la-Preste
    assert summary["labels"]["pvd"]["added"] >= 1
    # A town the list does not name: its official label of that source goes, its declared one stays.
    cerbere = org("66048")
    cerbere.labels.append(OrganisationLabel(label="pvd", status="official", source=OFFICIAL_SOURCES["pvd"]))
    perthus = org("66137")
    perthus.labels.append(OrganisationLabel(label="pvd", status="declared"))
    _db.session.flush()
    again = load_reference(**extract)
    assert again["labels"]["pvd"]["removed"] == 1 and again["labels"]["pvd"]["removed_codes"] == ["66048"]
    assert "pvd" not in org("66048").label_codes
    assert {label.label: label.status for label in org("66137").labels}["pvd"] == "declared"


def test_avenir_montagnes_territories_are_groupings_with_a_massif(db, extract):
    summary = load_reference(**extract)
    rousses = org("39470")
    assert rousses.massif == "jura" and "am" in rousses.label_codes
    groupings = _db.session.scalars(
        select(Organisation).where(Organisation.kind == "grouping", Organisation.massif == "jura")
    ).all()
    assert groupings and summary["am_territories"]["outcomes"]["created"] == len(
        _db.session.scalars(select(Organisation).where(Organisation.kind == "grouping", Organisation.massif.is_not(None))).all()
    )
    ties = _db.session.scalars(
        select(Tie).where(Tie.kind == "membership", (Tie.organisation_a_id == rousses.id) | (Tie.organisation_b_id == rousses.id))
    ).all()
    assert {t.other(rousses.id).id for t in ties} & {g.id for g in groupings}
    assert rousses.id in {o.id for o in _db.session.scalars(directory_query(massif="jura"))}
    assert org("66137").id not in {o.id for o in _db.session.scalars(directory_query(massif="jura"))}


def test_real_ties_carry_project_programme_years_and_source(db, extract):
    summary = load_reference(**extract)
    hendaye, irun = org("64260"), org("20045", "ES")
    a_id, b_id = sorted((hendaye.id, irun.id))
    tie = _db.session.scalar(
        select(Tie).where(Tie.organisation_a_id == a_id, Tie.organisation_b_id == b_id, Tie.kind == "joint_project")
    )
    assert "EDERBIDEA" in tie.project.split("; ") and "(POCTEFA)" in tie.programme
    assert (tie.since_year, tie.until_year) == (2016, 2019) and tie.project_size == 9
    assert tie.source.startswith("Source: keep.eu")
    assert summary["ties"]["unresolved"]  # most partners are outside the extract: counted and reported
    assert any(examples for examples in summary["ties"]["unresolved_examples"].values())


def test_the_whole_vendored_load_from_the_cli(app, runner):
    """What `make run` does on a fresh clone: every municipality near every border, labels and ties."""
    result = runner.invoke(args=["reference", "load"])
    assert result.exit_code == 0, result.output
    with app.app_context():
        per_country = dict(
            _db.session.execute(
                select(Organisation.country, func.count()).where(Organisation.kind == "commune").group_by(Organisation.country)
            ).all()
        )
        # data/places/README.md: rows within 30 km (rounded distance).
        assert per_country == {"FR": 4373, "BE": 158, "LU": 61, "DE": 469, "CH": 742, "IT": 275, "ES": 334, "AD": 7, "MC": 1}
        assert (
            _db.session.scalar(
                select(func.count())
                .select_from(Organisation)
                .where(Organisation.kind == "commune", Organisation.country == "FR", Organisation.official_code.is_(None))
            )
            == 0
        )
        pvd = _db.session.scalar(select(func.count()).select_from(OrganisationLabel).where(OrganisationLabel.label == "pvd"))
        assert pvd == 168  # data/places + data/labels: PVD communes within 30 km
        assert _db.session.scalar(select(func.count()).select_from(Tie).where(Tie.kind == "twinning")) >= 30
        assert _db.session.scalar(select(func.count()).select_from(Tie).where(Tie.kind == "joint_project")) >= 200
    assert "member not found" not in result.output  # every structure member named in data/structures.yaml is a municipality
    assert "Municipalities near the borders" in result.output  # progress
    assert "Labelled towns near each border" in result.output and "Ties by source" in result.output
    assert "already up to date" in runner.invoke(args=["reference", "load"]).output


def test_the_load_asks_every_worker_to_rebuild_instead_of_logging_each_row(db, extract):
    load_reference(**extract)
    kinds = [change.kind for change in _db.session.scalars(select(GraphChange))]
    assert kinds == ["rebuild"]  # bulk_changes(): one rebuild request, no per-row log


def test_a_search_names_the_most_populous_matching_locality_even_beside_unknown_populations(app):
    from .. import factories

    town = factories.make_org(app, name="Kortrijk", kind="commune", country="BE", official_code="34022")
    with app.app_context():
        for geonameid, name, population in ((1, "Marke-Dorp", None), (2, "Marke", 9500), (3, "Marke-Veld", None)):
            _db.session.add(
                Locality(
                    geonameid=geonameid,
                    organisation_id=town,
                    name=name,
                    search_name=name.lower(),
                    country="BE",
                    latitude=50.8,
                    longitude=3.23,
                    population=population,
                )
            )
        _db.session.commit()
        assert matched_localities([town], "marke") == {town: "Marke"}
