"""The three journeys of issue 12, walked in a browser at desktop and phone widths, from registration to the tie.

An official of a labelled French town registers (the confirmation link comes by e-mail), claims the town's page
(approved at once: the account's address is on the town's web domain), finds the commune across the border among
the suggestions and asks for an introduction. The foreign commune's secretary registers and claims its page; a
facilitator approves the claim; the secretary finds the request waiting and accepts it. The facilitator reviews,
introduces and records the convention, which becomes a tie on both organisations' pages. At each step the right
person gets the notification (in the notification centre) and the e-mail (an outbox row), phrased for them.
"""

import re

import pytest
from sqlalchemy import select

from webapp.extensions import db
from webapp.models import IntroductionRequest, OutboxMessage, User
from webapp.services.mail import render

from .. import factories
from ..factories import DEFAULT_PASSWORD
from .conftest import screenshot

pytestmark = pytest.mark.browser

# Real neighbours on the Franco-Swiss border, one pair per width (the live app is shared by the session).
PAIRS = {
    1280: {
        "town": dict(
            name="Delle", official_code="90033", latitude=47.5079, longitude=6.9994, population=5700, website="delle.fr"
        ),
        "commune": dict(
            name="Boncourt", country="CH", latitude=47.4953, longitude=7.0138, population=1200, website="boncourt.ch"
        ),
        "official": "maire.journey@delle.fr",
        "secretary": "secretariat.journey@example.ch",
    },
    390: {
        "town": dict(
            name="Morteau", official_code="25411", latitude=47.0576, longitude=6.6069, population=7000, website="morteau.fr"
        ),
        "commune": dict(
            name="Le Locle", country="CH", latitude=47.0565, longitude=6.7486, population=10000, website="lelocle.ch"
        ),
        "official": "maire.journey@morteau.fr",
        "secretary": "chancellerie.journey@example.ch",
    },
}


def mails_to(app, address):
    """The e-mails queued for ``address`` (a user's or a bare address), as (subject, body), oldest first."""
    with app.app_context():
        rows = db.session.scalars(
            select(OutboxMessage).outerjoin(User, OutboxMessage.user_id == User.id).order_by(OutboxMessage.id)
        ).all()
        return [render(m) for m in rows if (m.user.email if m.user else m.address) == address]


def notifications_of(page, base):
    page.goto(base + "/notifications/")
    return page.inner_text("main")


def open_menu_if_folded(page):
    toggle = page.locator("button.menu-toggle")
    if toggle.is_visible() and toggle.get_attribute("aria-expanded") == "false":
        toggle.click()


def register(page, base, app, *, name, email, role):
    page.goto(base + "/auth/register")
    page.fill("input[name=name]", name)
    page.fill("input[name=email]", email)
    page.check(f"input[name=role][value={role}]")
    page.fill("input[name=password]", DEFAULT_PASSWORD)
    page.fill("input[name=confirm]", DEFAULT_PASSWORD)
    page.click("main form [type=submit]")
    assert "Vérifiez votre boîte aux lettres" in page.inner_text("main")
    [(subject, body)] = mails_to(app, email)
    assert subject == "Passerelle : confirmez votre inscription"
    link = re.search(r"https?://\S+/auth/register/\S+", body).group(0)
    page.goto(base + link[link.index("/auth/") :])  # the mail's host is the configured one, not the live server's
    page.click("main form [type=submit]")
    assert "Bienvenue" in page.inner_text("main")


def login(page, base, email):
    page.goto(base + "/auth/login")
    page.fill("input[name=email]", email)
    page.fill("input[name=password]", DEFAULT_PASSWORD)
    page.click("main form [type=submit]")


