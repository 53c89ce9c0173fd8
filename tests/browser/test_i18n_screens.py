"""The main pages in each of the 7 languages, screenshotted for review (test-artifacts/i18n-<lang>-<page>.png)."""

import pytest
from babel.support import Translations

from .conftest import screenshot

pytestmark = pytest.mark.browser

LOCALES = {"fr": "fr-FR", "de": "de-DE", "it": "it-IT", "es": "es-ES", "nl": "nl-BE", "en": "en-GB", "ca": "ca-ES"}


@pytest.mark.parametrize("language", list(LOCALES))
def test_main_pages_in_each_language(browser, live_server, live_app, language):
    world = live_app.config["WORLD"]
    catalog = Translations.load(live_app.config["BABEL_TRANSLATION_DIRECTORIES"], [language])
    pages = {
        "home": "/",
        "directory": "/organisations/?q=bale",
        "organisation": f"/organisations/{world['basel']}",
        "suggestions": f"/organisations/{world['saint_louis']}/suggestions",
        "partnership": f"/organisations/partnership?partners={world['saint_louis']}&partners={world['kehl']}&ambition=permanent_body",
        "instrument": "/instruments/egtc",
    }
    context = browser.new_context(viewport={"width": 1280, "height": 900}, locale=LOCALES[language])
    page = context.new_page()
    try:
        for name, url in pages.items():
            page.goto(live_server + url)
            assert page.evaluate("document.documentElement.lang") == language, url
            assert page.inner_text("nav[aria-label] ul li:first-child").strip() == (
                catalog.gettext("Annuaire") if language != "fr" else "Annuaire"
            )
            screenshot(page, f"i18n-{language}-{name}")
    finally:
        context.close()
