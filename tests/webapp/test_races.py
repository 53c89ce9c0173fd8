"""The database settles races: every "only one" rule has a constraint, and the loser gets a 409, never a 500.

Two kinds of tests. The "window" tests replay, one step at a time, what two requests at the same
moment do: the service's own check finds nothing (the other transaction has not committed yet), and
the insert then meets the committed twin. The "concurrent" tests really send 20 identical writes at
once from 20 threads, each with its own session and connection: against the suite's PostgreSQL in
the PostgreSQL pass, and against a SQLite file (with a busy timeout) in the SQLite pass.
"""

import os
import threading
from types import SimpleNamespace

import pytest
from flask_migrate import upgrade
from sqlalchemy import func, select
from sqlalchemy.exc import IntegrityError

from config import TestConfig
from webapp import create_app
from webapp.extensions import db as _db
from webapp.models import IntroductionRequest, Organisation, RequestEvent, Tie, User
from webapp.services import accounts
from webapp.services import introductions as introductions_service
from webapp.services import organisations as organisations_service
from webapp.services import ties as ties_service

from .. import factories
from ..conftest import close_app
from ..factories import BASEL, SAINT_LOUIS

RACERS = 20
INTRODUCTION = {
    "purpose": "Ligne de bus",
    "message": "Étudions une ligne commune.",
    "ambition": "shared_service",
    "themes": ["mobility"],
}


def count(app, model, *where):
    with app.app_context():
        return _db.session.scalar(select(func.count()).select_from(model).where(*where))


def bearer(app, user):
    with app.app_context():
        return {"Authorization": f"Bearer {accounts.issue_api_token(_db.session.get(User, user.id))}"}


def signed_in_client(app, user):
    """A test client with ``user``'s session cookie, without going through the (throttled) login form."""
    client = app.test_client()
    with client.session_transaction() as session:
        session["_user_id"] = str(user.id)
        session["_fresh"] = True
    return client


def first_call_misses(monkeypatch, module, name):
    """``module.name`` answers None once (the twin is not committed yet), then tells the truth."""
    real, calls = getattr(module, name), []

    def once_blind(*args, **kwargs):
        calls.append(args)
        return None if len(calls) == 1 else real(*args, **kwargs)

    monkeypatch.setattr(module, name, once_blind)
    return calls


def world(app):
    saint_louis = factories.make_org(app, **SAINT_LOUIS)
    basel = factories.make_org(app, **BASEL)
    return SimpleNamespace(
        saint_louis=saint_louis,
        basel=basel,
        official=factories.make_user(app, "official", organisations=[saint_louis]),
        facilitator=factories.make_user(app, "facilitator"),
    )


def open_request(app, people):
    with app.app_context():
        user = _db.session.get(User, people.official.id)
        request = introductions_service.request_introduction(
            user, _db.session.get(Organisation, people.saint_louis), _db.session.get(Organisation, people.basel), **INTRODUCTION
        )
        _db.session.commit()
        return request.id


# --- the race window, step by step --------------------------------------------------------------


def test_window_second_open_request_for_a_pair_is_a_409_with_the_first(app, client, monkeypatch):
    people = world(app)
    first = open_request(app, people)
    first_call_misses(monkeypatch, introductions_service, "open_request_between")
    response = client.post(
        "/api/v1/introductions",
        headers=bearer(app, people.official),
        json={"requester_id": people.saint_louis, "counterpart_id": people.basel} | INTRODUCTION,
    )
    assert response.status_code == 409, response.get_data(as_text=True)
    assert response.json["error"]["existing"] == f"/api/v1/introductions/{first}"
    assert count(app, IntroductionRequest) == 1


