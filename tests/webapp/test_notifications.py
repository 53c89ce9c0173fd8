"""Notifications: phrased for their reader's side, the notification centre (grouped, read/unread, mark all),
the API, and each user's e-mail frequency (at once, daily digest, never)."""

import pytest
from babel.support import Translations
from sqlalchemy import select

import domain
from webapp import vocab
from webapp.extensions import db as _db
from webapp.models import IntroductionRequest, Notification, OutboxMessage, User

from .. import factories
from ..factories import BASEL, KEHL, SAINT_LOUIS
from .test_races import bearer


def as_user(auth, user):
    auth.logout()
    auth.login(user.email)


def texts_of(app, user, code=None):
    from webapp.i18n import render_message

    with app.app_context():
        query = select(Notification).where(Notification.user_id == user.id).order_by(Notification.id)
        if code:
            query = query.where(Notification.code == code)
        return [render_message(n.code, n.params, "fr") for n in _db.session.scalars(query)]


def mails_to(app, user, template=None):
    with app.app_context():
        query = select(OutboxMessage.template).where(OutboxMessage.user_id == user.id).order_by(OutboxMessage.id)
        if template:
            query = query.where(OutboxMessage.template == template)
        return _db.session.scalars(query).all()


def set_frequency(app, user, frequency):
    with app.app_context():
        _db.session.get(User, user.id).email_frequency = frequency
        _db.session.commit()


@pytest.fixture
def people(app):
    saint_louis = factories.make_org(app, **SAINT_LOUIS)
    basel = factories.make_org(app, **BASEL)
    return {
        "saint_louis": saint_louis,
        "basel": basel,
        "official": factories.make_user(app, "official", organisations=[saint_louis]),
        "colleague": factories.make_user(app, "official", organisations=[saint_louis]),
        "partner": factories.make_user(app, "partner", organisations=[basel]),
        "facilitator": factories.make_user(app, "facilitator"),
    }


def ask(app, client, auth, people, counterpart=None):
    as_user(auth, people["official"])
    counterpart = counterpart or people["basel"]
    response = client.post(
        f"/introductions/new/{counterpart}",
        data={
            "requester_id": str(people["saint_louis"]),
            "counterpart_id": str(counterpart),
            "purpose": "Ligne de bus",
            "ambition": "shared_service",
            "message": "Étudions une ligne commune.",
        },
    )
    assert response.status_code == 302, response.get_data(as_text=True)
    return int(response.location.rsplit("/", 1)[1])


def test_each_side_reads_the_event_in_its_own_words(app, client, auth, people):
    request_id = ask(app, client, auth, people)
    as_user(auth, people["facilitator"])
    client.post(f"/introductions/{request_id}/move", data={"to_status": "in_review"})
    as_user(auth, people["partner"])
    client.post(f"/introductions/{request_id}/respond", data={"accept": "y"})

    for requester_side in (people["official"], people["colleague"]):
        assert texts_of(app, requester_side) == [
            "Votre demande de mise en relation avec Bâle : En cours d'examen.",
            "Bâle a accepté votre demande de mise en relation.",
        ]
    counterpart = texts_of(app, people["partner"])
    assert counterpart == ["La demande de Saint-Louis, qui souhaite rencontrer Bâle : En cours d'examen."]
    assert texts_of(app, people["facilitator"]) == [
        "Nouvelle demande de mise en relation : Saint-Louis → Bâle.",
        "Demande Saint-Louis → Bâle : En cours d'examen.",
        "Bâle a accepté la mise en relation.",
    ]
    # The counterpart never reads "Votre demande" about the other's request: not in the site, not by mail.
    as_user(auth, people["partner"])
    assert "Votre demande" not in client.get("/notifications/").get_data(as_text=True)
    partner_mail = [line for line in factories.queued_mail(app).split("\n") if people["partner"].email in line]
    assert partner_mail and not any("Votre demande" in line for line in partner_mail)


def test_the_outcome_names_the_other_partner_for_each_side(app, people):
    from webapp.i18n import render_message

    params = {"requester": "Saint-Louis", "counterpart": "Bâle", "request_id": 1, "outcome_kind": "convention"}
    with app.app_context():
        assert render_message("request_outcome", params | {"audience": "requester"}, "fr").startswith(
            "Coopération convenue avec Bâle : "
        )
        assert render_message("request_outcome", params | {"audience": "counterpart"}, "fr").startswith(
            "Coopération convenue avec Saint-Louis : "
        )
        # Rows stored before audiences get the neutral sentence, true for every reader.
        assert render_message("request_status", params | {"status": "introduced"}, "fr").startswith("Demande Saint-Louis → Bâle")


