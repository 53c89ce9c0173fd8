"""Name fields with autocomplete (static/js/autocomplete.js) in a real browser, keyboard only: the partnership
page's partners and the network view's centre (issue 14)."""

import re

import pytest

from .conftest import screenshot, wait_for_graph
from .test_accessibility import severe_violations

pytestmark = pytest.mark.browser


def type_and_wait(page, selector, text):
    """Types ``text`` key by key in the name box, then waits for the list of suggestions."""
    page.focus(selector)
    page.keyboard.type(text, delay=20)
    page.wait_for_selector(f"{selector} ~ [role=listbox] [role=option]")


def test_partners_picked_by_name_with_the_keyboard(page, live_server, live_app):
    world = live_app.config["WORLD"]
    page.goto(live_server + "/organisations/partnership")
    box = page.locator("#partner-name")
    assert box.get_attribute("role") == "combobox" and box.get_attribute("aria-expanded") == "false"
    listbox_id = box.get_attribute("aria-controls")
    assert page.locator(f"#{listbox_id}").get_attribute("role") == "listbox"

    type_and_wait(page, "#partner-name", "sai")
    assert box.get_attribute("aria-expanded") == "true"
    options = page.locator(f"#{listbox_id} [role=option]")
    assert "Saint-Louis" in options.first.inner_text() and "France" in options.first.inner_text()
    assert re.fullmatch(r"\d+ organisations? trouvées?\.", page.locator("#partner-name-status").inner_text())
    page.keyboard.press("ArrowDown")
    assert box.get_attribute("aria-activedescendant") == options.first.get_attribute("id")
    assert options.first.get_attribute("aria-selected") == "true"
    page.keyboard.press("Enter")
    assert box.get_attribute("aria-expanded") == "false" and box.input_value() == ""
    assert page.locator("#partner-name-status").inner_text() == "Saint-Louis ajouté aux partenaires."

    type_and_wait(page, "#partner-name", "bale")  # no accent: Bâle
    assert "Bâle" in options.first.inner_text() and "Suisse" in options.first.inner_text()
    page.keyboard.press("Escape")
    assert box.get_attribute("aria-expanded") == "false"
    page.keyboard.press("ArrowDown")  # opens again on the same suggestions
    page.keyboard.press("Enter")
    chips = page.locator("#partner-chips .chip")
    assert chips.count() == 2
    ids = page.eval_on_selector_all("#partner-chips input[name=partners]", "boxes => boxes.map((b) => b.value)")
    assert ids == [str(world["saint_louis"]), str(world["basel"])]

    # A third partner, removed again with its own button (no page load).
    type_and_wait(page, "#partner-name", "kehl")
    page.keyboard.press("ArrowDown")
    page.keyboard.press("Enter")
    assert chips.count() == 3
    url_before = page.url
    page.click("#partner-chips .chip:nth-child(3) .chip-remove")
    assert chips.count() == 2 and page.url == url_before
    assert page.locator("#partner-name-status").inner_text() == "Kehl retiré des partenaires."
    assert page.evaluate("document.activeElement.id") == "partner-name"

    with page.expect_navigation():  # the list is closed: Enter sends the form
        page.keyboard.press("Enter")
    assert sorted(re.findall(r"partners=(\d+)", page.url)) == sorted([str(world["saint_louis"]), str(world["basel"])])
    assert page.locator("h2", has_text="Formes juridiques possibles").count() == 1
    result = page.locator("main p", has_text="Partenaires :").inner_text()
    assert "Saint-Louis" in result and "Bâle" in result
    assert page.locator("#partner-chips .chip-name").all_inner_texts() == ["Saint-Louis", "Bâle"]
    screenshot(page, "partnership-by-name")


def test_partnership_page_opened_with_ids_names_them(page, live_server, live_app):
    world = live_app.config["WORLD"]
    page.goto(f"{live_server}/organisations/partnership?partners={world['kehl']}&partners={world['annemasse']}")
    assert page.locator("#partner-chips .chip-name").all_inner_texts() == ["Kehl", "Annemasse"]
    assert "Haute-Savoie (74)" in page.locator("#partner-chips").inner_text()


