"""Walk the pages a foreign partner and the MOT use, in each language, and fail on any French left.

A French string "left" is a message of the catalog (a msgid) whose translation in that language
differs from it, found as is on the page: something that was not translated, or bypassed the catalog.
"""

import re
from html.parser import HTMLParser

import pytest
from babel.messages.pofile import read_po
from sqlalchemy import select

from webapp.extensions import db as _db
from webapp.models import IntroductionRequest, OutboxMessage, User
from webapp.services.reference.loader import load_reference

from .. import factories
from ..factories import BASEL, KEHL, SAINT_LOUIS

LANGUAGES = ["de", "it", "es", "nl", "en", "ca"]
PLACEHOLDERS = re.compile(r"%\(\w+\)[sd]|%%|\{\w+\}")


class _Text(HTMLParser):
    def __init__(self):
        super().__init__(convert_charrefs=True)
        self.parts, self._skip = [], 0

    def handle_starttag(self, tag, attrs):
        self._skip += tag in ("script", "style")
        self.parts += [v for k, v in attrs if k in ("title", "aria-label", "placeholder", "alt") and v]

    def handle_endtag(self, tag):
        self._skip -= tag in ("script", "style") and self._skip > 0

    def handle_data(self, data):
        if not self._skip:
            self.parts.append(data)


def visible_text(html):
    parser = _Text()
    parser.feed(html)
    return " ".join(" ".join(parser.parts).split())


@pytest.fixture(scope="module")
def french_fragments(app):
    """Per language: pieces of French msgids long enough to be unmistakable, left untranslated or changed
    by the translation (a msgid whose translation is the same, "Sint Maarten", is not French left)."""
    directory = app.config["BABEL_TRANSLATION_DIRECTORIES"]
    fragments = {}
    for language in LANGUAGES:
        with open(f"{directory}/{language}/LC_MESSAGES/messages.po", "rb") as handle:
            messages = [m for m in read_po(handle) if m.id]
        found = set()
        for message in messages:
            msgid = message.id if isinstance(message.id, str) else message.id[0]
            translated = message.string if isinstance(message.string, str) else " ".join(message.string)
            for piece in PLACEHOLDERS.split(msgid):
                piece = " ".join(piece.split())
                if len(piece) >= 12 and " " in piece and (not translated or message.fuzzy or piece not in translated):
                    found.add(piece)
        fragments[language] = found
    return fragments


@pytest.fixture
def data_names(app):
    """Names that are data in French where no official name exists in the reader's language (instruments), and
    the funds' names and summaries (data/funding.yaml: in the fund's official languages, else French)."""
    from webapp.models import Fund, Instrument

    with app.app_context():
        names = list(_db.session.scalars(select(Instrument.name)))
        for fund in _db.session.scalars(select(Fund)):
            names += [fund.name, *(fund.names or {}).values(), *(fund.summaries or {}).values()]
        return sorted(names, key=len, reverse=True)


@pytest.fixture
def world(app, client, auth):
    with app.app_context():
        load_reference(places=[])
        _db.session.commit()
    saint_louis = factories.make_org(app, themes=["health"], **SAINT_LOUIS)
    basel = factories.make_org(app, themes=["health"], **BASEL)
    kehl = factories.make_org(app, **KEHL)
    official = factories.make_user(app, "official", organisations=[saint_louis])
    partner = factories.make_user(app, "partner", organisations=[basel])
    facilitator = factories.make_user(app, "facilitator")
    auth.login(official.email)
    client.post(
        f"/introductions/new/{basel}",
        data={
            "requester_id": str(saint_louis),
            "counterpart_id": str(basel),
            "purpose": "Ligne de bus",
            "ambition": "shared_service",
            "themes": ["mobility"],
            "languages": ["fr", "de"],
            "message": "Nous aimerions étudier une ligne commune.",
        },
    )
    auth.logout()
    client.get("/")  # shows (and so clears) the French flash messages of the requester's session
    with app.app_context():
        request_id = _db.session.scalar(select(IntroductionRequest.id))
    return dict(
        saint_louis=saint_louis,
        basel=basel,
        kehl=kehl,
        official=official,
        partner=partner,
        facilitator=facilitator,
        request_id=request_id,
    )


def set_language(app, user, language):
    with app.app_context():
        _db.session.get(User, user.id).language = language
        _db.session.commit()


def french_left(text, fragments, data_names=()):
    for name in data_names:
        text = text.replace(name, " ")
    return sorted(f for f in fragments if f in text)


@pytest.mark.parametrize("language", LANGUAGES)
def test_pages_have_no_french_left(app, client, auth, world, french_fragments, data_names, language):
    w, fragments = world, french_fragments[language]
    public = [
        "/",
        "/organisations/",
        f"/organisations/{w['saint_louis']}",
        f"/organisations/{w['saint_louis']}/suggestions",
        f"/organisations/partnership?partners={w['saint_louis']}&partners={w['kehl']}&ambition=permanent_body",
        "/network/?border=FR-CH",
        "/borders/",
        "/instruments/",
        "/sheets/",
        "/sheets/publications/",
        "/resources",
        "/events/",
    ]
    left = {}
    for url in public:
        response = client.get(url, headers={"Accept-Language": language})
        assert response.status_code == 200, url
        left[url] = french_left(visible_text(response.get_data(as_text=True)), fragments, data_names)
    # The foreign partner reads the request in their language; the facilitator works at the desk.
    for user, urls in [
        (
            w["official"],
            [
                f"/introductions/new/{w['kehl']}",
                "/auth/password",
                "/alerts/",
                "/alerts/new?border=FR-CH",
                "/account",
                f"/organisations/{w['kehl']}/claim",
            ],
        ),
        (w["partner"], [f"/introductions/{w['request_id']}", "/introductions/notifications", "/notifications/"]),
        (
            w["facilitator"],
            [
                "/introductions/",
                f"/introductions/{w['request_id']}",
                "/introductions/notifications",
                "/admin/claims",
                "/introductions/dashboard?border=FR-CH",
                "/facilitator/",
                "/facilitator/borders",
                "/borders/FR-CH/network",
                f"/sheets/reports/{w['saint_louis']}",
                f"/sheets/reports/{w['saint_louis']}/edit",
                "/sheets/publications/new",
                "/events/new",
            ],
        ),
    ]:
        set_language(app, user, language)
        auth.login(user.email)
        for url in urls:
            response = client.get(url)
            assert response.status_code == 200, url
            left[f"{user.email} {url}"] = french_left(visible_text(response.get_data(as_text=True)), fragments, data_names)
        auth.logout()
        client.get("/")
    assert {url: found for url, found in left.items() if found} == {}


@pytest.mark.parametrize("language", LANGUAGES)
def test_the_introduction_email_has_no_french_left(app, world, french_fragments, language):
    from webapp.services.mail import render

    set_language(app, world["facilitator"], language)
    with app.test_request_context():
        message = _db.session.scalar(select(OutboxMessage).where(OutboxMessage.user_id == world["facilitator"].id))
        subject, body = render(message)
    assert french_left(f"{subject} {body}", french_fragments[language]) == []
