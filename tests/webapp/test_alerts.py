"""Alerts (saved searches): the API and the site for each role, and firing in the daily digest."""

import re
from datetime import timedelta

import pytest
from sqlalchemy import select

from webapp.extensions import db
from webapp.models import Alert, Claim, Notification, OutboxMessage, User
from webapp.models._common import utcnow
from webapp.services import alerts as service

from .. import factories
from ..factories import BASEL, KEHL, SAINT_LOUIS
from .test_capitalisation import make_sheet

SWISS = {"name": "Communes suisses", "border": "FR-CH", "country": "CH"}


@pytest.fixture
def people(app):
    town = factories.make_org(app, **SAINT_LOUIS)
    return {
        "official": factories.make_user(app, "official", organisations=[town]),
        "other": factories.make_user(app, "partner"),
        "facilitator": factories.make_user(app, "facilitator"),
        "town": town,
    }


def _alert_of(app, user_id, **values):
    with app.app_context():
        user = db.session.get(User, user_id)
        alert = service.create_alert(user, values.pop("name", "Mon alerte"), values)
        db.session.commit()
        return alert.id


def _notifications(app, user_id):
    with app.app_context():
        return db.session.scalars(
            select(Notification).where(Notification.user_id == user_id, Notification.code == "alert_news")
        ).all()


def _alert_mails(app):
    with app.app_context():
        return db.session.scalars(select(OutboxMessage).where(OutboxMessage.template == "digest_alerts")).all()


# --- API ----------------------------------------------------------------------------------------


def test_api_create_list_get_delete(client, auth, people):
    headers = auth.token(people["official"].email)
    created = client.post("/api/v1/alerts", json={**SWISS, "theme": "mobility"}, headers=headers)
    assert created.status_code == 201, created.json
    alert = created.json
    assert (alert["name"], alert["border"], alert["country"], alert["theme"], alert["kind"]) == (
        "Communes suisses",
        "FR-CH",
        "CH",
        "mobility",
        None,
    )
    assert [a["id"] for a in client.get("/api/v1/alerts", headers=headers).json["items"]] == [alert["id"]]
    assert client.get(f"/api/v1/alerts/{alert['id']}", headers=headers).json["name"] == "Communes suisses"
    assert client.delete(f"/api/v1/alerts/{alert['id']}", headers=headers).status_code == 204
    assert client.get(f"/api/v1/alerts/{alert['id']}", headers=headers).status_code == 404
    assert client.get("/api/v1/alerts", headers=headers).json["items"] == []


@pytest.mark.parametrize(
    ("body", "field"),
    [
        ({"name": "x", "border": "FR-XX"}, "border"),
        ({"name": "x", "kind": "castle"}, "kind"),
        ({"name": "x", "country": "US"}, "country"),
        ({"name": "x", "theme": "magic"}, "theme"),
        ({"name": "x", "massif": "himalaya"}, "massif"),
        ({"name": "x", "label": "zzz"}, "label"),
        ({"name": "x", "q": "a" * 101}, "q"),
        ({"name": "", "border": "FR-CH"}, "name"),
        ({"border": "FR-CH"}, "name"),
        ({"name": "x", "border": "FR-CH", "status": "reference"}, "status"),  # not an alert's filter
        ({"name": "Tout"}, "border"),  # no filter at all: it would announce every new organisation
    ],
)
def test_api_refuses_bad_filters_with_422(client, auth, people, body, field):
    response = client.post("/api/v1/alerts", json=body, headers=auth.token(people["official"].email))
    assert response.status_code == 422, response.json
    assert field in response.json["error"]["fields"]


def test_api_same_name_twice_is_a_409_naming_the_first(client, auth, people):
    headers = auth.token(people["official"].email)
    first = client.post("/api/v1/alerts", json=SWISS, headers=headers).json
    again = client.post("/api/v1/alerts", json={**SWISS, "country": "FR"}, headers=headers)
    assert again.status_code == 409
    assert again.json["error"]["existing"] == f"/api/v1/alerts/{first['id']}"


def test_api_alerts_are_their_owners_only(app, client, auth, people):
    mine = _alert_of(app, people["official"].id, **SWISS)
    for role in ("other", "facilitator"):
        headers = auth.token(people[role].email)
        assert client.get(f"/api/v1/alerts/{mine}", headers=headers).status_code == 404
        assert client.delete(f"/api/v1/alerts/{mine}", headers=headers).status_code == 404
        assert client.get("/api/v1/alerts", headers=headers).json["items"] == []
    assert factories.get(app, Alert, mine) is not None
    anonymous = app.test_client()
    assert anonymous.get("/api/v1/alerts").status_code == 401
    assert anonymous.post("/api/v1/alerts", json=SWISS).status_code == 401
    assert anonymous.delete(f"/api/v1/alerts/{mine}").status_code == 401


# --- Site ---------------------------------------------------------------------------------------


