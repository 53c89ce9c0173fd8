"""Organisations by name: GET /api/v1/organisations/names (the autocomplete fields' search), the partnership
page's names typed without JavaScript, and the network page naming its centre (issue 14)."""

import re
from datetime import datetime

import pytest
from sqlalchemy import update

from webapp.extensions import db as _db
from webapp.models import Organisation

from .. import factories
from ..factories import BASEL, KEHL, SAINT_LOUIS


@pytest.fixture
def world(app):
    return {
        "saint_louis": factories.make_org(app, **SAINT_LOUIS),
        # A homonym elsewhere (Guadeloupe), smaller: the Haut-Rhin one comes first.
        "saint_louis_gp": factories.make_org(
            app, name="Saint-Louis", official_code="97129", latitude=15.956, longitude=-61.317, population=2500
        ),
        "basel": factories.make_org(app, **BASEL),
        "kehl": factories.make_org(app, **KEHL),
        "louisville": factories.make_org(app, name="Marly-Louisville", country="FR", population=500_000),
    }


def names(client, query):
    response = client.get("/api/v1/organisations/names?" + query)
    assert response.status_code == 200, response.get_json()
    return response.get_json()["items"]


def test_the_name_search_ignores_accents_and_case_and_tells_homonyms_apart(client, world):
    assert [i["name"] for i in names(client, "q=BALE")] == ["Bâle"]
    assert [i["name"] for i in names(client, "q=basel")] == ["Bâle"]  # the local name finds it too
    found = names(client, "q=saint-lou")
    assert [i["id"] for i in found] == [world["saint_louis"], world["saint_louis_gp"]]
    assert found[0] == {
        "id": world["saint_louis"],
        "name": "Saint-Louis",
        "country": "FR",
        "kind": "commune",
        "area": "Haut-Rhin (68)",
    }
    assert found[1]["area"] == "Guadeloupe (971)"


def test_names_starting_with_the_query_come_before_those_only_containing_it(client, world):
    villeneuve = factories.make_org(client.application, name="Villeneuve", country="FR", population=900)
    # Marly-Louisville is the most populous, but its name only contains "ville" further on.
    assert [i["id"] for i in names(client, "q=ville")] == [villeneuve, world["louisville"]]
    # Among names starting a word so, the most populous first.
    assert [i["id"] for i in names(client, "q=louis")] == [world["louisville"], world["saint_louis"], world["saint_louis_gp"]]
    assert [i["id"] for i in names(client, "q=louis&limit=1")] == [world["louisville"]]


def test_the_name_search_leaves_archived_organisations_out(app, client, world):
    with app.app_context():
        _db.session.execute(update(Organisation).where(Organisation.id == world["kehl"]).values(archived_at=datetime(2026, 1, 1)))
        _db.session.commit()
    assert names(client, "q=kehl") == []


@pytest.mark.parametrize("query", ["q=k", "q=", "", "q=kehl&limit=0", "q=kehl&limit=21", "q=kehl&other=1", "q=" + "a" * 101])
def test_the_name_search_refuses_short_queries_and_bad_limits(client, world, query):
    response = client.get("/api/v1/organisations/names?" + query)
    assert response.status_code == 422
    assert response.get_json()["error"]["code"] == "invalid"


def test_the_name_search_is_in_the_openapi_document(client):
    operation = client.get("/api/v1/openapi.json").get_json()["paths"]["/organisations/names"]["get"]
    assert {p["name"] for p in operation["parameters"]} == {"q", "limit"}


# --- The partnership page without JavaScript ------------------------------------------------------


def page(client, query):
    response = client.get("/organisations/partnership?" + query)
    assert response.status_code == 200
    return response.get_data(as_text=True)


def chips(html):
    return [int(i) for i in re.findall(r'<input type="hidden" name="partners" value="(\d+)">', html)]


def test_names_typed_without_javascript_become_partners(client, world):
    html = page(client, f"names=kehl%3B+B%C3%A2le&partners={world['saint_louis']}")
    assert chips(html) == [world["saint_louis"], world["kehl"], world["basel"]]
    assert "Formes juridiques possibles" in html
    assert 'id="partner-name-errors"' not in html
    assert re.search(r'name="names" type="text" value=""', html)  # every name resolved: the box is empty again


def test_an_exact_name_wins_over_names_containing_it(client, world):
    factories.make_org(client.application, name="Kehl-Kork", country="DE")
    assert chips(page(client, f"names=Kehl&partners={world['basel']}")) == [world["basel"], world["kehl"]]


def test_an_ambiguous_name_lists_the_candidates_to_pick(client, world):
    html = page(client, f"names=saint-louis&partners={world['kehl']}&ambition=permanent_body")
    assert "« saint-louis » désigne plusieurs organisations : choisissez-la ci-dessous." in html
    errors = html[html.index('id="partner-name-errors"') :]
    errors = errors[: errors.index("</div>")]
    assert "Haut-Rhin (68)" in errors and "Guadeloupe (971)" in errors
    for candidate in (world["saint_louis"], world["saint_louis_gp"]):
        link = f"/organisations/partnership?partners={world['kehl']}&amp;partners={candidate}&amp;ambition=permanent_body"
        assert link in errors
    assert 'name="names" type="text" value="saint-louis"' in html  # kept for correcting
    assert chips(html) == [world["kehl"]]
    assert "Formes juridiques possibles" not in html
    assert 'aria-describedby="partner-name-hint partner-name-errors"' in html


def test_an_unknown_name_says_so(client, world):
    html = page(client, f"names=Atlantis%3B+kehl&partners={world['basel']}")
    assert "Aucune organisation ne porte le nom « Atlantis »." in html
    assert chips(html) == [world["basel"], world["kehl"]]  # the name that was found is kept
    assert 'name="names" type="text" value="Atlantis"' in html


def test_a_chip_removed_without_javascript(client, world):
    ids = [world["saint_louis"], world["basel"], world["kehl"]]
    html = page(client, "&".join(f"partners={i}" for i in ids) + f"&remove={world['basel']}")
    assert chips(html) == [world["saint_louis"], world["kehl"]]
    assert "Formes juridiques possibles" in html


def test_the_page_opened_with_ids_names_the_partners(client, world):
    html = page(client, f"partners={world['saint_louis']},{world['basel']}")
    assert chips(html) == [world["saint_louis"], world["basel"]]
    assert '<span class="chip-name">Saint-Louis</span>' in html and '<span class="chip-name">Bâle</span>' in html
    assert 'Retirer<span class="visually-hidden"> Bâle</span>' in html
    # Ajouter is the first submit button: the one Enter presses in the name box.
    form = html[html.index('<form method="get" class="filters">') :]
    assert form.index('name="add"') < form.index('name="remove"')


def test_one_partner_is_not_enough(client, world):
    html = page(client, "names=kehl")
    assert "Choisissez au moins deux partenaires." in html
    assert chips(html) == [world["kehl"]]


# --- The network page ---------------------------------------------------------------------------


def test_the_network_form_names_its_centre(client, world):
    html = client.get(f"/network/?center={world['basel']}&depth=1").get_data(as_text=True)
    assert f'<input type="hidden" id="center" name="center" value="{world["basel"]}">' in html
    assert re.search(r'<input id="center-name" type="text" value="Bâle"', html)
    assert '<label for="center-name">' in html
    assert 'id="autocomplete-words"' in html and "js/autocomplete.js" in html
