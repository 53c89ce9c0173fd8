"""API of the capitalisation sheets: /api/v1/projects and /api/v1/problems, for every role."""

import pytest

from webapp.extensions import db
from webapp.models import Sheet

from .. import factories
from .test_capitalisation import ROLES, make_sheet, world  # noqa: F401  (the same world as the site's tests)

OK = "ok"
SEE_DRAFT = {"anonymous": 404, "official": OK, "partner": 404, "other_member": 404, "facilitator": OK, "admin": OK}
EDIT_DRAFT = {"anonymous": 401, "official": OK, "partner": 404, "other_member": 404, "facilitator": OK, "admin": OK}
EDIT_PUBLISHED = {"anonymous": 401, "official": 403, "partner": 403, "other_member": 403, "facilitator": OK, "admin": OK}
PUBLISH = {"anonymous": 401, "official": 403, "partner": 403, "other_member": 403, "facilitator": OK, "admin": OK}
CREATE = {"anonymous": 401, "official": OK, "partner": 403, "other_member": 403, "facilitator": OK, "admin": OK}

ROUTES = [
    ("GET", "/api/v1/projects/{draft}", None, SEE_DRAFT, 200),
    ("GET", "/api/v1/projects/{review}", None, SEE_DRAFT, 200),
    ("GET", "/api/v1/problems/{problem}", None, SEE_DRAFT, 200),
    ("GET", "/api/v1/projects/{published}", None, dict.fromkeys(ROLES, OK), 200),
    ("PATCH", "/api/v1/projects/{draft}", {"title": "Nouveau titre"}, EDIT_DRAFT, 200),
    ("PATCH", "/api/v1/projects/{published}", {"title": "Nouveau titre"}, EDIT_PUBLISHED, 200),
    ("POST", "/api/v1/projects/{review}/publish", None, PUBLISH, 200),
    ("POST", "/api/v1/problems/{problem}/publish", None, PUBLISH, 200),
    (
        "POST",
        "/api/v1/projects",
        {"title": "Crèche", "summary": "Une crèche commune.", "border": "FR-DE", "themes": ["education"], "partner_ids": ["{a}"]},
        CREATE,
        201,
    ),
    (
        "POST",
        "/api/v1/problems",
        {
            "title": "Déchets",
            "summary": "Collecte.",
            "border": "FR-CH",
            "themes": [],
            "partner_ids": ["{a}", "{b}"],
            "cause": "Deux régimes de déchets.",
        },
        {**CREATE, "other_member": OK},
        201,
    ),  # a member of either partner writes it
]


def _body(body, world):
    def value(v):
        if isinstance(v, list):
            return [value(x) for x in v]
        return int(v.format(**world)) if isinstance(v, str) and v.startswith("{") else v

    return None if body is None else {k: value(v) for k, v in body.items()}


@pytest.mark.parametrize("role", ROLES)
@pytest.mark.parametrize("method, url, body, expected, ok", ROUTES, ids=[f"{r[0]} {r[1]}" for r in ROUTES])
def test_api_access(app, client, auth, world, role, method, url, body, expected, ok):
    headers = auth.token(world["users"][role].email) if role != "anonymous" else {}
    response = client.open(url.format(**world), method=method, json=_body(body, world), headers=headers)
    assert response.status_code == (ok if expected[role] == OK else expected[role]), response.get_data(as_text=True)
    if expected[role] == 404:
        assert "Brouillon secret" not in response.get_data(as_text=True)
    if method == "POST" and ok == 201 and expected[role] == OK:
        assert response.json["status"] == "draft"
        assert world["a"] in [p["id"] for p in response.json["partners"]]
    if url.endswith("/publish"):
        sheet_id = int(url.format(**world).split("/")[-2])
        assert (factories.get(app, Sheet, sheet_id).status == "published") is (expected[role] == OK)


@pytest.mark.parametrize(
    "role, expected",
    [
        ("anonymous", {"published"}),
        ("partner", {"published"}),
        ("other_member", {"published"}),
        ("official", {"published", "draft", "review"}),
        ("facilitator", {"published", "draft", "review"}),
    ],
)
def test_api_list_never_leaks_drafts(client, auth, world, role, expected):
    headers = auth.token(world["users"][role].email) if role != "anonymous" else {}
    data = client.get("/api/v1/projects", headers=headers).json
    assert {item["id"] for item in data["items"]} == {world[k] for k in expected}
    assert data["total"] == len(expected)