def test_window_open_request_in_the_other_direction_is_refused_too(app, monkeypatch):
    people = world(app)
    first = open_request(app, people)
    partner = factories.make_user(app, "partner", organisations=[people.basel])
    first_call_misses(monkeypatch, introductions_service, "open_request_between")
    with app.app_context():
        with pytest.raises(introductions_service.DuplicateRequest) as refused:
            introductions_service.request_introduction(
                _db.session.get(User, partner.id),
                _db.session.get(Organisation, people.basel),
                _db.session.get(Organisation, people.saint_louis),
                **INTRODUCTION,
            )
        assert refused.value.existing_id == first
    assert count(app, IntroductionRequest) == 1


def test_window_insert_refused_with_no_open_twin_is_a_plain_409(app, client, monkeypatch):
    # The insert meets the unique index, but by the time the service looks for the winner it is gone
    # (closed in between, or another constraint refused the row): a 409 with a message, not a crash on None.
    people = world(app)
    open_request(app, people)
    monkeypatch.setattr(introductions_service, "open_request_between", lambda *pair: None)
    response = client.post(
        "/api/v1/introductions",
        headers=bearer(app, people.official),
        json={"requester_id": people.saint_louis, "counterpart_id": people.basel} | INTRODUCTION,
    )
    assert response.status_code == 409, response.get_data(as_text=True)
    assert response.json["error"]["code"] == "conflict" and "existing" not in response.json["error"]
    assert "Réessayez" in response.json["error"]["message"]
    assert count(app, IntroductionRequest) == 1


def test_window_a_closed_request_does_not_block_a_new_one(app, client):
    people = world(app)
    first = open_request(app, people)
    with app.app_context():
        request = _db.session.get(IntroductionRequest, first)
        introductions_service.move(request, _db.session.get(User, people.facilitator.id), "closed", note="Pas de suite")
        _db.session.commit()
    assert open_request(app, people) != first
    assert count(app, IntroductionRequest) == 2


def test_window_duplicate_tie_is_a_409_not_a_500(app, client, monkeypatch):
    people = world(app)
    factories.make_tie(app, people.saint_louis, people.basel, "twinning")
    first_call_misses(monkeypatch, ties_service, "find_tie")
    response = client.post(
        f"/api/v1/organisations/{people.saint_louis}/ties",
        headers=bearer(app, people.official),
        json={"other_id": people.basel, "kind": "twinning"},
    )
    assert response.status_code == 409, response.get_data(as_text=True)
    assert response.json["error"]["existing"] == f"/api/v1/organisations/{people.saint_louis}/ties"
    assert count(app, Tie) == 1


def test_window_duplicate_official_code_is_a_409_not_a_500(app, client, monkeypatch):
    people = world(app)
    monkeypatch.setattr(organisations_service, "_check_unique_code", lambda *args, **kwargs: None)
    response = client.post("/api/v1/organisations", headers=bearer(app, people.official), json=SAINT_LOUIS)
    assert response.status_code == 409, response.get_data(as_text=True)
    assert response.json["error"]["existing"] == f"/api/v1/organisations/{people.saint_louis}"
    assert count(app, Organisation, Organisation.official_code == "68297") == 1


def test_window_duplicate_official_code_on_the_site_is_a_form_error_with_a_link(app, monkeypatch):
    people = world(app)
    monkeypatch.setattr(organisations_service, "_check_unique_code", lambda *args, **kwargs: None)
    data = {k: v for k, v in SAINT_LOUIS.items() if k != "labels"}
    page = signed_in_client(app, people.official).post("/organisations/new", data=data, follow_redirects=True)
    text = page.get_data(as_text=True)
    assert page.status_code == 200 and "déjà utilisé" in text and f'href="/organisations/{people.saint_louis}"' in text
    assert count(app, Organisation, Organisation.official_code == "68297") == 1


def test_window_code_taken_while_editing_is_a_409(app, client, monkeypatch):
    people = world(app)
    kehl = factories.make_org(app, members=[people.official.id], name="Kehl", kind="commune", country="FR", official_code="67001")
    monkeypatch.setattr(organisations_service, "_check_unique_code", lambda *args, **kwargs: None)
    response = client.patch(
        f"/api/v1/organisations/{kehl}", headers=bearer(app, people.official), json={"official_code": "68297"}
    )
    assert response.status_code == 409, response.get_data(as_text=True)
    assert response.json["error"]["existing"] == f"/api/v1/organisations/{people.saint_louis}"
    assert factories.get(app, Organisation, kehl).official_code == "67001"


