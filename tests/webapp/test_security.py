"""Security headers, throttling that no stranger can turn into a lock-out, password policy, no account enumeration."""

import os
import re
import subprocess
import sys
from contextlib import contextmanager
from pathlib import Path

import pytest

from config import ProductionConfig, TestConfig
from webapp import create_app
from webapp.extensions import db as _db
from webapp.models import User

from .. import factories
from ..factories import DEFAULT_PASSWORD

OWNER, STRANGER, OTHER = "192.0.2.10", "198.51.100.66", "203.0.113.5"


def from_address(address):
    return {"REMOTE_ADDR": address}


@contextmanager
def config(app, **values):
    saved = {k: app.config[k] for k in values}
    app.config.update(values)
    try:
        yield
    finally:
        app.config.update(saved)


def login(client, email, password=DEFAULT_PASSWORD, address=OWNER):
    return client.post("/auth/login", data={"email": email, "password": password}, environ_base=from_address(address))


def token(client, email, password=DEFAULT_PASSWORD, address=OWNER):
    return client.post("/api/v1/auth/token", json={"email": email, "password": password}, environ_base=from_address(address))


# --- headers ------------------------------------------------------------------------------


@pytest.mark.parametrize("path", ["/", "/auth/login", "/api/v1/organisations", "/no-such-page"])
def test_security_headers_on_every_response(client, path):
    headers = client.get(path).headers
    csp = dict(part.strip().split(" ", 1) for part in headers["Content-Security-Policy"].split(";") if part.strip())
    assert csp["script-src"] == "'self'" and csp["style-src"] == "'self'" and csp["default-src"] == "'self'"
    assert csp["frame-ancestors"] == "'none'" and csp["object-src"] == "'none'"
    assert headers["X-Frame-Options"] == "DENY"
    assert headers["X-Content-Type-Options"] == "nosniff"
    assert headers["Referrer-Policy"] == "strict-origin-when-cross-origin"
    assert "Strict-Transport-Security" not in headers  # development and tests run over plain HTTP


def test_production_redirects_to_https_and_sends_hsts(make_app):
    class Production(TestConfig):
        FORCE_HTTPS = True
        SESSION_COOKIE_SECURE = True

    client = make_app(Production).test_client()
    assert client.get("/auth/login").status_code == 302
    secure = client.get("/auth/login", base_url="https://localhost")
    assert secure.status_code == 200
    assert secure.headers["Strict-Transport-Security"].startswith("max-age=")


def _markup_problems(html):
    problems = [tag for tag in re.findall(r"<script\b[^>]*>", html) if "src=" not in tag and 'type="application/json"' not in tag]
    problems += re.findall(r"<[^>]+\sstyle=[^>]*>", html)
    problems += re.findall(r"<[^>]+\son[a-z]+=[^>]*>", html)
    return problems


def test_pages_carry_no_inline_script_style_or_handler(app, client, auth):
    """CSP would block them: scripts come from files, data from JSON blocks, styles from the stylesheet."""
    from webapp.services.reference.loader import load_reference

    with app.app_context():
        load_reference(places=[])
        _db.session.commit()
    organisation = factories.make_org(app, **factories.SAINT_LOUIS)
    facilitator = factories.make_user(app, "facilitator")
    auth.login(facilitator.email)
    pages = [
        "/",
        "/organisations/",
        f"/organisations/{organisation}",
        f"/organisations/{organisation}/suggestions",
        "/network/",
        "/introductions/",
        "/introductions/dashboard?border=FR-CH",
        "/auth/password",
    ]
    for path in pages:
        response = client.get(path, follow_redirects=True)
        assert response.status_code == 200, path
        html = response.get_data(as_text=True)
        assert _markup_problems(html) == [], path
    dashboard = client.get("/introductions/dashboard?border=FR-CH").get_data(as_text=True)
    assert 'type="application/json"' in dashboard and "js/dashboard.js" in dashboard


# --- throttling ---------------------------------------------------------------------------


def test_a_stranger_cannot_lock_the_owner_out(app, client):
    """Today anyone could lock any account (admin included) with 5 bad guesses."""
    admin = factories.make_user(app, "admin")
    for _ in range(app.config["LOGIN_MAX_FAILURES"] + 2):
        login(client, admin.email, "wrong-password", STRANGER)
    assert login(client, admin.email, "wrong-password", STRANGER).status_code == 429  # the stranger is held back
    assert login(client, admin.email, address=OWNER).status_code == 302  # the owner is not
    client.post("/auth/logout")
    assert token(client, admin.email, address=OWNER).status_code == 200
    assert token(client, admin.email, address=STRANGER).status_code == 429


