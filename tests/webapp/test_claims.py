"""Claims ("Je représente cette organisation"): evidence, pending state, facilitators told, decision with its
reason, approval at once on the organisation's own domain, the requests already waiting, one pending claim."""

import pytest
from sqlalchemy import func, select

from webapp.extensions import db as _db
from webapp.models import Claim, IntroductionRequest, Notification, Organisation, OutboxMessage, User
from webapp.services import claims as claims_service

from .. import factories
from ..factories import KEHL, SAINT_LOUIS
from .test_races import RACERS, bearer, race, race_app, racing, statuses  # noqa: F401  (fixtures)

DELLE = dict(name="Delle", kind="commune", country="FR", website="https://www.ville-delle.fr/mairie")
EVIDENCE = {"role": "Bürgermeisterin", "official_email": "buergermeisterin@kehl.de", "message": "Rathaus Kehl, 07851 880"}


def as_user(auth, user):
    auth.logout()
    auth.login(user.email)


def rendered_notifications(app, user_id, code=None):
    from webapp.i18n import render_message

    with app.app_context():
        query = select(Notification).where(Notification.user_id == user_id).order_by(Notification.id)
        if code:
            query = query.where(Notification.code == code)
        return [render_message(n.code, n.params, "fr") for n in _db.session.scalars(query)]


def outbox(app, user_id, template=None):
    with app.app_context():
        query = select(OutboxMessage.template).where(OutboxMessage.user_id == user_id)
        if template:
            query = query.where(OutboxMessage.template == template)
        return _db.session.scalars(query).all()


@pytest.fixture
def world(app):
    kehl = factories.make_org(app, status="reference", **KEHL)
    return {
        "kehl": kehl,
        "claimant": factories.make_user(app, "partner"),
        "facilitators": [factories.make_user(app, "facilitator"), factories.make_user(app, "admin")],
    }


def claim(client, organisation_id, follow_redirects=False, **overrides):
    return client.post(f"/organisations/{organisation_id}/claim", data=EVIDENCE | overrides, follow_redirects=follow_redirects)


def test_the_claimant_sees_the_pending_state_and_what_happens_next(app, client, auth, world):
    as_user(auth, world["claimant"])
    response = claim(client, world["kehl"], follow_redirects=True)
    page = response.get_data(as_text=True)
    assert "Demande envoyée" in page
    assert "Votre demande de rattachement est en attente" in page and "Et ensuite ?" in page
    assert "Bürgermeisterin" in page
    assert "Je représente cette organisation" not in page  # no second claim offered while one waits
    account = client.get("/account").get_data(as_text=True)
    assert "Kehl" in account and "En attente" in account and "vous serez prévenu·e de sa décision" in account


def test_facilitators_are_told_of_each_claim_in_the_site_by_mail_and_on_the_desk(app, client, auth, world):
    as_user(auth, world["claimant"])
    claim(client, world["kehl"])
    for facilitator in world["facilitators"]:
        texts = rendered_notifications(app, facilitator.id, "claim_submitted")
        assert texts == [f"Nouvelle demande de rattachement : {_name(app, world['claimant'])} souhaite représenter Kehl."]
        assert outbox(app, facilitator.id) == ["claim_submitted"]
    assert rendered_notifications(app, world["claimant"].id) == []  # nothing to tell the claimant yet
    as_user(auth, world["facilitators"][0])
    desk = client.get("/introductions/").get_data(as_text=True)
    assert "1 demande de rattachement attend une décision" in desk
    queue = client.get("/admin/claims").get_data(as_text=True)
    assert "Bürgermeisterin" in queue and "buergermeisterin@kehl.de" in queue and "Rathaus Kehl" in queue
    mail = factories.queued_mail(app)
    assert "souhaite représenter Kehl" in mail and f"/organisations/{world['kehl']}" in mail


def _name(app, user):
    return factories.get(app, User, user.id).name


def test_a_rejection_reaches_the_claimant_with_its_reason(app, client, auth, world):
    as_user(auth, world["claimant"])
    claim(client, world["kehl"])
    claim_id = _only_claim_id(app)
    as_user(auth, world["facilitators"][0])
    response = client.post(f"/admin/claims/{claim_id}/reject", data={"reason": "Adresse sans lien avec la mairie."})
    assert response.status_code == 302
    assert factories.get(app, Claim, claim_id).decision_reason == "Adresse sans lien avec la mairie."
    expected = "Votre demande pour représenter Kehl est refusée. Motif : Adresse sans lien avec la mairie."
    assert rendered_notifications(app, world["claimant"].id) == [expected]
    assert outbox(app, world["claimant"].id) == ["claim_rejected"]
    assert expected in factories.queued_mail(app)
    as_user(auth, world["claimant"])
    page = client.get(f"/organisations/{world['kehl']}").get_data(as_text=True)
    assert "a été refusée" in page and "Adresse sans lien avec la mairie." in page
    assert "Je représente cette organisation" in page  # may ask again, with better evidence
    assert "Refusée" in client.get("/account").get_data(as_text=True)
    # Decided once: a second decision is refused.
    as_user(auth, world["facilitators"][0])
    client.post(f"/admin/claims/{claim_id}/approve")
    assert factories.get(app, Claim, claim_id).status == "rejected"


