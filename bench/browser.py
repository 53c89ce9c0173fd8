"""How fast the network page opens and moves in headless Chromium, and what the server sends it (``make bench``, third part).

Two scratch SQLite databases, each served on localhost by the app in a thread:

1. **Real data** (the reference load, about 6,600 organisations; a facilitator's account): the FR-BE border
   view and the whole network, geographic and force-directed. Each view is opened ``--runs`` times.
   Targets (issue 14): whole network, first meaningful paint < 1.5 s, laid out and interactive < 2 s.
2. **Synthetic** (``flask network synthetic``, 100,000 organisations and 300,000 ties, seed 1): the server's
   build of the columnar payload (GET /api/v1/graph?format=columnar; median of warm runs, target < 200 ms)
   and its size raw and gzipped; then the whole network in the browser: interactive (target < 3 s),
   pan/zoom frames per second while the camera is animated (target >= 30; once the page is idle), the
   frames drawn in full and moved as a picture (static/js/network/motion.js), the time from the camera's
   stop to the full picture, and the JS heap. The real whole network's pan/zoom is measured the same way.

Times are the page's own (``window.passerelleNetwork.timings``: ``firstPaint``, ``interactive``, and ``total``
when ``data-graph-ready`` is set, everything drawn, tables included), counted from navigation start (the
page's ``domContentLoadedEventStart`` plus the script's time: the module runs just before it), and the
wall clock seen by Playwright from ``page.goto`` to ``data-graph-ready``. Each view is opened from a blank
page. WebGL runs on the CPU (SwiftShader), as on a machine without a GPU.

    .venv/bin/python bench/browser.py                      # both parts
    .venv/bin/python bench/browser.py --only synthetic --nodes 20000 --edges 60000
"""

import argparse
import gzip
import os
import shutil
import statistics
import sys
import tempfile
import threading
import time
from pathlib import Path

# The project first, and this folder off the path: run as a script, bench/http.py would hide the standard library's http.
_HERE = Path(__file__).resolve().parent
sys.path[:] = [str(_HERE.parent)] + [p for p in sys.path if Path(p or ".").resolve() != _HERE]

import urllib.request  # noqa: E402  (after the path fix: it imports http)

from config import Config  # noqa: E402

CHROMIUM = os.environ.get("PASSERELLE_CHROMIUM") or shutil.which("chromium") or "/usr/bin/chromium"
ARGS = [
    "--no-sandbox",
    # WebGL on the CPU (SwiftShader), as on a machine without a GPU; no --disable-gpu, which would turn WebGL off.
    "--use-angle=swiftshader",
    "--enable-unsafe-swiftshader",
    "--enable-precise-memory-info",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
]
EMAIL, PASSWORD = "bench@mot.example", "bench-password"
VIEWPORT = {"width": 1400, "height": 1000}
READY_TIMEOUT_MS = 180_000


# --- the servers ---------------------------------------------------------------------------------


def make_app(name):
    from webapp import create_app

    class BenchConfig(Config):
        SQLALCHEMY_DATABASE_URI = "sqlite:///" + os.path.join(tempfile.mkdtemp(), f"{name}.db")
        PASSWORD_HASH_METHOD = "pbkdf2:sha256:1000"
        RATELIMIT_ENABLED = False

    return create_app(BenchConfig)


def prepare(app, fill):
    from flask_migrate import upgrade

    from webapp.extensions import db
    from webapp.services.accounts import create_user

    with app.app_context():
        upgrade()
        fill()
        create_user(EMAIL, PASSWORD, name="Bench", role="facilitator")
        db.session.commit()


def serve(app):
    import logging

    from werkzeug.serving import make_server

    logging.getLogger("werkzeug").setLevel(logging.WARNING)  # one line per request would bury the figures

    server = make_server("127.0.0.1", 0, app, threaded=True)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    return server, f"http://127.0.0.1:{server.port}"


# --- the browser ---------------------------------------------------------------------------------

OPENED = """() => {
  const n = window.passerelleNetwork, nav = performance.getEntriesByType("navigation")[0];
  const { nodes, edges } = n.counts();
  return {timings: n.timings, scriptStart: nav ? nav.domContentLoadedEventStart : null, nodes, edges,
          renderer: n.sigma ? "sigma" : "unknown"};
}"""

