"""The language of a request: ?lang=, the account, the switch (session), Accept-Language, French."""

import re
from urllib.parse import parse_qs, urlsplit

import pytest
from babel.support import Translations

from webapp.models import User

from .. import factories

GERMAN_BROWSER = {"Accept-Language": "de-DE,de;q=0.9,en;q=0.5"}


def html_lang(response):
    return re.search(r'<html lang="([^"]+)"', response.get_data(as_text=True)).group(1)


def catalog(app, language):
    return Translations.load(app.config["BABEL_TRANSLATION_DIRECTORIES"], [language])


def test_without_any_preference_pages_are_french(client):
    assert html_lang(client.get("/")) == "fr"


@pytest.mark.parametrize(
    "header, expected",
    [
        ("de-DE,de;q=0.9", "de"),
        ("it", "it"),
        ("es-ES", "es"),
        ("nl-BE,fr;q=0.5", "nl"),
        ("en-GB", "en"),
        ("ca", "ca"),
        ("pt-BR", "fr"),
        ("ja,de;q=0.3", "de"),
    ],
)
def test_accept_language_picks_a_supported_language(client, header, expected):
    assert html_lang(client.get("/", headers={"Accept-Language": header})) == expected


def test_accept_language_german_gives_german_text(app, client):
    page = client.get("/", headers=GERMAN_BROWSER).get_data(as_text=True)
    german = catalog(app, "de").gettext("Annuaire")
    assert german != "Annuaire", "the German catalog does not translate the header yet"
    assert f">{german}<" in page and ">Annuaire<" not in page


def test_lang_parameter_overrides_the_browser_and_is_remembered(client):
    assert html_lang(client.get("/?lang=it", headers=GERMAN_BROWSER)) == "it"
    assert html_lang(client.get("/organisations/", headers=GERMAN_BROWSER)) == "it"


def test_responses_name_their_language_and_vary_on_it(client):
    response = client.get("/", headers=GERMAN_BROWSER)
    assert response.headers["Content-Language"] == "de" and "Accept-Language" in response.headers["Vary"]
    assert client.get("/api/v1/no-such-endpoint", headers={"Accept-Language": "it"}).headers["Content-Language"] == "it"


def test_unknown_lang_parameter_is_ignored(client):
    assert html_lang(client.get("/?lang=xx", headers=GERMAN_BROWSER)) == "de"


def test_switch_overrides_accept_language_and_returns_to_the_page(client):
    response = client.post("/language", data={"lang": "es", "next": "/organisations/?q=bale&lang=de"}, headers=GERMAN_BROWSER)
    assert response.status_code == 302 and response.location == "/organisations/?q=bale"
    assert html_lang(client.get("/", headers=GERMAN_BROWSER)) == "es"


def test_switch_refuses_an_unknown_language_and_another_host(client):
    response = client.post("/language", data={"lang": "xx", "next": "https://evil.example/"}, headers=GERMAN_BROWSER)
    assert response.status_code == 302 and response.location == "/"
    assert html_lang(client.get("/", headers=GERMAN_BROWSER)) == "de"


def test_switch_is_shown_with_each_language_named_in_itself(client):
    page = client.get("/?lang=nl").get_data(as_text=True)
    for code, name in [
        ("fr", "Français"),
        ("de", "Deutsch"),
        ("it", "Italiano"),
        ("es", "Español"),
        ("nl", "Nederlands"),
        ("en", "English"),
        ("ca", "Català"),
    ]:
        assert f'value="{code}" lang="{code}" title="{name}"' in page
    assert re.search(r'value="nl"[^>]*aria-current="true"', page)


def test_switch_survives_login_and_is_saved_on_the_account(app, client, auth):
    user = factories.make_user(app)
    client.post("/language", data={"lang": "it"})
    auth.login(user.email)
    assert factories.get(app, User, user.id).language == "it"
    assert html_lang(client.get("/", headers=GERMAN_BROWSER)) == "it"


def test_saved_account_language_wins_over_the_browser_in_a_new_session(app, client, auth):
    user = factories.make_user(app)
    with app.app_context():
        from webapp.extensions import db

        db.session.get(User, user.id).language = "nl"
        db.session.commit()
    auth.login(user.email)
    assert html_lang(client.get("/", headers=GERMAN_BROWSER)) == "nl"


def test_first_login_saves_the_language_the_person_reads(app, client):
    user = factories.make_user(app)
    client.post("/auth/login", data={"email": user.email, "password": user.password}, headers=GERMAN_BROWSER)
    assert factories.get(app, User, user.id).language == "de"


