"""The graph views in a real browser: what is drawn, filters, panel, layouts, URL state, exports."""

import re
from pathlib import Path

import pytest

from .conftest import screenshot, wait_for_graph

pytestmark = pytest.mark.browser


def api(page, live_server, query):
    return page.evaluate(f"fetch('{live_server}/api/v1/graph?{query}').then(r => r.json())")


def drawn(page):
    return page.evaluate("[passerelleNetwork.graph.order, passerelleNetwork.graph.size]")


def countries(page):
    return page.evaluate("passerelleNetwork.graph.mapNodes((node, a) => a.country)")


def selected_names(page):
    return page.evaluate(
        "[passerelleNetwork.view.selected].filter(Boolean).map((n) => passerelleNetwork.graph.getNodeAttribute(n, 'label'))"
    )


def wait_for_map(page):
    page.wait_for_function("() => document.body.dataset.mapReady === 'true'", timeout=20000)


def table_rows(page):
    return page.evaluate(
        "[document.querySelectorAll('#nodes-table tbody tr').length, document.querySelectorAll('#edges-table tbody tr').length]"
    )


def test_border_view_draws_exactly_what_the_api_returns(page, live_server):
    page.goto(f"{live_server}/network/?border=FR-CH")
    assert wait_for_graph(page) == "true"
    data = api(page, live_server, "border=FR-CH")
    assert drawn(page) == [len(data["nodes"]), len(data["edges"])] == table_rows(page)
    assert len(data["nodes"]) >= 8
    wait_for_map(page)
    # The base map: MapLibre's WebGL canvas under the graph, with water, land and borders (world-atlas).
    assert page.is_visible("#basemap canvas.maplibregl-canvas")
    assert page.evaluate("passerelleNetwork.map.getStyle().layers.map((l) => l.id)") == ["water", "land", "coast", "borders"]
    assert page.evaluate("passerelleNetwork.map.querySourceFeatures('borders').length") > 0
    assert "France – Suisse" in page.inner_text("#view-title")
    assert "Suisse" in page.inner_text("#legend") and "Petites Villes de Demain" in page.inner_text("#legend")
    screenshot(page, "border-view-geographic")


def test_filter_changes_the_graph_and_the_table(page, live_server):
    page.goto(f"{live_server}/network/?border=FR-CH")
    wait_for_graph(page)
    before = drawn(page)
    page.click("#controls summary")
    page.check("#controls input[name=country][value=CH]")
    page.click("#controls button[type=submit]")
    wait_for_graph(page)
    data = api(page, live_server, "border=FR-CH&country=CH")
    assert drawn(page) == [len(data["nodes"]), len(data["edges"])] != before
    assert table_rows(page)[0] == len(data["nodes"])
    assert set(countries(page)) == {"CH"} and "country=CH" in page.url
    screenshot(page, "border-view-filtered")


def test_clicking_a_node_opens_its_panel_with_counterparts(page, live_server, live_app):
    world = live_app.config["WORLD"]
    page.goto(f"{live_server}/network/?border=FR-CH")
    wait_for_graph(page)
    box = page.locator("#graph").bounding_box()
    # Zoom in around Saint-Louis as a person would, the Eurodistrict's seat being 2 km away.
    position = page.evaluate(f"""async () => {{ const sigma = passerelleNetwork.sigma, node = '{world["saint_louis"]}';
        const {{x, y}} = sigma.getNodeDisplayData(node), camera = sigma.getCamera();
        camera.setState({{x, y, ratio: camera.getState().ratio / 6}});
        await new Promise((r) => requestAnimationFrame(() => requestAnimationFrame(r)));
        return sigma.framedGraphToViewport(sigma.getNodeDisplayData(node)); }}""")
    page.mouse.click(box["x"] + position["x"], box["y"] + position["y"])
    page.wait_for_selector("#panel .counterparts li", timeout=10000)
    panel = page.inner_text("#panel")
    assert "Saint-Louis" in panel and "Homologues suggérés" in panel and "Riehen" in panel
    assert "Bâle — Coopération (2001)" in panel  # its ties, listed
    assert page.locator("#panel a", has_text="Gouvernance et financements").count() >= 1
    request = page.locator("#panel a.request-link")  # one click to ask for an introduction (issue 14)
    assert request.inner_text() == "Demander une mise en relation"
    assert request.get_attribute("href").endswith(f"/introductions/new/{live_app.config['WORLD']['saint_louis']}")
    page.locator("#panel summary").first.click()
    assert "km" in page.inner_text("#panel details")
    screenshot(page, "node-panel")


def test_keyboard_users_reach_a_node_from_the_table(page, live_server):
    page.goto(f"{live_server}/network/?border=FR-CH")
    wait_for_graph(page)
    button = page.locator("#nodes-table button", has_text="Hégenheim")
    button.focus()
    page.keyboard.press("Enter")
    page.wait_for_function("() => document.getElementById('panel').dataset.node !== undefined")
    assert "Hégenheim" in page.inner_text("#panel")


