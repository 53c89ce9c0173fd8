"""The graph views in a real browser: what is drawn, filters, panel, layouts, URL state, exports."""

import re
from pathlib import Path

import pytest

from .conftest import log_in, screenshot, wait_for_graph

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
    # Each place's row says how many of the view's ties it has (the API's edges, counted here).
    in_view = {}
    for e in data["edges"]:
        if not e.get("suggested"):
            for end in (e["source"], e["target"]):
                in_view[str(end)] = in_view.get(str(end), 0) + 1
    shown = page.evaluate("""[...document.querySelectorAll('#nodes-table tbody tr')].map((tr) =>
        [tr.querySelector('button').dataset.focus, tr.lastElementChild.textContent])""")
    assert {node: int(count) for node, count in shown} == {str(n["id"]): in_view.get(str(n["id"]), 0) for n in data["nodes"]}
    assert any(int(count) for _, count in shown)
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
    panel = page.inner_text("#panel")
    assert "Hégenheim" in panel
    assert "null" not in panel  # a town without a population: nothing written in its place


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
    # drawn on their own 2D layer, as large as the graph's
    assert page.evaluate(
        "(({ suggestions, edges }) => [suggestions.width, suggestions.height])(passerelleNetwork.sigma.getCanvases())"
    ) == (page.evaluate("(({ edges }) => [edges.width, edges.height])(passerelleNetwork.sigma.getCanvases())"))
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


def test_csv_exports_come_in_the_pages_language(page, live_server):
    page.goto(f"{live_server}/network/?border=FR-CH&lang=de")
    wait_for_graph(page)
    assert "lang=de" in page.get_attribute("#export-nodes", "href")
    with page.expect_download() as download_info:
        page.click("#export-nodes")
    assert Path(download_info.value.path()).read_bytes().startswith("\ufeffKennung;Name;".encode())


def test_whole_network_is_for_facilitators(page, live_server, live_app):
    page.goto(f"{live_server}/network/")
    assert wait_for_graph(page) == "denied"
    assert "réservé aux facilitateurs" in page.inner_text("#status")
    log_in(page, live_server, live_app.config["FACILITATOR"])
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


def next_frames(page):
    page.evaluate("new Promise((r) => requestAnimationFrame(() => requestAnimationFrame(r)))")


def test_names_appear_as_one_zooms_in_and_the_selected_node_is_labelled(page, live_server, live_app):
    page.goto(f"{live_server}/network/?border=FR-CH")
    wait_for_graph(page)
    fitted = page.evaluate("passerelleNetwork.labelledNodes().length")
    saint_louis = live_app.config["WORLD"]["saint_louis"]
    page.evaluate(f"""() => {{ const sigma = passerelleNetwork.sigma, camera = sigma.getCamera();
        const {{ x, y }} = sigma.getNodeDisplayData('{saint_louis}');
        camera.setState({{ x, y, ratio: camera.getState().ratio / 8, angle: 0 }}); }}""")
    next_frames(page)
    # Zoomed on Basel's suburbs: more of the towns there have their name drawn (sigma's label grid).
    assert page.evaluate("passerelleNetwork.labelledNodes().length") > fitted
    hegenheim = str(live_app.config["WORLD"]["hegenheim"])
    page.locator("#nodes-table button", has_text="Hégenheim").click()
    page.wait_for_function("() => document.getElementById('panel').dataset.node !== undefined")
    next_frames(page)
    labelled = page.evaluate("passerelleNetwork.labelledNodes()")
    assert hegenheim in labelled  # the selected node, always named
    neighbours = page.evaluate(f"passerelleNetwork.graph.neighbors('{hegenheim}')")
    assert set(neighbours) <= set(labelled)  # and its neighbours


LABEL_OVERLAPS = """(drawn) => { const { sigma } = passerelleNetwork, context = sigma.getCanvases().labels.getContext('2d');
    const s = sigma.getSettings(); context.font = `${s.labelWeight} ${s.labelSize}px ${s.labelFont}`;
    const boxes = [...drawn].filter((n) => !sigma.getNodeDisplayData(n).forceLabel).map((n) => {
      const d = sigma.getNodeDisplayData(n), p = sigma.framedGraphToViewport(d), r = sigma.scaleSize(d.size);
      return { left: p.x + r + 3, right: p.x + r + 3 + context.measureText(d.label).width, top: p.y - s.labelSize / 2, bottom: p.y + s.labelSize / 2 };
    });
    let overlaps = 0;
    boxes.forEach((a, i) => boxes.slice(i + 1).forEach((b) => {
      if (a.left < b.right && b.left < a.right && a.top < b.bottom && b.top < a.bottom) overlaps += 1; }));
    return { labels: boxes.length, overlaps }; }"""