# The camera zooms in, pans about and zooms out again (each move 400 ms) while requestAnimationFrame
# callbacks and sigma's renders are counted: frames per second as the user would see them.
PAN_ZOOM = """async (seconds) => {
  const n = window.passerelleNetwork, camera = n.sigma.getCamera(), home = camera.getState();
  const frames = []; let renders = 0, moving = true;
  const movedBefore = n.motion.frames.moved;
  const onRender = () => { renders += 1; };
  n.sigma.on("afterRender", onRender);
  const tick = (t) => { frames.push(t); if (moving) requestAnimationFrame(tick); };
  requestAnimationFrame(tick);
  const moves = [
    {x: home.x, y: home.y, ratio: home.ratio * 0.35}, {x: home.x + 0.08 * home.ratio, y: home.y, ratio: home.ratio * 0.35},
    {x: home.x + 0.08 * home.ratio, y: home.y + 0.08 * home.ratio, ratio: home.ratio * 0.2},
    {x: home.x - 0.1 * home.ratio, y: home.y - 0.05 * home.ratio, ratio: home.ratio * 0.6}, {...home},
  ];
  const start = performance.now(), until = start + seconds * 1000;
  for (let i = 0; performance.now() < until; i += 1) await camera.animate(moves[i % moves.length], {duration: 400});
  moving = false;
  const end = performance.now();
  n.sigma.off("afterRender", onRender);
  const moved = n.motion.frames.moved - movedBefore;
  // Gaps between frames, counted from the start and to the end: a page that draws one frame in 4 s shows it.
  const times = [start, ...frames, end];
  const gaps = times.slice(1).map((t, i) => t - times[i]).sort((a, b) => a - b);
  const span = (end - start) / 1000;
  return {fps: frames.length / span, renders_per_s: renders / span, moved_per_s: moved / span, seconds: span,
          median_frame_ms: gaps[Math.floor(gaps.length / 2)], p95_frame_ms: gaps[Math.floor(gaps.length * 0.95)],
          longest_frame_ms: gaps[gaps.length - 1]};
}"""


# Before the camera moves: the page idle (what it does once drawn, such as filling the tables, is over)
# and two frames drawn. Returns how long that took.
SETTLE = """async () => {
  const start = performance.now();
  await new Promise((r) => requestIdleCallback(r, {timeout: 60000}));
  await new Promise((r) => requestAnimationFrame(() => requestAnimationFrame(r)));
  return performance.now() - start;
}"""

# After a short zoom: from the camera's stop to the first frame after the picture is drawn in full again
# (a large network shows a moved picture while the camera moves; motion.js).
TO_FULL_PICTURE = """async () => {
  const n = window.passerelleNetwork, camera = n.sigma.getCamera(), s = camera.getState(), full = n.motion.frames.full;
  await camera.animate({x: s.x, y: s.y, ratio: s.ratio * 0.7}, {duration: 300});
  const stopped = performance.now();
  while (n.motion.frames.full === full) await new Promise((r) => setTimeout(r, 5));
  await new Promise((r) => requestAnimationFrame(() => requestAnimationFrame(r)));
  return {ms: performance.now() - stopped, settle_ms: n.motion.settleMs};
}"""


def pan_zoom(page, seconds=4):
    """Prints the camera's frame rate over `seconds` of pan and zoom, once the page is idle."""
    settled = page.evaluate(SETTLE)
    motion = page.evaluate(PAN_ZOOM, seconds)
    rest = page.evaluate(TO_FULL_PICTURE)
    print(f"  page idle {settled / 1000:.1f} s after it was ready; then")
    print(
        f"  pan/zoom over {motion['seconds']:.1f} s: {motion['fps']:.1f} frames/s (target >= 30), "
        f"{motion['renders_per_s']:.1f} full sigma frames/s, {motion['moved_per_s']:.1f} moved-picture frames/s; "
        f"frame median {motion['median_frame_ms']:.0f} ms, p95 {motion['p95_frame_ms']:.0f} ms, "
        f"longest {motion['longest_frame_ms']:.0f} ms"
    )
    waited = f" (of which {rest['settle_ms']} ms waiting for the camera to stay still)" if motion["moved_per_s"] else ""
    print(f"  camera stopped -> full picture drawn: {rest['ms']:.0f} ms{waited}")
    return motion


