"""The resource centre's events on the site: who sees what, facilitators' writing, registration, iCal, CSV."""

import csv
import io
from datetime import datetime, timedelta

import pytest
from babel.dates import format_skeleton
from icalendar import Calendar

import domain
from webapp import vocab
from webapp.extensions import db
from webapp.models import Event, EventRegistration, OutboxMessage, User
from webapp.models._common import utcnow
from webapp.services import events as service
from webapp.services.mail import render

from .. import factories
from ..factories import BASEL, SAINT_LOUIS


def make_event(app, *, published=True, days=10, hours=2, borders=(), themes=(), labels=(), capacity=None, **values):
    """An event ``days`` from now (negative: in the past), written through the service; its id."""
    start = utcnow() + timedelta(days=days)
    with app.app_context():
        creator = db.session.scalar(db.select(User).where(User.role == "facilitator")) or db.session.get(
            User, factories.make_user(app, "facilitator").id
        )
        event = service.create_event(
            creator,
            {
                "kind": "webinar",
                "title": f"Événement J{days:+d}",
                "description": "Échanges entre petites villes frontalières.",
                "starts_at": service.to_paris(start).replace(tzinfo=None),
                "ends_at": service.to_paris(start + timedelta(hours=hours)).replace(tzinfo=None),
                "online_url": "https://visio.example.org/mot",
                "languages": ["fr", "de"],
                "capacity": capacity,
                "borders": list(borders),
                "themes": list(themes),
                "labels": list(labels),
            }
            | values,
        )
        service.publish_event(event, published)
        db.session.commit()
        return event.id


def world(app):
    saint_louis = factories.make_org(app, **SAINT_LOUIS)
    return {
        "official": factories.make_user(app, "official", organisations=[saint_louis]),
        "partner": factories.make_user(app, "partner", organisations=[factories.make_org(app, **BASEL)]),
        "facilitator": factories.make_user(app, "facilitator"),
        "admin": factories.make_user(app, "admin"),
    }


def test_every_event_kind_has_a_label():
    assert tuple(vocab.EVENT_KINDS) == domain.EVENT_KINDS


# --- Who sees what ------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("role", "sees_draft"),
    [(None, False), ("official", False), ("partner", False), ("facilitator", True), ("admin", True)],
)
def test_unpublished_events_stay_with_staff(app, client, auth, role, sees_draft):
    people = world(app)
    draft = make_event(app, published=False, title="Atelier en préparation")
    public = make_event(app, title="Webinaire public")
    if role:
        auth.login(people[role].email)
    listing = client.get("/events/").get_data(as_text=True)
    assert "Webinaire public" in listing and ("Atelier en préparation" in listing) is sees_draft
    assert client.get(f"/events/{draft}").status_code == (200 if sees_draft else 404)
    assert client.get(f"/events/{draft}.ics").status_code == (200 if sees_draft else 404)
    assert client.get(f"/events/{public}").status_code == 200
    assert ("Atelier en préparation" in client.get("/resources").get_data(as_text=True)) is sees_draft
    assert b"Atelier en pr" not in client.get("/events.ics").data  # the feed is for published events only
    for path in ("/events/new", f"/events/{public}/edit", f"/events/{public}/registrants", f"/events/{public}/cancel"):
        assert client.get(path).status_code == (200 if sees_draft else 403 if role else 302)


def test_own_borders_come_first_for_a_member(app, client, auth):
    people = world(app)  # Saint-Louis sits on the French-Swiss and French-German borders
    with app.app_context():
        own = service.user_borders(db.session.get(User, people["official"].id))
    assert "FR-CH" in own and "FR-BE" not in own
    make_event(app, days=3, title="Belgique bientôt", borders=["FR-BE"])
    make_event(app, days=20, title="Suisse plus tard", borders=["FR-CH"])
    make_event(app, days=-5, title="Suisse passé", borders=["FR-CH"])
    page = client.get("/resources").get_data(as_text=True)
    assert page.index("Belgique bientôt") < page.index("Suisse plus tard")  # anonymous: soonest first
    auth.login(people["official"].email)
    page = client.get("/resources").get_data(as_text=True)
    assert page.index("Suisse plus tard") < page.index("Belgique bientôt") < page.index("Suisse passé")
    listing = client.get("/events/").get_data(as_text=True)
    assert listing.index("Suisse plus tard") < listing.index("Belgique bientôt") and "Suisse passé" not in listing


