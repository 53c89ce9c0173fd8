"""Funding beyond Interreg: the curated file, who may use each fund (per pair, with reasons), the pages."""

import pytest

from graph.funds import eligible_funds, side_eligibility
from webapp.extensions import db
from webapp.models import Fund, Organisation
from webapp.services.funding import funding_for
from webapp.services.reference.curated import read_data_file
from webapp.services.reference.funding import check_funds
from webapp.services.reference.loader import load_reference

from .. import factories
from ..factories import BASEL, KEHL, SAINT_LOUIS

# Foreign divisions as the loader gives them from GeoNames (the tests have no GeoNames list).
KEHL_PLACE = KEHL | dict(admin1="Baden-Wurttemberg", admin2="Freiburg Region")
BASEL_PLACE = BASEL | dict(admin1="Basel-City")
CUNEO_SIDE = dict(
    name="Limone Piemonte",
    kind="commune",
    country="IT",
    latitude=44.2017,
    longitude=7.5766,
    population=1500,
    admin1="Piedmont",
    admin2="Provincia di Cuneo",
)
TENDE = dict(
    name="Tende", kind="commune", country="FR", official_code="06163", latitude=44.0874, longitude=7.5939, population=2200
)


@pytest.fixture
def reference(app):
    with app.app_context():
        load_reference(places=[])  # instruments, programmes, structures and funds
        db.session.commit()


def _make(app, values):
    """An organisation with its GeoNames divisions (``admin1``, ``admin2``), as the reference loader sets them."""
    values = dict(values)
    divisions = {k: values.pop(k) for k in ("admin1", "admin2") if k in values}
    organisation_id = factories.make_org(app, **values)
    with app.app_context():
        organisation = db.session.get(Organisation, organisation_id)
        for name, value in divisions.items():
            setattr(organisation, name, value)
        db.session.commit()
    return organisation_id


def _codes(items):
    return {item["fund"].code: item for item in items}


def test_the_curated_file_is_consistent_and_sourced():
    rows = read_data_file("funding.yaml")
    programmes = {p["code"] for p in read_data_file("programmes.yaml")}
    assert check_funds(rows, programmes) == []
    assert {"citizens_fund_fr_de", "leader", "detr", "dsil", "npr", "aides_territoires"} <= {r["code"] for r in rows}
    # Every Interreg small-project fund names its programme; figures are numbers or "unknown", never guessed text.
    for row in rows:
        assert row["sources"] and row["checked_on"]
        if row["kind"] == "small_projects":
            assert row["programme"] in programmes
        for field in ("rate_max", "grant_max", "project_min", "project_max"):
            assert row.get(field) == "unknown" or isinstance(row.get(field), int), (row["code"], field)


def test_the_check_names_what_is_wrong():
    rows = [{"code": "x", "kind": "lottery", "scope": "joint", "calls": "calls", "rules": {"countries": ["XX"]}}]
    problems = check_funds(rows, set())
    assert any("unknown kind lottery" in p for p in problems)
    assert any("countries must be among" in p for p in problems)
    assert any("missing url" in p for p in problems)


def test_the_loader_keeps_unknown_figures_empty(app, reference):
    with app.app_context():
        citizens = db.session.get(Fund, "citizens_fund_fr_de")
        alcotra = db.session.get(Fund, "alcotra_micro_projects")
        assert citizens.names["de"] == "Deutsch-Französischer Bürgerfonds"
        assert citizens.grant_max is None and citizens.rate_max is None
        assert (alcotra.rate_max, alcotra.grant_max, alcotra.project_min, alcotra.project_max) == (80, 60000, 25000, 75000)


def test_a_franco_german_pair_gets_the_citizens_fund_and_the_upper_rhine_small_projects(app, reference):
    saint_louis = _make(app, SAINT_LOUIS)
    kehl = _make(app, KEHL_PLACE)
    with app.app_context():
        found = _codes(funding_for(db.session.get(Organisation, saint_louis), db.session.get(Organisation, kehl)))
        assert found["citizens_fund_fr_de"]["fit"] == "pair"
        assert {"code": "pair_countries", "countries": ["FR", "DE"]} in found["citizens_fund_fr_de"]["reasons"]
        assert found["rhin_superieur_small_project_funds"]["fit"] == "pair"
        assert found["leader"]["fit"] == "each"
        # Saint-Louis (22,000 inhabitants) is above the DETR's 20,000; DSIL has no bound; both French only.
        assert "detr" not in found
        assert found["dsil"]["fit"] == "one_side"
        assert [s["eligible"] for s in found["dsil"]["sides"]] == [True, False]
        assert "npr" not in found and "alcotra_micro_projects" not in found