def test_the_words_are_in_each_readers_language(app, client, auth, people):
    request_id = ask(app, client, auth, people)
    as_user(auth, people["facilitator"])
    client.post(f"/introductions/{request_id}/move", data={"to_status": "in_review"})
    german = Translations.load(app.config["BABEL_TRANSLATION_DIRECTORIES"], ["de"])
    msgid = "La demande de %(requester)s, qui souhaite rencontrer %(counterpart)s : %(status)s."
    assert german.gettext(msgid) != msgid
    expected = german.gettext(msgid) % {
        "requester": "Saint-Louis",
        "counterpart": "Bâle",
        "status": german.gettext("En cours d'examen"),
    }
    as_user(auth, people["partner"])
    assert expected in client.get("/notifications/?lang=de").get_data(as_text=True)


def test_the_centre_groups_by_request_newest_first_and_marks_read(app, client, auth, people):
    kehl = factories.make_org(app, **KEHL)
    first = ask(app, client, auth, people)
    second = ask(app, client, auth, people, counterpart=kehl)
    as_user(auth, people["facilitator"])
    client.post(f"/introductions/{first}/move", data={"to_status": "in_review"})  # the first moves last
    page = client.get("/notifications/").get_data(as_text=True)
    assert page.index(f"Demande n° {first}") < page.index(f"Demande n° {second}")  # newest group first
    assert page.count(f"Demande n° {first}") == 1 and page.count('class="unread"') == 3
    assert "3 non lues" in page

    app.config["PAGE_SIZE"] = 1  # one group a page
    assert f"Demande n° {second}" in client.get("/notifications/?page=2").get_data(as_text=True)
    assert f"Demande n° {second}" not in client.get("/notifications/?page=1").get_data(as_text=True)
    app.config["PAGE_SIZE"] = 50

    with app.app_context():
        mine = _db.session.scalars(
            select(Notification).where(Notification.user_id == people["facilitator"].id, Notification.request_id == second)
        ).one()
        others = _db.session.scalars(select(Notification.id).where(Notification.user_id != people["facilitator"].id)).all()
    opened = client.get(f"/notifications/{mine.id}")
    assert opened.status_code == 302 and opened.location.endswith(f"/introductions/{second}")
    assert factories.get(app, Notification, mine.id).read_at is not None
    assert "2 non lues" in client.get("/notifications/").get_data(as_text=True)
    assert client.get(f"/notifications/{others[0]}").status_code == 404  # someone else's
    assert factories.get(app, Notification, others[0]).read_at is None
    client.post("/notifications/", data={})
    page = client.get("/notifications/").get_data(as_text=True)
    assert 'class="unread"' not in page and "non lues" not in page


def test_the_api_lists_only_the_users_notifications_and_marks_them_read(app, client, auth, people):
    request_id = ask(app, client, auth, people)
    as_user(auth, people["facilitator"])
    client.post(f"/introductions/{request_id}/move", data={"to_status": "in_review"})
    api = app.test_client()
    partner = bearer(app, people["partner"])
    listed = api.get("/api/v1/notifications", headers=partner | {"Accept-Language": "fr"})
    assert listed.status_code == 200
    assert listed.json["total"] == 1 and listed.json["unread"] == 1
    item = listed.json["items"][0]
    assert item["code"] == "request_status" and item["params"]["audience"] == "counterpart"
    assert item["text"] == "La demande de Saint-Louis, qui souhaite rencontrer Bâle : En cours d'examen."
    assert item["read"] is False and item["read_at"] is None and item["request_id"] == request_id

    german = api.get("/api/v1/notifications", headers=partner | {"Accept-Language": "de"}).json["items"][0]["text"]
    assert german != item["text"] and "Saint-Louis" in german

    facilitator = bearer(app, people["facilitator"])
    theirs = api.get("/api/v1/notifications", headers=facilitator).json["items"]
    assert {n["id"] for n in theirs}.isdisjoint({item["id"]})
    # Someone else's id is ignored: nothing marked.
    marked = api.post("/api/v1/notifications/read", headers=facilitator, json={"ids": [item["id"]]})
    assert marked.status_code == 200 and marked.json["marked"] == 0
    assert factories.get(app, Notification, item["id"]).read_at is None
    marked = api.post("/api/v1/notifications/read", headers=partner, json={"ids": [item["id"]]})
    assert marked.json == {"marked": 1, "unread": 0}
    assert api.get("/api/v1/notifications?unread=true", headers=partner).json["items"] == []
    assert api.get("/api/v1/notifications", headers=partner).json["items"][0]["read"] is True

    assert api.post("/api/v1/notifications/read", headers=facilitator, json={"all": True}).json["unread"] == 0
    for body in ({}, {"ids": [1], "all": True}, {"all": False}, {"ids": "1"}):
        assert api.post("/api/v1/notifications/read", headers=facilitator, json=body).status_code == 422
    assert api.get("/api/v1/notifications").status_code == 401


