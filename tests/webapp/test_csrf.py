"""CSRF is on here, as in production."""

import re

import pytest

from .. import factories
from ..factories import BASEL


@pytest.fixture
def csrf_app(app):
    app.config["WTF_CSRF_ENABLED"] = True
    yield app
    app.config["WTF_CSRF_ENABLED"] = False


def token_from(page):
    return re.search(r'name="csrf_token" type="hidden" value="([^"]+)"', page.get_data(as_text=True)).group(1)


def test_form_post_without_token_is_refused_with_a_message(csrf_app, client):
    user = factories.make_user(csrf_app)
    response = client.post("/auth/login", data={"email": user.email, "password": user.password})
    assert response.status_code == 400
    assert "jeton de sécurité manque" in response.get_data(as_text=True)
    assert "Se déconnecter" not in client.get("/").get_data(as_text=True)


def test_form_post_with_token_works(csrf_app, client):
    user = factories.make_user(csrf_app)
    token = token_from(client.get("/auth/login"))
    response = client.post("/auth/login", data={"email": user.email, "password": user.password, "csrf_token": token})
    assert response.status_code == 302


def test_logout_button_needs_token(csrf_app, client):
    user = factories.make_user(csrf_app)
    client.post(
        "/auth/login", data={"email": user.email, "password": user.password, "csrf_token": token_from(client.get("/auth/login"))}
    )
    client.post("/auth/logout")  # forged: no token
    assert "Se déconnecter" in client.get("/").get_data(as_text=True)


def test_api_session_writes_need_csrf_but_bearer_writes_do_not(csrf_app, client, auth):
    user = factories.make_user(csrf_app)
    headers = auth.token(user.email)
    client.post(
        "/auth/login", data={"email": user.email, "password": user.password, "csrf_token": token_from(client.get("/auth/login"))}
    )
    assert client.post("/api/v1/organisations", json=BASEL).status_code == 400
    page = client.get("/")
    meta = re.search(r'name="csrf-token" content="([^"]+)"', page.get_data(as_text=True)).group(1)
    assert client.post("/api/v1/organisations", json=BASEL, headers={"X-CSRFToken": meta}).status_code == 201
    other = csrf_app.test_client()
    assert other.post("/api/v1/organisations", json=BASEL | {"name": "Riehen"}, headers=headers).status_code == 201
