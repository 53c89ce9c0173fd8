"""The facilitator's home: where staff land after login, the borders they cover, their work, and the dashboard."""

import html
import re
from datetime import timedelta

import pytest
from sqlalchemy import select, update

from webapp.extensions import db
from webapp.models import Claim, FacilitatorBorder, IntroductionRequest
from webapp.models._common import utcnow

from .. import factories
from ..factories import BASEL, KEHL, SAINT_LOUIS
from .test_capitalisation import make_sheet

ROLES = ("official", "partner", "facilitator", "admin")


@pytest.fixture
def world(app):
    saint_louis = factories.make_org(app, **SAINT_LOUIS)
    basel = factories.make_org(app, **BASEL)
    kehl = factories.make_org(app, status="reference", **KEHL)
    users = {role: factories.make_user(app, role) for role in ROLES}
    users["official"] = factories.make_user(app, "official", organisations=[saint_louis])
    users["partner"] = factories.make_user(app, "partner", organisations=[basel])
    return {"saint_louis": saint_louis, "basel": basel, "kehl": kehl, **users}


def login(client, auth, user):
    auth.logout()
    return auth.login(user.email)


def cover(app, user, *codes):
    with app.app_context():
        for code in codes:
            db.session.add(FacilitatorBorder(user_id=user.id, border=code))
        db.session.commit()


def ask(client, requester, counterpart):
    data = {"requester_id": str(requester), "counterpart_id": str(counterpart), "purpose": "Bus", "ambition": "exchange"}
    response = client.post(f"/introductions/new/{counterpart}", data=data | {"message": "Bonjour"})
    assert response.status_code == 302, response.get_data(as_text=True)
    return int(response.location.rsplit("/", 1)[1])


@pytest.mark.parametrize("role", ROLES)
def test_login_lands_staff_on_their_work_and_others_on_the_public_home(client, auth, world, role):
    response = login(client, auth, world[role])
    expected = "/facilitator/" if role in ("facilitator", "admin") else "/"
    assert response.status_code == 302 and response.location == expected
    # A ``next`` still wins: the page the person was going to.
    auth.logout()
    response = client.post(
        "/auth/login?next=/organisations/", data={"email": world[role].email, "password": factories.DEFAULT_PASSWORD}
    )
    assert response.location == "/organisations/"


@pytest.mark.parametrize("url", ["/facilitator/", "/facilitator/borders"])
@pytest.mark.parametrize(
    ("role", "status"), [(None, 302), ("official", 403), ("partner", 403), ("facilitator", 200), ("admin", 200)]
)
def test_access_per_role(client, auth, world, url, role, status):
    if role:
        login(client, auth, world[role])
    response = client.get(url)
    assert response.status_code == status
    if role is None:
        assert "/auth/login" in response.location


def test_a_facilitator_chooses_the_borders_they_cover(app, client, auth, world):
    facilitator = world["facilitator"]
    login(client, auth, facilitator)
    home = client.get("/facilitator/").get_data(as_text=True)
    assert "Vous ne suivez encore aucune frontière" in home
    assert client.post("/facilitator/borders", data={"borders": ["FR-CH", "FR-DE"]}).status_code == 302
    with app.app_context():
        assert sorted(
            db.session.scalars(select(FacilitatorBorder.border).where(FacilitatorBorder.user_id == facilitator.id))
        ) == [
            "FR-CH",
            "FR-DE",
        ]
    home = client.get("/facilitator/").get_data(as_text=True)
    assert "Vous suivez : France – Allemagne, France – Suisse." in home
    assert "Mes frontières" in home and "/introductions/dashboard?border=FR-CH" in home
    # An unknown border is refused and nothing changes.
    response = client.post("/facilitator/borders", data={"borders": ["FR-CH", "FR-XX"]})
    assert response.status_code == 200 and 'class="error"' in response.get_data(as_text=True)
    with app.app_context():
        assert db.session.scalar(select(db.func.count()).select_from(FacilitatorBorder)) == 2
    # Unticking every border clears the choice.
    client.post("/facilitator/borders", data={})
    with app.app_context():
        assert db.session.scalar(select(db.func.count()).select_from(FacilitatorBorder)) == 0


def test_the_dashboard_opens_on_the_first_covered_border(app, client, auth, world):
    login(client, auth, world["facilitator"])
    assert "Tableau de bord : France – Belgique" in client.get("/introductions/dashboard").get_data(as_text=True)
    cover(app, world["facilitator"], "FR-CH")
    page = client.get("/introductions/dashboard").get_data(as_text=True)
    assert "Tableau de bord : France – Suisse" in page
    assert "Tableau de bord : France – Allemagne" in client.get("/introductions/dashboard?border=FR-DE").get_data(as_text=True)
    # The header's network link and brand open on the facilitator's work and border.
    header = page.split("</header>")[0]
    assert "border=FR-CH" in header
    assert 'class="brand" href="/facilitator/"' in header and ">Mon travail<" in header


