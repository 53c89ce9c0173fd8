"""How fast the graph views open in headless Chromium (``make bench``, third part).

Loads the real reference data into a scratch SQLite database, serves the app on localhost, and
opens the FR-BE border view (about 1,000 places) and the whole network (a facilitator's view,
about 3,200) in both layouts. "Interactive" is when the page has drawn every node and laid it out
(``data-graph-ready``); each view is opened 5 times, the first one with a cold server-side graph.
"""

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

from config import Config  # noqa: E402

RUNS = 5
CHROMIUM = os.environ.get("PASSERELLE_CHROMIUM") or shutil.which("chromium") or "/usr/bin/chromium"
ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
]


def serve():
    from flask_migrate import upgrade
    from werkzeug.serving import make_server

    from webapp import create_app
    from webapp.extensions import db
    from webapp.services.accounts import create_user
    from webapp.services.reference.loader import load_reference

    class BenchConfig(Config):
        SQLALCHEMY_DATABASE_URI = "sqlite:///" + os.path.join(tempfile.mkdtemp(), "browser-bench.db")
        PASSWORD_HASH_METHOD = "pbkdf2:sha256:1000"

    app = create_app(BenchConfig)
    with app.app_context():
        upgrade()
        load_reference()
        create_user("bench@mot.example", "bench-password", name="Bench", role="facilitator")
        db.session.commit()
    server = make_server("127.0.0.1", 0, app, threaded=True)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    return f"http://127.0.0.1:{server.port}"


def measure(page, url):
    start = time.perf_counter()
    page.goto(url)
    page.wait_for_function("document.body.dataset.graphReady === 'true'", timeout=60000)
    elapsed = time.perf_counter() - start
    nodes = page.evaluate("passerelleNetwork.cy.nodes().length")
    timings = page.evaluate("passerelleNetwork.timings")
    return elapsed, nodes, timings


def main():
    from playwright.sync_api import sync_playwright

    base = serve()
    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=CHROMIUM, headless=True, args=ARGS)
        page = browser.new_page(viewport={"width": 1400, "height": 1000})
        page.goto(base + "/auth/login")
        page.fill("#email", "bench@mot.example")
        page.fill("#password", "bench-password")
        page.click("main form [type=submit]")
        print(f"{'view':<32}{'nodes':>7}{'first (cold)':>14}{'p50':>8}{'max':>8}   target < 3 s")
        for label, query in (
            ("FR-BE border, geographic", "border=FR-BE&layout=geo"),
            ("FR-BE border, force-directed", "border=FR-BE&layout=force"),
            ("whole network, geographic", "layout=geo"),
            ("whole network, force-directed", "layout=force"),
        ):
            results = [measure(page, f"{base}/network/?{query}") for _ in range(RUNS)]
            times = [r[0] for r in results]
            print(
                f"{label:<32}{results[0][1]:>7}{times[0]:>13.2f}s{statistics.median(times):>7.2f}s{max(times):>7.2f}s"
                f"   (last: fetch {results[-1][2]['fetch']:.0f} ms, draw {results[-1][2]['draw']:.0f} ms, layout {results[-1][2]['layout']:.0f} ms)"
            )
        browser.close()


if __name__ == "__main__":
    main()
