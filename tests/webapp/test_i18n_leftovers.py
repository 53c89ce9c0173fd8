"""What the first language pass left in French: names in the sheets' forms and filters, colons spaced the French way."""

import re

import pytest

from webapp.extensions import db
from webapp.models import User
from webapp.services.reference.loader import load_reference

from .. import factories
from ..factories import BASEL, SAINT_LOUIS


def set_language(app, user, language):
    with app.app_context():
        db.session.get(User, user.id).language = language
        db.session.commit()


@pytest.mark.parametrize(
    "language, shown, french",
    [
        ("de", ["Frankreich – Schweiz", "Frankreich – Deutschland"], ["France – Suisse", "France – Allemagne"]),
        ("it", ["Francia – Svizzera", "Francia – Italia"], ["France – Suisse", "France – Italie"]),
        ("en", ["France – Switzerland", "France – Germany"], ["France – Suisse", "France – Allemagne"]),
    ],
)
@pytest.mark.parametrize("kind", ["project", "problem"])
def test_sheet_forms_name_borders_in_the_readers_language(app, client, auth, language, shown, french, kind):
    user = factories.make_user(app, "official", organisations=[factories.make_org(app, **SAINT_LOUIS)])
    set_language(app, user, language)
    auth.login(user.email)
    page = client.get(f"/sheets/new/{kind}").get_data(as_text=True)
    assert all(name in page for name in shown) and not any(name in page for name in french)
    listed = client.get("/sheets/").get_data(as_text=True)  # the list's border filter
    assert all(name in listed for name in shown) and not any(name in listed for name in french)


def test_project_form_names_instruments_officially_in_the_readers_language(app, client, auth):
    with app.app_context():
        load_reference(places=[])
        db.session.commit()
    user = factories.make_user(app, "official", organisations=[factories.make_org(app, **SAINT_LOUIS)])
    set_language(app, user, "de")
    auth.login(user.email)
    page = client.get("/sheets/new/project").get_data(as_text=True)
    assert "Europäischer Verbund für territoriale Zusammenarbeit (EVTZ)" in page
    assert "Groupement européen de coopération territoriale (GECT)" not in page


@pytest.mark.parametrize("language, colon", [("fr", "Petites Villes de Demain : "), ("en", "Petites Villes de Demain: ")])
def test_label_line_uses_the_languages_colon(app, client, language, colon):
    organisation = factories.make_org(app, **(SAINT_LOUIS | {"labels": ["pvd"]}))
    factories.make_org(app, **BASEL)
    page = client.get(f"/organisations/{organisation}?lang={language}").get_data(as_text=True)
    assert colon in page and ("Petites Villes de Demain : " in page) == (language == "fr")


@pytest.mark.parametrize(
    "code, language, name",
    [
        ("bayonne_treaty", "ca", "Organisme de cooperació del Tractat de Baiona (consorci, GIP, SEML)"),
        ("bayonne_treaty", "es", "Organismo de cooperación del Tratado de Bayona (consorcio, GIP, SEML)"),
        ("gec", "it", "Gruppo euroregionale di cooperazione (GEC)"),
        ("glct_karlsruhe", "de", "Grenzüberschreitender örtlicher Zweckverband (Karlsruher Übereinkommen)"),
        ("egtc", "nl", "Europese groepering voor territoriale samenwerking (EGTS)"),
    ],
)
def test_instruments_carry_their_official_name_and_summary_where_the_language_has_one(app, client, code, language, name):
    with app.app_context():
        load_reference(places=[])
        db.session.commit()
    page = client.get(f"/instruments/{code}?lang={language}").get_data(as_text=True)
    assert f"<h1>{name}</h1>" in page
    assert f'<p class="lead" lang="{language}">' in page  # the summary in that language too


@pytest.mark.parametrize(
    "language, shown",
    [
        ("fr", "keep.eu (Interact), données de 2019, filtrées et classées"),
        ("de", "keep.eu (Interact), Daten von 2019, gefiltert und klassifiziert"),
        ("en", "keep.eu (Interact), 2019 data, filtered and classified"),
    ],
)
def test_the_loaders_sources_are_said_in_the_readers_language(app, client, language, shown):
    from webapp.services.reference.cooperation import KEEP_SOURCE

    saint_louis, basel = factories.make_org(app, **SAINT_LOUIS), factories.make_org(app, **BASEL)
    factories.make_tie(app, saint_louis, basel, "joint_project", source=KEEP_SOURCE)
    factories.make_tie(app, saint_louis, factories.make_org(app, name="Kehl", country="DE"), source="Délibération du 3 mai")
    page = client.get(f"/organisations/{saint_louis}?lang={language}").get_data(as_text=True)
    assert shown in page and "data of 2019" not in page
    assert "Délibération du 3 mai" in page  # a source typed by a user stays as written


@pytest.mark.parametrize("language, pattern", [("fr", r"\d+\xa0%<"), ("de", r"\d+\xa0%<"), ("en", r"\d+%<"), ("it", r"\d+%<")])
def test_scores_are_percentages_as_the_reader_writes_them(app, client, language, pattern):
    saint_louis = factories.make_org(app, **SAINT_LOUIS)
    factories.make_org(app, **BASEL)
    page = client.get(f"/organisations/{saint_louis}/suggestions?lang={language}").get_data(as_text=True)
    scores = re.findall(r'<span class="score"[^>]*>([^<]*<)', page)
    assert scores and all(re.fullmatch(pattern, score) for score in scores), scores


@pytest.mark.parametrize(
    "language, typed, shown",
    [("de", "12,5", "12.5"), ("fr", "12,5", "12.5"), ("en", "12.5", "12.5"), ("de", None, "50"), ("en", None, "50")],
)
def test_decimal_inputs_follow_the_readers_separator(app, client, language, typed, shown):
    saint_louis = factories.make_org(app, **SAINT_LOUIS)
    factories.make_org(app, **BASEL)
    query = f"&radius_km={typed}" if typed else ""
    page = client.get(f"/organisations/{saint_louis}/suggestions?lang={language}{query}").get_data(as_text=True)
    # A number input's value has a dot (the browser shows it with the reader's separator), never "50.0".
    assert re.search(f'<input id="radius_km"[^>]*type="number" value="{re.escape(shown)}"', page)
    assert 'class="error"' not in page  # "12,5" is a number for a German or French reader


def test_decimal_fields_read_both_separators_and_write_the_readers(app):
    from werkzeug.datastructures import MultiDict

    from webapp.organisations.forms import SuggestionFilterForm

    with app.test_request_context("/?lang=de"):
        for typed in ("12,5", "12.5", " 12,5 "):
            form = SuggestionFilterForm(MultiDict({"radius_km": typed}))
            assert form.validate() and form.radius_km.data == 12.5, typed
        assert SuggestionFilterForm(MultiDict({"radius_km": "1,2,5"})).validate() is False
        assert SuggestionFilterForm(MultiDict())._fields["radius_km"]._value() == "50"