def test_directory_offers_to_save_its_search_and_the_alert_page_creates_it(app, client, auth, people):
    auth.login(people["official"].email)
    page = client.get("/organisations/?border=FR-CH&country=CH").get_data(as_text=True)
    link = re.search(r'href="(/alerts/new\?[^"]+)"', page).group(1).replace("&amp;", "&")
    assert "border=FR-CH" in link and "country=CH" in link
    form = client.get(link).get_data(as_text=True)
    assert 'value="FR-CH"' in form and 'value="CH"' in form
    response = client.post("/alerts/new", data={"name": "Suisse", "border": "FR-CH", "country": "CH"})
    assert response.status_code == 302
    listed = client.get("/alerts/").get_data(as_text=True)
    assert "Suisse" in listed and "France – Suisse" in listed
    assert client.get("/organisations/").get_data(as_text=True).count("/alerts/new") == 0  # no filter: nothing to save


def test_suggestions_page_offers_an_alert_on_each_border(app, client, people):
    page = client.get(f"/organisations/{people['town']}/suggestions").get_data(as_text=True)
    assert "/alerts/new?border=FR-CH&amp;country=CH" in page


def test_a_border_page_offers_an_alert_on_its_border(client):
    assert "/alerts/new?border=FR-CH" in client.get("/borders/FR-CH").get_data(as_text=True)


def test_site_refuses_an_alert_without_filters_and_keeps_the_form(client, auth, people):
    auth.login(people["official"].email)
    response = client.post("/alerts/new", data={"name": "Rien", "border": ""})
    assert response.status_code == 200
    assert "Choisissez au moins un critère" in response.get_data(as_text=True)


def test_the_account_page_lists_the_alerts_with_a_delete_link(app, client, auth, people):
    mine = _alert_of(app, people["official"].id, **SWISS)
    _alert_of(app, people["other"].id, name="Pas à moi", border="FR-DE")
    auth.login(people["official"].email)
    page = client.get("/account").get_data(as_text=True)
    assert "Communes suisses" in page and f"/alerts/{mine}/delete" in page and "Pas à moi" not in page
    assert "/organisations/?border=FR-CH&amp;country=CH" in page
    assert "/facilitator/borders" not in page  # the borders one covers: staff only
    auth.logout()
    auth.login(people["facilitator"].email)
    assert "/facilitator/borders" in client.get("/account").get_data(as_text=True)


def test_delete_asks_first_and_only_the_owner_may(app, client, auth, people):
    mine = _alert_of(app, people["official"].id, **SWISS)
    assert client.get(f"/alerts/{mine}/delete").status_code == 302  # anonymous: to the login page
    auth.login(people["other"].email)
    assert client.get(f"/alerts/{mine}/delete").status_code == 404
    assert client.post(f"/alerts/{mine}/delete").status_code == 404
    auth.logout()
    auth.login(people["official"].email)
    confirm = client.get(f"/alerts/{mine}/delete")
    assert confirm.status_code == 200 and "Oui, supprimer" in confirm.get_data(as_text=True)
    assert factories.get(app, Alert, mine) is not None  # asking deletes nothing
    assert client.post(f"/alerts/{mine}/delete").status_code == 302
    assert factories.get(app, Alert, mine) is None


def test_alert_pages_need_an_account(client):
    for url in ("/alerts/", "/alerts/new?border=FR-CH"):
        response = client.get(url)
        assert response.status_code == 302 and "/auth/login" in response.location


# --- Firing -------------------------------------------------------------------------------------


def _digest(runner):
    result = runner.invoke(args=["digest"])
    assert result.exit_code == 0, result.output
    return result.output


def test_a_saved_alert_fires_in_the_digest_for_a_new_matching_organisation_unsubscribing_stops_it(app, runner, people):
    official = people["official"]
    _alert_of(app, official.id, **SWISS)
    basel = factories.make_org(app, **BASEL)
    factories.make_org(app, **KEHL)  # another border: not announced
    output = _digest(runner)
    assert "Alerts: 1 found something new" in output

    [notification] = _notifications(app, official.id)
    assert notification.params["counts"] == {"organisations": 1}
    assert notification.mailed_at is not None  # the notifications' own digest will not mail it again
    with app.app_context():
        from webapp.i18n import render_message

        assert render_message(notification.code, notification.params) == "Alerte « Communes suisses » : 1 nouvelle organisation."
        assert render_message(notification.code, notification.params, "en") == "Alert “Communes suisses”: 1 new organisation."
    mail = factories.queued_mail(app)
    assert f"{official.email} | Passerelle : du nouveau pour 1 alerte" in mail
    assert "Nouvelles organisations : Bâle" in mail and "Kehl" not in mail
    link = re.search(r"/alerts/unsubscribe/\S+", mail).group(0)

    # Run again at once: nothing new, nothing twice.
    _digest(runner)
    assert len(_notifications(app, official.id)) == 1
    assert len(_alert_mails(app)) == 1

    # The mail's link works without signing in: it asks, then deletes.
    anonymous = app.test_client()
    assert "Oui, supprimer" in anonymous.get(link).get_data(as_text=True)
    assert anonymous.post(link).status_code == 200
    with app.app_context():
        assert db.session.scalars(select(Alert)).all() == []
    assert anonymous.get(link).status_code == 404  # the link is spent

    factories.make_org(app, name="Bâle-Campagne", kind="region", country="CH", latitude=47.48, longitude=7.73)
    _digest(runner)
    assert len(_notifications(app, official.id)) == 1
    assert len(_alert_mails(app)) == 1
    assert basel


