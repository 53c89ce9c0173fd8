"""API of the resource centre's events: /api/v1/events and the registrations, for every role, and races."""

import pytest
from sqlalchemy import func, select

from webapp.extensions import db as _db
from webapp.models import Event, EventRegistration

from .. import factories
from .test_events import make_event, world
from .test_races import RACERS, bearer, race, race_app, racing, signed_in_client, statuses  # noqa: F401  (fixtures)


def headers_of(auth, people, role):
    return auth.token(people[role].email) if role else {}


@pytest.mark.parametrize(
    ("role", "sees_draft"),
    [(None, False), ("official", False), ("partner", False), ("facilitator", True), ("admin", True)],
)
def test_unpublished_events_are_404_for_all_but_staff(app, client, auth, role, sees_draft):
    people = world(app)
    draft = make_event(app, published=False, title="Brouillon")
    public = make_event(app, title="Public")
    headers = headers_of(auth, people, role)
    listing = client.get("/api/v1/events", headers=headers).json
    assert {e["title"] for e in listing["items"]} == ({"Brouillon", "Public"} if sees_draft else {"Public"})
    assert client.get(f"/api/v1/events/{draft}", headers=headers).status_code == (200 if sees_draft else 404)
    got = client.get(f"/api/v1/events/{public}", headers=headers).json
    assert got["timezone"] == "Europe/Paris" and got["starts_at"].endswith("+00:00")
    assert got["ical_url"].endswith(f"/events/{public}.ics") and got["registered"] is False
    if role:
        assert client.post(f"/api/v1/events/{draft}/registration", headers=headers).status_code == (
            409 if sees_draft else 404
        )  # not open before it is published


def test_list_filters_paginates_and_puts_the_callers_borders_first(app, client, auth):
    people = world(app)
    make_event(app, days=2, title="Belgique", borders=["FR-BE"], themes=["mobility"])
    make_event(app, days=9, title="Suisse", borders=["FR-CH"], themes=["health"], labels=["pvd"])
    make_event(app, days=-9, title="Passé", borders=["FR-CH"])
    assert [e["title"] for e in client.get("/api/v1/events").json["items"]] == ["Belgique", "Suisse"]
    mine = client.get("/api/v1/events", headers=auth.token(people["official"].email)).json
    assert [e["title"] for e in mine["items"]] == ["Suisse", "Belgique"]
    assert [e["title"] for e in client.get("/api/v1/events?when=past").json["items"]] == ["Passé"]
    assert [e["title"] for e in client.get("/api/v1/events?when=all&border=FR-CH").json["items"]] == ["Passé", "Suisse"]
    assert [e["title"] for e in client.get("/api/v1/events?theme=mobility").json["items"]] == ["Belgique"]
    assert [e["title"] for e in client.get("/api/v1/events?label=pvd").json["items"]] == ["Suisse"]
    page = client.get("/api/v1/events?per_page=1&page=2").json
    assert page["total"] == 2 and page["pages"] == 2 and [e["title"] for e in page["items"]] == ["Suisse"]
    for bad in ("when=soon", "border=XX-YY", "kind=party", "per_page=0", "page=0", "colour=red"):
        response = client.get(f"/api/v1/events?{bad}")
        assert response.status_code == 422, bad


def test_register_twice_is_a_409_naming_the_event_and_unregister_gives_the_place_back(app, client, auth):
    people = world(app)
    event_id = make_event(app, capacity=2)
    assert client.post(f"/api/v1/events/{event_id}/registration").status_code == 401
    headers = auth.token(people["partner"].email)
    created = client.post(f"/api/v1/events/{event_id}/registration", headers=headers)
    assert created.status_code == 201 and created.json == {
        "event_id": event_id,
        "registered": True,
        "registered_count": 1,
        "places_left": 1,
    }
    again = client.post(f"/api/v1/events/{event_id}/registration", headers=headers)
    assert again.status_code == 409 and again.json["error"]["existing"] == f"/api/v1/events/{event_id}"
    assert client.get(f"/api/v1/events/{event_id}", headers=headers).json["registered"] is True
    assert client.delete(f"/api/v1/events/{event_id}/registration", headers=headers).status_code == 204
    assert client.delete(f"/api/v1/events/{event_id}/registration", headers=headers).status_code == 404
    assert factories.get(app, Event, event_id).registered_count == 0
    assert factories.queued_mail(app).count(people["partner"].email) == 1


def test_full_and_past_events_are_409s(app, client, auth):
    people = world(app)
    full = make_event(app, capacity=1)
    past = make_event(app, days=-2)
    assert client.post(f"/api/v1/events/{full}/registration", headers=auth.token(people["official"].email)).status_code == 201
    partner = auth.token(people["partner"].email)
    refused = client.post(f"/api/v1/events/{full}/registration", headers=partner)
    assert refused.status_code == 409 and refused.json["error"]["message"] == "Cet événement est complet."
    assert client.post(f"/api/v1/events/{past}/registration", headers=partner).status_code == 409


# --- 20 at once -----------------------------------------------------------------------------------


def test_twenty_concurrent_registrations_for_five_places_take_exactly_five(racing):
    event_id = make_event(racing, capacity=5)
    people = [factories.make_user(racing, "official") for _ in range(RACERS)]
    headers = [bearer(racing, person) for person in people]
    clients = [racing.test_client() for _ in range(RACERS)]
    responses = race(lambda i: clients[i].post(f"/api/v1/events/{event_id}/registration", headers=headers[i]))
    assert statuses(responses) == [201] * 5 + [409] * (RACERS - 5)
    with racing.app_context():
        assert _db.session.get(Event, event_id).registered_count == 5
        assert _db.session.scalar(select(func.count()).select_from(EventRegistration)) == 5


def test_twenty_concurrent_registrations_of_one_person_store_one(racing):
    event_id = make_event(racing, capacity=5)
    person = factories.make_user(racing, "official")
    headers = bearer(racing, person)
    clients = [racing.test_client() for _ in range(RACERS)]
    responses = race(lambda i: clients[i].post(f"/api/v1/events/{event_id}/registration", headers=headers))
    assert statuses(responses) == [201] + [409] * (RACERS - 1)
    with racing.app_context():
        assert _db.session.get(Event, event_id).registered_count == 1


def test_the_link_to_join_online_is_for_registrants_and_staff(app, client, auth):
    people = world(app)
    event_id = make_event(app)
    assert client.get(f"/api/v1/events/{event_id}").json["online_url"] is None
    assert client.get(f"/api/v1/events/{event_id}").json["online"] is True
    partner = auth.token(people["partner"].email)
    assert client.get(f"/api/v1/events/{event_id}", headers=partner).json["online_url"] is None
    client.post(f"/api/v1/events/{event_id}/registration", headers=partner)
    assert client.get(f"/api/v1/events/{event_id}", headers=partner).json["online_url"] == "https://visio.example.org/mot"
    staff = auth.token(people["facilitator"].email)
    assert client.get(f"/api/v1/events/{event_id}", headers=staff).json["online_url"] == "https://visio.example.org/mot"


def test_twenty_concurrent_registrations_on_the_site_for_five_places_take_exactly_five(racing):
    event_id = make_event(racing, capacity=5)
    clients = [signed_in_client(racing, factories.make_user(racing, "official")) for _ in range(RACERS)]
    responses = race(lambda i: clients[i].post(f"/events/{event_id}/register"))
    assert statuses(responses) == [302] * RACERS  # each back to the event's page, with a message
    with racing.app_context():
        assert _db.session.get(Event, event_id).registered_count == 5
        assert _db.session.scalar(select(func.count()).select_from(EventRegistration)) == 5
