"""axe-core over every page an anonymous visitor, an official, a partner, a facilitator and an admin reach (issue 14).

axe-core (npm, node_modules/axe-core) is injected into each page and run with the WCAG 2.0, 2.1 and 2.2 A and AA rules;
a page fails on any serious or critical violation, listed as rule, element and page. The pages get their own
live app (the data written here — an introduction, sheets, an event, a publication, a label import — stays
out of the other browser tests' world). The site's CSP forbids the injected script: these contexts bypass it.
"""

import io
from pathlib import Path

import pytest
from sqlalchemy import select

from webapp.extensions import db
from webapp.models import Alert, IntroductionRequest, LabelImport, Organisation, Publication, SheetAttachment, Tie, User
from webapp.services import accounts, alerts

from .. import factories
from ..factories import DEFAULT_PASSWORD
from ..webapp.test_attachments import PDF
from ..webapp.test_capitalisation import make_sheet
from ..webapp.test_events import make_event
from ..webapp.test_labels import BROKEN
from .conftest import make_live_app, serve, wait_for_graph

pytestmark = pytest.mark.browser

AXE = Path(__file__).resolve().parents[2] / "node_modules" / "axe-core" / "axe.min.js"
SEVERE = {"serious", "critical"}
TAGS = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa", "wcag22aa"]  # WCAG 2.0, 2.1 (RGAA's reference) and 2.2 A/AA

# (who, page name, URL with {placeholders} filled from the data below)
PAGES = [
    ("anonymous", "home", "/"),
    ("anonymous", "directory", "/organisations/"),
    ("anonymous", "directory-search", "/organisations/?q=bale"),
    ("anonymous", "organisation", "/organisations/{saint_louis}"),
    ("anonymous", "structure", "/organisations/{structure}"),
    ("anonymous", "suggestions", "/organisations/{saint_louis}/suggestions"),
    ("anonymous", "partnership", "/organisations/partnership?partners={saint_louis}&partners={kehl}&ambition=permanent_body"),
    ("anonymous", "network-whole", "/network/"),
    ("anonymous", "network-border", "/network/?border=FR-CH"),
    ("anonymous", "network-border-force", "/network/?border=FR-CH&layout=force"),
    ("anonymous", "network-centre", "/network/?center={saint_louis}&depth=1"),
    ("anonymous", "borders", "/borders/"),
    ("anonymous", "border", "/borders/FR-CH"),
    ("anonymous", "instruments", "/instruments/"),
    ("anonymous", "instrument", "/instruments/egtc"),
    ("anonymous", "programmes", "/programmes/"),
    ("anonymous", "programme", "/programmes/rhin_superieur"),
    ("anonymous", "login", "/auth/login"),
    ("anonymous", "register", "/auth/register"),
    ("anonymous", "password-reset", "/auth/reset"),
    ("anonymous", "password-reset-link", "/auth/reset/{reset_token}"),
    ("anonymous", "registration-link", "/auth/register/{registration_token}"),
    ("anonymous", "alert-unsubscribe", "/alerts/unsubscribe/{unsubscribe_token}"),
    ("anonymous", "sheets", "/sheets/"),
    ("anonymous", "sheet", "/sheets/{sheet}"),
    ("anonymous", "publications", "/sheets/publications/"),
    ("anonymous", "publication", "/sheets/publications/{publication}"),
    ("anonymous", "resources", "/resources"),
    ("anonymous", "events", "/events/"),
    ("anonymous", "event", "/events/{event}"),
    ("official", "introduction-new", "/introductions/new/{kehl}"),
    ("official", "introduction", "/introductions/{request}"),
    ("official", "notifications", "/notifications/"),
    ("official", "account", "/account"),
    ("official", "password", "/auth/password"),
    ("official", "alerts", "/alerts/"),
    ("official", "alert-new", "/alerts/new?border=FR-CH"),
    ("official", "organisation-edit", "/organisations/{saint_louis}/edit"),
    ("official", "tie-new", "/organisations/{saint_louis}/ties/new"),
    ("official", "claim", "/organisations/{kehl}/claim"),
    ("official", "sheet-new", "/sheets/new/project"),
    ("official", "problem-new", "/sheets/new/problem"),
    ("official", "sheet-draft", "/sheets/{draft}"),
    ("official", "sheet-edit", "/sheets/{draft}/edit"),
    ("official", "attachment-delete", "/sheets/{draft}/attachments/{attachment}/delete"),
    ("official", "report", "/sheets/reports/{saint_louis}"),
    ("official", "network-member", "/network/?center={saint_louis}&depth=2"),
    ("official", "event-member", "/events/{event}"),
    ("official", "alert-delete", "/alerts/{alert}/delete"),
    ("official", "tie-delete", "/organisations/ties/{tie}/delete"),
    ("official", "notifications-former-address", "/introductions/notifications"),
    ("partner", "introduction-counterpart", "/introductions/{request}"),
    ("partner", "notifications-partner", "/notifications/"),
    ("facilitator", "facilitator-home", "/facilitator/"),
    ("facilitator", "facilitator-borders", "/facilitator/borders"),
    ("facilitator", "desk", "/introductions/"),
    ("facilitator", "dashboard", "/introductions/dashboard?border=FR-CH"),
    ("facilitator", "introduction-desk", "/introductions/{request}"),
    ("facilitator", "notifications-staff", "/notifications/"),
    ("facilitator", "network-whole-staff", "/network/"),
    ("facilitator", "border-network", "/borders/FR-CH/network"),
    ("facilitator", "report-edit", "/sheets/reports/{saint_louis}/edit"),
    ("facilitator", "publication-new", "/sheets/publications/new"),
    ("facilitator", "publication-edit", "/sheets/publications/{publication}/edit"),
    ("facilitator", "event-new", "/events/new"),
    ("facilitator", "event-edit", "/events/{event}/edit"),
    ("facilitator", "event-registrants", "/events/{event}/registrants"),
    ("facilitator", "event-cancel", "/events/{event}/cancel"),
    ("facilitator", "event-delete", "/events/{event}/delete"),
    ("facilitator", "labels-import", "/labels/import"),
    ("facilitator", "labels-imports", "/labels/imports"),
    ("facilitator", "labels-import-summary", "/labels/imports/{label_import}"),
    ("facilitator", "claims", "/admin/claims"),
    ("facilitator", "organisation-new", "/organisations/new"),
    ("admin", "users", "/admin/users"),
    ("admin", "user-new", "/admin/users/new"),
    ("admin", "organisation-delete", "/organisations/{kehl}/delete"),
]