def test_any_other_integrity_error_is_a_409_with_nothing_kept(app, client, monkeypatch):
    people = world(app)

    def half_written(organisation, **kwargs):
        _db.session.add(Tie(organisation_a_id=people.saint_louis, organisation_b_id=people.basel, kind="twinning"))
        _db.session.flush()
        raise IntegrityError("INSERT ...", {}, Exception("a constraint no service expected"))

    monkeypatch.setattr(organisations_service, "delete_organisation", half_written)
    response = client.delete(f"/api/v1/organisations/{people.saint_louis}", headers=bearer(app, people.official))
    assert response.status_code == 409 and response.json["error"]["code"] == "conflict"
    assert count(app, Tie) == 0  # rolled back


def test_window_duplicate_email_is_a_conflict_not_a_crash(app, runner, monkeypatch):
    taken = factories.make_user(app, "facilitator", email="anne@mot.eu")
    monkeypatch.setattr(accounts, "find_user_by_email", lambda email: None)
    result = runner.invoke(args=["users", "create", "ANNE@mot.eu", "--password", "Tr0mbone-Vert-Lagune"])
    assert result.exit_code == 1 and "existe déjà" in result.output, result.output  # a message, not an IntegrityError
    assert count(app, User, User.email == taken.email) == 1


def test_window_outcome_recorded_twice_writes_one_event(app):
    """The second facilitator's page still showed "meeting held" when the first had already concluded."""
    people = world(app)
    request_id = open_request(app, people)
    with app.app_context():
        facilitator = _db.session.get(User, people.facilitator.id)
        request = _db.session.get(IntroductionRequest, request_id)
        request.counterpart_consent = "accepted"  # the MOT introduces only a counterpart that accepted
        for status in ("in_review", "introduced", "meeting_held"):
            introductions_service.move(request, facilitator, status)
        _db.session.commit()
    with app.app_context():
        stale = _db.session.get(IntroductionRequest, request_id)  # loaded before the other facilitator concluded
        facilitator = _db.session.get(User, people.facilitator.id)
        with app.app_context():  # the other facilitator, in their own session
            other = _db.session.get(IntroductionRequest, request_id)
            introductions_service.record_outcome(other, _db.session.get(User, people.facilitator.id), kind="twinning")
            _db.session.commit()
        assert stale.status == "meeting_held"
        with pytest.raises(introductions_service.RequestMoved):
            introductions_service.record_outcome(stale, facilitator, kind="convention")
        _db.session.rollback()
    assert count(app, RequestEvent, RequestEvent.to_status == "cooperation_agreed") == 1
    assert count(app, Tie) == 1
    assert factories.get(app, IntroductionRequest, request_id).outcome_kind == "twinning"


def test_window_consent_given_twice_writes_one_answer(app):
    people = world(app)
    request_id = open_request(app, people)
    partner = factories.make_user(app, "partner", organisations=[people.basel])
    with app.app_context():
        stale = _db.session.get(IntroductionRequest, request_id)
        user = _db.session.get(User, partner.id)
        with app.app_context():
            introductions_service.respond(
                _db.session.get(IntroductionRequest, request_id), _db.session.get(User, partner.id), accept=False
            )
            _db.session.commit()
        with pytest.raises(introductions_service.RequestMoved):
            introductions_service.respond(stale, user, accept=True)
        _db.session.rollback()
    assert factories.get(app, IntroductionRequest, request_id).counterpart_consent == "declined"
    assert count(app, RequestEvent, RequestEvent.action.in_(("accepted", "declined"))) == 1


