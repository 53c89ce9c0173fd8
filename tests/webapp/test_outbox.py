"""Mail through an outbox: written in the transaction, sent after commit by ``flask worker`` over one connection per batch."""

import smtplib
from datetime import timedelta

import pytest
from sqlalchemy import func, select, update
from sqlalchemy.exc import OperationalError

from webapp.extensions import db as _db
from webapp.models import Organisation, OutboxMessage, User
from webapp.models._common import utcnow
from webapp.services import introductions as introductions_service
from webapp.services import mail

from .. import factories
from ..factories import BASEL, SAINT_LOUIS
from .test_races import INTRODUCTION


class FakeSMTP:
    """Stands in for ``smtplib.SMTP``: records connections and messages; refuses the addresses in ``refused``."""

    connections, sent, refused, down = [], [], set(), False

    def __init__(self, host, port, timeout=None):
        if FakeSMTP.down:
            raise ConnectionRefusedError(111, "Connection refused")
        FakeSMTP.connections.append((host, port))

    def __enter__(self):
        return self

    def __exit__(self, *exc):
        return False

    def starttls(self):
        pass

    def login(self, user, password):
        pass

    def send_message(self, message):
        if message["To"] in FakeSMTP.refused:
            raise smtplib.SMTPRecipientsRefused({message["To"]: (550, b"No such user")})
        FakeSMTP.sent.append(message)


@pytest.fixture
def smtp(app, monkeypatch):
    """A configured mail server (so the worker sends, as in production), faked."""
    FakeSMTP.connections, FakeSMTP.sent, FakeSMTP.refused, FakeSMTP.down = [], [], set(), False
    monkeypatch.setitem(app.config, "MAIL_SERVER", "smtp.example.org")
    monkeypatch.setattr(mail.smtplib, "SMTP", FakeSMTP)
    return FakeSMTP


@pytest.fixture
def pair(app):
    saint_louis, basel = factories.make_org(app, **SAINT_LOUIS), factories.make_org(app, **BASEL)
    official = factories.make_user(app, "official", organisations=[saint_louis])
    staff = [factories.make_user(app, "facilitator") for _ in range(3)]
    return dict(saint_louis=saint_louis, basel=basel, official=official, staff=staff)


def ask(app, pair):
    """Saint-Louis asks to meet Basel, in the caller's app context (so in its transaction): one mail per facilitator."""
    return introductions_service.request_introduction(
        _db.session.get(User, pair["official"].id),
        _db.session.get(Organisation, pair["saint_louis"]),
        _db.session.get(Organisation, pair["basel"]),
        **INTRODUCTION,
    )


def outbox(app, *where):
    with app.app_context():
        return _db.session.scalar(select(func.count()).select_from(OutboxMessage).where(*where))


def test_mail_is_sent_after_commit_by_the_worker_over_one_connection(app, runner, smtp, pair):
    with app.app_context():
        ask(app, pair)
        assert smtp.sent == []  # nothing leaves while the transaction is open
        _db.session.commit()
    assert smtp.sent == [] and outbox(app, OutboxMessage.sent_at.is_(None)) == 3  # committed, waiting for the worker
    result = runner.invoke(args=["worker", "--once"])
    assert result.exit_code == 0 and "3 sent" in result.output
    assert len(smtp.connections) == 1  # one connection for the batch, not one per recipient
    assert sorted(m["To"] for m in smtp.sent) == sorted(u.email for u in pair["staff"])
    assert all("Saint-Louis → Bâle" in m["Subject"] and "/introductions/1" in m.get_content() for m in smtp.sent)
    assert outbox(app, OutboxMessage.sent_at.is_not(None), OutboxMessage.attempts == 1) == 3
    assert runner.invoke(args=["worker", "--once"]).exit_code == 0 and len(smtp.sent) == 3  # never twice
    assert len(smtp.connections) == 1  # and a poll with nothing due opens no connection