@pytest.fixture(scope="module")
def site(tmp_path_factory):
    """Its own live app and server, with the data every page above needs; yields (base URL, ids, users)."""
    app = make_live_app(tmp_path_factory.mktemp("accessibility"))
    world = app.config["WORLD"]
    facilitator = app.config["FACILITATOR"]
    official = factories.make_user(app, "official", organisations=[world["saint_louis"]])
    admin = factories.make_user(app, "admin")
    partner = factories.make_user(app, "partner", organisations=[world["basel"]])  # the counterpart's secretary
    client = app.test_client()
    client.post("/auth/login", data={"email": official.email, "password": DEFAULT_PASSWORD})
    client.post(
        f"/introductions/new/{world['basel']}",
        data={
            "requester_id": str(world["saint_louis"]),
            "counterpart_id": str(world["basel"]),
            "purpose": "Ligne de bus",
            "ambition": "shared_service",
            "themes": ["mobility"],
            "languages": ["fr", "de"],
            "message": "Nous aimerions étudier une ligne commune.",
        },
    )
    client.post("/alerts/new", data={"name": "Communes suisses", "border": "FR-CH", "country": "CH"})
    client.post("/auth/logout")
    sheet = make_sheet(app, facilitator.id, status="published", partner_ids=[world["saint_louis"]])
    draft = make_sheet(app, official.id, partner_ids=[world["saint_louis"]], title="Brouillon de Saint-Louis")
    client.post("/auth/login", data={"email": official.email, "password": DEFAULT_PASSWORD})
    client.post(f"/sheets/{draft}/attachments", data={"file": (io.BytesIO(PDF), "note.pdf")}, content_type="multipart/form-data")
    client.post("/auth/logout")
    client.post("/auth/login", data={"email": facilitator.email, "password": DEFAULT_PASSWORD})
    client.post(
        "/sheets/publications/new",
        data={"title": "Synthèse 2026", "introduction": "Ce que les communes ont appris.", "sheet_ids": [sheet]},
    )
    with app.app_context():
        publication = db.session.scalar(select(Publication.id))
    client.post(f"/sheets/publications/{publication}/publish")
    client.post(
        "/labels/import",
        data={"file": (io.BytesIO(BROKEN.encode()), "liste-pvd.csv")},
        content_type="multipart/form-data",
    )
    client.post("/auth/logout")
    event = make_event(app, borders=["FR-CH"], capacity=30)
    with app.test_request_context():
        alert = db.session.scalar(select(Alert))
        ids = dict(
            world,
            reset_token=accounts.password_reset_token(db.session.get(User, official.id)),
            registration_token=accounts.registration_token(
                "nouvelle@example.org", DEFAULT_PASSWORD, name="Nouvelle", role="official"
            ),
            unsubscribe_token=alerts.unsubscribe_token(alert),
            attachment=db.session.scalar(select(SheetAttachment.id)),
            request=db.session.scalar(select(IntroductionRequest.id)),
            alert=alert.id,
            tie=db.session.scalar(select(Tie.id).where(Tie.organisation_a_id == world["saint_louis"])),
            publication=publication,
            label_import=db.session.scalar(select(LabelImport.id)),
            structure=db.session.scalar(select(Organisation.id).where(Organisation.kind == "cross_border_structure")),
            sheet=sheet,
            draft=draft,
            event=event,
        )
    assert None not in ids.values(), ids
    users = {"official": official, "partner": partner, "facilitator": facilitator, "admin": admin}
    for base in serve(app):
        yield base, ids, users