def test_switching_layout_and_depth(page, live_server, live_app):
    world = live_app.config["WORLD"]
    page.goto(f"{live_server}/network/?center={world['saint_louis']}&depth=1")
    wait_for_graph(page)
    one = drawn(page)
    assert one == [
        len(d) for d in (lambda d: (d["nodes"], d["edges"]))(api(page, live_server, f"center={world['saint_louis']}&depth=1"))
    ]
    geo = page.evaluate("passerelleNetwork.graph.mapNodes((n, a) => [a.x, a.y])")
    assert page.is_visible("#basemap")
    page.select_option("#layout", "force")
    page.wait_for_function(
        "() => passerelleNetwork.timings.layout !== undefined && document.body.dataset.graphReady === 'true'"
        " && !document.getElementById('basemap').checkVisibility()"
    )
    force = page.evaluate("passerelleNetwork.graph.mapNodes((n, a) => [a.x, a.y])")
    assert force != geo and "layout=force" in page.url
    screenshot(page, "ego-view-force")
    page.select_option("#depth", "2")
    page.click("#controls button[type=submit]")
    wait_for_graph(page)
    two = api(page, live_server, f"center={world['saint_louis']}&depth=2")
    assert drawn(page) == [len(two["nodes"]), len(two["edges"])] and len(two["nodes"]) > one[0]
    assert page.evaluate("passerelleNetwork.graph.filterEdges((e, a) => a.suggested).length") > 0  # dashed suggestions
    screenshot(page, "ego-view-depth-2")


def test_the_url_restores_a_view(page, live_server, live_app):
    world = live_app.config["WORLD"]
    url = f"{live_server}/network/?center={world['saint_louis']}&depth=2&layout=force&size=degree&country=FR&country=CH"
    page.goto(url)
    wait_for_graph(page)
    assert page.input_value("#center") == str(world["saint_louis"]) and page.input_value("#depth") == "2"
    assert page.input_value("#layout") == "force" and page.input_value("#size") == "degree"
    assert page.is_checked("#controls input[name=country][value=CH]") and not page.is_checked(
        "#controls input[name=country][value=DE]"
    )
    first = drawn(page)
    page.reload()
    wait_for_graph(page)
    assert drawn(page) == first
    assert set(countries(page)) <= {"FR", "CH"}


@pytest.mark.parametrize(
    "selector, suffix, check",
    [
        ("#export-png", ".png", lambda data: data[:8] == b"\x89PNG\r\n\x1a\n"),
        ("#export-graphml", ".graphml", lambda data: b"<graphml" in data and b"Saint-Louis" in data),
        ("#export-gexf", ".gexf", lambda data: b"<gexf" in data),
        # The CSV buttons give a spreadsheet in the page's language: BOM, ";", French headers (webapp.csv_export).
        ("#export-nodes", ".csv", lambda data: data.startswith("\ufeffIdentifiant;Nom;Pays;".encode())),
        ("#export-edges", ".csv", lambda data: data.startswith("\ufeffIdentifiant de la première organisation;".encode())),
    ],
)
def test_exports_download_files_of_the_right_type(page, live_server, selector, suffix, check):
    page.goto(f"{live_server}/network/?border=FR-CH")
    wait_for_graph(page)
    with page.expect_download() as download_info:
        page.click(selector)
    download = download_info.value
    data = Path(download.path()).read_bytes()
    assert download.suggested_filename.endswith(suffix) and len(data) > 100 and check(data)


def test_whole_network_is_for_facilitators(page, live_server, live_app):
    page.goto(f"{live_server}/network/")
    assert wait_for_graph(page) == "denied"
    assert "réservé aux facilitateurs" in page.inner_text("#status")
    facilitator = live_app.config["FACILITATOR"]
    page.goto(f"{live_server}/auth/login")
    page.fill("#email", facilitator.email)
    page.fill("#password", facilitator.password)
    page.click("main form [type=submit]")
    page.goto(f"{live_server}/network/")
    assert wait_for_graph(page) == "true"
    data = page.evaluate(f"fetch('{live_server}/api/v1/graph').then(r => r.json())")
    assert drawn(page) == [len(data["nodes"]), len(data["edges"])] and "Réseau complet" in page.inner_text("#view-title")
    screenshot(page, "whole-network")


def test_search_focuses_a_node(page, live_server):
    page.goto(f"{live_server}/network/?border=FR-CH")
    wait_for_graph(page)
    page.fill("#search-input", "bâle")
    page.click("#search button")
    page.wait_for_function("() => document.getElementById('panel').dataset.node !== undefined")
    assert re.search(r"Bâle", page.inner_text("#panel"))
    assert selected_names(page) == ["Bâle"]


def test_select_in_the_url_opens_that_town_once_drawn(page, live_server, live_app):
    """The header's network link for a member (?border=...&select=<their town>) opens on their town."""
    saint_louis = live_app.config["WORLD"]["saint_louis"]
    page.goto(f"{live_server}/network/?border=FR-CH&select={saint_louis}")
    wait_for_graph(page)
    page.wait_for_function("() => document.getElementById('panel').dataset.node !== undefined")
    assert "Saint-Louis" in page.inner_text("#panel")
    assert selected_names(page) == ["Saint-Louis"]
    assert "select=" not in page.url  # opened once; the view's own URL state does not keep it