def test_a_rolled_back_change_is_never_mailed(app, runner, smtp, pair, caplog):
    with app.app_context():
        ask(app, pair)
        _db.session.rollback()
    runner.invoke(args=["worker", "--once"])
    assert smtp.sent == [] and outbox(app) == 0


def test_a_rolled_back_change_is_not_even_logged_in_development(app, pair, caplog):
    with caplog.at_level("WARNING"):
        with app.app_context():
            ask(app, pair)
            _db.session.rollback()
    assert "Mail (not sent" not in caplog.text and outbox(app) == 0


def test_a_failed_request_mails_nothing(app, smtp, pair, monkeypatch):
    """The request fails after the service queued its mail: the 500 handler rolls back, and the mail goes with it."""
    client = app.test_client()
    with client.session_transaction() as session:
        session["_user_id"] = str(pair["official"].id)
    real_notify, queued = introductions_service.notify, []

    def notify_then_fail(*args, **kwargs):
        real_notify(*args, **kwargs)
        queued.extend(o for o in _db.session.new if isinstance(o, OutboxMessage))  # in this request's transaction
        raise RuntimeError("the database went away")

    monkeypatch.setattr(introductions_service, "notify", notify_then_fail)
    monkeypatch.setitem(app.config, "PROPAGATE_EXCEPTIONS", False)
    data = {"requester_id": str(pair["saint_louis"]), "counterpart_id": str(pair["basel"])} | INTRODUCTION
    response = client.post(f"/introductions/new/{pair['basel']}", data=data)
    assert response.status_code == 500 and len(queued) == 3
    assert outbox(app) == 0 and smtp.sent == []
    app.test_cli_runner().invoke(args=["worker", "--once"])
    assert smtp.sent == []


def test_a_refused_recipient_is_retried_later_with_a_growing_delay(app, runner, smtp, pair):
    smtp.refused = {pair["staff"][0].email}
    with app.app_context():
        ask(app, pair)
        _db.session.commit()
    runner.invoke(args=["worker", "--once"])
    assert len(smtp.sent) == 2
    with app.app_context():
        waiting = _db.session.scalar(select(OutboxMessage).where(OutboxMessage.sent_at.is_(None)))
        assert waiting.attempts == 1 and "SMTPRecipientsRefused" in waiting.last_error
        assert timedelta(seconds=50) < waiting.next_attempt_at - utcnow() <= timedelta(seconds=mail.retry_delay(1))
    runner.invoke(args=["worker", "--once"])
    assert len(smtp.sent) == 2  # not due yet
    smtp.refused = set()
    with app.app_context():
        _db.session.execute(update(OutboxMessage).values(next_attempt_at=utcnow() - timedelta(seconds=1)))
        _db.session.commit()
    runner.invoke(args=["worker", "--once"])
    assert len(smtp.sent) == 3 and outbox(app, OutboxMessage.sent_at.is_(None)) == 0


def test_an_unreachable_server_keeps_every_message_for_later_then_gives_up(app, runner, smtp, pair):
    smtp.down = True
    with app.app_context():
        ask(app, pair)
        _db.session.commit()
    for _ in range(mail.MAX_ATTEMPTS):
        assert runner.invoke(args=["worker", "--once"]).exit_code == 0
        with app.app_context():
            _db.session.execute(update(OutboxMessage).values(next_attempt_at=utcnow() - timedelta(seconds=1)))
            _db.session.commit()
    assert smtp.sent == []
    assert outbox(app, OutboxMessage.failed_at.is_not(None), OutboxMessage.attempts == mail.MAX_ATTEMPTS) == 3
    assert outbox(app, OutboxMessage.last_error.contains("Connection refused")) == 3
    smtp.down = False
    runner.invoke(args=["worker", "--once"])
    assert smtp.sent == []  # given up: kept for the record, never sent


def test_retry_delay_doubles_up_to_a_ceiling():
    assert [mail.retry_delay(n) for n in (1, 2, 3)] == [60, 120, 240]
    assert mail.retry_delay(30) == mail.RETRY_MAX_SECONDS


