"""The introduction workflow in order, by the right party, on the site and the API alike (issue 12).

The MOT introduces only a counterpart that accepted; a cooperation is recorded only after the
introduction; each step is taken by its party. Out of order: a 409 with a message on the API, a
flash on the site, and the site does not offer the step at all.
"""

import html

import pytest

from webapp.models import IntroductionRequest

from .. import factories
from ..factories import BASEL, KEHL, SAINT_LOUIS


@pytest.fixture
def people(app):
    saint_louis = factories.make_org(app, **SAINT_LOUIS)
    basel = factories.make_org(app, **BASEL)
    kehl = factories.make_org(app, status="reference", **KEHL)
    return {
        "saint_louis": saint_louis,
        "basel": basel,
        "kehl": kehl,
        "official": factories.make_user(app, "official", organisations=[saint_louis]),
        "partner": factories.make_user(app, "partner", organisations=[basel]),
        "facilitator": factories.make_user(app, "facilitator"),
    }


def login(auth, user):
    auth.logout()
    auth.login(user.email)


def open_request(client, auth, people, counterpart="basel"):
    headers = auth.token(people["official"].email)
    created = client.post(
        "/api/v1/introductions",
        headers=headers,
        json={
            "requester_id": people["saint_louis"],
            "counterpart_id": people[counterpart],
            "purpose": "Ligne de bus",
            "message": "Bonjour",
        },
    )
    assert created.status_code == 201, created.json
    return created.json["id"]


class Api:
    """Each step through the API, as ``role``; returns (status code, message)."""

    def __init__(self, client, auth, people):
        self.client, self.auth, self.people = client, auth, people

    def _post(self, role, path, body):
        self.auth.logout()  # a bearer token, not the site's session (which would want a CSRF token)
        response = self.client.post(path, json=body, headers=self.auth.token(self.people[role].email))
        message = response.json["error"]["message"] if response.status_code >= 400 else ""
        return response.status_code, message

    def move(self, request_id, to_status, role="facilitator", note=None):
        body = {"to_status": to_status} | ({"note": note} if note else {})
        return self._post(role, f"/api/v1/introductions/{request_id}/transitions", body)

    def outcome(self, request_id, role="facilitator"):
        body = {"to_status": "cooperation_agreed", "outcome_kind": "convention", "year": 2026}
        return self._post(role, f"/api/v1/introductions/{request_id}/transitions", body)

    def respond(self, request_id, role="partner", accept=True):
        return self._post(role, f"/api/v1/introductions/{request_id}/consent", {"accept": accept})


class Site:
    """Each step through the site's forms, as ``role``; returns (status code, flashed page text)."""

    def __init__(self, client, auth, people):
        self.client, self.auth, self.people = client, auth, people

    def _post(self, role, path, data):
        login(self.auth, self.people[role])
        response = self.client.post(path, data=data)
        if response.status_code != 302:
            return response.status_code, ""
        return 302, html.unescape(self.client.get(response.location).get_data(as_text=True))

    def move(self, request_id, to_status, role="facilitator", note=None):
        return self._post(role, f"/introductions/{request_id}/move", {"to_status": to_status, "note": note or ""})

    def outcome(self, request_id, role="facilitator"):
        return self._post(role, f"/introductions/{request_id}/outcome", {"kind": "convention", "year": "2026"})

    def respond(self, request_id, role="partner", accept=True):
        return self._post(role, f"/introductions/{request_id}/respond", {"accept" if accept else "decline": "y"})


@pytest.fixture(params=["api", "site"])
def via(request, client, auth, people):
    return (Api if request.param == "api" else Site)(client, auth, people)


def status(app, request_id):
    found = factories.get(app, IntroductionRequest, request_id)
    return found.status, found.counterpart_consent


def refused(via, result, *words):
    """Refused out of order: a 409 with the message (API), or a flash with it and nothing changed (site)."""
    code, text = result
    if isinstance(via, Api):
        assert code == 409, result
    else:
        assert code == 302 and 'class="flash flash-error"' in text, result
    for word in words:
        assert word in text, (word, text[:3000] if isinstance(via, Site) else text)


def test_introduced_only_after_the_counterpart_accepted(app, client, auth, people, via):
    request_id = open_request(client, auth, people)
    refused(via, via.move(request_id, "introduced"), "Impossible de passer de « Nouvelle » à « Mise en relation faite »")
    assert via.move(request_id, "in_review")[0] in (200, 302)
    refused(via, via.move(request_id, "introduced"), "Bâle n'a pas encore accepté la mise en relation")
    assert status(app, request_id) == ("in_review", None)
    assert via.respond(request_id)[0] in (200, 302)
    assert via.move(request_id, "introduced")[0] in (200, 302)
    assert status(app, request_id) == ("introduced", "accepted")