def test_filters_by_border_label_theme_and_kind(app, client):
    make_event(app, title="Santé franco-suisse", borders=["FR-CH"], themes=["health"], labels=["pvd"])
    make_event(app, title="Mobilité franco-belge", borders=["FR-BE"], themes=["mobility"], kind="workshop")
    for query, shown, hidden in [
        ("border=FR-CH", "Santé franco-suisse", "Mobilité franco-belge"),
        ("theme=mobility", "Mobilité franco-belge", "Santé franco-suisse"),
        ("label=pvd", "Santé franco-suisse", "Mobilité franco-belge"),
        ("kind=workshop", "Mobilité franco-belge", "Santé franco-suisse"),
    ]:
        page = client.get(f"/events/?{query}").get_data(as_text=True)
        assert shown in page and hidden not in page, query
    page = client.get("/events/?when=past&border=nowhere&theme=x").get_data(as_text=True)
    assert "Santé franco-suisse" not in page  # past only; unknown codes are ignored, not errors


# --- Facilitators write, publish, cancel, delete ---------------------------------------------------


def form(**values):
    return {
        "kind": "study_visit",
        "title": "Visite d'étude à Bâle",
        "description": "Le tram 8 transfrontalier.",
        "starts_at": "2031-12-03T14:30",
        "ends_at": "2031-12-03T17:00",
        "place": "Bâle, Claraplatz",
        "online_url": "",
        "languages": ["fr", "de"],
        "capacity": "12",
        "borders": ["FR-CH"],
        "labels": ["pvd"],
        "themes": ["mobility"],
    } | values


def test_facilitator_creates_in_paris_time_then_publishes(app, client, auth):
    people = world(app)
    auth.login(people["facilitator"].email)
    response = client.post("/events/new", data=form())
    assert response.status_code == 302
    event_id = int(response.location.rsplit("/", 1)[1])
    event = factories.get(app, Event, event_id)
    assert event.starts_at == datetime(2031, 12, 3, 13, 30) and not event.published  # 14:30 in Paris in winter is 13:30 UTC
    client.post(f"/events/{event_id}/edit", data=form(starts_at="2031-07-03T14:30", ends_at="2031-07-03T16:00"))
    assert factories.get(app, Event, event_id).starts_at == datetime(2031, 7, 3, 12, 30)  # summer time: UTC+2
    assert 'value="2031-07-03T14:30"' in client.get(f"/events/{event_id}/edit").get_data(as_text=True)
    auth.logout()
    assert client.get(f"/events/{event_id}").status_code == 404
    auth.login(people["facilitator"].email)
    client.post(f"/events/{event_id}/publish")
    auth.logout()
    page = client.get(f"/events/{event_id}").get_data(as_text=True)
    assert "Visite d&#39;étude à Bâle" in page and "jeu. 3 juil. 2031 à 14:30 – 16:00" in page


def test_form_refuses_an_end_before_the_start_and_no_place(app, client, auth):
    people = world(app)
    auth.login(people["facilitator"].email)
    page = client.post("/events/new", data=form(ends_at="2031-12-03T10:00", place="")).get_data(as_text=True)
    assert "La fin doit suivre le début." in page and "Indiquez un lieu ou un lien" in page
    assert factories.get(app, Event, 1) is None


def register_german_partner_and_official(app, people, event_id):
    """Registers the partner (who reads German) and the official (French) to the event."""
    with app.app_context():
        german = db.session.get(User, people["partner"].id)
        german.language = "de"
        service.register(db.session.get(Event, event_id), german)
        service.register(db.session.get(Event, event_id), db.session.get(User, people["official"].id))
        db.session.commit()