def test_long_names_do_not_run_over_each_other(page, live_server, live_app):
    page.goto(f"{live_server}/network/?border=FR-CH")
    wait_for_graph(page)
    # Around Basel, every place named as a Eurodistrict is: long names over sigma's 150 px label cells.
    page.evaluate(f"""() => {{ const {{ graph, sigma }} = passerelleNetwork, camera = sigma.getCamera();
        graph.updateEachNodeAttributes((n, a) => ({{ ...a, label: 'Eurodistrict trinational ' + a.label }}));
        sigma.refresh();
        const {{ x, y }} = sigma.getNodeDisplayData('{live_app.config["WORLD"]["saint_louis"]}');
        camera.setState({{ x, y, ratio: camera.getState().ratio / 8, angle: 0 }}); }}""")
    next_frames(page)
    drawn = page.evaluate(f"({LABEL_OVERLAPS})(passerelleNetwork.labelledNodes())")
    assert drawn["labels"] >= 3 and drawn["overlaps"] == 0
    # Sigma's own pass, for comparison: its grid lets these names overlap.
    page.evaluate("(() => { const s = passerelleNetwork.sigma; Object.getPrototypeOf(s).renderLabels.call(s); })()")
    assert page.evaluate(f"({LABEL_OVERLAPS})(passerelleNetwork.sigma.getNodeDisplayedLabels())")["overlaps"] > 0


def test_the_graph_and_the_map_stay_aligned(page, live_server, live_app):
    page.goto(f"{live_server}/network/?border=FR-CH")
    wait_for_graph(page)
    wait_for_map(page)
    offsets_js = """async () => {
        const { sigma, map, graph } = passerelleNetwork;
        await new Promise((r) => requestAnimationFrame(() => requestAnimationFrame(r)));
        return graph.filterNodes((n, a) => a.located).map((n) => {
          const a = graph.getNodeAttributes(n);
          const onGraph = sigma.graphToViewport({ x: a.geoX, y: a.geoY });
          const onMap = map.project([a.place.lon, a.place.lat]);
          return Math.hypot(onGraph.x - onMap.x, onGraph.y - onMap.y);
        });
    }"""
    assert max(page.evaluate(offsets_js)) < 2  # pixels, as opened
    page.evaluate("""() => { const camera = passerelleNetwork.sigma.getCamera(), s = camera.getState();
        camera.setState({ x: s.x + 0.1, y: s.y - 0.05, ratio: s.ratio / 5, angle: 0 }); }""")
    assert max(page.evaluate(offsets_js)) < 2  # and after panning and zooming
    screenshot(page, "border-view-zoomed")


def viewport_and_extent(page, nodes_js):
    """The graph-coordinate box the camera shows, and the extent of the nodes `nodes_js` selects."""
    return page.evaluate(f"""() => {{
        const {{ sigma, graph }} = passerelleNetwork, {{ width, height }} = sigma.getDimensions();
        const a = sigma.viewportToGraph({{ x: 0, y: 0 }}), b = sigma.viewportToGraph({{ x: width, y: height }});
        const nodes = ({nodes_js})(graph).map((n) => graph.getNodeAttributes(n));
        const xs = nodes.map((n) => n.x), ys = nodes.map((n) => n.y);
        return {{ view: [Math.min(a.x, b.x), Math.max(a.x, b.x), Math.min(a.y, b.y), Math.max(a.y, b.y)],
                 nodes: [Math.min(...xs), Math.max(...xs), Math.min(...ys), Math.max(...ys)] }};
    }}""")