def test_the_header_of_others_has_no_work_link(client, auth, world):
    login(client, auth, world["official"])
    header = client.get("/").get_data(as_text=True).split("</header>")[0]
    assert "Mon travail" not in header and 'class="brand" href="/"' in header


def test_the_network_link_opens_on_the_members_own_border_and_town(app, client, auth, world):
    """Issue 14: the menu opened the Belgian border even for a user from a Swiss-border town."""

    def network_link():
        header = client.get("/").get_data(as_text=True).split("</header>")[0]
        return html.unescape(re.search(r'href="(/network/[^"]*)"', header).group(1))

    login(client, auth, world["official"])
    assert network_link() == f"/network/?border=FR-CH&select={world['saint_louis']}"
    login(client, auth, world["partner"])  # the Swiss side: its own border, its own town
    assert network_link() == f"/network/?border=FR-CH&select={world['basel']}"
    stranger = factories.make_user(app, "official")  # no organisation yet
    login(client, auth, stranger)
    assert network_link() == "/network/?border=FR-BE"


def test_median_says_no_data_yet_and_then_the_days(app, client, auth, world):
    login(client, auth, world["official"])
    request_id = ask(client, world["saint_louis"], world["basel"])
    login(client, auth, world["facilitator"])
    page = client.get("/introductions/dashboard?border=FR-CH").get_data(as_text=True)
    assert "pas encore de données" in page and "0.0" not in page
    with app.app_context():
        request = db.session.get(IntroductionRequest, request_id)
        request.introduced_at = request.created_at + timedelta(days=2, hours=12)
        db.session.commit()
    page = client.get("/introductions/dashboard?border=FR-CH").get_data(as_text=True)
    assert "2,5 jours" in page and "pas encore de données" not in page
    assert "2.5 days" in client.get("/introductions/dashboard?border=FR-CH&lang=en").get_data(as_text=True)


def test_the_home_shows_claims_requests_stale_first_and_recent_activity(app, client, auth, world):
    login(client, auth, world["official"])
    fresh = ask(client, world["saint_louis"], world["basel"])
    stale = ask(client, world["saint_louis"], world["kehl"])
    with app.app_context():
        db.session.execute(
            update(IntroductionRequest).where(IntroductionRequest.id == stale).values(moved_at=utcnow() - timedelta(days=40))
        )
        db.session.add(Claim(organisation_id=world["kehl"], user_id=world["partner"].id, status="pending", message="Maire"))
        db.session.add(Claim(organisation_id=world["basel"], user_id=world["official"].id, status="rejected"))
        db.session.commit()
    make_sheet(app, None, status="published", title="Navette du Rhin", borders=["FR-CH"])
    facilitator = world["facilitator"]
    cover(app, facilitator, "FR-IT")
    login(client, auth, facilitator)
    home = client.get("/facilitator/").get_data(as_text=True)
    requests = home.split('id="requests-title"')[1].split("</section>")[0]
    assert f"/introductions/{stale}" not in requests and f"/introductions/{fresh}" not in requests  # none touches FR-IT
    assert "Aucune demande en attente." in requests
    claims = home.split('id="claims-title"')[1].split("</section>")[0]
    assert "Kehl" in claims and "/admin/claims" in claims  # claims are all shown (those near one's borders first)
    assert claims.count("<tr>") == 2  # the header row and the one pending claim (the rejected one is not work)
    cover(app, facilitator, "FR-CH")
    home = client.get("/facilitator/").get_data(as_text=True)
    requests = home.split('id="requests-title"')[1].split("</section>")[0]
    assert "sans mouvement" in requests
    assert requests.index(f"/introductions/{stale}") < requests.index(f"/introductions/{fresh}")  # stale first
    recent = home.split('id="recent-title"')[1]
    assert "Navette du Rhin" in recent and "Saint-Louis" in recent and "Demande créée" in recent


def test_without_covered_borders_the_home_shows_everything(app, client, auth, world):
    login(client, auth, world["official"])
    request_id = ask(client, world["saint_louis"], world["basel"])
    login(client, auth, world["admin"])
    home = client.get("/facilitator/").get_data(as_text=True)
    assert f"/introductions/{request_id}" in home and "Mes frontières" not in home