def _only_claim_id(app):
    with app.app_context():
        return _db.session.scalar(select(Claim.id))


def test_approving_a_counterpart_shows_it_the_requests_already_waiting(app, client, auth, world):
    saint_louis = factories.make_org(app, **SAINT_LOUIS)
    official = factories.make_user(app, "official", organisations=[saint_louis])
    as_user(auth, official)
    client.post(
        f"/introductions/new/{world['kehl']}",
        data={
            "requester_id": str(saint_louis),
            "counterpart_id": str(world["kehl"]),
            "purpose": "Navette fluviale",
            "ambition": "exchange",
            "message": "Étudions une navette sur le Rhin.",
        },
    )
    with app.app_context():
        request_id = _db.session.scalar(select(IntroductionRequest.id))
    as_user(auth, world["claimant"])
    claim(client, world["kehl"])
    as_user(auth, world["facilitators"][0])
    client.post(f"/admin/claims/{_only_claim_id(app)}/approve", data={"reason": "Vérifié par téléphone."})
    assert factories.get(app, Organisation, world["kehl"]).status == "registered"

    texts = rendered_notifications(app, world["claimant"].id)
    assert texts[0] == (
        "Votre demande pour représenter Kehl est acceptée. 1 demande de mise en relation attend votre réponse. "
        "Motif : Vérifié par téléphone."
    )
    assert texts[1] == "Saint-Louis a demandé à rencontrer Kehl : la demande attend votre réponse."
    with app.app_context():
        waiting = _db.session.scalar(select(Notification).where(Notification.code == "request_waiting"))
        assert waiting.request_id == request_id
    assert outbox(app, world["claimant"].id) == ["claim_approved"]  # one mail; it counts the waiting requests

    as_user(auth, world["claimant"])
    page = client.get(f"/organisations/{world['kehl']}").get_data(as_text=True)
    assert "1 demande de mise en relation attend votre réponse" in page
    assert f'href="/introductions/{request_id}"' in page and "Navette fluviale" in page
    assert client.get(f"/introductions/{request_id}").status_code == 200  # a member now: they may answer


def test_an_address_on_the_organisations_domain_is_approved_at_once(app, client, auth):
    delle = factories.make_org(app, status="reference", **DELLE)
    mayor = factories.make_user(app, "official", email="maire@ville-delle.fr")
    facilitator = factories.make_user(app, "facilitator")
    auth.login(mayor.email)
    assert "@ville-delle.fr" in client.get(f"/organisations/{delle}/claim").get_data(as_text=True)
    response = claim(client, delle, role="Maire", official_email="", follow_redirects=True)
    assert "Vous représentez maintenant Delle" in response.get_data(as_text=True)
    stored = factories.get(app, Claim, _only_claim_id(app))
    assert stored.status == "approved" and stored.auto_approved and stored.decided_by_id is None
    with app.app_context():
        assert _db.session.get(User, mayor.id).is_member_of(_db.session.get(Organisation, delle))
    assert rendered_notifications(app, mayor.id) == [
        "Vous représentez maintenant Delle : votre adresse est sur le domaine de l'organisation."
    ]
    assert rendered_notifications(app, facilitator.id) == [
        f"{_name(app, mayor)} représente désormais Delle : son adresse confirmée est sur le domaine de l'organisation."
    ]
    assert client.get(f"/organisations/{delle}/edit").status_code == 200


def test_approval_at_once_can_be_switched_off(app, client, auth):
    app.config["CLAIM_AUTO_APPROVE_OFFICIAL_DOMAIN"] = False
    delle = factories.make_org(app, status="reference", **DELLE)
    mayor = factories.make_user(app, "official", email="maire@ville-delle.fr")
    auth.login(mayor.email)
    assert "@ville-delle.fr" not in client.get(f"/organisations/{delle}/claim").get_data(as_text=True)
    claim(client, delle, role="Maire")
    assert factories.get(app, Claim, _only_claim_id(app)).status == "pending"
    assert client.get(f"/organisations/{delle}/edit").status_code == 403


@pytest.mark.parametrize(
    ("email", "website", "expected"),
    [
        ("maire@ville-delle.fr", "https://www.ville-delle.fr/mairie", True),
        ("Maire@Ville-Delle.FR", "ville-delle.fr", True),
        ("dgs@mairie.ville-delle.fr", "https://ville-delle.fr", True),  # a subdomain of the site
        ("maire@evil-ville-delle.fr", "https://ville-delle.fr", False),  # a look-alike is not the domain
        ("maire@ville-delle.fr.example.com", "https://ville-delle.fr", False),
        ("maire@ville-delle.fr", "https://www.delle.fr", False),
        ("someone@gmail.com", "https://gmail.com", False),  # a public mailbox proves nothing
        ("maire@ville-delle.fr", None, False),
        ("maire@ville-delle.fr", "localhost", False),
    ],
)
def test_official_domain_rule(email, website, expected):
    organisation = Organisation(name="Delle", kind="commune", country="FR", website=website)
    assert claims_service.on_official_domain(email, organisation) is expected