def test_cancel_asks_first_then_mails_each_registrant_in_their_language(app, client, auth):
    people = world(app)
    event_id = make_event(app, title="Atelier santé")
    register_german_partner_and_official(app, people, event_id)
    auth.login(people["facilitator"].email)
    confirm = client.get(f"/events/{event_id}/cancel").get_data(as_text=True)
    assert "Oui, annuler l&#39;événement" in confirm and not factories.get(app, Event, event_id).cancelled
    assert client.post(f"/events/{event_id}/cancel").status_code == 302
    assert factories.get(app, Event, event_id).cancelled
    start = service.to_paris(factories.get(app, Event, event_id).starts_at)
    with app.app_context():
        sent = {
            (m.user.email, m.template): render(m)
            for m in db.session.scalars(db.select(OutboxMessage).where(OutboxMessage.template == "event_cancelled"))
        }
    assert set(sent) == {(people["partner"].email, "event_cancelled"), (people["official"].email, "event_cancelled")}
    german = sent[(people["partner"].email, "event_cancelled")][1]
    assert format_skeleton("yMMMEd", start, locale="de", fuzzy=True) in german  # "Mo., 7. Dez. 2026"
    assert format_skeleton("yMMMEd", start, locale="fr", fuzzy=True) in sent[(people["official"].email, "event_cancelled")][1]
    assert f"{start:%H:%M}" in german and "Atelier santé" in german
    assert client.post(f"/events/{event_id}/register").status_code == 302  # a cancelled event takes nobody
    assert factories.get(app, Event, event_id).registered_count == 2


def test_a_new_time_or_place_is_mailed_to_registrants_in_their_language_and_nothing_else_is(app, client, auth):
    people = world(app)
    auth.login(people["facilitator"].email)
    event_id = int(client.post("/events/new", data=form()).location.rsplit("/", 1)[1])
    client.post(f"/events/{event_id}/publish")
    register_german_partner_and_official(app, people, event_id)

    def changed_mails():
        with app.app_context():
            return {
                m.user.email: render(m)
                for m in db.session.scalars(db.select(OutboxMessage).where(OutboxMessage.template == "event_changed"))
            }

    client.post(f"/events/{event_id}/edit", data=form(title="Visite d'étude à Bâle (programme)", capacity="20"))
    assert changed_mails() == {}  # the same time and place, saved again with another title: nobody is disturbed
    client.post(f"/events/{event_id}/edit", data=form(starts_at="2031-12-04T09:00", ends_at="2031-12-04T12:00"))
    sent = changed_mails()
    assert set(sent) == {people["partner"].email, people["official"].email}
    subject, text = sent[people["official"].email]
    assert "change d'horaire ou de lieu" in subject
    assert "jeu. 4 déc. 2031 à 09:00" in text and "mer. 3 déc. 2031 à 14:30" in text and "Bâle, Claraplatz" in text
    assert "Bâle, Claraplatz" in sent[people["partner"].email][1]
    assert "Dez. 2031" in sent[people["partner"].email][1] and "annoncé" not in sent[people["partner"].email][1]
    with app.app_context():
        service.cancel_event(db.session.get(Event, event_id))
        service.update_event(db.session.get(Event, event_id), {"place": "Ailleurs"})
        db.session.commit()
    assert len(changed_mails()) == 2  # a cancelled event sends no change notice


def test_delete_asks_first(app, client, auth):
    people = world(app)
    event_id = make_event(app)
    auth.login(people["facilitator"].email)
    assert "Oui, supprimer" in client.get(f"/events/{event_id}/delete").get_data(as_text=True)
    assert factories.get(app, Event, event_id) is not None
    client.post(f"/events/{event_id}/delete")
    assert factories.get(app, Event, event_id) is None


# --- Registration -------------------------------------------------------------------------------


