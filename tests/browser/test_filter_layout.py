"""Filter forms laid out as a grid of cells, each label above its own control (the sheets' list was misaligned).

Screenshots: test-artifacts/filters-sheets-<width>.png.
"""

import pytest

from .conftest import screenshot

pytestmark = pytest.mark.browser

CELLS = """() => [...document.querySelectorAll('form.filters label')].map((label) => {
    const control = document.getElementById(label.htmlFor);
    const l = label.getBoundingClientRect(), c = control.getBoundingClientRect();
    return {id: label.htmlFor, labelLeft: l.left, labelBottom: l.bottom, controlLeft: c.left, controlTop: c.top,
            controlHeight: c.height, controlRight: c.right};
})"""


@pytest.mark.parametrize("width", [1280, 390])
@pytest.mark.parametrize("language", ["fr", "de"])
def test_sheet_filters_put_each_label_above_its_control(browser, live_server, width, language):
    context = browser.new_context(viewport={"width": width, "height": 900}, locale=language)
    page = context.new_page()
    try:
        page.goto(f"{live_server}/sheets/?lang={language}")
        cells = page.evaluate(CELLS)
        assert [c["id"] for c in cells] == ["q", "kind", "border", "theme", "label"]
        for cell in cells:
            assert abs(cell["labelLeft"] - cell["controlLeft"]) < 1, cell  # the label starts where its control does
            assert 0 <= cell["controlTop"] - cell["labelBottom"] < 12, cell  # right above it
            assert cell["controlRight"] <= width, cell
        assert len({round(c["controlHeight"]) for c in cells}) == 1, cells  # one height: the row lines up
        if width == 1280:  # one row of cells on a wide screen
            assert len({round(c["controlTop"]) for c in cells}) == 1, cells
        screenshot(page, f"filters-sheets-{language}-{width}")
    finally:
        context.close()