def test_failures_from_one_address_on_an_account_are_limited(app, client):
    user = factories.make_user(app)
    for _ in range(app.config["LOGIN_MAX_FAILURES"]):
        assert token(client, user.email, "wrong-password", OWNER).status_code == 401
    assert token(client, user.email, address=OWNER).status_code == 429  # even the right password, from that address


def test_an_address_guessing_many_accounts_is_limited(app, client):
    users = [factories.make_user(app) for _ in range(3)]
    with config(app, LOGIN_MAX_FAILURES_PER_IP=4):
        for user in users:
            login(client, user.email, "wrong-password", STRANGER)
        login(client, "nobody@example.org", "wrong-password", STRANGER)
        assert login(client, users[0].email, address=STRANGER).status_code == 429
        assert login(client, users[0].email, address=OWNER).status_code == 302


def test_a_distributed_attack_holds_back_failing_addresses_but_never_a_new_one(app, client):
    user = factories.make_user(app)
    with config(app, LOGIN_MAX_FAILURES_PER_ACCOUNT=6):
        attackers = [f"198.51.100.{n}" for n in range(1, 7)]
        for address in attackers:
            assert login(client, user.email, "wrong-password", address).status_code == 200
        assert login(client, user.email, "another-guess", attackers[0]).status_code == 429
        assert login(client, user.email, address=OTHER).status_code == 302  # an address that never failed gets in


def test_request_rate_per_client_address_on_account_endpoints(app, client):
    user = factories.make_user(app)
    with config(app, RATELIMIT_AUTH_PER_ADDRESS="3 per minute"):
        statuses = [login(client, user.email, "wrong-password", STRANGER).status_code for _ in range(3)]
        assert statuses == [200, 200, 200]
        # The limit is shared by the account endpoints, keyed by the client address.
        assert token(client, user.email, address=STRANGER).status_code == 429
        assert client.post("/auth/reset", data={"email": user.email}, environ_base=from_address(STRANGER)).status_code == 429
        assert client.get("/auth/login", environ_base=from_address(STRANGER)).status_code == 200  # reading the form is free
        assert login(client, user.email, address=OWNER).status_code == 302


def test_mails_to_one_address_are_limited(app, client):
    user = factories.make_user(app)
    with config(app, RATELIMIT_MAIL_PER_ACCOUNT="2 per hour"):
        for _ in range(2):
            assert client.post("/auth/reset", data={"email": user.email}, environ_base=from_address(STRANGER)).status_code == 302
        assert client.post("/auth/reset", data={"email": user.email}, environ_base=from_address(STRANGER)).status_code == 429
        # Another address typed, or the owner's own client, still gets through.
        assert client.post("/auth/reset", data={"email": "x@example.org"}, environ_base=from_address(STRANGER)).status_code == 302
        assert client.post("/auth/reset", data={"email": user.email}, environ_base=from_address(OWNER)).status_code == 302
    assert factories.queued_mail(app).count("/auth/reset/") == 3


# --- password policy ----------------------------------------------------------------------

WEAK = ["aaaaaaaaaa", "1234567890", "motdepasse123", "azertyuiop", "password12"]


@pytest.mark.parametrize("password", WEAK)
def test_registration_refuses_weak_passwords(app, client, password):
    response = client.post(
        "/auth/register",
        data={
            "name": "Anne Martin",
            "email": "anne@saint-louis.fr",
            "role": "official",
            "password": password,
            "confirm": password,
        },
    )
    assert response.status_code == 200
    assert "trop facile à deviner" in response.get_data(as_text=True)


@pytest.mark.parametrize("password", ["anne.martin@saintlouis.fr", "martinsaintlouis"])
def test_password_built_on_the_users_own_name_and_email_is_refused(app, client, password):
    """Both pass for someone else (zxcvbn scores them 3-4 without the user's inputs)."""
    response = client.post(
        "/auth/register",
        data={
            "name": "Anne Martin",
            "email": "anne.martin@saintlouis.fr",
            "role": "official",
            "password": password,
            "confirm": password,
        },
    )
    assert response.status_code == 200 and "trop facile à deviner" in response.get_data(as_text=True)
    other = client.post(
        "/auth/register",
        data={"name": "Paul Durand", "email": "paul@example.org", "role": "official", "password": password, "confirm": password},
    )
    assert other.status_code == 302