def test_a_stale_transition_on_the_site_is_a_message_not_a_500(app, monkeypatch):
    people = world(app)
    request_id = open_request(app, people)
    client = signed_in_client(app, people.facilitator)
    real_move = introductions_service.move

    def moved_meanwhile(request, *args, **kwargs):
        with app.app_context():  # another facilitator, first
            real_move(_db.session.get(IntroductionRequest, request_id), _db.session.get(User, people.facilitator.id), "in_review")
            _db.session.commit()
        return real_move(request, *args, **kwargs)

    monkeypatch.setattr(introductions_service, "move", moved_meanwhile)
    response = client.post(f"/introductions/{request_id}/move", data={"to_status": "in_review"}, follow_redirects=True)
    assert response.status_code == 200 and "modifiée par quelqu" in response.get_data(as_text=True)
    assert count(app, RequestEvent, RequestEvent.to_status == "in_review") == 1


# --- 20 identical writes at once -----------------------------------------------------------------


@pytest.fixture(scope="module")
def race_app(tmp_path_factory):
    """An app over a database that takes concurrent connections (PostgreSQL, or a SQLite file)."""
    if os.environ.get("TEST_DATABASE_URL"):
        config = TestConfig
        uri = os.environ["TEST_DATABASE_URL"]
    else:
        uri = f"sqlite:///{tmp_path_factory.mktemp('races') / 'races.db'}"
        config = type(
            "SQLiteFileConfig",
            (TestConfig,),
            {"SQLALCHEMY_DATABASE_URI": uri, "SQLALCHEMY_ENGINE_OPTIONS": {"connect_args": {"timeout": 30}}},
        )
    app = create_app(config)
    with app.app_context():
        if uri.startswith("sqlite"):
            upgrade()
    yield app
    close_app(app)


@pytest.fixture
def racing(race_app, app):
    """``race_app``, emptied after the test (on PostgreSQL it shares the suite's database, emptied by conftest)."""
    yield race_app
    if race_app.config["SQLALCHEMY_DATABASE_URI"].startswith("sqlite"):
        with race_app.app_context():
            _db.session.remove()
            with _db.engine.begin() as connection:
                for table in reversed(_db.metadata.sorted_tables):
                    connection.execute(table.delete())
    race_app.extensions.pop("passerelle_graph", None)


def race(send, n=RACERS):
    """Run ``send(i)`` in ``n`` threads released at the same instant; their results (or exceptions)."""
    barrier, results = threading.Barrier(n), [None] * n

    def run(i):
        barrier.wait()
        try:
            results[i] = send(i)
        except Exception as error:  # reported by the caller's assertions
            results[i] = error

    threads = [threading.Thread(target=run, args=(i,)) for i in range(n)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=120)
    return results


def statuses(responses):
    """Status codes, sorted; an exception a thread raised shows as its repr (and fails the comparison)."""
    return sorted((r.status_code if hasattr(r, "status_code") else repr(r) for r in responses), key=str)


def test_concurrent_introduction_requests_store_one(racing):
    people = world(racing)
    headers = bearer(racing, people.official)
    body = {"requester_id": people.saint_louis, "counterpart_id": people.basel} | INTRODUCTION
    clients = [racing.test_client() for _ in range(RACERS)]
    responses = race(lambda i: clients[i].post("/api/v1/introductions", headers=headers, json=body))
    assert statuses(responses) == [201] + [409] * (RACERS - 1)
    created = next(r for r in responses if r.status_code == 201).json["id"]
    assert {r.json["error"]["existing"] for r in responses if r.status_code == 409} == {f"/api/v1/introductions/{created}"}
    assert count(racing, IntroductionRequest) == 1


def test_concurrent_introduction_requests_on_the_site_store_one(racing):
    people = world(racing)
    clients = [signed_in_client(racing, people.official) for _ in range(RACERS)]
    data = {"requester_id": str(people.saint_louis), "counterpart_id": str(people.basel)} | INTRODUCTION
    responses = race(lambda i: clients[i].post(f"/introductions/new/{people.basel}", data=data))
    assert statuses(responses) == [302] * RACERS  # the first to its new request, the others to that same one
    with racing.app_context():
        only = _db.session.scalar(select(IntroductionRequest.id))
    assert {r.location for r in responses} == {f"/introductions/{only}"}
    assert count(racing, IntroductionRequest) == 1


