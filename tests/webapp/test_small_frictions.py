"""Issue 12's small frictions: directory pages, bare domains as websites, one message per invalid field."""

import html
import re

import pytest

from domain import PAGE_SIZE_CHOICES
from webapp.extensions import db
from webapp.models import Organisation
from webapp.services.text import web_address

from .. import factories
from ..factories import BASEL, SAINT_LOUIS


@pytest.fixture
def many(app):
    """230 organisations: 10 pages of 25 (the default), 5 of 50, 3 of 100."""
    with app.app_context():  # rows as a loader writes them (no place: the directory only lists them)
        db.session.add_all(
            Organisation(name=f"Commune {n:03}", kind="commune", country="FR", status="reference", search_text=f"commune {n:03}")
            for n in range(230)
        )
        db.session.commit()


def text(response):
    return html.unescape(response.get_data(as_text=True))


def page_links(body):
    nav = re.search(r'<nav class="pagination".*?</nav>', body, re.S)
    assert nav, "no pagination"
    return re.findall(r"<li[^>]*>(?:<a[^>]*>)?([^<]+)<", nav.group(0))


def test_directory_pages_have_numbers_with_ellipses(client, many):
    first = text(client.get("/organisations/"))
    assert page_links(first) == ["1", "2", "3", "4", "…", "10"]
    middle = text(client.get("/organisations/?page=6&country=FR"))
    assert page_links(middle) == ["1", "…", "4", "5", "6", "7", "8", "9", "10"]
    assert re.search(r'href="/organisations/\?(page=5&country=FR|country=FR&page=5)"', middle)  # the filters kept
    assert 'aria-current="page"' in middle and ">6</a>" in middle
    assert "Commune 125" in middle and "Commune 150" not in middle  # 25 a page: 125..149 on page 6


@pytest.mark.parametrize("size, pages", [(50, 5), (100, 3)])
def test_directory_page_size_is_chosen_among_bounded_values(client, many, size, pages):
    assert size in PAGE_SIZE_CHOICES
    body = text(client.get(f"/organisations/?per_page={size}"))
    assert page_links(body)[-1] == str(pages)
    assert f"Commune {size - 1:03}" in body and f"Commune {size:03}" not in body
    assert f'<option value="{size}" selected>' in body
    assert f"per_page={size}" in re.search(r'<nav class="pagination".*?</nav>', body, re.S).group(0)  # kept when paging


@pytest.mark.parametrize("size", ["7", "1000", "abc", "-50"])
def test_directory_page_size_outside_the_choices_gives_the_default(client, many, size):
    body = text(client.get(f"/organisations/?per_page={size}"))
    assert "Commune 024" in body and "Commune 025" not in body


def test_a_page_past_the_last_says_so_and_links_to_the_last(client, many):
    body = text(client.get("/organisations/?page=500&per_page=50"))
    assert "La page 500 n'existe pas : il y en a 5." in body
    assert "Aucune organisation ne correspond" not in body
    last = re.search(r'<a href="([^"]+)">Aller à la dernière page \(5\)</a>', body)
    assert last and "page=5" in last.group(1) and "per_page=50" in last.group(1)
    assert "Commune 229" in text(client.get(last.group(1)))


def test_no_match_is_still_no_match(client, many):
    body = text(client.get("/organisations/?q=zzzzzz"))
    assert "Aucune organisation ne correspond" in body and "n'existe pas" not in body


# --- websites -------------------------------------------------------------------------------------


def test_web_address_completes_a_bare_domain_only():
    assert web_address("delle.fr") == "https://delle.fr"
    assert web_address(" www.delle.fr/mairie?x=1 ") == "https://www.delle.fr/mairie?x=1"
    assert web_address("http://delle.fr") == "http://delle.fr"
    for kept in ("javascript:alert(1)", "pas une adresse", "delle", "", None):
        assert web_address(kept) == kept


@pytest.fixture
def official(app, auth):
    user = factories.make_user(app, "official")
    auth.login(user.email)
    return user


def test_the_site_form_accepts_a_bare_domain(app, client, official):
    form = client.get("/organisations/new").get_data(as_text=True)
    assert 'type="url"' not in form and 'inputmode="url"' in form  # the browser does not refuse delle.fr
    data = {k: v for k, v in SAINT_LOUIS.items() if v is not None} | {"website": "delle.fr"}
    assert client.post("/organisations/new", data=data).status_code == 302
    with app.app_context():
        assert db.session.scalar(db.select(Organisation.website)) == "https://delle.fr"


def test_the_site_form_gives_one_message_for_a_bad_website(app, client, official):
    data = {k: v for k, v in SAINT_LOUIS.items() if v is not None} | {"website": "pas une adresse"}
    body = text(client.post("/organisations/new", data=data))
    assert body.count("Adresse web invalide : par exemple delle.fr ou https://www.delle.fr.") == 1


def test_the_api_accepts_a_bare_domain(app, client, auth):
    user = factories.make_user(app, "official")
    headers = auth.token(user.email)
    created = client.post("/api/v1/organisations", json=BASEL | {"website": "www.basel.ch"}, headers=headers)
    assert created.status_code == 201, created.json
    assert created.json["website"] == "https://www.basel.ch"
    refused = client.post("/api/v1/organisations", json=BASEL | {"name": "Autre", "website": "pas une adresse"}, headers=headers)
    assert refused.status_code == 422
    assert refused.json["error"]["fields"]["website"] == ["Adresse web invalide : par exemple delle.fr ou https://www.delle.fr."]


# --- one message per invalid field ---------------------------------------------------------------


def test_a_radius_out_of_bounds_shows_exactly_one_message(app, client):
    saint_louis = factories.make_org(app, **SAINT_LOUIS)
    factories.make_org(app, **BASEL)
    body = text(client.get(f"/organisations/{saint_louis}/suggestions?radius_km=5000"))
    errors = re.findall(r'class="error"[^>]*>([^<]+)<', body)
    assert len(errors) == 1 and "entre 1 et 200" in errors[0], errors
    assert "n'est proche d'aucune frontière" not in body  # it is: the radius was wrong, not the place
    assert "Pourquoi ?" not in body


def test_the_radius_field_lets_the_browser_submit_its_own_default_and_decimals(app, client):
    """min=1 with step=5 made the browser refuse the default 50 (valid steps were 1, 6, ... 46, 51)."""
    saint_louis = factories.make_org(app, **SAINT_LOUIS)
    body = client.get(f"/organisations/{saint_louis}/suggestions").get_data(as_text=True)
    field = re.search(r'<input[^>]*name="radius_km"[^>]*>', body).group(0)
    attrs = dict(re.findall(r'(\w+)="([^"]*)"', field))
    value, minimum = float(attrs["value"].replace(",", ".")), float(attrs["min"])
    step = attrs.get("step", "1")
    assert step == "any" or (value - minimum) % float(step) == 0, field