def test_the_worker_renders_at_send_time_for_the_recipient(app, runner, smtp, pair):
    """The outbox keeps a template and parameters, not a text: a message is written when it is sent."""
    with app.app_context():
        ask(app, pair)
        _db.session.commit()
        stored = _db.session.scalars(select(OutboxMessage)).first()
        assert stored.template == "request_created" and stored.params["requester"] == "Saint-Louis"
        _db.session.execute(update(OutboxMessage).values(params=stored.params | {"requester": "Saint-Louis (Haut-Rhin)"}))
        _db.session.commit()
    runner.invoke(args=["worker", "--once"])
    assert all("Saint-Louis (Haut-Rhin)" in m.get_content() for m in smtp.sent)


def test_password_reset_goes_through_the_outbox(app, client, smtp):
    user = factories.make_user(app, "official")
    client.post("/auth/reset", data={"email": user.email})
    assert smtp.sent == [] and outbox(app, OutboxMessage.template == "password_reset") == 1
    app.test_cli_runner().invoke(args=["worker", "--once"])
    assert len(smtp.sent) == 1 and "/auth/reset/" in smtp.sent[0].get_content()


class StopLoop(Exception):
    pass


def test_the_worker_loop_polls_and_survives_a_database_error(app, runner, smtp, pair, monkeypatch):
    with app.app_context():
        ask(app, pair)
        _db.session.commit()
    real_send_due, calls, sleeps = mail.send_due, [], []

    def flaky_send_due(limit):
        calls.append(limit)
        if len(calls) == 1:
            raise OperationalError("SELECT ... FROM outbox", {}, Exception("server closed the connection"))
        return real_send_due(limit)

    def sleep(seconds):
        sleeps.append(seconds)
        if len(sleeps) == 2:
            raise StopLoop  # the loop never ends by itself

    monkeypatch.setattr(mail, "send_due", flaky_send_due)
    monkeypatch.setattr("time.sleep", sleep)
    result = runner.invoke(args=["worker", "--interval", "2", "--batch-size", "10"])
    assert isinstance(result.exception, StopLoop)
    assert calls == [10, 10] and sleeps == [2, 2]  # the error, a pause, then the batch, then a pause (nothing more due)
    assert len(smtp.sent) == 3 and "3 sent" in result.output


def test_in_development_a_mail_error_never_fails_the_committed_change(app, pair, monkeypatch):
    """No MAIL_SERVER: messages are logged right after commit; if that fails, the change stands and the mail waits."""

    def broken(messages, now):
        raise OperationalError("SELECT ... FROM outbox", {}, Exception("too many connections"))

    monkeypatch.setattr(mail, "_send", broken)
    with app.app_context():
        request = ask(app, pair)
        _db.session.commit()
        assert request.id is not None
    assert outbox(app, OutboxMessage.sent_at.is_(None)) == 3


def test_the_digest_prunes_old_sent_mail_but_keeps_what_failed_or_waits(app, runner, pair):
    with app.app_context():
        ask(app, pair)
        _db.session.commit()
        first, second, third = _db.session.scalars(select(OutboxMessage.id).order_by(OutboxMessage.id)).all()
        long_ago = utcnow() - timedelta(days=mail.SENT_RETENTION_DAYS + 1)
        _db.session.execute(update(OutboxMessage).where(OutboxMessage.id == first).values(sent_at=long_ago))
        _db.session.execute(update(OutboxMessage).where(OutboxMessage.id == second).values(sent_at=None, failed_at=long_ago))
        _db.session.execute(update(OutboxMessage).where(OutboxMessage.id == third).values(sent_at=utcnow()))
        _db.session.commit()
    result = runner.invoke(args=["digest"])
    assert result.exit_code == 0 and "Outbox: 1 message(s) sent" in result.output
    with app.app_context():
        assert _db.session.scalars(select(OutboxMessage.id).order_by(OutboxMessage.id)).all() == [second, third]