def test_concurrent_ties_store_one(racing):
    people = world(racing)
    headers = bearer(racing, people.official)
    clients = [racing.test_client() for _ in range(RACERS)]
    responses = race(
        lambda i: clients[i].post(
            f"/api/v1/organisations/{people.saint_louis}/ties",
            headers=headers,
            json={"other_id": people.basel, "kind": "cooperation"},
        )
    )
    assert statuses(responses) == [201] + [409] * (RACERS - 1)
    assert count(racing, Tie) == 1


def test_concurrent_organisations_with_one_official_code_store_one(racing):
    official = factories.make_user(racing, "official")
    headers = bearer(racing, official)
    clients = [racing.test_client() for _ in range(RACERS)]
    responses = race(lambda i: clients[i].post("/api/v1/organisations", headers=headers, json=SAINT_LOUIS))
    assert statuses(responses) == [201] + [409] * (RACERS - 1)
    created = next(r for r in responses if r.status_code == 201).json["id"]
    assert {r.json["error"]["existing"] for r in responses if r.status_code == 409} == {f"/api/v1/organisations/{created}"}
    assert count(racing, Organisation) == 1


def test_concurrent_accounts_with_one_email_store_one(racing):
    def create(i):
        with racing.app_context():
            try:
                accounts.create_user(
                    "Anne.Martin@Saint-Louis.fr" if i % 2 else "anne.martin@saint-louis.fr",
                    "Tr0mbone-Vert-Lagune",
                    name=f"Anne {i}",
                    role="official",
                )
                _db.session.commit()
                return "created"
            except accounts.Conflict:
                return "conflict"

    assert sorted(race(create)) == ["conflict"] * (RACERS - 1) + ["created"]
    assert count(racing, User) == 1


def test_concurrent_confirmations_of_one_registration_store_one_account(racing):
    """The confirmation link opened 20 times at once (a mail client prefetching, a double click)."""
    with racing.app_context():
        token = accounts.registration_token(
            "anne.martin@saint-louis.fr", "Tr0mbone-Vert-Lagune", name="Anne Martin", role="official"
        )
    clients = [racing.test_client() for _ in range(RACERS)]
    # From 20 addresses: the account endpoints' per-address rate limit is not what this test is about.
    responses = race(lambda i: clients[i].post(f"/auth/register/{token}", environ_base={"REMOTE_ADDR": f"198.51.100.{i + 1}"}))
    assert statuses(responses) == [302] * RACERS
    assert sorted(r.location for r in responses) == ["/auth/login"] * (RACERS - 1) + ["/organisations/"]
    assert count(racing, User) == 1


def test_concurrent_outcomes_write_one_event_and_one_tie(racing):
    people = world(racing)
    request_id = open_request(racing, people)
    with racing.app_context():
        request, facilitator = _db.session.get(IntroductionRequest, request_id), _db.session.get(User, people.facilitator.id)
        request.counterpart_consent = "accepted"  # the MOT introduces only a counterpart that accepted
        for status in ("in_review", "introduced", "meeting_held"):
            introductions_service.move(request, facilitator, status)
        _db.session.commit()
    headers = bearer(racing, people.facilitator)
    clients = [racing.test_client() for _ in range(RACERS)]
    responses = race(
        lambda i: clients[i].post(
            f"/api/v1/introductions/{request_id}/transitions",
            headers=headers,
            json={"to_status": "cooperation_agreed", "outcome_kind": "twinning"},
        )
    )
    assert statuses(responses) == [200] + [409] * (RACERS - 1)
    assert count(racing, RequestEvent, RequestEvent.to_status == "cooperation_agreed") == 1
    assert count(racing, Tie) == 1