def open_browser(playwright):
    browser = playwright.chromium.launch(executable_path=CHROMIUM, headless=True, args=ARGS)
    page = browser.new_page(viewport=VIEWPORT)
    return browser, page


def login(page, base):
    page.goto(base + "/auth/login")
    page.fill("#email", EMAIL)
    page.fill("#password", PASSWORD)
    page.click("main form [type=submit]")
    page.wait_for_load_state()


def open_view(page, url, timeout_ms=READY_TIMEOUT_MS):
    # From a blank page: tearing down the previous view (seconds for a big one) is not this view's time.
    page.goto("about:blank")
    start = time.perf_counter()
    page.goto(url, timeout=timeout_ms)
    # A function, not an expression: the page's CSP refuses the eval Playwright would use for a bare expression.
    page.wait_for_function("() => ['true', 'error', 'denied'].includes(document.body.dataset.graphReady)", timeout=timeout_ms)
    if page.evaluate("() => document.body.dataset.graphReady") != "true":
        raise RuntimeError(f"{url}: the page did not draw the view ({page.inner_text('#status')})")
    wall = time.perf_counter() - start
    found = page.evaluate(OPENED)
    timings, script_start = found["timings"], found["scriptStart"] or 0
    return {
        "wall": wall * 1000,
        "paint_nav": script_start + timings["firstPaint"] if "firstPaint" in timings else None,
        "interactive_nav": script_start + timings["interactive"] if "interactive" in timings else None,
        "total_nav": script_start + timings["total"] if "total" in timings else None,
        **found,
    }


def heap_mb(page):
    """The JS heap (used, allocated) in MB: before and after a garbage collection (CDP)."""
    session = page.context.new_cdp_session(page)
    session.send("Performance.enable")
    before = {m["name"]: m["value"] for m in session.send("Performance.getMetrics")["metrics"]}
    session.send("HeapProfiler.collectGarbage")
    metrics = {m["name"]: m["value"] for m in session.send("Performance.getMetrics")["metrics"]}
    session.detach()
    return before.get("JSHeapUsedSize", 0) / 1e6, metrics.get("JSHeapUsedSize", 0) / 1e6, metrics.get("JSHeapTotalSize", 0) / 1e6


def _ms(value):
    return f"{value:8.0f}" if value is not None else f"{'-':>8}"


def report_views(page, base, views, runs, timeout_ms=READY_TIMEOUT_MS):
    print(
        f"  {'view':<34}{'nodes':>7}{'edges':>8}  {'paint':>8}{'interact':>9}{'all':>8}{'wall':>8}"
        f"  (ms from navigation, median of {runs}; first run: cold)"
    )
    results = {}
    for label, query in views:
        opened = [open_view(page, f"{base}/network/?{query}", timeout_ms) for _ in range(runs)]
        med = {
            k: statistics.median([o[k] for o in opened if o[k] is not None] or [float("nan")])
            for k in ("paint_nav", "interactive_nav", "total_nav", "wall")
        }
        first, last = opened[0], opened[-1]
        print(
            f"  {label:<34}{last['nodes']:>7}{last['edges']:>8}  {_ms(med['paint_nav'])} {_ms(med['interactive_nav'])}"
            f"{_ms(med['total_nav'])}{_ms(med['wall'])}  first {first['wall']:.0f}; fetch {last['timings'].get('fetch', 0):.0f}, "
            f"layout {last['timings'].get('layout', 0):.0f} ({last['renderer']})"
        )
        results[label] = (med, opened)
    return results


# --- the parts -----------------------------------------------------------------------------------