def test_api_full_text_and_border(client, auth, world):
    found = client.get("/api/v1/projects", query_string={"q": "frontaliers navette", "border": "FR-CH"}).json["items"]
    assert [item["title"] for item in found] == ["Tram Strasbourg-Kehl"]
    assert client.get("/api/v1/projects", query_string={"q": "navette", "border": "FR-DE"}).json["items"] == []
    assert client.get("/api/v1/projects", query_string={"q": "Brouillon"}).json["items"] == []


def test_api_create_patch_publish_and_history(app, client, auth, world):
    official = auth.token(world["users"]["official"].email)
    body = {
        "title": "Crèche franco-allemande",
        "summary": "Une crèche commune aux deux rives.",
        "border": "FR-DE",
        "themes": ["education"],
        "partner_ids": [world["a"], world["c"]],
        "start_year": 2019,
        "sources": ["https://example.org/c"],
    }
    created = client.post("/api/v1/projects", json=body, headers=official)
    assert created.status_code == 201, created.json
    sheet_id = created.json["id"]
    assert created.json["borders"] == ["FR-DE"] and created.json["start_year"] == 2019
    patched = client.patch(
        f"/api/v1/projects/{sheet_id}", json={"lessons": "Commencer petit.", "borders": ["FR-CH"]}, headers=official
    )
    assert patched.status_code == 200 and patched.json["lessons"] == "Commencer petit."
    assert patched.json["borders"] == ["FR-CH"]
    assert client.get(f"/api/v1/projects/{sheet_id}").status_code == 404
    assert client.get(f"/api/v1/problems/{sheet_id}", headers=official).status_code == 404  # a project is not a problem
    staff = auth.token(world["users"]["facilitator"].email)
    assert client.post(f"/api/v1/projects/{sheet_id}/publish", headers=staff).status_code == 200
    assert client.post(f"/api/v1/projects/{sheet_id}/publish", headers=staff).status_code == 409
    assert client.get(f"/api/v1/projects/{sheet_id}").json["status"] == "published"
    with app.app_context():
        events = [(e.action, e.from_status, e.to_status, sorted(e.changes)) for e in db.session.get(Sheet, sheet_id).events]
    assert events == [
        ("created", None, "draft", []),
        ("edited", None, None, ["borders", "lessons"]),
        ("status", "draft", "under_review", []),
        ("status", "under_review", "published", []),
    ]


@pytest.mark.parametrize(
    "body, field",
    [
        ({"title": "", "summary": "x", "border": "FR-CH", "themes": [], "partner_ids": ["{a}"]}, "title"),
        ({"title": "x", "summary": "x", "border": "FR-ZZ", "themes": [], "partner_ids": ["{a}"]}, "border"),
        ({"title": "x", "summary": "x", "border": "FR-CH", "themes": ["sport"], "partner_ids": ["{a}"]}, "themes"),
        ({"title": "x", "summary": "x", "border": "FR-CH", "themes": [], "partner_ids": [999999]}, "partner_ids"),
        (
            {"title": "x", "summary": "x", "border": "FR-CH", "themes": [], "partner_ids": ["{a}"], "instrument_code": "nope"},
            "instrument_code",
        ),
        (
            {
                "title": "x",
                "summary": "x",
                "border": "FR-CH",
                "themes": [],
                "partner_ids": ["{a}"],
                "start_year": 2020,
                "end_year": 2010,
            },
            "end_year",
        ),
        (
            {"title": "x", "summary": "x", "border": "FR-CH", "themes": [], "partner_ids": ["{a}"], "cause": "only on problems"},
            "cause",
        ),
        ({"summary": "x", "border": "FR-CH", "themes": [], "partner_ids": ["{a}"]}, "title"),
    ],
)
def test_api_bad_input_is_a_422_naming_the_field(app, client, auth, world, body, field):
    headers = auth.token(world["users"]["official"].email)
    with app.app_context():
        before = db.session.scalar(db.select(db.func.count(Sheet.id)))
    response = client.post("/api/v1/projects", json=_body(body, world), headers=headers)
    assert response.status_code == 422, response.json
    assert field in response.json["error"]["fields"]
    with app.app_context():
        assert db.session.scalar(db.select(db.func.count(Sheet.id))) == before


def test_api_operations_are_in_the_openapi_document(client):
    paths = client.get("/api/v1/openapi.json").json["paths"]
    for base in ("/projects", "/problems"):
        assert set(paths[base]) == {"get", "post"}
        assert set(paths[base + "/{id}"]) == {"get", "patch"}
        assert set(paths[base + "/{id}/publish"]) == {"post"}
    assert {"title", "summary", "border", "themes", "partner_ids"} <= set(
        client.get("/api/v1/openapi.json").json["components"]["schemas"]["ProjectInput"]["required"]
    )