def test_register_and_unregister_on_the_site_with_a_mail_in_the_readers_language(app, client, auth):
    people = world(app)
    event_id = make_event(app, capacity=3, title="Webinaire mobilité")
    with app.app_context():
        db.session.get(User, people["partner"].id).language = "de"
        db.session.commit()
    assert client.post(f"/events/{event_id}/register").status_code == 302  # anonymous: to the login page
    auth.login(people["partner"].email)
    client.post(f"/events/{event_id}/register")
    client.post(f"/events/{event_id}/register")  # a double click keeps one place
    event = factories.get(app, Event, event_id)
    assert event.registered_count == 1 and event.places_left == 2
    mail = factories.queued_mail(app)
    local = service.to_paris(event.starts_at)
    assert mail.count(people["partner"].email) == 1 and "Webinaire mobilité" in mail
    assert f"{local:%H:%M}" in mail  # the hour in Paris, not in UTC
    page = client.get(f"/events/{event_id}").get_data(as_text=True)
    assert "https://visio.example.org/mot" in page  # the link is for registrants
    client.post(f"/events/{event_id}/unregister")
    assert factories.get(app, Event, event_id).registered_count == 0
    auth.logout()
    assert "https://visio.example.org/mot" not in client.get(f"/events/{event_id}").get_data(as_text=True)


def test_full_past_and_unpublished_events_refuse_registrations(app, db):
    people = world(app)
    full = make_event(app, capacity=1)
    past = make_event(app, days=-3)
    draft = make_event(app, published=False)
    official = db.session.get(User, people["official"].id)
    partner = db.session.get(User, people["partner"].id)
    service.register(db.session.get(Event, full), official)
    with pytest.raises(service.EventFull):
        service.register(db.session.get(Event, full), partner)
    with pytest.raises(service.AlreadyRegistered):
        service.register(db.session.get(Event, full), official)
    for event_id in (past, draft):
        with pytest.raises(service.RegistrationClosed):
            service.register(db.session.get(Event, event_id), partner)
    db.session.commit()
    assert db.session.get(Event, full).registered_count == 1
    assert db.session.scalar(db.select(db.func.count()).select_from(EventRegistration)) == 1


def test_capacity_cannot_drop_below_the_registrations(app, db):
    people = world(app)
    event = db.session.get(Event, make_event(app, capacity=5))
    service.register(event, db.session.get(User, people["official"].id))
    service.register(event, db.session.get(User, people["partner"].id))
    with pytest.raises(service.ValidationFailed) as refused:
        service.update_event(event, {"capacity": 1})
    assert "capacity" in refused.value.fields


def test_registrants_list_and_french_csv_for_staff_only(app, client, auth):
    people = world(app)
    event_id = make_event(app)
    with app.app_context():
        official = db.session.get(User, people["official"].id)
        official.name = '=HYPERLINK("http://evil.example")'
        service.register(db.session.get(Event, event_id), official)
        db.session.commit()
    auth.login(people["official"].email)
    assert client.get(f"/events/{event_id}/registrants.csv").status_code == 403
    auth.logout()
    auth.login(people["facilitator"].email)
    assert people["official"].email in client.get(f"/events/{event_id}/registrants").get_data(as_text=True)
    response = client.get(f"/events/{event_id}/registrants.csv")
    assert response.mimetype == "text/csv"
    text = response.get_data().decode("utf-8")
    assert text.startswith("\ufeff")
    header, row = list(csv.reader(io.StringIO(text[1:]), delimiter=";"))
    assert header[:2] == ["Nom", "Courriel"]
    assert row[0] == '\'=HYPERLINK("http://evil.example")' and row[1] == people["official"].email
    assert row[2] == "Saint-Louis"
    raw = client.get(f"/events/{event_id}/registrants.csv?dialect=raw").get_data(as_text=True)
    assert raw.startswith("name,email,organisations,registered_at")


# --- iCal ---------------------------------------------------------------------------------------


def events_in(data):
    calendar = Calendar.from_ical(data)
    assert calendar["VERSION"] == "2.0" and calendar["PRODID"]
    return {str(e["SUMMARY"]): e for e in calendar.walk("VEVENT")}


