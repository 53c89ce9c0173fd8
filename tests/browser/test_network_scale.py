"""How the network page draws at scale: WebGL without instanced draws, the moved picture while the camera
moves over a large network, and hovering that processes only what it changes.

A view is made "large" here by lowering the page's threshold (``passerelleNetwork.largeFrom``) and
loading the view again, so that the real test data takes the path 100,000 organisations take."""

import io

import pytest
from PIL import Image

from .conftest import screenshot, wait_for_graph

pytestmark = pytest.mark.browser

FADED = "#d5dbe3"


def as_large(page):
    """The current view loaded again, drawn as a large network."""
    page.evaluate("passerelleNetwork.largeFrom = { nodes: 1, edges: 1 }")
    page.evaluate("document.getElementById('controls').requestSubmit()")
    page.wait_for_function("() => document.body.dataset.graphReady === 'true' && passerelleNetwork.view.large")


def settle(page):
    page.wait_for_function("() => !passerelleNetwork.sigma.getCamera().isAnimated() && passerelleNetwork.motion.settled()")
    page.evaluate("new Promise((r) => requestAnimationFrame(() => requestAnimationFrame(r)))")


def rgb(hex_colour):
    return tuple(int(hex_colour[i : i + 2], 16) for i in (1, 3, 5))


def near(pixel, colour, tolerance=40):
    return sum(abs(a - b) for a, b in zip(pixel[:3], colour)) <= tolerance


def test_nodes_and_ties_are_drawn_without_instancing_with_the_label_ring(page, live_server):
    page.goto(f"{live_server}/network/?border=FR-CH")
    assert wait_for_graph(page) == "true"
    programs = page.evaluate("""() => { const s = passerelleNetwork.sigma;
        return [...Object.entries(s.nodePrograms), ...Object.entries(s.edgePrograms)]
          .filter(([, p]) => p.verticesCount > 0).map(([name, p]) => [name, p.isInstanced]); }""")
    assert sorted(programs) == [["line", False], ["ring", False]]
    # A labelled French town, alone in the frame: its disc in France's colour, its rim in its label's.
    node = page.evaluate("""() => { const { graph, sigma } = passerelleNetwork;
        const node = graph.findNode((n, a) => a.country === 'FR' && a.borderSize > 0.3);
        const camera = sigma.getCamera(), { x, y } = sigma.getNodeDisplayData(node);
        camera.setState({ x, y, ratio: camera.getState().ratio / 40, angle: 0 });
        return node; }""")
    page.evaluate("new Promise((r) => requestAnimationFrame(() => requestAnimationFrame(r)))")
    fill, ring, at = (
        page.evaluate(f"""() => {{ const {{ graph, sigma }} = passerelleNetwork, a = graph.getNodeAttributes('{node}');
        return [a.color, a.borderColor, sigma.framedGraphToViewport(sigma.getNodeDisplayData('{node}'))]; }}""")
    )
    box = page.locator("#graph").bounding_box()
    clip = {"x": box["x"] + at["x"] - 100, "y": box["y"] + at["y"] - 100, "width": 200, "height": 200}
    picture = Image.open(io.BytesIO(page.screenshot(clip=clip))).convert("RGB")
    centre = picture.getpixel((100, 100))
    assert near(centre, rgb(fill)), (centre, fill)
    rim = [picture.getpixel((100 + dx, 100)) for dx in range(1, 100)]
    # Outwards from the centre: fill, then the ring's colour, then what is under the node.
    first_ring = next(i for i, p in enumerate(rim) if near(p, rgb(ring)))
    assert all(near(p, rgb(fill)) for p in rim[: first_ring - 1])
    assert first_ring >= 3 and not near(rim[-1], rgb(ring)) and not near(rim[-1], rgb(fill))