def test_switch_when_signed_in_updates_the_account(app, client, auth):
    user = factories.make_user(app)
    auth.login(user.email)
    client.post("/language", data={"lang": "ca"})
    assert factories.get(app, User, user.id).language == "ca"


def test_lang_in_a_link_is_for_the_session_and_writes_nothing(app, client, auth):
    user = factories.make_user(app)
    auth.login(user.email)
    client.post("/language", data={"lang": "ca"})
    assert html_lang(client.get("/?lang=en")) == "en"
    assert factories.get(app, User, user.id).language == "ca"  # a GET does not change the account


def test_login_signal_changes_the_account_and_leaves_the_commit_to_the_view(app):
    from flask import session
    from flask_login import login_user

    from webapp.extensions import db

    user = factories.make_user(app)
    with app.test_request_context("/auth/login", method="POST"):
        session["lang"] = "it"
        account = db.session.get(User, user.id)
        login_user(account)
        assert account.language == "it"
        db.session.rollback()  # a view that failed after login_user(): nothing was committed behind its back
    assert factories.get(app, User, user.id).language != "it"


def test_api_messages_follow_accept_language(app, client):
    response = client.get("/api/v1/no-such-endpoint", headers={"Accept-Language": "de"})
    assert response.status_code == 404
    german = catalog(app, "de").gettext("Page introuvable.")
    assert german != "Page introuvable."
    assert response.json["error"]["message"] == german


def test_error_pages_follow_the_locale(app, client):
    response = client.get("/no-such-page", headers=GERMAN_BROWSER)
    assert response.status_code == 404 and html_lang(response) == "de"


def test_dates_and_numbers_follow_the_locale(app):
    from datetime import date

    from flask_babel import force_locale

    with app.test_request_context():
        thousands = app.jinja_env.filters["thousands"]
        dateformat = app.jinja_env.filters["dateformat"]
        with force_locale("de"):
            assert thousands(1234567) == "1.234.567"
            assert dateformat(date(2026, 3, 5), "short") == "05.03.26"
        with force_locale("en"):
            assert thousands(1234567) == "1,234,567"
        with force_locale("fr"):
            assert thousands(1234567) == "1\u202f234\u202f567"
            assert dateformat(date(2026, 3, 5), "short") == "05/03/2026"


def test_an_account_created_by_the_mot_gets_the_language_chosen_for_it(app, client, auth):
    admin = factories.make_user(app, "admin")
    auth.login(admin.email)
    response = client.post(
        "/admin/users/new",
        data={
            "name": "Hans Meier",
            "email": "hans@kehl.de",
            "role": "partner",
            "password": "Tr0mbone-Vert-Lagune",
            "language": "de",
        },
    )
    assert response.status_code == 302
    with app.app_context():
        from sqlalchemy import select

        from webapp.extensions import db

        assert db.session.scalar(select(User.language).where(User.email == "hans@kehl.de")) == "de"
    assert (
        client.post(
            "/admin/users/new",
            data={"name": "X", "email": "x@kehl.de", "role": "partner", "password": "Tr0mbone-Vert-Lagune", "language": "xx"},
        ).status_code
        == 200
    )


@pytest.mark.parametrize(
    "language, expected", [("fr", "2,5\u00a0km"), ("de", "2,5\u00a0km"), ("en", "2.5\u00a0km"), ("it", "12\u00a0km")]
)
def test_distances_use_the_readers_decimal_separator(app, language, expected):
    from flask_babel import force_locale

    value = 12.0 if expected.startswith("12") else 2.46
    with app.test_request_context(), force_locale(language):
        assert app.jinja_env.filters["km"](value) == expected


def test_lang_on_the_url_survives_the_login_redirects_even_without_the_session_cookie(app):
    """A reader sent to the login page from a ``?lang=de`` link keeps German on the login page and after it,
    whatever the browser says and even when the session cookie was not kept."""
    organisation, user = factories.make_org(app), factories.make_user(app, "official")
    english = {"Accept-Language": "en"}
    asked = app.test_client().get(f"/introductions/new/{organisation}?lang=de", headers=english)
    assert asked.status_code == 302 and parse_qs(urlsplit(asked.location).query)["lang"] == ["de"]
    assert html_lang(app.test_client().get(asked.location, headers=english)) == "de"
    signed_in = app.test_client().post(asked.location, data={"email": user.email, "password": user.password}, headers=english)
    assert signed_in.status_code == 302 and signed_in.location == f"/introductions/new/{organisation}?lang=de"
    home = app.test_client().post("/auth/login?lang=it", data={"email": user.email, "password": user.password}, headers=english)
    assert home.location == "/?lang=it"
