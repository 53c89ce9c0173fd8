"""The network page in the reader's language: its script's words come from the catalog, not from the script."""

import pytest
from babel.support import Translations

from .conftest import screenshot, wait_for_graph

pytestmark = pytest.mark.browser


@pytest.mark.parametrize("locale, language", [("de-DE", "de"), ("en-GB", "en")])
def test_network_page_speaks_the_readers_language(browser, live_server, live_app, locale, language):
    catalog = Translations.load(live_app.config["BABEL_TRANSLATION_DIRECTORIES"], [language])
    context = browser.new_context(viewport={"width": 1400, "height": 1000}, locale=locale)
    page = context.new_page()
    try:
        page.goto(f"{live_server}/network/?border=FR-CH")
        assert wait_for_graph(page) == "true"
        assert page.evaluate("document.documentElement.lang") == language
        border = f"{catalog.gettext('France')} – {catalog.gettext('Suisse')}"
        assert page.inner_text("#view-title") == catalog.gettext("Réseau de la frontière %(border)s") % {"border": border}
        status = page.inner_text("#status")
        assert "affiché" not in status and catalog.gettext("Taille : population") in page.inner_text("#legend")
        page.locator("#nodes-table button").first.click()
        page.wait_for_selector("#panel h2")
        page.wait_for_function("() => !document.querySelector('#panel').innerText.includes('…')", timeout=10000)
        panel = page.inner_text("#panel")
        assert "Fiche de l'organisation" not in panel and catalog.gettext("Fiche de l'organisation") in panel
        screenshot(page, f"network-{language}")
    finally:
        context.close()