def real_data(playwright, runs):
    from webapp.services.reference.loader import load_reference

    print("== Real data (reference load), a facilitator's views")
    app = make_app("browser-bench-real")
    started = time.perf_counter()
    prepare(app, load_reference)
    print(f"  (reference data loaded in {time.perf_counter() - started:.0f} s)")
    server, base = serve(app)
    browser, page = open_browser(playwright)
    try:
        login(page, base)
        results = report_views(
            page,
            base,
            (
                ("FR-BE border, geographic", "border=FR-BE&layout=geo"),
                ("FR-BE border, force-directed", "border=FR-BE&layout=force"),
                ("whole network, geographic", "layout=geo"),
                ("whole network, force-directed", "layout=force"),
            ),
            runs,
        )
        for label in ("whole network, geographic", "whole network, force-directed"):
            med, _ = results[label]
            print(
                f"  {label}: first meaningful paint {med['paint_nav'] / 1000:.2f} s (target < 1.5 s), "
                f"interactive {med['interactive_nav'] / 1000:.2f} s (target < 2 s)"
            )
        open_view(page, f"{base}/network/?layout=geo")
        print("  whole network, geographic, pan/zoom:")
        pan_zoom(page)
    finally:
        browser.close()
        server.shutdown()


def server_build(app, runs):
    """The columnar payload built in the server process: cold (the graph's columns built), warm, and after a change."""
    import orjson
    from sqlalchemy import select

    from webapp.extensions import db
    from webapp.models import User
    from webapp.services import graph_bridge, network, ties

    with app.app_context():
        user = db.session.scalar(select(User).where(User.email == EMAIL))
        started = time.perf_counter()
        G = graph_bridge.current_graph()
        graph_ms = (time.perf_counter() - started) * 1000
        started = time.perf_counter()
        network.network_columnar(user)
        cold_ms = (time.perf_counter() - started) * 1000
        warm, cpu = [], []
        for _ in range(runs):
            started, started_cpu = time.perf_counter(), time.process_time()
            body = orjson.dumps(network.network_columnar(user))
            warm.append((time.perf_counter() - started) * 1000)
            cpu.append((time.process_time() - started_cpu) * 1000)
        started = time.perf_counter()
        zipped = gzip.compress(body, compresslevel=network.GZIP_LEVEL, mtime=0)
        gzip_ms = (time.perf_counter() - started) * 1000
        kept = []
        for _ in range(runs):
            started = time.perf_counter()
            network.columnar_payload(user, gzip_ok=True)
            kept.append((time.perf_counter() - started) * 1000)
        # A tie committed, then removed (as a facilitator would): each change reaches the graph through
        # the change log and is patched into the kept columns; the payload is built again from them.
        a = next(iter(G))
        b = next(node for node in G if node != a and not G.has_edge(a, node))
        changed = []
        for change in ("add", "remove"):
            if change == "add":
                tie = ties.add_tie(a, b, "twinning", since_year=2026)
            else:
                ties.remove_tie(tie)
            db.session.commit()
            started = time.perf_counter()
            orjson.dumps(network.network_columnar(user))
            changed.append((time.perf_counter() - started) * 1000)
    return {
        "nodes": G.number_of_nodes(),
        "edges": G.number_of_edges(),
        "graph_ms": graph_ms,
        "cold_ms": cold_ms,
        "warm_ms": statistics.median(warm),
        "warm_max_ms": max(warm),
        "warm_cpu_ms": statistics.median(cpu),
        "raw": len(body),
        "gzip": len(zipped),
        "gzip_ms": gzip_ms,
        "gzip_level": network.GZIP_LEVEL,
        "kept_ms": statistics.median(kept),
        "tie_added_ms": changed[0],
        "tie_removed_ms": changed[1],
    }


def http_fetch(page, base, runs):
    """GET of the whole network's columnar payload over HTTP with the page's session, gzip accepted (warm)."""
    cookies = "; ".join(f"{c['name']}={c['value']}" for c in page.context.cookies())
    times, size = [], 0
    for _ in range(runs):
        request = urllib.request.Request(
            base + "/api/v1/graph?format=columnar", headers={"Cookie": cookies, "Accept-Encoding": "gzip"}
        )
        started = time.perf_counter()
        with urllib.request.urlopen(request) as response:
            size = len(response.read())
        times.append((time.perf_counter() - started) * 1000)
    return statistics.median(times), size


