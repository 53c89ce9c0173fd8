import re

import pytest

from webapp.models import LoginAttempt, User

from .. import factories
from ..factories import DEFAULT_PASSWORD


def register(client, **overrides):
    data = dict(
        name="Anne Martin", email="anne@saint-louis.fr", role="official", password=DEFAULT_PASSWORD, confirm=DEFAULT_PASSWORD
    )
    return client.post("/auth/register", data=data | overrides)


def confirmation_link(app):
    return re.search(r"http://localhost(/auth/register/\S+)", factories.queued_mail(app)).group(1)


def test_register_confirms_by_mail_then_logs_in_and_hashes_password(app, client):
    response = register(client, email="Anne@Saint-Louis.FR")
    assert response.status_code == 302 and response.location.endswith("/auth/login")
    with app.app_context():
        from webapp.extensions import db

        assert db.session.query(User).count() == 0  # nothing stored before the mailbox answers
    link = confirmation_link(app)
    assert DEFAULT_PASSWORD not in link
    assert client.get(link).status_code == 200
    assert client.post(link).status_code == 302
    user = factories.get(app, User, 1)
    assert user.email == "anne@saint-louis.fr" and user.role == "official"
    assert user.password_hash.startswith(app.config["PASSWORD_HASH_METHOD"]) and DEFAULT_PASSWORD not in user.password_hash
    assert "Anne Martin" in client.get("/").get_data(as_text=True)


def test_registration_link_reveals_neither_password_nor_its_hash_and_refuses_tampering(app, client):
    import base64
    import time

    from webapp.services import accounts

    register(client)
    token = confirmation_link(app).rsplit("/", 1)[1]
    raw = base64.urlsafe_b64decode(token + "=" * (-len(token) % 4))
    # Encrypted, not only signed: neither the address, the hash's method nor its salt can be read from the link.
    for secret in (b"anne@saint-louis.fr", app.config["PASSWORD_HASH_METHOD"].encode(), b"pbkdf2", b"scrypt", b"hash"):
        assert secret not in raw and secret.decode() not in token
    with app.test_request_context():
        assert accounts.registration_from_token(token)["email"] == "anne@saint-louis.fr"
        altered = token[:40] + ("A" if token[40] != "A" else "B") + token[41:]
        assert accounts.registration_from_token(altered) is None
        assert accounts.registration_from_token("not a token é") is None
        real_time = time.time
        try:  # two days and a second later, the link has expired
            time.time = lambda: real_time() + accounts.REGISTRATION_MAX_AGE + 1
            assert accounts.registration_from_token(token) is None
        finally:
            time.time = real_time
    response = client.post("/auth/register/" + token[:-3] + "abc", follow_redirects=True)
    assert "invalide ou a expiré" in response.get_data(as_text=True)
    assert factories.get(app, User, 1) is None


def test_production_hashes_with_scrypt(app):
    from config import Config

    assert Config.PASSWORD_HASH_METHOD == "scrypt"
    with app.app_context():
        app.config["PASSWORD_HASH_METHOD"] = Config.PASSWORD_HASH_METHOD
        try:
            user = User(email="x@example.org", name="X", role="official")
            user.set_password("a-long-password")
        finally:
            app.config["PASSWORD_HASH_METHOD"] = "pbkdf2:sha256:1000"
    assert user.password_hash.startswith("scrypt:") and user.check_password("a-long-password")


def test_register_never_creates_a_duplicate_email_case_insensitively(app, client):
    register(client)
    link = confirmation_link(app)
    client.post(link)
    client.post("/auth/logout")
    response = register(client, email="ANNE@saint-louis.fr")
    assert response.status_code == 302  # the same answer as for a new address (tests/webapp/test_security.py)
    assert factories.queued_mail(app).count("/auth/register/") == 1 and "déjà un" in factories.queued_mail(app)
    assert client.post(link, follow_redirects=True).status_code == 200  # the old link again: no second account
    with app.app_context():
        from webapp.extensions import db

        assert db.session.query(User).count() == 1


@pytest.mark.parametrize(
    "overrides, message",
    [
        ({"password": "short", "confirm": "short"}, "10"),
        ({"confirm": "something-else-entirely"}, "Les deux mots de passe diffèrent."),
        ({"email": "not-an-email"}, "Adresse électronique non valide"),
        ({"role": "facilitator"}, "choix valide"),
        ({"role": "admin"}, "choix valide"),
        ({"name": "x" * 121}, "120"),
    ],
)
def test_register_rejects_bad_input(app, client, overrides, message):
    response = register(client, **overrides)
    assert response.status_code == 200
    assert message in response.get_data(as_text=True)
    with app.app_context():
        from webapp.extensions import db

        assert db.session.query(User).count() == 0