def test_each_user_chooses_how_often_notifications_are_mailed(app, client, auth, runner, people):
    as_user(auth, people["colleague"])
    page = client.get("/account").get_data(as_text=True)
    assert (
        "Un résumé par jour" in page
        and '<input checked id="email_frequency-0" name="email_frequency" type="radio" value="immediately">' in page
    )
    assert client.post("/account", data={"email_frequency": "daily"}).status_code == 302
    assert factories.get(app, User, people["colleague"].id).email_frequency == "daily"
    assert client.post("/account", data={"email_frequency": "hourly"}).status_code == 200  # not a choice
    set_frequency(app, people["partner"], "never")

    request_id = ask(app, client, auth, people)
    as_user(auth, people["facilitator"])
    client.post(f"/introductions/{request_id}/move", data={"to_status": "in_review"})

    assert mails_to(app, people["official"], "request_status")  # immediately: as it happens
    assert mails_to(app, people["colleague"]) == []  # daily: not yet
    assert mails_to(app, people["partner"]) == []  # never
    assert texts_of(app, people["partner"])  # ...but the site still tells them

    result = runner.invoke(args=["digest"])
    assert result.exit_code == 0, result.output
    assert "Daily notification summaries: 1 mail(s) queued." in result.output
    assert mails_to(app, people["colleague"]) == ["digest_notifications"]
    assert "digest_notifications" not in mails_to(app, people["official"])
    assert mails_to(app, people["partner"]) == []  # never: not even the digest's reminders
    mail = factories.queued_mail(app)
    colleague = [block for block in mail.split(f"\n{people['colleague'].email} | ")[1:]]
    assert colleague and "Votre demande de mise en relation avec Bâle : En cours d'examen." in colleague[0]
    assert "/account" in colleague[0]

    runner.invoke(args=["digest"])
    assert mails_to(app, people["colleague"]) == ["digest_notifications"]  # each notification mailed once


def test_the_daily_summary_leaves_out_what_was_read_in_the_site(app, client, auth, runner, people):
    set_frequency(app, people["official"], "daily")
    request_id = ask(app, client, auth, people)
    as_user(auth, people["facilitator"])
    client.post(f"/introductions/{request_id}/move", data={"to_status": "in_review"})
    as_user(auth, people["official"])
    client.post("/notifications/", data={})  # read them all
    runner.invoke(args=["digest"])
    assert mails_to(app, people["official"]) == []
    with app.app_context():
        assert all(n.mailed_at for n in _db.session.scalars(select(Notification)) if n.user_id == people["official"].id)


def test_email_frequencies_are_labelled():
    assert list(vocab.EMAIL_FREQUENCIES) == list(domain.EMAIL_FREQUENCIES)
    assert domain.DEFAULT_EMAIL_FREQUENCY in domain.EMAIL_FREQUENCIES


def test_a_request_notification_links_back_in_the_mail(app, client, auth, people):
    request_id = ask(app, client, auth, people)
    with app.app_context():
        assert _db.session.get(IntroductionRequest, request_id)
    assert f"/introductions/{request_id}" in factories.queued_mail(app)


def test_a_long_group_shows_its_newest_and_counts_the_older(app, client, auth, people):
    request_id = ask(app, client, auth, people)
    with app.app_context():
        params = {"requester": "Saint-Louis", "counterpart": "Bâle", "request_id": request_id, "audience": "requester"}
        for status in ["in_review", "declined"] * 6:
            _db.session.add(
                Notification(
                    user_id=people["official"].id,
                    request_id=request_id,
                    code="request_status",
                    params=params | {"status": status},
                )
            )
        _db.session.commit()
    as_user(auth, people["official"])
    page = client.get("/notifications/").get_data(as_text=True)
    assert page.count('class="unread"') == 10
    assert "… et 2 notifications plus anciennes" in page
    assert "12 non lues" in page  # the header counts them all