def synthetic(playwright, runs, n_nodes, n_edges, seed, timeout_s):
    from playwright.sync_api import TimeoutError as PlaywrightTimeout

    from webapp.services.synthetic import load_synthetic

    print(f"== Synthetic network: {n_nodes:,} organisations, {n_edges:,} ties (seed {seed})")
    app = make_app("browser-bench-synthetic")
    started = time.perf_counter()
    prepare(app, lambda: load_synthetic(n_nodes, n_edges, seed=seed))
    print(f"  (written to the database in {time.perf_counter() - started:.0f} s)")
    built = server_build(app, max(runs, 7))
    print(f"  graph built from the database (once per process): {built['graph_ms'] / 1000:.1f} s")
    print(f"  columns of the graph (once per process, and when organisations come or go): {built['cold_ms']:.0f} ms")
    print(
        f"  columnar payload, server build from the kept columns: median {built['warm_ms']:.0f} ms "
        f"(max {built['warm_max_ms']:.0f} ms of {max(runs, 7)}; CPU time {built['warm_cpu_ms']:.0f} ms) (target < 200 ms)"
    )
    print(
        f"  after a change, payload built again from the patched columns: a tie added {built['tie_added_ms']:.0f} ms, "
        f"removed {built['tie_removed_ms']:.0f} ms (target < 200 ms)"
    )
    print(
        f"  size: {built['raw'] / 1e6:.1f} MB raw, {built['gzip'] / 1e6:.1f} MB gzipped "
        f"(level {built['gzip_level']}, {built['gzip_ms']:.0f} ms); "
        f"the whole network's text kept per graph version: {built['kept_ms']:.2f} ms per request"
    )
    server, base = serve(app)
    browser, page = open_browser(playwright)
    try:
        login(page, base)
        fetch_ms, fetched = http_fetch(page, base, runs)
        print(f"  GET over HTTP (warm, gzip): {fetch_ms:.0f} ms for {fetched / 1e6:.1f} MB")
        # Three runs at most: a view of this size takes seconds to open on a CPU renderer.
        try:
            results = report_views(page, base, (("whole network, geographic", "layout=geo"),), min(runs, 3), timeout_s * 1000)
            med, opened = results["whole network, geographic"]
            print(f"  interactive: {med['interactive_nav'] / 1000:.2f} s from navigation (target < 3 s)")
            renderer = opened[-1]["renderer"]
        except PlaywrightTimeout:
            partial = page.evaluate(OPENED)
            print(f"  whole network, geographic: not all drawn within {timeout_s} s; by then {partial['timings']}")
            print("  (ms from the script's start); pan/zoom measured all the same, while the page goes on")
            renderer = partial["renderer"] if "interactive" in partial["timings"] else None
        before_gc, used, total = heap_mb(page)
        print(
            f"  JS heap after opening: {before_gc:.0f} MB used, {used:.0f} MB after a garbage collection ({total:.0f} MB allocated)"
        )
        if renderer != "sigma":
            print("  pan/zoom: not measured (no interactive sigma renderer on the page)")
            return
        pan_zoom(page)
        before_gc, used, total = heap_mb(page)
        print(
            f"  JS heap after pan/zoom: {before_gc:.0f} MB used, {used:.0f} MB after a garbage collection ({total:.0f} MB allocated)"
        )
    finally:
        browser.close()
        server.shutdown()


def main():
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--only", choices=("real", "synthetic"))
    parser.add_argument("--runs", type=int, default=5)
    parser.add_argument("--nodes", type=int, default=100_000)
    parser.add_argument("--edges", type=int, default=300_000)
    parser.add_argument("--seed", type=int, default=1)
    parser.add_argument("--timeout", type=int, default=300, help="Seconds the synthetic view may take to open.")
    options = parser.parse_args()

    from playwright.sync_api import sync_playwright

    print(f"Headless Chromium ({CHROMIUM}), WebGL on SwiftShader, viewport {VIEWPORT['width']}x{VIEWPORT['height']}.")
    with sync_playwright() as playwright:
        if options.only in (None, "real"):
            real_data(playwright, options.runs)
        if options.only in (None, "synthetic"):
            synthetic(playwright, options.runs, options.nodes, options.edges, options.seed, options.timeout)


if __name__ == "__main__":
    main()