@pytest.mark.parametrize("width", [1280, 390])
def test_three_journeys_from_registration_to_the_tie(browser, live_server, live_app, width):
    pair, app, base = PAIRS[width], live_app, live_server
    town = factories.make_org(app, status="reference", labels=["pvd"], **pair["town"])
    commune = factories.make_org(app, status="reference", **pair["commune"])
    town_name, commune_name = pair["town"]["name"], pair["commune"]["name"]
    facilitator = app.config["FACILITATOR"]
    staff_mails_before = len(mails_to(app, facilitator.email))

    contexts = [
        browser.new_context(viewport={"width": width, "height": 900}, locale="fr-FR", is_mobile=width < 500) for _ in range(3)
    ]
    official, secretary, mot = (c.new_page() for c in contexts)
    try:
        # --- 1. The official of the labelled French town -------------------------------------------------
        register(official, base, app, name="Claire Martin", email=pair["official"], role="official")
        official.goto(base + f"/organisations/?q={town_name}")
        official.click(f"main table a:text-is('{town_name}')")
        official.click("text=Je représente cette organisation")
        official.fill("input[name=role]", "Maire")
        official.click("main form [type=submit]")
        assert f"Vous représentez maintenant {town_name}" in notifications_of(official, base)
        assert any(f"Vous représentez maintenant {town_name}" in body for _, body in mails_to(app, pair["official"]))

        official.goto(base + f"/organisations/{town}")
        official.click("text=Partenaires suggérés")
        assert commune_name in official.inner_text("main")
        official.click(f"li.suggestion:has-text('{commune_name}') >> text=Demander une mise en relation")
        official.fill("input[name=purpose]", "Navette transfrontalière pour les travailleurs")
        official.fill("textarea[name=message]", "Nous aimerions étudier une navette commune entre nos gares.")
        official.click("main form [type=submit]")
        assert "Demande envoyée" in official.inner_text("main")
        screenshot(official, f"journey-{width}-1-request-sent")
        with app.app_context():
            request_id = db.session.scalar(
                select(IntroductionRequest.id).where(
                    IntroductionRequest.requester_id == town, IntroductionRequest.counterpart_id == commune
                )
            )
        created = f"Nouvelle demande de mise en relation : {town_name} → {commune_name}."
        staff_mails = mails_to(app, facilitator.email)[staff_mails_before:]
        assert any(created in body for _, body in staff_mails)

        # --- 2. The foreign commune claims its page; the facilitator approves --------------------------
        register(secretary, base, app, name="Anne Müller", email=pair["secretary"], role="partner")
        secretary.goto(base + f"/organisations/{commune}")
        secretary.click("text=Je représente cette organisation")
        secretary.fill("input[name=role]", "Secrétaire communale")
        secretary.click("main form [type=submit]")
        secretary.goto(base + f"/organisations/{commune}")
        assert "Votre demande de rattachement est en attente" in secretary.inner_text("main")
        claim_line = f"Nouvelle demande de rattachement : Anne Müller souhaite représenter {commune_name}."
        assert any(claim_line in body for _, body in mails_to(app, facilitator.email)[staff_mails_before:])

        login(mot, base, facilitator.email)
        assert claim_line in notifications_of(mot, base)
        mot.goto(base + "/admin/claims")
        row = mot.locator(f"tr:has-text('{commune_name}')")
        row.locator("textarea[name=reason]").fill("Fonction vérifiée auprès de la commune.")
        row.locator("button:text-is('Accepter')").click()

        approved = (
            f"Votre demande pour représenter {commune_name} est acceptée. 1 demande de mise en relation attend votre réponse."
        )
        assert any(approved in body for _, body in mails_to(app, pair["secretary"]))
        waiting = notifications_of(secretary, base)
        assert approved in waiting and f"{town_name} a demandé à rencontrer {commune_name}" in waiting
        secretary.goto(base + f"/organisations/{commune}")
        assert "1 demande de mise en relation attend votre réponse" in secretary.inner_text("#requests-waiting")

        # --- 3. The facilitator reviews; the commune accepts; introduced; the convention becomes a tie ---
        mot.goto(base + f"/introductions/{request_id}")
        mot.click("text=Prendre la demande")
        mot.select_option("select[name=to_status]", "in_review")
        mot.click("text=Enregistrer l'étape")
        desk = mot.inner_text("main")
        assert f"{commune_name} n'a pas encore accepté la mise en relation" in desk
        assert mot.locator("select[name=to_status] option[value=introduced]").count() == 0  # not offered yet
        reviewing = f"Votre demande de mise en relation avec {commune_name} : En cours d'examen."
        assert reviewing in notifications_of(official, base)
        assert f"La demande de {town_name}, qui souhaite rencontrer {commune_name} : En cours d'examen." in notifications_of(
            secretary, base
        )
        assert "Votre demande" not in notifications_of(secretary, base).replace(
            f"Votre demande pour représenter {commune_name}", ""
        )  # the counterpart never reads "your request" about the town's

        secretary.goto(base + f"/organisations/{commune}")
        secretary.click("#requests-waiting a")  # the request waiting for the commune's answer
        assert secretary.url.endswith(f"/introductions/{request_id}")
        secretary.click("text=Accepter la mise en relation")
        accepted = f"{commune_name} a accepté votre demande de mise en relation."
        assert accepted in notifications_of(official, base)
        assert any(accepted in body for _, body in mails_to(app, pair["official"]))
        official.goto(base + f"/introductions/{request_id}")
        assert "Anne Müller" in official.inner_text("main")  # contacts shown once the counterpart accepted

        mot.goto(base + f"/introductions/{request_id}")
        mot.select_option("select[name=to_status]", "introduced")
        mot.click("text=Enregistrer l'étape")
        mot.select_option("select[name=kind]", "convention")
        mot.fill("input[name=year]", "2026")
        mot.click("text=Enregistrer la coopération")
        assert "Coopération convenue" in mot.inner_text("main")
        screenshot(mot, f"journey-{width}-3-convention")
        assert f"Coopération convenue avec {commune_name} : Convention." in notifications_of(official, base)
        assert f"Coopération convenue avec {town_name} : Convention." in notifications_of(secretary, base)
        assert any(f"Coopération convenue avec {town_name} : Convention." in b for _, b in mails_to(app, pair["secretary"]))

        # Nobody reads what was meant for someone else.
        assert created in notifications_of(mot, base)
        assert not any(
            "Nouvelle demande" in body for _, body in mails_to(app, pair["secretary"]) + mails_to(app, pair["official"])
        )
        assert not any("rattachement" in body for _, body in mails_to(app, pair["official"]))
        assert not any(commune_name in body for _, body in mails_to(app, pair["official"])[:2])  # before the request

        for page, own, other in ((official, town, commune_name), (secretary, commune, town_name)):
            page.goto(base + f"/organisations/{own}")
            ties = page.inner_text("main")
            assert other in ties and "Convention" in ties and "2026" in ties
        screenshot(official, f"journey-{width}-4-tie")
        for page in (official, secretary, mot):
            page.goto(base + "/")
            open_menu_if_folded(page)
            assert page.evaluate("document.scrollingElement.scrollWidth") <= width
    finally:
        for context in contexts:
            context.close()
