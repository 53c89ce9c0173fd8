"""Content in several languages: places under all their names, instruments and programmes under their official ones."""

import pytest

from webapp.extensions import db as _db
from webapp.services.reference.loader import load_reference

from .. import factories
from ..factories import KEHL, SAINT_LOUIS


@pytest.fixture
def reference(app):
    with app.app_context():
        load_reference(places=[])  # instruments, programmes, structures
        _db.session.commit()


@pytest.mark.parametrize("query", ["Genève", "geneve", "Genf", "Ginevra", "Geneva"])
def test_a_town_is_found_under_each_of_its_names(app, client, query):
    factories.make_org(app, name="Genève", country="CH")
    factories.make_org(app, name="Annemasse", country="FR")
    page = client.get("/organisations/", query_string={"q": query}).get_data(as_text=True)
    assert ">Genève<" in page and "Annemasse" not in page


def test_ventimiglia_is_found_as_vintimille(app, client):
    factories.make_org(app, name="Ventimiglia", country="IT")
    assert "Ventimiglia" in client.get("/organisations/?q=vintimille").get_data(as_text=True)


def test_a_town_is_shown_in_the_readers_language_with_its_other_name(app, client):
    geneva = factories.make_org(app, name="Genève", country="CH")
    basel = factories.make_org(app, name="Bâle", name_local="Basel", country="CH")
    german = client.get(f"/organisations/{geneva}?lang=de").get_data(as_text=True)
    assert "<h1>Genf" in german and '<span class="local-name">(Genève)</span>' in german
    italian = client.get(f"/organisations/{basel}?lang=it").get_data(as_text=True)
    assert "<h1>Basilea" in italian and "(Basel)" in italian
    french = client.get(f"/organisations/{basel}?lang=fr").get_data(as_text=True)
    assert "<h1>Bâle" in french and "(Basel)" in french


@pytest.mark.parametrize(
    "lang, name",
    [
        ("fr", "Groupement européen de coopération territoriale (GECT)"),
        ("en", "European Grouping of Territorial Cooperation (EGTC)"),
        ("de", "Europäischer Verbund für territoriale Zusammenarbeit (EVTZ)"),
        ("it", "Gruppo europeo di cooperazione territoriale (GECT)"),
        ("es", "Agrupación europea de cooperación territorial (AECT)"),
        ("nl", "Europese groepering voor territoriale samenwerking (EGTS)"),
    ],
)
def test_the_egtc_under_its_official_name_in_each_language(client, reference, lang, name):
    assert f"<h1>{name}</h1>" in client.get(f"/instruments/egtc?lang={lang}").get_data(as_text=True)
    assert name in client.get(f"/instruments/?lang={lang}").get_data(as_text=True)


def test_karlsruhe_glct_as_each_state_names_it_and_french_elsewhere(client, reference):
    assert "Grenzüberschreitender örtlicher Zweckverband" in client.get("/instruments/glct_karlsruhe?lang=de").get_data(
        as_text=True
    )
    # No official Spanish name: Spanish readers see the French one.
    assert "<h1>Groupement local de coopération transfrontalière (accord de Karlsruhe)</h1>" in (
        client.get("/instruments/glct_karlsruhe?lang=es").get_data(as_text=True)
    )


def test_partnership_page_names_instruments_and_programmes_in_the_readers_language(app, client, reference):
    saint_louis = factories.make_org(app, **SAINT_LOUIS)
    kehl = factories.make_org(app, **KEHL)
    page = client.get(f"/organisations/partnership?partners={saint_louis}&partners={kehl}&lang=de").get_data(as_text=True)
    assert "Europäischer Verbund für territoriale Zusammenarbeit (EVTZ)" in page and "Interreg Oberrhein" in page
    assert "Groupement européen de coopération territoriale" not in page


def test_suggestions_name_the_counterpart_in_the_readers_language(app, client, reference):
    saint_louis = factories.make_org(app, **SAINT_LOUIS)
    factories.make_org(app, name="Bâle", name_local="Basel", country="CH", latitude=47.5584, longitude=7.5733, population=173000)
    page = client.get(f"/organisations/{saint_louis}/suggestions?border=FR-CH&lang=it").get_data(as_text=True)
    assert "<strong>Basilea</strong>" in page


@pytest.mark.parametrize(
    "lang, start, marked",
    [
        ("de", "Verbund nach EU-Recht mit Rechtspersönlichkeit", "de"),
        ("nl", "Groepering naar Europees recht", "nl"),
        ("fr", "Groupement de droit européen", "fr"),
    ],
)
def test_the_egtc_summary_in_its_official_languages(client, reference, lang, start, marked):
    page = client.get(f"/instruments/egtc?lang={lang}").get_data(as_text=True)
    assert f'<p class="lead" lang="{marked}">{start}' in page


def test_an_instrument_without_a_summary_in_the_readers_language_shows_the_french_one_marked(client, reference):
    page = client.get("/instruments/district_europeen?lang=de").get_data(as_text=True)
    assert '<p class="lead" lang="fr">Syndicat mixte de droit français' in page
    assert '<dd lang="fr">' in page  # the French details are marked as French for screen readers


def test_structures_are_found_under_their_official_name_in_the_partners_language(app, client, reference):
    page = client.get("/organisations/", query_string={"q": "Eurometropool"}).get_data(as_text=True)
    assert "Eurométropole Lille-Kortrijk-Tournai" in page