def test_login_logout(app, client, auth):
    user = factories.make_user(app)
    response = auth.login(user.email.upper())
    assert response.status_code == 302
    assert "Se déconnecter" in client.get("/").get_data(as_text=True)
    auth.logout()
    assert "Se déconnecter" not in client.get("/").get_data(as_text=True)


def test_login_wrong_password_says_so(app, auth):
    user = factories.make_user(app)
    response = auth.login(user.email, "wrong-password")
    assert response.status_code == 200
    assert "Adresse e-mail ou mot de passe incorrect." in response.get_data(as_text=True)


def test_login_redirects_only_to_same_site_next(app, client):
    user = factories.make_user(app)
    data = {"email": user.email, "password": DEFAULT_PASSWORD}
    assert client.post("/auth/login?next=/organisations/", data=data).location == "/organisations/"
    client.post("/auth/logout")
    assert client.post("/auth/login?next=https://evil.example/", data=data).location == "/"
    client.post("/auth/logout")
    assert client.post("/auth/login?next=//evil.example/", data=data).location == "/"


def test_login_is_throttled_per_email_in_the_database(app, auth):
    user = factories.make_user(app)
    limit = app.config["LOGIN_MAX_FAILURES"]
    for _ in range(limit):
        assert auth.login(user.email, "wrong-password").status_code == 200
    blocked = auth.login(user.email)  # even the right password is refused now
    assert blocked.status_code == 429
    assert "Trop de tentatives" in blocked.get_data(as_text=True)
    # The count lives in the database, so every worker process and host sees it.
    with app.app_context():
        from webapp.extensions import db

        assert db.session.query(LoginAttempt).filter_by(email=user.email).count() == limit


def test_successful_login_clears_failures(app, auth):
    user = factories.make_user(app)
    auth.login(user.email, "wrong-password")
    auth.login(user.email)
    with app.app_context():
        from webapp.extensions import db

        assert db.session.query(LoginAttempt).count() == 0


def test_change_password(app, client, auth):
    user = factories.make_user(app)
    auth.login(user.email)
    bad = client.post(
        "/auth/password",
        data={"current_password": "nope-nope-nope", "password": "new-password-123", "confirm": "new-password-123"},
    )
    assert "Mot de passe actuel incorrect." in bad.get_data(as_text=True)
    ok = client.post(
        "/auth/password",
        data={"current_password": DEFAULT_PASSWORD, "password": "new-password-123", "confirm": "new-password-123"},
    )
    assert ok.status_code == 302
    auth.logout()
    assert auth.login(user.email).status_code == 200  # old password refused
    assert auth.login(user.email, "new-password-123").status_code == 302


def test_password_reset_by_emailed_token(app, client, auth, caplog):
    user = factories.make_user(app)
    with caplog.at_level("WARNING"):
        response = client.post("/auth/reset", data={"email": user.email})
    assert response.status_code == 302
    link = re.search(r"http://localhost(/auth/reset/\S+)", caplog.text).group(1)
    assert client.post(link, data={"password": "brand-new-pass-1", "confirm": "brand-new-pass-1"}).status_code == 302
    assert auth.login(user.email, "brand-new-pass-1").status_code == 302
    auth.logout()
    # The token dies with the password it was made for.
    response = client.get(link)
    assert response.status_code == 302 and response.location.endswith("/auth/reset")


def test_password_reset_does_not_reveal_accounts(client, caplog):
    with caplog.at_level("WARNING"):
        response = client.post("/auth/reset", data={"email": "nobody@example.org"}, follow_redirects=True)
    assert "Si un compte existe" in response.get_data(as_text=True)
    assert "/auth/reset/" not in caplog.text


def test_password_reset_token_expires(app, client):
    user = factories.make_user(app)
    with app.test_request_context():
        from webapp.extensions import db
        from webapp.services.accounts import password_reset_token

        token = password_reset_token(db.session.get(User, user.id))
    app.config["PASSWORD_RESET_MAX_AGE"] = -1
    try:
        response = client.get(f"/auth/reset/{token}")
    finally:
        app.config["PASSWORD_RESET_MAX_AGE"] = 3600
    assert response.status_code == 302 and response.location.endswith("/auth/reset")