def test_a_declined_request_is_never_introduced(app, client, auth, people, via):
    request_id = open_request(client, auth, people)
    via.move(request_id, "in_review")
    assert via.respond(request_id, accept=False)[0] in (200, 302)
    refused(via, via.move(request_id, "introduced"), "Bâle a décliné la mise en relation")
    refused(via, via.outcome(request_id), "Une coopération se conclut après la mise en relation")
    assert status(app, request_id) == ("in_review", "declined")
    refused(via, via.respond(request_id, accept=True))  # answered already: no second answer
    assert status(app, request_id) == ("in_review", "declined")


def test_outcome_only_after_the_introduction(app, client, auth, people, via):
    request_id = open_request(client, auth, people)
    refused(via, via.outcome(request_id), "Une coopération se conclut après la mise en relation (la demande est « Nouvelle »)")
    via.move(request_id, "in_review")
    via.respond(request_id)
    refused(via, via.outcome(request_id), "(la demande est « En cours d'examen »)")
    refused(via, via.move(request_id, "meeting_held"), "Impossible de passer")
    via.move(request_id, "introduced")
    assert via.outcome(request_id)[0] in (200, 302)
    assert status(app, request_id) == ("cooperation_agreed", "accepted")
    refused(via, via.outcome(request_id))  # concluded already
    refused(via, via.move(request_id, "closed", note="Fin"), "Impossible de passer de « Coopération convenue »")


def test_a_closed_request_takes_no_answer_and_no_step(app, client, auth, people, via):
    request_id = open_request(client, auth, people)
    via.move(request_id, "closed", note="Pas de suite")
    refused(via, via.respond(request_id), "elle n'attend plus de réponse")
    refused(via, via.move(request_id, "in_review"), "Impossible de passer de « Close sans suite »")
    refused(via, via.outcome(request_id))
    assert status(app, request_id) == ("closed", None)


@pytest.mark.parametrize("role", ["official", "partner"])
def test_only_the_mot_moves_a_request_on(app, client, auth, people, via, role):
    request_id = open_request(client, auth, people)
    assert via.move(request_id, "in_review", role=role)[0] == 403
    assert via.outcome(request_id, role=role)[0] == 403
    assert status(app, request_id) == ("new", None)


@pytest.mark.parametrize("role", ["official", "facilitator"])
def test_only_the_counterpart_answers_for_itself(app, client, auth, people, via, role):
    """The requester never answers its own request; the MOT answers only for a counterpart nobody represents."""
    request_id = open_request(client, auth, people)
    code, text = via.respond(request_id, role=role)
    if isinstance(via, Api):
        assert code == 403
    else:
        assert code == 302 and "Seuls les membres de l'organisation sollicitée répondent" in text
    assert status(app, request_id) == ("new", None)


def test_the_page_offers_only_the_steps_allowed_now(app, client, auth, people):
    request_id = open_request(client, auth, people)
    api = Api(client, auth, people)
    api.move(request_id, "in_review")

    def desk():
        login(auth, people["facilitator"])
        return html.unescape(client.get(f"/introductions/{request_id}").get_data(as_text=True))

    waiting = desk()
    assert '<option value="introduced">' not in waiting and '<option value="closed">' in waiting
    assert "Bâle n'a pas encore accepté la mise en relation" in waiting
    assert "/outcome" not in waiting  # no outcome form before the introduction
    assert 'name="accept"' not in waiting  # Basel has members: they answer, not the MOT

    login(auth, people["official"])
    assert 'name="accept"' not in client.get(f"/introductions/{request_id}").get_data(as_text=True)  # not the requester's
    login(auth, people["partner"])
    assert 'name="accept"' in client.get(f"/introductions/{request_id}").get_data(as_text=True)

    api.respond(request_id)
    accepted = desk()
    assert '<option value="introduced">' in accepted and "/outcome" not in accepted
    assert "pas encore accepté" not in accepted
    api.move(request_id, "introduced")
    introduced = desk()
    assert "/outcome" in introduced and '<option value="meeting_held">' in introduced


def test_the_mot_answers_for_an_unrepresented_counterpart_then_introduces(app, client, auth, people):
    request_id = open_request(client, auth, people, counterpart="kehl")
    api = Api(client, auth, people)
    api.move(request_id, "in_review")
    login(auth, people["facilitator"])
    assert 'name="accept"' in client.get(f"/introductions/{request_id}").get_data(as_text=True)
    assert api.respond(request_id, role="facilitator")[0] == 200
    assert api.move(request_id, "introduced")[0] == 200