@pytest.fixture(scope="module")
def signed_in(browser, site):
    """One page per kind of reader (signed in through the form), reused by the tests of this module."""
    base, _, users = site
    pages, contexts = {}, []

    def get(who):
        if who not in pages:
            context = browser.new_context(viewport={"width": 1280, "height": 900}, locale="fr-FR", bypass_csp=True)
            contexts.append(context)
            page = context.new_page()
            if who != "anonymous":
                page.goto(base + "/auth/login")
                page.fill("input[name=email]", users[who].email)
                page.fill("input[name=password]", DEFAULT_PASSWORD)
                page.click("main form [type=submit]")
                page.wait_for_load_state("networkidle")
                assert "/auth/login" not in page.url, f"the {who} could not sign in"
            pages[who] = page
        pages[who].set_viewport_size({"width": 1280, "height": 900})
        return pages[who]

    yield get
    for context in contexts:
        context.close()


def violations_report(page, name):
    found = severe_violations(page)
    return "\n".join(f"{name} {page.url}: {v['impact']} {v['id']} ({v['help']}) at {v['targets']}" for v in found)


def severe_violations(page):
    page.add_script_tag(path=str(AXE))
    results = page.evaluate(
        """async (tags) => {
        const r = await axe.run(document, { runOnly: { type: 'tag', values: tags } });
        return r.violations.map((v) => ({ id: v.id, impact: v.impact, help: v.help,
          targets: v.nodes.map((n) => n.target.join(' ')).slice(0, 6) }));
      }""",
        TAGS,
    )
    return [v for v in results if v["impact"] in SEVERE]


@pytest.mark.parametrize(("who", "name", "url"), PAGES, ids=[f"{who}-{name}" for who, name, _ in PAGES])
def test_no_serious_or_critical_axe_violation(signed_in, site, who, name, url):
    base, ids, _ = site
    page = signed_in(who)
    response = page.goto(base + url.format(**ids))
    wanted, landed = url.format(**ids).split("?")[0], page.url.removeprefix(base).split("?")[0]
    assert response.ok and landed == wanted, (name, response.status, landed)  # the page itself, not a redirect
    page.wait_for_load_state("networkidle")
    if page.locator("#graph").count():
        wait_for_graph(page)
    assert violations_report(page, name) == ""


# Pages in a state the walk above does not reach: a form sent back with its errors, the error page, the
# network's panel opened on an organisation, the header's menu unfolded on a phone.
def submit_empty(page):
    page.click("main form [type=submit]")
    page.wait_for_load_state("networkidle")
    assert page.locator(".field.has-error").count(), "the form came back without errors"


def open_panel(page):
    wait_for_graph(page)
    page.locator("#nodes-table tbody button[data-focus]").first.click()
    page.wait_for_selector("#panel[data-node]")


def open_menu(page):
    page.set_viewport_size({"width": 390, "height": 844})
    page.click("button.menu-toggle")


STATES = [
    ("anonymous", "register-errors", "/auth/register", submit_empty),
    ("anonymous", "not-found", "/organisations/999999", None),
    ("anonymous", "network-panel", "/network/?border=FR-CH", open_panel),
    ("anonymous", "phone-menu", "/", open_menu),
    ("official", "introduction-new-errors", "/introductions/new/{kehl}", submit_empty),
    ("facilitator", "event-new-errors", "/events/new", submit_empty),
]


@pytest.mark.parametrize(("who", "name", "url", "action"), STATES, ids=[f"{who}-{name}" for who, name, _, _ in STATES])
def test_no_serious_or_critical_axe_violation_in_other_states(signed_in, site, who, name, url, action):
    base, ids, _ = site
    page = signed_in(who)
    page.goto(base + url.format(**ids))
    page.wait_for_load_state("networkidle")
    if action:
        action(page)
    assert violations_report(page, name) == ""