def test_network_centred_on_a_name_chosen_with_the_keyboard(page, live_server, live_app):
    world = live_app.config["WORLD"]
    page.goto(live_server + "/network/?border=FR-CH")
    assert wait_for_graph(page) == "true"
    type_and_wait(page, "#center-name", "hégen")
    page.keyboard.press("ArrowDown")
    page.keyboard.press("Enter")
    assert page.locator("#center").input_value() == str(world["hegenheim"])
    assert page.locator("#center-name").input_value() == "Hégenheim"
    page.evaluate("document.body.dataset.graphReady = 'false'")
    page.keyboard.press("Enter")  # submits the view form
    assert wait_for_graph(page) == "true"
    assert f"center={world['hegenheim']}" in page.url
    assert "Hégenheim" in page.locator("#view-title").inner_text()

    # Loaded from its URL, the box names the centre; a name changed by hand drops the id.
    page.goto(f"{live_server}/network/?center={world['geneve']}&depth=1")
    assert page.locator("#center-name").input_value() == "Genève"
    wait_for_graph(page)
    page.fill("#center-name", "")
    page.locator("#center-name").press_sequentially("x")
    assert page.locator("#center").input_value() == ""
    # Enter takes the only suggestion without moving to it first.
    page.fill("#center-name", "")
    type_and_wait(page, "#center-name", "riehen")
    page.keyboard.press("Enter")
    assert page.locator("#center").input_value() == str(world["riehen"])
    assert page.locator("#center-name-status").inner_text() == "Riehen choisi."


@pytest.fixture
def axe_page(browser):
    context = browser.new_context(viewport={"width": 1280, "height": 900}, locale="fr-FR", bypass_csp=True)
    yield context.new_page()
    context.close()


def test_name_fields_open_are_axe_clean(axe_page, live_server, live_app):
    world = live_app.config["WORLD"]
    axe_page.goto(f"{live_server}/organisations/partnership?partners={world['kehl']}&partners={world['basel']}")
    type_and_wait(axe_page, "#partner-name", "sai")
    axe_page.keyboard.press("ArrowDown")
    assert severe_violations(axe_page) == []

    axe_page.goto(f"{live_server}/organisations/partnership?names=zzzz&partners={world['kehl']}")  # a form error
    assert "Aucune organisation ne porte le nom « zzzz »." in axe_page.locator("#partner-name-errors").inner_text()
    assert severe_violations(axe_page) == []

    axe_page.goto(live_server + "/network/?border=FR-CH")
    wait_for_graph(axe_page)
    type_and_wait(axe_page, "#center-name", "gen")
    axe_page.keyboard.press("ArrowDown")
    assert severe_violations(axe_page) == []


def test_partners_by_name_without_javascript(browser, live_server, live_app):
    world = live_app.config["WORLD"]
    context = browser.new_context(viewport={"width": 1280, "height": 900}, locale="fr-FR", java_script_enabled=False)
    page = context.new_page()
    page.goto(live_server + "/organisations/partnership")
    assert page.locator("#partner-name").get_attribute("role") is None  # a plain text box
    page.fill("#partner-name", "saint-louis; Bale")
    with page.expect_navigation():
        page.press("#partner-name", "Enter")  # the default button: Ajouter
    assert page.locator("#partner-chips .chip-name").all_inner_texts() == ["Saint-Louis", "Bâle"]
    assert page.locator("h2", has_text="Formes juridiques possibles").count() == 1
    with page.expect_navigation():
        page.click("#partner-chips .chip:nth-child(2) .chip-remove")
    assert page.locator("#partner-chips .chip-name").all_inner_texts() == ["Saint-Louis"]
    assert f"remove={world['basel']}" in page.url
    assert "Choisissez au moins deux partenaires." in page.locator("#partner-name-errors").inner_text()
    context.close()