def test_a_large_network_moves_its_last_picture_then_draws_it_in_full(page, live_server):
    page.goto(f"{live_server}/network/?border=FR-CH")
    wait_for_graph(page)
    as_large(page)
    page.wait_for_function("() => document.body.dataset.mapReady === 'true'")
    settle(page)
    settings = page.evaluate("['defaultEdgeType', 'enableEdgeEvents'].map((k) => passerelleNetwork.sigma.getSetting(k))")
    assert settings == ["hairline", False]
    full = page.evaluate("passerelleNetwork.motion.frames.full")
    page.evaluate("""() => { const camera = passerelleNetwork.sigma.getCamera(), s = camera.getState();
        camera.animate({ x: s.x + 0.05 * s.ratio, y: s.y - 0.03 * s.ratio, ratio: s.ratio / 3 }, { duration: 1500 }); }""")
    page.wait_for_timeout(500)
    # Mid-move: one picture (map and graph) moved by a transform; sigma's layers and the map hidden.
    moving = page.evaluate("""() => {
        const { sigma, graph, motion } = passerelleNetwork, container = sigma.getContainer();
        const picture = container.querySelector('canvas.motion-picture');
        const m = /translate\\(([-\\d.e]+)px, ([-\\d.e]+)px\\) scale\\(([-\\d.e]+)\\)/.exec(picture.style.transform);
        const [tx, ty, k] = m.slice(1).map(Number);
        // The camera states of the picture drawn in full and of the frame that moved it.
        const now = { cameraState: motion.shown }, then = { cameraState: motion.drawn };
        // Where each node is in the picture drawn before the move, once transformed, and where the camera shows it now.
        const gaps = graph.nodes().slice(0, 30).map((n) => {
          const d = sigma.getNodeDisplayData(n);
          const before = sigma.framedGraphToViewport(d, then), after = sigma.framedGraphToViewport(d, now);
          return Math.hypot(tx + k * before.x - after.x, ty + k * before.y - after.y);
        });
        return { shown: getComputedStyle(picture).display, nodes: getComputedStyle(sigma.getCanvases().nodes).visibility,
                 map: getComputedStyle(passerelleNetwork.map.getCanvas()).visibility, moved: motion.frames.moved,
                 full: motion.frames.full, scale: k, gap: Math.max(...gaps) };
    }""")
    assert moving["shown"] == "block" and moving["nodes"] == "hidden" and moving["map"] == "hidden"
    assert moving["moved"] > 0 and moving["full"] == full  # frames moved, none drawn in full during the move
    assert moving["scale"] > 1 and moving["gap"] < 1  # pixels: the moved picture is where the camera shows it
    screenshot(page, "large-network-moving")
    settle(page)
    after = page.evaluate("""() => {
        const { sigma, graph, map, motion } = passerelleNetwork, container = sigma.getContainer();
        const offsets = graph.filterNodes((n, a) => a.located).map((n) => {
          const a = graph.getNodeAttributes(n), onGraph = sigma.graphToViewport({ x: a.geoX, y: a.geoY });
          const onMap = map.project([a.place.lon, a.place.lat]);
          return Math.hypot(onGraph.x - onMap.x, onGraph.y - onMap.y);
        });
        return { shown: getComputedStyle(container.querySelector('canvas.motion-picture')).display,
                 nodes: getComputedStyle(sigma.getCanvases().nodes).visibility,
                 map: getComputedStyle(map.getCanvas()).visibility, full: motion.frames.full, offset: Math.max(...offsets) };
    }""")
    # At rest: drawn in full at the new position, the map under it again and aligned with it.
    assert after["shown"] == "none" and after["nodes"] == "visible" and after["map"] == "visible"
    assert after["full"] > full and after["offset"] < 2
    screenshot(page, "large-network-settled")


def zoom_frames(page):
    """Frames drawn in full and moved while the camera zooms in for 800 ms."""
    return page.evaluate("""async () => { const { sigma, motion } = passerelleNetwork, camera = sigma.getCamera(), s = camera.getState();
        const before = { ...motion.frames };
        await camera.animate({ x: s.x, y: s.y, ratio: s.ratio / 2 }, { duration: 800 });
        return [motion.frames.full - before.full, motion.frames.moved - before.moved]; }""")