@pytest.mark.parametrize("border", ["FR-CH", "FR-DE"])
def test_a_border_view_opens_fitted_to_its_band(page, live_server, border):
    page.goto(f"{live_server}/network/?border={border}")
    wait_for_graph(page)
    box = viewport_and_extent(page, "(g) => g.nodes()")
    view, nodes = box["view"], box["nodes"]
    assert view[0] <= nodes[0] and nodes[1] <= view[1] and view[2] <= nodes[2] and nodes[3] <= view[3]  # all in view
    # Fitted: along one axis at least, the view is the band with a margin, not the whole country around it.
    span = max(nodes[1] - nodes[0], nodes[3] - nodes[2], 0.25)
    assert min(view[1] - view[0], view[3] - view[2]) < 2 * span


def test_the_whole_network_opens_on_mainland_france_with_insets(page, live_server, live_app):
    from .. import factories

    factories.make_org(live_app, name="Saint-Georges", country="FR", latitude=3.8906, longitude=-51.8103, population=4000)
    log_in(page, live_server, live_app.config["FACILITATOR"])
    page.goto(f"{live_server}/network/")
    assert wait_for_graph(page) == "true"
    guiana = "(g) => g.filterNodes((n, a) => a.label === 'Saint-Georges')"
    # Metropolitan France and its neighbours (layout.js, REGIONS.mainland)
    mainland = "(g) => g.filterNodes((n, a) => a.place.lat > 40 && a.place.lat < 56 && a.place.lon > -10 && a.place.lon < 20)"
    box = viewport_and_extent(page, mainland)
    view, nodes = box["view"], box["nodes"]
    assert view[0] <= nodes[0] and nodes[1] <= view[1] and view[2] <= nodes[2] and nodes[3] <= view[3]
    outside = viewport_and_extent(page, guiana)["nodes"]
    assert not (view[0] <= outside[0] <= view[1] and view[2] <= outside[2] <= view[3])  # Guiana is not in view
    assert page.is_visible("#insets")
    page.click("#insets button[data-region=guiana]")
    page.wait_for_timeout(400)  # the camera's animation
    view = viewport_and_extent(page, guiana)["view"]
    assert view[0] <= outside[0] <= view[1] and view[2] <= outside[2] <= view[3]
    screenshot(page, "whole-network-guiana")


def test_places_2_km_apart_are_spread_so_their_tie_shows(page, live_server):
    page.goto(f"{live_server}/network/?border=FR-CH")
    wait_for_graph(page)
    closest = page.evaluate("""() => {
        const { sigma, graph } = passerelleNetwork;
        const at = graph.nodes().map((n) => sigma.framedGraphToViewport(sigma.getNodeDisplayData(n)));
        let closest = Infinity;
        at.forEach((p, i) => at.slice(i + 1).forEach((q) => { closest = Math.min(closest, Math.hypot(p.x - q.x, p.y - q.y)); }));
        return closest;
    }""")
    assert closest >= 6  # pixels between any two points as the view opens (Huningue and Saint-Louis are 2 km apart)


def test_the_force_layout_is_seeded_by_geography(page, live_server):
    page.goto(f"{live_server}/network/?border=FR-CH&layout=force")
    assert wait_for_graph(page) == "true"
    assert page.is_hidden("#basemap") and page.evaluate("passerelleNetwork.timings.interactive") > 0
    # Unconnected places keep a geographic arrangement: ranked south to north, the force layout's order
    # stays close to the map's (Spearman's rank correlation).
    ys = page.evaluate("passerelleNetwork.graph.mapNodes((n, a) => [a.geoY, a.y])")
    rank = lambda values: {v: i for i, v in enumerate(sorted(values))}  # noqa: E731
    geo, force = rank([g for g, _ in ys]), rank([f for _, f in ys])
    n = len(ys)
    rho = 1 - 6 * sum((geo[g] - force[f]) ** 2 for g, f in ys) / (n * (n * n - 1))
    assert rho > 0.6
    screenshot(page, "border-view-force")


def exported(page, selector):
    with page.expect_download() as download_info:
        page.click(selector)
    return Path(download_info.value.path()).read_bytes()