def test_a_franco_swiss_pair_gets_the_new_regional_policy_on_the_swiss_side(app, reference):
    saint_louis = _make(app, SAINT_LOUIS)
    basel = _make(app, BASEL_PLACE)
    with app.app_context():
        found = _codes(funding_for(db.session.get(Organisation, saint_louis), db.session.get(Organisation, basel)))
        npr = found["npr"]
        assert npr["fit"] == "one_side"
        swiss = [s for s in npr["sides"] if s["eligible"]]
        assert [s["organisation"].id for s in swiss] == [basel]
        assert {"code": "check", "check": "cantonal_office"} in swiss[0]["reasons"]
        assert "citizens_fund_fr_de" not in found  # Franco-German only
        assert "leader" in found and found["leader"]["fit"] == "one_side"  # not in Switzerland


def test_a_franco_italian_pair_gets_the_alcotra_micro_projects(app, reference):
    tende = _make(app, TENDE)
    limone = _make(app, CUNEO_SIDE)
    with app.app_context():
        found = _codes(funding_for(db.session.get(Organisation, tende), db.session.get(Organisation, limone)))
        assert found["alcotra_micro_projects"]["fit"] == "pair"
        assert found["detr"]["fit"] == "one_side"  # Tende: 2,200 inhabitants, the wealth condition applies
        tende_side = found["detr"]["sides"][0]
        assert {"code": "population_condition", "max": 20000, "unconditional_max": 2000} in tende_side["reasons"]


def test_one_organisation_alone_sees_joint_funds_as_needing_a_partner(app, reference):
    kehl = _make(app, KEHL_PLACE)
    with app.app_context():
        found = _codes(funding_for(db.session.get(Organisation, kehl)))
        assert found["citizens_fund_fr_de"]["fit"] == "organisation"
        assert found["citizens_fund_fr_de"]["reasons"] == [{"code": "needs_partner"}]
        assert "aides_territoires" not in found  # a French aid finder


@pytest.mark.parametrize(
    "population, eligible, code",
    [
        (1200, True, "population_under"),
        (5000, True, "population_condition"),
        (25000, False, "population_over"),
        (None, True, "population_unknown"),
    ],
)
def test_detr_population_bounds(population, eligible, code):
    detr = next(r for r in read_data_file("funding.yaml") if r["code"] == "detr")
    ok, reasons = side_eligibility(detr, {"country": "FR", "kind": "commune", "population": population, "department": "25"})
    assert ok is eligible and code in [r["code"] for r in reasons]


def test_overseas_communes_have_the_overseas_bounds():
    detr = next(r for r in read_data_file("funding.yaml") if r["code"] == "detr")
    ok, reasons = side_eligibility(detr, {"country": "FR", "kind": "commune", "population": 3000, "department": "973"})
    assert ok and {"code": "population_under", "max": 3500} in reasons


def test_same_country_pairs_do_not_get_cross_border_funds():
    funds = [r for r in read_data_file("funding.yaml") if r["code"] == "fwvl_micro_projects"]
    lille = {"id": 1, "country": "FR", "kind": "commune", "programmes": {"fwvl"}}
    roubaix = {"id": 2, "country": "FR", "kind": "commune", "programmes": {"fwvl"}}
    kortrijk = {"id": 3, "country": "BE", "kind": "commune", "programmes": {"fwvl"}}
    assert eligible_funds(funds, lille, roubaix) == []
    assert [f["fit"] for f in eligible_funds(funds, lille, kortrijk)] == ["pair"]
    outside = {"id": 4, "country": "BE", "kind": "commune", "programmes": set()}
    assert eligible_funds(funds, lille, outside) == []


def test_the_partnership_page_lists_what_fits_the_pair(app, client, reference):
    saint_louis = _make(app, SAINT_LOUIS)
    kehl = _make(app, KEHL_PLACE)
    page = client.get(f"/organisations/partnership?partners={saint_louis}&partners={kehl}").get_data(as_text=True)
    section = page.split('<section class="funding"')[1].split("</section>")[0]
    assert "Fonds citoyen franco-allemand" in section and "Fonds pour petits projets Interreg Rhin Supérieur" in section
    assert "Nouvelle politique régionale" not in section
    assert "Dans la zone du programme Interreg Rhin Supérieur." in section and "rhin_superieur" not in section
    assert "https://www.fondscitoyen.eu/" in section
    german = client.get(f"/organisations/partnership?partners={saint_louis}&partners={kehl}&lang=de").get_data(as_text=True)
    assert "Deutsch-Französischer Bürgerfonds" in german and "Kleinprojektefonds Interreg Oberrhein" in german


def test_the_report_lists_the_towns_funding_with_its_label_entry(app, client, auth, reference):
    town = _make(app, SAINT_LOUIS | {"borders": ["FR-CH", "FR-DE"]})
    staff = factories.make_user(app, "facilitator")
    auth.login(staff.email)
    page = client.get(f"/sheets/reports/{town}").get_data(as_text=True)
    section = page.split('<section class="funding"')[1].split("</section>")[0]
    assert (
        "Aides-territoires" in section
        and "https://aides-territoires.beta.gouv.fr/programmes/petites-villes-de-demain/" in section
    )
    assert "Dotation de soutien à l&#39;investissement local (DSIL)" in section
    assert "Dotation d&#39;équipement des territoires ruraux" not in section  # 22,000 inhabitants
