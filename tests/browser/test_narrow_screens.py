"""Every main page usable on a 390 px phone: no sideways scroll of the page (issue 12).

Wide content (tables, the graph) scrolls in its own box; the header's menu folds behind a button.
Screenshots: test-artifacts/narrow-<page>.png.
"""

import pytest

from ..factories import DEFAULT_PASSWORD
from .conftest import screenshot

pytestmark = pytest.mark.browser

WIDTH = 390


def public_pages(world):
    return {
        "home": "/",
        "directory": "/organisations/",
        "directory-search": "/organisations/?q=bale",
        "organisation": f"/organisations/{world['saint_louis']}",
        "suggestions": f"/organisations/{world['saint_louis']}/suggestions",
        "partnership": f"/organisations/partnership?partners={world['saint_louis']}&partners={world['kehl']}&ambition=permanent_body",
        "network": f"/network/?center={world['saint_louis']}",
        "borders": "/borders/",
        "border": "/borders/FR-CH",
        "instruments": "/instruments/",
        "instrument": "/instruments/egtc",
        "programmes": "/programmes/",
        "sheets": "/sheets/",
        "resources": "/resources",
        "events": "/events/",
        "login": "/auth/login",
        "register": "/auth/register",
    }


STAFF_PAGES = {
    "desk": "/introductions/",
    "dashboard": "/introductions/dashboard?border=FR-CH",
    "notifications": "/notifications/",
    "home": "/facilitator/",
    "borders-covered": "/facilitator/borders",
    "alerts": "/alerts/",
    "new-alert": "/alerts/new?border=FR-CH",
    "account": "/account",
    "new-event": "/events/new",
    "new-sheet": "/sheets/new/project",
    "claims": "/admin/claims",
    "new-organisation": "/organisations/new",
}


def overflow(page):
    """How far the page scrolls sideways, and the widest elements that stick out (for the failure message)."""
    return page.evaluate(
        """(width) => {
        const scroll = document.scrollingElement.scrollWidth;
        const culprits = [...document.querySelectorAll('body *')]
          .filter((e) => e.getBoundingClientRect().right > width + 1 && !e.closest('.scroll-x, tbody, thead, pre'))
          .slice(0, 8)
          .map((e) => `${e.tagName.toLowerCase()}${e.id ? '#' + e.id : ''}.${[...e.classList].join('.')} in ${e.parentElement.tagName}.${e.parentElement.className} → ${Math.round(e.getBoundingClientRect().right)}`);
        return { scroll, culprits };
      }""",
        WIDTH,
    )


def check(page, base, pages, prefix):
    wide = {}
    for name, url in pages.items():
        response = page.goto(base + url)
        signed_out = "/auth/login" in page.url and not url.startswith("/auth/")  # sent to the login page
        assert response.ok and not signed_out, (name, response.status, page.url)  # the page itself
        page.wait_for_load_state("networkidle")
        measured = overflow(page)
        screenshot(page, f"narrow-{prefix}{name}")
        if measured["scroll"] > WIDTH:
            wide[name] = measured
    assert wide == {}, wide


@pytest.fixture
def phone(browser):
    context = browser.new_context(viewport={"width": WIDTH, "height": 844}, locale="fr-FR", is_mobile=True, has_touch=True)
    page = context.new_page()
    yield page
    context.close()


def test_public_pages_do_not_scroll_sideways_at_390_px(phone, live_server, live_app):
    check(phone, live_server, public_pages(live_app.config["WORLD"]), "")


def test_staff_pages_do_not_scroll_sideways_at_390_px(phone, live_server, live_app):
    phone.goto(live_server + "/auth/login")
    phone.fill("input[name=email]", live_app.config["FACILITATOR"].email)
    phone.fill("input[name=password]", DEFAULT_PASSWORD)
    phone.click("main form [type=submit]")
    phone.wait_for_load_state("networkidle")
    assert "/auth/login" not in phone.url, "the facilitator could not sign in"
    check(phone, live_server, STAFF_PAGES, "staff-")


def test_the_header_menu_folds_behind_a_button_at_390_px(phone, live_server):
    phone.goto(live_server + "/")
    toggle = phone.locator("button.menu-toggle")
    assert toggle.is_visible()
    assert toggle.get_attribute("aria-expanded") == "false"
    assert not phone.locator("header nav ul").first.is_visible()
    toggle.click()
    assert toggle.get_attribute("aria-expanded") == "true"
    assert phone.locator("header nav ul").first.is_visible()
    assert phone.evaluate("document.scrollingElement.scrollWidth") <= WIDTH


def test_the_header_menu_is_open_on_a_desktop(browser, live_server):
    context = browser.new_context(viewport={"width": 1280, "height": 900}, locale="fr-FR")
    page = context.new_page()
    try:
        page.goto(live_server + "/")
        assert not page.locator("button.menu-toggle").is_visible()
        assert page.locator("header nav ul").first.is_visible()
    finally:
        context.close()


@pytest.mark.parametrize("width", [1280, WIDTH])
def test_the_suggestions_theme_filter_spans_the_filters_row(browser, live_server, live_app, width):
    """It collapsed into one thin grid cell (11rem) with its checkboxes in two squeezed columns."""
    context = browser.new_context(viewport={"width": width, "height": 900}, locale="fr-FR")
    page = context.new_page()
    try:
        page.goto(live_server + f"/organisations/{live_app.config['WORLD']['saint_louis']}/suggestions")
        page.click("form.filters details summary")
        widths = page.evaluate(
            """() => {
            const form = document.querySelector('form.filters'), details = form.querySelector('details');
            const style = getComputedStyle(form);
            const inner = form.clientWidth - parseFloat(style.paddingLeft) - parseFloat(style.paddingRight);
            return { details: details.getBoundingClientRect().width, inner };
          }"""
        )
        assert widths["details"] >= widths["inner"] - 1, widths
        screenshot(page, f"suggestions-themes-{width}")
    finally:
        context.close()
