"""A live server over its own SQLite file, and Debian's Chromium driven by Playwright.

The browser tests need a real HTTP server in another thread, so they get their own app and
database file (the suite's in-memory database cannot be shared across threads). Screenshots go
to ``test-artifacts/`` (git-ignored). A missing Chromium fails the tests: CI installs it.
"""

import os
import shutil
import threading
from pathlib import Path

import pytest
from flask_migrate import upgrade
from werkzeug.serving import make_server

from config import TestConfig
from webapp import create_app
from webapp.extensions import db
from webapp.services.reference.loader import load_reference

from .. import factories
from ..factories import BASEL, KEHL, SAINT_LOUIS

ARTIFACTS = Path(__file__).resolve().parents[2] / "test-artifacts"
CHROMIUM = os.environ.get("PASSERELLE_CHROMIUM") or shutil.which("chromium") or "/usr/bin/chromium"
CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    # WebGL (the network page's map and graph) on the CPU: SwiftShader, as on a machine without a GPU.
    "--use-angle=swiftshader",
    "--enable-unsafe-swiftshader",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
]


@pytest.fixture(scope="session")
def live_app(tmp_path_factory):
    return make_live_app(tmp_path_factory.mktemp("browser"))


def make_live_app(directory):
    """An app over a new SQLite file in ``directory``, with the world of the browser tests in it."""

    class BrowserConfig(TestConfig):
        SQLALCHEMY_DATABASE_URI = "sqlite:///" + str(directory / "browser.db")

    app = create_app(BrowserConfig)
    with app.app_context():
        upgrade()
    world = {
        "saint_louis": factories.make_org(app, themes=["health"], **SAINT_LOUIS),
        "basel": factories.make_org(app, status="verified", admin1="Basel-City", **BASEL),
        "riehen": factories.make_org(app, name="Riehen", country="CH", latitude=47.5788, longitude=7.6468, status="reference"),
        "huningue": factories.make_org(
            app, name="Huningue", official_code="68149", latitude=47.5925, longitude=7.5831, labels=["va"]
        ),
        "hegenheim": factories.make_org(
            app, name="Hégenheim", official_code="68126", latitude=47.562, longitude=7.523, labels=["pvd"]
        ),
        "weil": factories.make_org(app, name="Weil am Rhein", country="DE", latitude=47.5947, longitude=7.6207),
        "lorrach": factories.make_org(app, name="Lörrach", country="DE", latitude=47.6156, longitude=7.6614),
        "kehl": factories.make_org(app, **KEHL),
        "geneve": factories.make_org(app, name="Genève", country="CH", latitude=46.2022, longitude=6.1457, population=183981),
        "annemasse": factories.make_org(
            app, name="Annemasse", official_code="74012", latitude=46.1934, longitude=6.2342, labels=["pvd"]
        ),
    }
    factories.make_tie(app, world["saint_louis"], world["basel"], "cooperation", since_year=2001)
    factories.make_tie(app, world["huningue"], world["weil"], "twinning")
    factories.make_tie(app, world["annemasse"], world["geneve"], "convention")
    with app.app_context():
        load_reference(places=[])  # instruments, programmes, structures and their memberships
        db.session.commit()
    app.config["WORLD"] = world
    app.config["FACILITATOR"] = factories.make_user(app, "facilitator")
    return app


@pytest.fixture(scope="session")
def live_server(live_app):
    yield from serve(live_app)


def serve(app):
    """Serve ``app`` in a thread: yields its base URL, then stops it."""
    server = make_server("127.0.0.1", 0, app, threaded=True)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    yield f"http://127.0.0.1:{server.port}"
    server.shutdown()
    with app.app_context():
        db.engine.dispose()


@pytest.fixture(scope="session")
def browser():
    if not os.path.exists(CHROMIUM):
        pytest.fail(f"Chromium not found at {CHROMIUM}: install Debian's package (apt-get install chromium); .ci/run does.")
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=CHROMIUM, headless=True, args=CHROMIUM_ARGS)
        yield browser
        browser.close()


@pytest.fixture
def page(browser, request):
    """A fresh page; the test fails if the page logged any console error or uncaught exception."""
    # A French reader: the pages follow Accept-Language, and these tests read the French interface.
    context = browser.new_context(viewport={"width": 1400, "height": 1000}, accept_downloads=True, locale="fr-FR")
    page = context.new_page()
    problems = []
    page.on(
        "console", lambda message: problems.append(f"console {message.type}: {message.text}") if message.type == "error" else None
    )
    page.on("pageerror", lambda error: problems.append(f"page error: {error}"))
    yield page
    context.close()
    assert problems == [], problems


def wait_for_graph(page):
    page.wait_for_function("() => ['true', 'error', 'denied'].includes(document.body.dataset.graphReady)", timeout=20000)
    return page.evaluate("document.body.dataset.graphReady")


def screenshot(page, name):
    ARTIFACTS.mkdir(exist_ok=True)
    page.screenshot(path=str(ARTIFACTS / f"{name}.png"), full_page=True)


def log_in(page, live_server, user):
    """Signs ``user`` in through the login form."""
    page.goto(f"{live_server}/auth/login")
    page.fill("#email", user.email)
    page.fill("#password", user.password)
    page.click("main form [type=submit]")