def test_the_pictures_carry_the_title_the_legend_and_the_sources(page, live_server):
    page.goto(f"{live_server}/network/?border=FR-CH")
    wait_for_graph(page)
    wait_for_map(page)
    svg = exported(page, "#export-svg").decode()
    assert svg.startswith("<?xml") and "<svg" in svg
    for text in (
        "Réseau de la frontière France – Suisse",
        "Suisse",
        "Petites Villes de Demain",
        "Homologue suggéré (score)",
        "Natural Earth",
    ):
        assert text in svg, text
    assert svg.count("<circle") >= page.evaluate("passerelleNetwork.graph.order") and "<image" in svg  # nodes, and the map
    png = exported(page, "#export-png")
    width, height = int.from_bytes(png[16:20], "big"), int.from_bytes(png[20:24], "big")
    graph = page.locator("#graph").bounding_box()
    # Twice the graph's size, and taller than the graph alone: the title above, the legend and credits below.
    assert width >= 2 * graph["width"] - 2 and height > 2 * graph["height"] + 100
    assert len(png) > 50_000


def test_the_legend_is_a_toggle_folded_on_a_phone(browser, live_server):
    context = browser.new_context(viewport={"width": 390, "height": 844}, locale="fr-FR", is_mobile=True, has_touch=True)
    phone = context.new_page()
    try:
        phone.goto(f"{live_server}/network/?border=FR-CH")
        wait_for_graph(phone)
        assert phone.is_hidden("#legend") and phone.get_attribute("#legend-toggle", "aria-expanded") == "false"
        assert phone.is_hidden("#controls") and phone.is_visible("#controls-toggle")
        phone.click("#legend-toggle")
        assert phone.is_visible("#legend") and "Suisse" in phone.inner_text("#legend")
        phone.click("#controls-toggle")
        assert phone.is_visible("#controls")
        assert phone.evaluate("document.scrollingElement.scrollWidth") <= 390
        screenshot(phone, "network-phone")
    finally:
        context.close()


def test_printing_shows_the_composed_picture_with_the_title(page, live_server):
    page.goto(f"{live_server}/network/?border=FR-CH")
    wait_for_graph(page)
    wait_for_map(page)
    page.evaluate("window.dispatchEvent(new Event('beforeprint'))")  # as the browser does, before the print media applies
    page.emulate_media(media="print")
    assert page.is_visible("#print-picture") and page.is_hidden("#graph-frame") and page.is_hidden("#controls")
    assert page.get_attribute("#print-picture", "src").startswith("data:image/png")
    page.wait_for_function("() => document.getElementById('print-picture').naturalHeight > 0")
    assert page.is_visible("#view-title")  # the page's title above the picture (which has the legend and credits)


def viewport_position(page, node):
    return page.evaluate(
        f"(() => {{ const s = passerelleNetwork.sigma; return s.framedGraphToViewport(s.getNodeDisplayData('{node}')); }})()"
    )


def test_hovering_a_node_highlights_its_ties_and_a_suggestion_tells_its_score(page, live_server, live_app):
    world = live_app.config["WORLD"]
    page.goto(f"{live_server}/network/?center={world['saint_louis']}&depth=1")
    wait_for_graph(page)
    box = page.locator("#graph").bounding_box()
    centre = viewport_position(page, world["saint_louis"])
    page.mouse.move(box["x"] + centre["x"], box["y"] + centre["y"])
    page.wait_for_function(f"() => passerelleNetwork.view.hovered === '{world['saint_louis']}'")
    shown = page.evaluate("""() => { const { sigma, graph, view } = passerelleNetwork;
        return graph.mapNodes((n) => [n, graph.areNeighbors(n, view.hovered), sigma.getNodeDisplayData(n).color]); }""")
    others = [colour for node, neighbour, colour in shown if not neighbour and node != str(world["saint_louis"])]
    assert all(colour == "#d5dbe3" for colour in others)  # the rest fades
    assert all(colour != "#d5dbe3" for node, neighbour, colour in shown if neighbour)
    page.mouse.move(box["x"] + 2, box["y"] + 2)
    # A suggested counterpart's dashed line: hovered at its middle, it says its score.
    suggestion = page.evaluate("""() => { const { graph } = passerelleNetwork;
        const edge = graph.findEdge((e, a) => a.suggested); return [...graph.extremities(edge), graph.getEdgeAttribute(edge, 'score')]; }""")
    a, b = viewport_position(page, suggestion[0]), viewport_position(page, suggestion[1])
    page.mouse.move(box["x"] + (a["x"] + b["x"]) / 2, box["y"] + (a["y"] + b["y"]) / 2)
    page.wait_for_selector("#graph-tooltip:not([hidden])")
    assert f"homologue suggéré ({round(suggestion[2] * 100)} %)" in page.inner_text("#graph-tooltip")