def test_a_network_drawn_within_the_frame_budget_is_drawn_in_full_at_every_frame(page, live_server):
    page.goto(f"{live_server}/network/?border=FR-CH")
    wait_for_graph(page)
    page.evaluate("passerelleNetwork.motion.budgetMs = Infinity")  # as with a GPU: every full frame in time
    settle(page)
    full, moved = zoom_frames(page)
    assert full >= 2 and moved == 0  # (how many depends on the machine's load: SwiftShader draws the map too)
    # The same network where full frames take longer than the budget (SwiftShader, the map): moved as a picture.
    page.evaluate("passerelleNetwork.motion.budgetMs = 0")
    settle(page)
    page.evaluate("passerelleNetwork.sigma.getCamera().setState({ ...passerelleNetwork.sigma.getCamera().getState(), x: 0.5 })")
    settle(page)
    full, moved = zoom_frames(page)
    assert moved >= 2 and full <= 1


def test_a_click_while_the_picture_moves_selects_the_node_under_the_pointer(page, live_server):
    page.goto(f"{live_server}/network/?border=FR-CH")
    wait_for_graph(page)
    as_large(page)
    settle(page)
    node = page.evaluate("passerelleNetwork.graph.findNode((n, a) => a.country === 'CH')")
    page.evaluate(f"""() => {{ const {{ sigma }} = passerelleNetwork, camera = sigma.getCamera(), d = sigma.getNodeDisplayData('{node}');
        camera.setState({{ x: d.x, y: d.y, ratio: camera.getState().ratio / 4, angle: 0 }}); }}""")
    settle(page)
    # A slow zoom around the node: it stays under the pointer while the picture moves.
    page.evaluate("""() => { const camera = passerelleNetwork.sigma.getCamera(), s = camera.getState();
        camera.animate({ ...s, ratio: s.ratio / 1.5 }, { duration: 4000 }); }""")
    page.wait_for_function("() => passerelleNetwork.motion.frames.moved > 0 && !passerelleNetwork.motion.settled()")
    box = page.locator("#graph").bounding_box()
    at = page.evaluate(f"""() => {{ const {{ sigma }} = passerelleNetwork;
        return sigma.framedGraphToViewport(sigma.getNodeDisplayData('{node}'), {{ cameraState: sigma.getCamera().getState() }}); }}""")
    page.mouse.click(box["x"] + at["x"], box["y"] + at["y"])
    page.wait_for_function(f"() => passerelleNetwork.view.selected === '{node}'")


def test_hovering_in_a_large_network_processes_only_the_node_and_its_neighbours(page, live_server, live_app):
    world = live_app.config["WORLD"]
    page.goto(f"{live_server}/network/?center={world['saint_louis']}&depth=2")
    wait_for_graph(page)
    as_large(page)
    settle(page)
    centre = str(world["saint_louis"])
    # Count what sigma processes again (its reducers run once per node or tie processed).
    page.evaluate("""() => { const s = passerelleNetwork.sigma, counts = (window.processed = { nodes: 0, edges: 0 });
        const node = s.getSetting('nodeReducer'), edge = s.getSetting('edgeReducer');
        s.settings.nodeReducer = (n, d) => { counts.nodes += 1; return node(n, d); };
        s.settings.edgeReducer = (e, d) => { counts.edges += 1; return edge(e, d); }; }""")
    box = page.locator("#graph").bounding_box()
    at = page.evaluate(
        f"(() => {{ const s = passerelleNetwork.sigma; return s.framedGraphToViewport(s.getNodeDisplayData('{centre}')); }})()"
    )
    page.mouse.move(box["x"] + at["x"], box["y"] + at["y"])
    page.wait_for_function(f"() => passerelleNetwork.view.hovered === '{centre}'")
    found = page.evaluate(f"""() => {{ const {{ sigma, graph }} = passerelleNetwork;
        return {{ processed: window.processed, order: graph.order, size: graph.size, degree: graph.degree('{centre}'),
                 neighbours: graph.neighbors('{centre}').length,
                 labelled: graph.neighbors('{centre}').every((n) => sigma.getNodeDisplayData(n).forceLabel),
                 faded: graph.filterNodes((n) => sigma.getNodeDisplayData(n).color === '{FADED}').length }}; }}""")
    assert found["processed"]["nodes"] == found["neighbours"] + 1 < found["order"]
    assert found["processed"]["edges"] == found["degree"] < found["size"]
    assert found["labelled"] and found["faded"] == 0  # its neighbours named; nothing fades in a large network
