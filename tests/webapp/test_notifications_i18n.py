"""Notifications and e-mails are phrased for their reader, in the reader's language, when shown or sent."""

import pytest
from babel.support import Translations
from sqlalchemy import select

from webapp.extensions import db as _db
from webapp.models import IntroductionRequest, Notification, OutboxMessage, User

from .. import factories
from ..factories import BASEL, SAINT_LOUIS

CREATED = "Nouvelle demande de mise en relation : %(requester)s → %(counterpart)s."


def translated(app, locale, msgid, **params):
    text = Translations.load(app.config["BABEL_TRANSLATION_DIRECTORIES"], [locale]).gettext(msgid)
    assert text != msgid, f"the {locale} catalog does not translate {msgid!r} yet"
    return text % params if params else text


def set_language(app, user, language):
    with app.app_context():
        _db.session.get(User, user.id).language = language
        _db.session.commit()


@pytest.fixture
def request_from_a_french_town(app, client, auth):
    saint_louis = factories.make_org(app, **SAINT_LOUIS)
    basel = factories.make_org(app, **BASEL)
    official = factories.make_user(app, "official", organisations=[saint_louis])
    german_facilitator = factories.make_user(app, "facilitator")
    french_facilitator = factories.make_user(app, "facilitator")
    auth.login(official.email)
    client.post(
        f"/introductions/new/{basel}",
        data={
            "requester_id": str(saint_louis),
            "counterpart_id": str(basel),
            "purpose": "Ligne de bus",
            "ambition": "exchange",
            "message": "Nous aimerions étudier une ligne commune.",
        },
        headers={"Accept-Language": "fr"},
    )
    auth.logout()
    set_language(app, german_facilitator, "de")
    set_language(app, french_facilitator, "fr")
    with app.app_context():
        request_id = _db.session.scalar(select(IntroductionRequest.id))
    return {"request_id": request_id, "german": german_facilitator, "french": french_facilitator}


def test_a_notification_is_stored_as_a_code_and_shown_in_each_readers_language(app, client, auth, request_from_a_french_town):
    with app.app_context():
        stored = _db.session.scalars(select(Notification)).all()
        assert stored and all(n.code == "request_created" and n.text is None for n in stored)
    names = {"requester": "Saint-Louis", "counterpart": "Bâle"}
    auth.login(request_from_a_french_town["german"].email)
    german_page = client.get("/introductions/notifications").get_data(as_text=True)
    assert translated(app, "de", CREATED, **names) in german_page and (CREATED % names) not in german_page
    auth.logout()
    auth.login(request_from_a_french_town["french"].email)
    assert CREATED % names in client.get("/introductions/notifications", headers={"Accept-Language": "de"}).get_data(as_text=True)


def test_the_email_is_rendered_at_send_time_in_the_recipients_language(app, request_from_a_french_town):
    from webapp.services.mail import render

    with app.test_request_context(headers={"Accept-Language": "fr"}):
        messages = {
            m.user_id: m for m in _db.session.scalars(select(OutboxMessage).where(OutboxMessage.template == "request_created"))
        }
        subject, body = render(messages[request_from_a_french_town["german"].id])
        assert translated(app, "de", CREATED, requester="Saint-Louis", counterpart="Bâle") in body
        subject, body = render(messages[request_from_a_french_town["french"].id])
        assert CREATED % {"requester": "Saint-Louis", "counterpart": "Bâle"} in body


def test_render_message_for_the_outbox_and_unknown_codes(app):
    from webapp.i18n import render_message

    params = {"requester": "Menton", "counterpart": "Ventimiglia", "request_id": 1}
    with app.app_context():
        assert render_message("request_created", params, "fr") == CREATED % params
        assert render_message("request_created", params, "de") == translated(app, "de", CREATED, **params)
        assert render_message("no_such_message", params, "de") is None


def test_rows_from_before_codes_stay_readable_marked_as_french(app, client, auth):
    user = factories.make_user(app, "facilitator")
    with app.app_context():
        _db.session.add(Notification(user_id=user.id, text="Ancienne notification en français."))
        _db.session.commit()
    auth.login(user.email)
    page = client.get("/introductions/notifications?lang=de").get_data(as_text=True)
    assert '<span lang="fr">Ancienne notification en français.</span>' in page


def test_the_requesters_message_is_marked_with_its_language(app, client, auth, request_from_a_french_town):
    with app.app_context():
        assert _db.session.get(IntroductionRequest, request_from_a_french_town["request_id"]).message_language == "fr"
    auth.login(request_from_a_french_town["german"].email)
    page = client.get(f"/introductions/{request_from_a_french_town['request_id']}").get_data(as_text=True)
    assert '<div lang="fr">Nous aimerions étudier une ligne commune.</div>' in page
    assert (
        translated(
            app, "de", "Message écrit en %(language)s, tel que son auteur l'a rédigé.", language=translated(app, "de", "français")
        )
        in page
    )


def test_the_requests_export_names_its_columns_in_the_readers_language(app, client, auth, request_from_a_french_town):
    auth.login(request_from_a_french_town["german"].email)
    header = client.get("/introductions/export.csv").get_data(as_text=True).splitlines()[0]
    assert translated(app, "de", "Organisation sollicitée") in header and "Organisation sollicitée" not in header
