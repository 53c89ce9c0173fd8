"""Who may do what: every protected route against every role.

Roles: anonymous; ``official`` (member of organisation A); ``partner`` (member of nothing);
``other_member`` (member of organisation B only); ``facilitator``; ``admin``.
"""

import pytest

from .. import factories
from ..factories import BASEL, KEHL, SAINT_LOUIS

ROLES = ["anonymous", "official", "partner", "other_member", "facilitator", "admin"]
LOGIN = "login"  # HTML: redirect to the login page


@pytest.fixture
def world(app):
    a = factories.make_org(app, **SAINT_LOUIS)
    b = factories.make_org(app, **BASEL)
    c = factories.make_org(app, status="reference", **KEHL)
    tie = factories.make_tie(app, a, c)
    users = {
        "official": factories.make_user(app, "official", organisations=[a]),
        "partner": factories.make_user(app, "partner"),
        "other_member": factories.make_user(app, "official", organisations=[b]),
        "facilitator": factories.make_user(app, "facilitator"),
        "admin": factories.make_user(app, "admin"),
    }
    return {"a": a, "b": b, "c": c, "tie": tie, "users": users}


def as_role(role, world, auth):
    if role != "anonymous":
        assert auth.login(world["users"][role].email).status_code == 302


EDIT = {"anonymous": LOGIN, "official": 200, "partner": 403, "other_member": 403, "facilitator": 200, "admin": 200}
STAFF = {"anonymous": LOGIN, "official": 403, "partner": 403, "other_member": 403, "facilitator": 200, "admin": 200}
ADMIN = {"anonymous": LOGIN, "official": 403, "partner": 403, "other_member": 403, "facilitator": 403, "admin": 200}
LOGGED_IN = {"anonymous": LOGIN, "official": 200, "partner": 200, "other_member": 200, "facilitator": 200, "admin": 200}
PUBLIC = dict.fromkeys(ROLES, 200)

HTML_ROUTES = [
    ("GET", "/organisations/", PUBLIC),
    ("GET", "/organisations/{a}", PUBLIC),
    ("GET", "/organisations/new", LOGGED_IN),
    ("GET", "/organisations/{a}/edit", EDIT),
    ("GET", "/organisations/{a}/delete", EDIT),
    ("GET", "/organisations/{a}/ties/new", EDIT),
    ("GET", "/organisations/ties/{tie}/delete", EDIT),
    ("GET", "/organisations/{c}/claim", LOGGED_IN),
    ("GET", "/auth/password", LOGGED_IN),
    ("GET", "/admin/claims", STAFF),
    ("POST", "/admin/organisations/{b}/verify", {**STAFF, "facilitator": 302, "admin": 302}),
    ("GET", "/admin/users", ADMIN),
    ("GET", "/labels/import", STAFF),
    ("GET", "/labels/imports", STAFF),
    ("GET", "/borders/", PUBLIC),
    ("GET", "/borders/FR-CH", PUBLIC),
    ("GET", "/instruments/", PUBLIC),
    ("GET", "/programmes/", PUBLIC),
    ("GET", "/network/?border=FR-CH", PUBLIC),
    ("GET", "/admin/users/new", ADMIN),
]


@pytest.mark.parametrize("role", ROLES)
@pytest.mark.parametrize("method, url, expected", HTML_ROUTES, ids=[f"{m} {u}" for m, u, _ in HTML_ROUTES])
def test_html_access(client, auth, world, role, method, url, expected):
    as_role(role, world, auth)
    response = client.open(url.format(**world), method=method)
    if expected[role] == LOGIN:
        assert response.status_code == 302 and "/auth/login" in response.location
    else:
        assert response.status_code == expected[role]


API_EDIT = {"anonymous": 401, "official": "ok", "partner": 403, "other_member": 403, "facilitator": "ok", "admin": "ok"}
API_STAFF = {"anonymous": 401, "official": 403, "partner": 403, "other_member": 403, "facilitator": "ok", "admin": "ok"}
API_ROUTES = [
    ("PATCH", "/api/v1/organisations/{a}", {"population": 23000}, API_EDIT, 200),
    ("DELETE", "/api/v1/organisations/{a}", None, API_EDIT, 204),
    ("POST", "/api/v1/organisations/{a}/ties", {"other_id": "{b}", "kind": "twinning"}, API_EDIT, 201),
    ("DELETE", "/api/v1/ties/{tie}", None, API_EDIT, 204),
    ("POST", "/api/v1/organisations", BASEL | {"name": "Riehen"}, {**dict.fromkeys(ROLES, "ok"), "anonymous": 401}, 201),
    ("GET", "/api/v1/organisations/{a}", None, dict.fromkeys(ROLES, "ok"), 200),
    ("GET", "/api/v1/organisations", None, dict.fromkeys(ROLES, "ok"), 200),
    ("GET", "/api/v1/introductions", None, {**dict.fromkeys(ROLES, "ok"), "anonymous": 401}, 200),
    ("GET", "/api/v1/graph", None, API_STAFF, 200),
    ("GET", "/api/v1/borders/FR-CH/network", None, API_STAFF, 200),
    ("GET", "/api/v1/organisations/{a}/ties", None, dict.fromkeys(ROLES, "ok"), 200),
    ("GET", "/api/v1/openapi.json", None, dict.fromkeys(ROLES, "ok"), 200),
]


@pytest.mark.parametrize("role", ROLES)
@pytest.mark.parametrize("method, url, body, expected, ok", API_ROUTES, ids=[f"{r[0]} {r[1]}" for r in API_ROUTES])
def test_api_access(client, auth, world, role, method, url, body, expected, ok):
    headers = auth.token(world["users"][role].email) if role != "anonymous" else {}
    if body is not None:
        body = {k: (int(v.format(**world)) if isinstance(v, str) and v.startswith("{") else v) for k, v in body.items()}
    response = client.open(url.format(**world), method=method, json=body, headers=headers)
    assert response.status_code == (ok if expected[role] == "ok" else expected[role]), response.get_data(as_text=True)
    if expected[role] != "ok":
        assert response.json["error"]["code"] in ("unauthorized", "forbidden")


@pytest.mark.parametrize(
    "role, sees_contact",
    [
        ("anonymous", False),
        ("official", True),
        ("partner", False),
        ("other_member", False),
        ("facilitator", True),
        ("admin", True),
    ],
)
def test_api_private_contact(app, client, auth, world, role, sees_contact):
    from webapp.extensions import db
    from webapp.models import Organisation

    with app.app_context():
        db.session.get(Organisation, world["a"]).contact = "mairie@saint-louis.fr"
        db.session.commit()
    headers = auth.token(world["users"][role].email) if role != "anonymous" else {}
    data = client.get(f"/api/v1/organisations/{world['a']}", headers=headers).json
    assert ("contact" in data) is sees_contact