def test_the_function_is_required_and_the_official_address_checked(app, client, auth, world):
    as_user(auth, world["claimant"])
    page = claim(client, world["kehl"], role="").get_data(as_text=True)
    assert 'id="role-error"' in page
    page = claim(client, world["kehl"], official_email="pas une adresse").get_data(as_text=True)
    assert 'id="official_email-error"' in page
    with app.app_context():
        assert _db.session.scalar(select(func.count()).select_from(Claim)) == 0
    headers, api = bearer(app, world["claimant"]), app.test_client()  # a token, no session cookie
    response = api.post(f"/api/v1/organisations/{world['kehl']}/claims", headers=headers, json={"role": " "})
    assert response.status_code == 422 and "role" in response.json["error"]["fields"]
    response = api.post(
        f"/api/v1/organisations/{world['kehl']}/claims", headers=headers, json={"role": "Maire", "official_email": "x"}
    )
    assert response.status_code == 422 and "official_email" in response.json["error"]["fields"]


def test_the_claims_api(app, client, world):
    headers = bearer(app, world["claimant"])
    created = client.post(f"/api/v1/organisations/{world['kehl']}/claims", headers=headers, json=EVIDENCE)
    assert created.status_code == 201 and created.json["status"] == "pending" and created.json["role"] == "Bürgermeisterin"
    claim_id = created.json["id"]
    again = client.post(f"/api/v1/organisations/{world['kehl']}/claims", headers=headers, json=EVIDENCE)
    assert again.status_code == 409 and again.json["error"]["existing"] == f"/api/v1/claims/{claim_id}"
    assert [c["id"] for c in client.get("/api/v1/claims", headers=headers).json["items"]] == [claim_id]
    assert client.get(f"/api/v1/claims/{claim_id}", headers=headers).status_code == 200
    stranger = bearer(app, factories.make_user(app, "official"))
    assert client.get(f"/api/v1/claims/{claim_id}", headers=stranger).status_code == 404  # not theirs
    assert client.post(f"/api/v1/claims/{claim_id}/decision", headers=headers, json={"approve": True}).status_code == 403
    staff = bearer(app, world["facilitators"][0])
    decided = client.post(
        f"/api/v1/claims/{claim_id}/decision", headers=staff, json={"approve": False, "reason": "Pas de lien avec Kehl."}
    )
    assert decided.status_code == 200 and decided.json["status"] == "rejected"
    assert decided.json["decision_reason"] == "Pas de lien avec Kehl."
    twice = client.post(f"/api/v1/claims/{claim_id}/decision", headers=staff, json={"approve": True})
    assert twice.status_code == 409


def test_window_a_second_identical_claim_is_a_409_with_the_first(app, client, monkeypatch, world):
    first = client.post(f"/api/v1/organisations/{world['kehl']}/claims", headers=bearer(app, world["claimant"]), json=EVIDENCE)
    real, calls = claims_service.pending_claim, []

    def once_blind(*args):
        calls.append(args)
        return None if len(calls) == 1 else real(*args)

    monkeypatch.setattr(claims_service, "pending_claim", once_blind)  # the twin is "not committed yet"
    second = client.post(f"/api/v1/organisations/{world['kehl']}/claims", headers=bearer(app, world["claimant"]), json=EVIDENCE)
    assert second.status_code == 409, second.get_data(as_text=True)
    assert second.json["error"]["existing"] == f"/api/v1/claims/{first.json['id']}"
    assert len(calls) == 2  # the index refused the insert; the second look found the winner
    with app.app_context():
        assert _db.session.scalar(select(func.count()).select_from(Claim)) == 1


def test_concurrent_identical_claims_store_one(racing):
    kehl = factories.make_org(racing, status="reference", **KEHL)
    claimant = factories.make_user(racing, "partner")
    headers = bearer(racing, claimant)
    clients = [racing.test_client() for _ in range(RACERS)]
    responses = race(lambda i: clients[i].post(f"/api/v1/organisations/{kehl}/claims", headers=headers, json=EVIDENCE))
    assert statuses(responses) == [201] + [409] * (RACERS - 1)
    created = next(r for r in responses if r.status_code == 201).json["id"]
    assert {r.json["error"]["existing"] for r in responses if r.status_code == 409} == {f"/api/v1/claims/{created}"}
    with racing.app_context():
        assert _db.session.scalar(select(func.count()).select_from(Claim)) == 1