def test_ical_feed_parses_back_with_utc_times_and_filters(app, client):
    swiss = make_event(app, title="Franco-suisse", borders=["FR-CH"], themes=["health"], place="Genève")
    make_event(app, title="Franco-belge", borders=["FR-BE"], themes=["mobility"])
    make_event(app, title="Brouillon", published=False)
    response = client.get("/events.ics")
    assert response.status_code == 200 and response.mimetype == "text/calendar"
    found = events_in(response.data)
    assert set(found) == {"Franco-suisse", "Franco-belge"}
    event = factories.get(app, Event, swiss)
    vevent = found["Franco-suisse"]
    assert vevent["UID"] == f"event-{swiss}@127.0.0.1" and vevent.get("DTSTAMP") is not None
    start = vevent.decoded("DTSTART")
    assert start.utcoffset() == timedelta(0) and start.replace(tzinfo=None) == event.starts_at.replace(microsecond=0)
    assert vevent.decoded("DTEND") > start and str(vevent["LOCATION"]) == "Genève"
    assert str(vevent["STATUS"]) == "CONFIRMED"
    assert set(events_in(client.get("/events.ics?border=FR-CH").data)) == {"Franco-suisse"}
    assert set(events_in(client.get("/events.ics?theme=mobility").data)) == {"Franco-belge"}
    assert set(events_in(client.get(f"/events/{swiss}.ics").data)) == {"Franco-suisse"}


def test_cancelled_events_stay_in_the_feed_marked_cancelled(app, client, db):
    event_id = make_event(app, title="Annulé")
    service.cancel_event(db.session.get(Event, event_id))
    db.session.commit()
    assert str(events_in(client.get("/events.ics").data)["Annulé"]["STATUS"]) == "CANCELLED"


# --- Resource centre ----------------------------------------------------------------------------


def test_resource_centre_lists_events_and_guides_and_is_in_the_menu(app, client):
    make_event(app, title="À venir")
    make_event(app, days=-30, title="Déjà passé")
    page = client.get("/resources").get_data(as_text=True)
    assert "À venir" in page and "Déjà passé" in page
    assert "https://agence-cohesion-territoires.gouv.fr/petites-villes-de-demain-rebond" in page
    assert 'href="/resources"' in client.get("/").get_data(as_text=True)


def test_resource_centre_lists_the_published_syntheses_only(app, client, db):
    from webapp.models import Publication

    db.session.add_all([Publication(title="Synthèse nationale 2026", published_at=utcnow()), Publication(title="En préparation")])
    db.session.commit()
    page = client.get("/resources").get_data(as_text=True)
    assert "Synthèse nationale 2026" in page and "En préparation" not in page
    assert "/sheets/publications/1/pdf" in page


def test_the_ical_link_to_join_online_is_for_registrants_only(app, client, auth):
    people = world(app)
    event_id = make_event(app, title="En ligne")
    assert b"visio.example.org" not in client.get("/events.ics").data
    assert b"visio.example.org" not in client.get(f"/events/{event_id}.ics").data
    auth.login(people["partner"].email)
    client.post(f"/events/{event_id}/register")
    vevent = events_in(client.get(f"/events/{event_id}.ics").data)["En ligne"]
    assert "https://visio.example.org/mot" in str(vevent["DESCRIPTION"])


def test_the_database_itself_refuses_more_registrations_than_places(app, db):
    from sqlalchemy import update
    from sqlalchemy.exc import IntegrityError

    event_id = make_event(app, capacity=1)
    with pytest.raises(IntegrityError):
        db.session.execute(update(Event).where(Event.id == event_id).values(registered_count=2))
        db.session.flush()
    db.session.rollback()


def test_a_facilitator_sees_the_borders_they_cover_first(app, client, auth, db):
    from webapp.services.facilitator import set_covered_borders

    people = world(app)
    make_event(app, days=2, title="Belgique bientôt", borders=["FR-BE"])
    make_event(app, days=9, title="Espagne plus tard", borders=["FR-ES"])
    set_covered_borders(db.session.get(User, people["facilitator"].id), ["FR-ES"])
    db.session.commit()
    auth.login(people["facilitator"].email)
    page = client.get("/events/").get_data(as_text=True)
    assert page.index("Espagne plus tard") < page.index("Belgique bientôt")