def test_alert_announces_ties_approved_claims_and_published_sheets_on_its_border(app, runner, people):
    official, facilitator = people["official"], people["facilitator"]
    basel = factories.make_org(app, **BASEL, status="reference")
    alert = _alert_of(app, official.id, **SWISS)
    factories.make_tie(app, people["town"], basel)
    make_sheet(app, None, status="published", title="Navette du Rhin", borders=["FR-CH"])
    make_sheet(app, None, status="published", title="Crèche de Kehl", borders=["FR-DE"])
    make_sheet(app, None, status="draft", title="Brouillon", borders=["FR-CH"])
    with app.app_context():  # a claim a facilitator approved (the claims service's own rules are tested with it)
        db.session.add(
            Claim(
                organisation_id=basel,
                user_id=people["other"].id,
                status="approved",
                decided_by_id=facilitator.id,
                decided_at=utcnow(),
            )
        )
        db.session.add(Claim(organisation_id=basel, user_id=official.id, status="pending"))  # not decided: not announced
        db.session.commit()
    _digest(runner)
    [notification] = _notifications(app, official.id)
    assert notification.params["counts"] == {"ties": 1, "claims": 1, "sheets": 1}
    assert notification.params["names"]["ties"] == ["Saint-Louis – Bâle"]
    assert notification.params["names"]["sheets"] == ["Navette du Rhin"]
    assert notification.params["alert_id"] == alert


def test_an_alert_created_after_the_fact_announces_nothing_old(app, runner, people):
    factories.make_org(app, **BASEL)
    _alert_of(app, people["official"].id, **SWISS)
    _digest(runner)
    assert _notifications(app, people["official"].id) == []
    assert _alert_mails(app) == []


def test_never_means_in_the_site_only(app, runner, people):
    official = people["official"]
    with app.app_context():
        db.session.get(User, official.id).email_frequency = "never"
        db.session.commit()
    _alert_of(app, official.id, **SWISS)
    factories.make_org(app, **BASEL)
    _digest(runner)
    assert len(_notifications(app, official.id)) == 1
    assert _alert_mails(app) == []


def test_daily_readers_get_the_alert_once_and_the_notification_leads_to_the_search(app, client, auth, runner, people):
    official = people["official"]
    with app.app_context():
        db.session.get(User, official.id).email_frequency = "daily"
        db.session.commit()
    _alert_of(app, official.id, **SWISS)
    factories.make_org(app, **BASEL)
    _digest(runner)
    _digest(runner)
    with app.app_context():
        mails = db.session.scalars(select(OutboxMessage).where(OutboxMessage.user_id == official.id)).all()
    assert [m.template for m in mails] == ["digest_alerts"]  # not again in the notifications' daily summary
    [notification] = _notifications(app, official.id)
    auth.login(official.email)
    centre = client.get("/notifications/").get_data(as_text=True)
    assert "Alerte « Communes suisses » : 1 nouvelle organisation." in centre
    response = client.get(f"/notifications/{notification.id}")
    assert response.status_code == 302 and response.location == "/organisations/?border=FR-CH&country=CH"


def test_two_runs_over_the_same_window_fire_once(app, people):
    alert_id = _alert_of(app, people["official"].id, **SWISS)
    factories.make_org(app, **BASEL)
    with app.app_context():
        alert = db.session.get(Alert, alert_id)
        later = alert.last_run_at + timedelta(days=1)
        stale_copy_since = alert.last_run_at
        first = service.fire_alerts(until=later)
        # A second run that read the alert before the first moved it on finds the window taken.
        alert.last_run_at = stale_copy_since
        assert service._take_window(alert, later + timedelta(seconds=1)) is None
        db.session.commit()
    assert list(first["fired"].values()) == [{"organisations": 1}]


def test_a_forged_unsubscribe_link_is_refused(app, client, people):
    alert_id = _alert_of(app, people["official"].id, **SWISS)
    with app.app_context():
        token = service.unsubscribe_token(db.session.get(Alert, alert_id))
    assert client.get(f"/alerts/unsubscribe/{token}x").status_code == 404
    assert client.post(f"/alerts/unsubscribe/{token[:-2]}").status_code == 404
    assert factories.get(app, Alert, alert_id) is not None
