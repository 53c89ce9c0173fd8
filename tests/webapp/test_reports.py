"""The rapport d'étonnement of a labelled border town: its content from the data, and who may read it."""

import pytest

from webapp.extensions import db
from webapp.models import Organisation, Programme

from .. import factories
from ..factories import BASEL, SAINT_LOUIS
from .test_capitalisation import _reference_rows, make_sheet

ROLES = ["anonymous", "official", "partner", "other_member", "facilitator", "admin"]


@pytest.fixture
def town(app):
    _reference_rows(app)
    town = factories.make_org(app, **SAINT_LOUIS, borders=["FR-CH"], themes=["mobility"], department="68")
    basel = factories.make_org(app, **BASEL, borders=["FR-CH"])
    structure = factories.make_org(
        app,
        name="Eurodistrict Trinational de Bâle",
        kind="cross_border_structure",
        country="FR",
        latitude=47.56,
        longitude=7.58,
        borders=["FR-CH"],
    )
    factories.make_tie(app, town, structure, "membership")
    huningue = factories.make_org(app, name="Huningue", country="FR", population=17000, borders=["FR-CH"])
    with app.app_context():
        db.session.get(Programme, "rhin_superieur").french_departments = ["67", "68"]
        db.session.commit()
    staff = factories.make_user(app, "facilitator")
    make_sheet(
        app, staff.id, kind="problem", status="published", title="Se soigner en Suisse", borders=["FR-CH"], themes=["health"]
    )
    make_sheet(
        app,
        staff.id,
        kind="problem",
        status="published",
        title="Transhumance pyrénéenne",
        borders=["FR-ES"],
        themes=["environment"],
    )
    make_sheet(
        app,
        staff.id,
        status="published",
        title="Bus Huningue-Bâle",
        borders=["FR-CH"],
        themes=["mobility"],
        partner_ids=[huningue, basel],
    )
    users = {
        "official": factories.make_user(app, "official", organisations=[town]),
        "partner": factories.make_user(app, "partner"),
        "other_member": factories.make_user(app, "official", organisations=[basel]),
        "facilitator": factories.make_user(app, "facilitator"),
        "admin": factories.make_user(app, "admin"),
    }
    return {"town": town, "basel": basel, "users": users}


@pytest.mark.parametrize(
    "role, expected",
    [("anonymous", "login"), ("official", 200), ("partner", 403), ("other_member", 403), ("facilitator", 200), ("admin", 200)],
)
def test_who_reads_the_report(client, auth, town, role, expected):
    if role != "anonymous":
        auth.login(town["users"][role].email)
    response = client.get(f"/sheets/reports/{town['town']}")
    if expected == "login":
        assert response.status_code == 302 and "/auth/login" in response.location
    else:
        assert response.status_code == expected
    page = client.get(f"/organisations/{town['town']}").get_data(as_text=True)
    assert (f"/sheets/reports/{town['town']}" in page) is (expected == 200)


def test_the_report_gathers_what_the_platform_knows(client, auth, town):
    auth.login(town["users"]["facilitator"].email)
    page = client.get(f"/sheets/reports/{town['town']}").get_data(as_text=True)
    assert "Rapport d'étonnement : Saint-Louis" in page
    assert "Petites Villes de Demain" in page
    assert "Eurodistrict Trinational de Bâle" in page  # structure covering it
    assert "Bâle</a> (CH)" in page  # best counterpart across the border
    assert "/instruments/convention" in page and "/instruments/egtc" in page
    assert "Interreg Rhin Supérieur" in page
    assert "Se soigner en Suisse" in page and "Transhumance pyrénéenne" not in page  # problems of its border only
    assert "Bus Huningue-Bâle" in page and "même frontière" in page  # a precedent with its reason
    steps = page.split("Prochaines étapes")[1]
    assert "Demander à la MOT une mise en relation avec Bâle" in steps
    assert "S&#39;appuyer sur Eurodistrict Trinational de Bâle" in steps
    assert "Commencer par une convention de coopération" in steps
    assert "Préparer un micro-projet ou un projet avec le programme Interreg Rhin Supérieur" in steps
    assert "Lire les fiches projets de situations semblables (1)" in steps
    assert "css/print.css" in page


def test_no_report_for_a_town_without_label_or_abroad(client, auth, town, app):
    auth.login(town["users"]["facilitator"].email)
    assert client.get(f"/sheets/reports/{town['basel']}").status_code == 404
    plain = factories.make_org(app, name="Blotzheim", country="FR", borders=["FR-CH"])
    assert client.get(f"/sheets/reports/{plain}").status_code == 404
    with app.app_context():
        assert db.session.get(Organisation, plain).labels == []


def test_the_report_names_borders_and_instruments_in_the_readers_language(client, auth, town):
    auth.login(town["users"]["facilitator"].email)
    page = client.get(f"/sheets/reports/{town['town']}?lang=de").get_data(as_text=True)
    assert "Frankreich – Schweiz" in page and "France – Suisse" not in page
    assert "EVTZ" in page and "Groupement européen de coopération territoriale" not in page