def test_the_policy_message_is_in_the_users_language(app, client):
    response = client.post(
        "/auth/register",
        data={"name": "Anne", "email": "anne@example.org", "role": "official", "password": "aaaaaaaaaa", "confirm": "aaaaaaaaaa"},
        headers={"Accept-Language": "fr"},
    )
    assert "trop facile à deviner" in response.get_data(as_text=True)


def test_change_password_and_reset_refuse_weak_passwords(app, client, auth):
    user = factories.make_user(app)
    auth.login(user.email)
    response = client.post(
        "/auth/password", data={"current_password": DEFAULT_PASSWORD, "password": "aaaaaaaaaa", "confirm": "aaaaaaaaaa"}
    )
    assert response.status_code == 200 and "trop facile à deviner" in response.get_data(as_text=True)
    auth.logout()
    client.post("/auth/reset", data={"email": user.email})
    link = re.search(r"http://localhost(/auth/reset/\S+)", factories.queued_mail(app)).group(1)
    response = client.post(link, data={"password": "1234567890", "confirm": "1234567890"})
    assert response.status_code == 200 and "trop facile à deviner" in response.get_data(as_text=True)
    assert auth.login(user.email).status_code == 302  # the old password still works: nothing was changed


def test_cli_and_admin_refuse_weak_passwords(app, runner, client, auth):
    result = runner.invoke(args=["users", "create", "boss@example.org", "--role", "admin", "--password", "aaaaaaaaaa"])
    assert result.exit_code != 0 and "trop facile à deviner" in result.output
    admin = factories.make_user(app, "admin")
    auth.login(admin.email)
    response = client.post(
        "/admin/users/new",
        data={"name": "Paul", "email": "paul@example.org", "role": "official", "password": "aaaaaaaaaa", "confirm": "aaaaaaaaaa"},
    )
    assert "trop facile à deviner" in response.get_data(as_text=True)
    with app.app_context():
        assert _db.session.query(User).filter(User.email.in_(["boss@example.org", "paul@example.org"])).count() == 0


# --- no account enumeration ---------------------------------------------------------------


def _register(client, email):
    return client.post(
        "/auth/register",
        data={
            "name": "Anne Martin",
            "email": email,
            "role": "official",
            "password": DEFAULT_PASSWORD,
            "confirm": DEFAULT_PASSWORD,
        },
        follow_redirects=True,
    )


def _without_csrf(page):
    """The page without its CSRF tokens (the form fields' and the head's meta), which carry the second they were signed."""
    page = re.sub(r'name="csrf_token" value="[^"]*"', 'name="csrf_token" value=""', page)
    return re.sub(r'name="csrf-token" content="[^"]*"', 'name="csrf-token" content=""', page)


def test_registration_answers_the_same_for_a_taken_address(app, client):
    taken = factories.make_user(app, email="taken@example.org")
    new = _register(client, "new@example.org")
    new_mail = factories.queued_mail(app)
    existing = _register(client, "Taken@Example.org")
    taken_mail = factories.queued_mail(app)[len(new_mail) :]
    assert existing.status_code == new.status_code == 200
    assert existing.request.path == new.request.path == "/auth/login"
    # The same page to the byte, but for the CSRF token's signature, which carries the second it was signed.
    assert _without_csrf(existing.get_data(as_text=True)) == _without_csrf(new.get_data(as_text=True))
    # The mailbox learns which: a link for the new address, a warning for the taken one.
    assert new_mail.startswith("new@example.org |") and "/auth/register/" in new_mail
    assert taken.email in taken_mail and "/auth/register/" not in taken_mail and "/auth/reset" in taken_mail
    with app.app_context():
        assert _db.session.query(User).count() == 1


def test_login_errors_do_not_tell_which_part_was_wrong(app, client):
    user = factories.make_user(app)
    unknown = login(client, "nobody@example.org", "wrong-password").get_data(as_text=True)
    wrong = login(client, user.email, "wrong-password").get_data(as_text=True)
    assert "Adresse e-mail ou mot de passe incorrect." in unknown and "Adresse e-mail ou mot de passe incorrect." in wrong
    assert token(client, "nobody@example.org", "x").json == token(client, user.email, "x").json


