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
    assert page.evaluate("passerelleNetwork.sigma.getSetting('enableEdgeEvents')") is False
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
                 ties: getComputedStyle(sigma.getCanvases().ties).visibility,
                 map: getComputedStyle(passerelleNetwork.map.getCanvas()).visibility, moved: motion.frames.moved,
                 full: motion.frames.full, scale: k, gap: Math.max(...gaps) };
    }""")
    assert moving["shown"] == "block" and moving["nodes"] == moving["ties"] == moving["map"] == "hidden"
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
    found = page.evaluate(f"""() => {{ const {{ sigma, graph, view }} = passerelleNetwork;
        const neighbours = passerelleNetwork.neighbours('{centre}');
        return {{ processed: window.processed, order: graph.order, edges: graph.size, suggested: graph.degree('{centre}'),
                 neighbours: neighbours.length, ties: passerelleNetwork.data.edges.filter((e) => !e.suggested &&
                   [String(e.source), String(e.target)].includes('{centre}')).length, thick: view.focusTies,
                 labelled: neighbours.every((n) => sigma.getNodeDisplayData(n).forceLabel),
                 faded: graph.filterNodes((n) => sigma.getNodeDisplayData(n).color === '{FADED}').length }}; }}""")
    assert found["processed"]["nodes"] == found["neighbours"] + 1 < found["order"]
    # Its suggestions are sigma's edges, processed again; its ties, kept out of sigma, are drawn thicker over the hairlines.
    assert found["processed"]["edges"] == found["suggested"] <= found["edges"] and found["suggested"] > 0
    assert found["thick"] == found["ties"] > 0
    assert found["labelled"] and found["faded"] == 0  # its neighbours named; nothing fades in a large network


def test_a_large_network_draws_its_ties_from_the_columns_not_as_graph_edges(page, live_server):
    page.goto(f"{live_server}/network/?border=FR-CH")
    wait_for_graph(page)
    ties = page.evaluate("passerelleNetwork.counts().edges")
    as_large(page)
    settle(page)
    drawn = page.evaluate("""() => { const n = passerelleNetwork;
        return { counts: n.counts(), graphEdges: n.graph.size, uploads: n.view.tiesLayer.uploads, frames: n.view.tiesLayer.drawn }; }""")
    # The same ties, none of them a graphology edge (a border view has no suggestions), drawn by the ties layer.
    assert drawn["counts"]["edges"] == ties > 0 and drawn["graphEdges"] == 0
    assert drawn["uploads"] >= 1 and drawn["frames"] >= 1
    # The longest tie, its middle at the centre of the frame (the map hidden): a pixel of its colour there.
    expected = page.evaluate("""() => { const { sigma, data, graph } = passerelleNetwork, ties = graph.getAttribute('ties');
        document.getElementById('basemap').hidden = true;
        const at = (id) => sigma.getNodeDisplayData(String(id));
        // No suggestion in a border view: tie i is edge i of the data.
        const [i] = data.edges.map((e, i) => [i, Math.hypot(at(e.source).x - at(e.target).x, at(e.source).y - at(e.target).y)])
          .sort((p, q) => q[1] - p[1])[0];
        const a = at(data.edges[i].source), b = at(data.edges[i].target);
        sigma.getCamera().setState({ x: (a.x + b.x) / 2, y: (a.y + b.y) / 2, ratio: sigma.getCamera().getState().ratio, angle: 0 });
        const [r, g, bl] = new Uint8Array(new Float32Array([ties.colours[i]]).buffer);
        return '#' + [r, g, bl].map((c) => c.toString(16).padStart(2, '0')).join(''); }""")
    assert expected in ("#3d5a80", "#2a9d8f", "#6a4c93", "#8d99ae", "#e76f51")  # a tie kind's colour (config.js)
    settle(page)
    box = page.locator("#graph").bounding_box()
    clip = {"x": box["x"] + box["width"] / 2 - 3, "y": box["y"] + box["height"] / 2 - 3, "width": 7, "height": 7}
    picture = Image.open(io.BytesIO(page.screenshot(clip=clip))).convert("RGB")
    pixels = [picture.getpixel((x, y)) for x in range(7) for y in range(7)]
    assert any(near(p, rgb(expected)) for p in pixels), (expected, pixels)


def test_the_force_layout_of_a_large_view_gets_its_ties(page, live_server):
    page.goto(f"{live_server}/network/?border=FR-CH")
    wait_for_graph(page)
    as_large(page)
    ties = page.evaluate("passerelleNetwork.counts().edges")
    # What the page posts to ForceAtlas2's worker: the ties kept out of the graph (ties.js) are among them.
    page.evaluate("""() => { const post = Worker.prototype.postMessage;
        Worker.prototype.postMessage = function (message, ...rest) {
          if (message && message.edges) window.posted = message.edges.length;  // (MapLibre's workers get messages too)
          return post.call(this, message, ...rest); }; }""")
    page.select_option("#layout", "force")
    page.wait_for_function("() => document.body.dataset.graphReady === 'true' && passerelleNetwork.timings.forceAtlas2")
    assert page.evaluate("window.posted") == 2 * ties > 0
    assert page.evaluate("passerelleNetwork.timings.forceAtlas2.iterations") > 1
    moved = page.evaluate("passerelleNetwork.graph.filterNodes((n, a) => a.x !== a.geoX || a.y !== a.geoY).length")
    assert moved == page.evaluate("passerelleNetwork.graph.order")