def test_a_forged_or_expired_registration_link_creates_nothing(app, client):
    assert client.post("/auth/register/not-a-token").status_code == 302
    with app.app_context():
        assert _db.session.query(User).count() == 0


def test_behind_a_trusted_proxy_limits_apply_to_the_real_client(make_app):
    class BehindProxy(TestConfig):
        PROXY_HOPS = 1
        RATELIMIT_AUTH_PER_ADDRESS = "2 per minute"

    proxied = make_app(BehindProxy)
    with proxied.app_context():
        _db.create_all()  # its own in-memory database on SQLite; the suite's on PostgreSQL
    client = proxied.test_client()

    def attempt(client_address):
        return client.post(
            "/auth/reset",
            data={"email": "x@example.org"},
            environ_base=from_address("10.0.0.2"),
            headers={"X-Forwarded-For": client_address},
        ).status_code

    assert [attempt(STRANGER) for _ in range(3)] == [302, 302, 429]
    assert attempt(OWNER) == 302  # another client behind the same proxy is not held back


# --- request-rate storage in production ---------------------------------------------------


class _Production(ProductionConfig):
    SECRET_KEY = "a-real-production-secret"
    RATELIMIT_STORAGE_URI = "memory://"
    RATELIMIT_ALLOW_MEMORY_STORAGE = False


@pytest.mark.parametrize(
    "argv, environ",
    [
        (["/srv/.venv/bin/gunicorn", "-w", "4", "wsgi:app"], {}),
        (["/srv/.venv/bin/gunicorn", "--workers=2", "wsgi:app"], {}),
        (["/srv/.venv/bin/gunicorn", "wsgi:app"], {"GUNICORN_CMD_ARGS": "--workers 3"}),
        (["/srv/.venv/bin/gunicorn", "wsgi:app"], {"WEB_CONCURRENCY": "4"}),
    ],
)
def test_production_refuses_per_process_rate_limits_with_several_workers(monkeypatch, argv, environ):
    monkeypatch.setattr(sys, "argv", argv)
    for name in ("GUNICORN_CMD_ARGS", "WEB_CONCURRENCY"):
        monkeypatch.delenv(name, raising=False)
    for name, value in environ.items():
        monkeypatch.setenv(name, value)
    with pytest.raises(RuntimeError, match="RATELIMIT_STORAGE_URI is memory://"):
        create_app(_Production)  # before anything is built

    class Shared(_Production):
        RATELIMIT_STORAGE_URI = "redis://127.0.0.1:6379/0"

    class Allowed(_Production):
        RATELIMIT_ALLOW_MEMORY_STORAGE = True

    Shared.check()
    Allowed.check()


def test_production_accepts_memory_storage_in_one_process(monkeypatch):
    for name in ("GUNICORN_CMD_ARGS", "WEB_CONCURRENCY"):
        monkeypatch.delenv(name, raising=False)
    for argv in (["/srv/.venv/bin/gunicorn", "wsgi:app"], ["/srv/.venv/bin/gunicorn", "-w", "1", "wsgi:app"], ["flask"]):
        monkeypatch.setattr(sys, "argv", argv)
        _Production.check()


def test_gunicorn_with_several_workers_and_memory_storage_fails_to_start(tmp_path):
    env = {
        **os.environ,
        "PASSERELLE_ENV": "production",
        "SECRET_KEY": "a-real-production-secret",
        "RATELIMIT_STORAGE_URI": "memory://",
        "DATABASE_URL": f"sqlite:///{tmp_path / 'unused.db'}",
    }
    for name in ("RATELIMIT_ALLOW_MEMORY_STORAGE", "GUNICORN_CMD_ARGS", "WEB_CONCURRENCY"):
        env.pop(name, None)
    gunicorn = Path(sys.executable).parent / "gunicorn"
    done = subprocess.run(
        [str(gunicorn), "-w", "2", "-b", "127.0.0.1:0", "wsgi:app"],
        env=env,
        cwd=Path(__file__).resolve().parents[2],
        capture_output=True,
        text=True,
        timeout=60,
    )
    assert done.returncode != 0
    assert "RATELIMIT_STORAGE_URI is memory:// with 2 processes" in done.stderr
