"""Regression tests for the input defects of issue 10: each answered 500 (or leaked) before the schema layer."""

import pytest

import domain

from .. import factories
from ..factories import BASEL, KEHL, SAINT_LOUIS

HUGE = ["2147483648", "99999999999999999999"]  # just past int4; past int64


@pytest.fixture
def world(app, auth):
    a = factories.make_org(app, **SAINT_LOUIS)
    b = factories.make_org(app, **BASEL)
    c = factories.make_org(app, **KEHL)
    member = factories.make_user(app, "official", organisations=[a])
    stranger = factories.make_user(app, "partner")
    facilitator = factories.make_user(app, "facilitator")
    tie = factories.make_tie(app, a, b, note="Note interne du facilitateur")
    return {
        "a": a,
        "b": b,
        "c": c,
        "tie": tie,
        "member": auth.token(member.email),
        "stranger": auth.token(stranger.email),
        "facilitator": auth.token(facilitator.email),
        "member_email": member.email,
    }


def fields(response):
    return response.json["error"]["fields"]


@pytest.mark.parametrize("number", HUGE)
@pytest.mark.parametrize(
    "url",
    [
        "/api/v1/organisations/{}",
        "/api/v1/organisations/{}/ties",
        "/api/v1/organisations/{}/suggestions",
        "/api/v1/introductions/{}",
        "/organisations/{}",
        "/organisations/{}/suggestions",
        "/introductions/{}",
    ],
)
def test_ids_beyond_int4_are_404(client, world, url, number):
    response = client.get(url.format(number), headers=world["facilitator"])
    assert response.status_code == 404


@pytest.mark.parametrize("number", HUGE)
def test_writes_to_ids_beyond_int4_are_404(client, world, number):
    assert client.delete(f"/api/v1/ties/{number}", headers=world["facilitator"]).status_code == 404
    assert client.patch(f"/api/v1/organisations/{number}", json={"name": "x"}, headers=world["facilitator"]).status_code == 404


@pytest.mark.parametrize("url", ["/api/v1/organisations", "/api/v1/introductions"])
def test_api_pages_beyond_int4_are_422(client, world, url):
    response = client.get(f"{url}?page=99999999999999999999", headers=world["member"])
    assert response.status_code == 422 and "page" in fields(response)
    assert client.get(f"{url}?page={domain.DB_INT_MAX}", headers=world["member"]).json["items"] == []


@pytest.mark.parametrize("url", ["/organisations/", "/introductions/", "/introductions/notifications"])
def test_site_pages_beyond_int4_are_clamped(client, auth, world, url):
    auth.login(world["member_email"])
    assert client.get(f"{url}?page=99999999999999999999").status_code == 200


def test_ids_in_bodies_and_queries_stay_within_int4(client, world):
    body = {"requester_id": 2147483648, "counterpart_id": world["b"], "purpose": "p", "message": "m"}
    response = client.post("/api/v1/introductions", json=body, headers=world["member"])
    assert response.status_code == 422 and "requester_id" in fields(response)
    assert client.get(f"/api/v1/funding?partners={world['a']}&partners=99999999999999999999").status_code == 422
    assert client.get("/api/v1/graph?center=99999999999999999999").status_code == 422


def test_nul_byte_at_site_login_is_a_form_error(client, world):
    response = client.post("/auth/login", data={"email": "a\x00@example.org", "password": "x\x00y"})
    assert response.status_code == 200 and "Le caractère NUL n'est pas accepté." in response.get_data(as_text=True)


def test_nul_byte_at_api_token_is_422(client):
    response = client.post("/api/v1/auth/token", json={"email": "a\x00@example.org", "password": "secret"})
    assert response.status_code == 422 and "email" in fields(response)


@pytest.mark.parametrize(
    ("url", "body", "field"),
    [
        ("/api/v1/organisations", SAINT_LOUIS | {"name": "Saint\x00Louis", "official_code": "68297"}, "name"),
        ("/api/v1/organisations/{a}", {"description": "a\x00b"}, "description"),
        ("/api/v1/organisations/{a}/ties", {"other_id": "{c}", "kind": "twinning", "note": "\x00"}, "note"),
        (
            "/api/v1/introductions",
            {"requester_id": "{a}", "counterpart_id": "{b}", "purpose": "p\x00", "message": "m"},
            "purpose",
        ),
    ],
)
def test_nul_byte_in_api_writes_is_422(client, world, url, body, field):
    body = {k: world[v[1:-1]] if isinstance(v, str) and v.startswith("{") else v for k, v in body.items()}
    method = client.patch if url.endswith("{a}") else client.post
    response = method(url.format(**world), json=body, headers=world["member"])
    assert response.status_code == 422 and field in fields(response)


@pytest.mark.parametrize(
    ("change", "field"),
    [
        ({"themes": 5}, "themes"),
        ({"ambition": []}, "ambition"),
        ({"languages": "fr"}, "languages"),
        ({"requester_id": "1"}, "requester_id"),
        ({"requester_id": True}, "requester_id"),
        ({"message": 12}, "message"),
    ],
)
def test_wrong_json_types_in_introductions_are_422(client, world, change, field):
    body = {"requester_id": world["a"], "counterpart_id": world["b"], "purpose": "Mobilité", "message": "Bonjour"} | change
    response = client.post("/api/v1/introductions", json=body, headers=world["member"])
    assert response.status_code == 422 and field in fields(response)


@pytest.mark.parametrize(
    "body",
    [
        {"to_status": {}},
        {"to_status": ["new"]},
        {"to_status": "in_review", "take": "yes"},
        {"to_status": "cooperation_agreed", "year": "2026"},
    ],
)
def test_wrong_json_types_in_transitions_are_422(client, world, body):
    created = client.post(
        "/api/v1/introductions",
        json={"requester_id": world["a"], "counterpart_id": world["b"], "purpose": "Mobilité", "message": "Bonjour"},
        headers=world["member"],
    )
    assert created.status_code == 201
    response = client.post(f"/api/v1/introductions/{created.json['id']}/transitions", json=body, headers=world["facilitator"])
    assert response.status_code == 422


def test_unknown_fields_are_refused(client, world):
    response = client.post(
        "/api/v1/organisations/{a}/ties".format(**world),
        json={"other_id": world["b"], "kind": "twinning", "colour": "blue"},
        headers=world["member"],
    )
    assert response.status_code == 422 and "colour" in fields(response)
    assert client.get("/api/v1/organisations?colour=blue").status_code == 422


@pytest.mark.parametrize("depth", [domain.MAX_JSON_DEPTH + 1, 100_000])
def test_deeply_nested_json_is_400(client, world, depth):
    body = '{"requester_id": ' + "[" * depth + "]" * depth + "}"
    response = client.post("/api/v1/introductions", data=body, content_type="application/json", headers=world["member"])
    assert response.status_code == 400 and response.json["error"]["code"] == "bad_request"


def test_email_over_254_characters_at_token_is_422(client):
    response = client.post("/api/v1/auth/token", json={"email": "a" * 250 + "@example.org", "password": "secret"})
    assert response.status_code == 422 and "email" in fields(response)


def test_api_caps_messages_as_the_site_does(client, auth, world):
    body = {"requester_id": world["a"], "counterpart_id": world["b"], "purpose": "Mobilité", "message": "x" * 20_000}
    response = client.post("/api/v1/introductions", json=body, headers=world["member"])
    assert response.status_code == 422 and "message" in fields(response)
    at_limit = client.post("/api/v1/introductions", json=body | {"message": "x" * domain.MESSAGE_MAX}, headers=world["member"])
    assert at_limit.status_code == 201
    auth.login(world["member_email"])
    page = client.post(
        f"/introductions/new/{world['c']}",
        data={
            "requester_id": world["a"],
            "counterpart_id": world["c"],
            "purpose": "p",
            "message": "x" * (domain.MESSAGE_MAX + 1),
        },
    )
    assert page.status_code == 200 and str(domain.MESSAGE_MAX) in page.get_data(as_text=True)


@pytest.mark.parametrize(("who", "sees"), [(None, False), ("stranger", False), ("member", True), ("facilitator", True)])
def test_tie_notes_only_for_members_and_staff(client, world, who, sees):
    headers = world[who] if who else {}
    items = client.get(f"/api/v1/organisations/{world['a']}/ties", headers=headers).json["items"]
    assert len(items) == 1 and ("note" in items[0]) is sees
    if sees:
        assert items[0]["note"] == "Note interne du facilitateur"


def test_openapi_is_generated_with_errors_and_nullability(client):
    spec = client.get("/api/v1/openapi.json").json
    assert spec["openapi"] == "3.1.0"
    organisation = spec["components"]["schemas"]["OrganisationOut"]["properties"]
    assert organisation["population"]["type"] == ["integer", "null"] and organisation["name"]["type"] == "string"
    post = spec["paths"]["/introductions"]["post"]
    assert {"401", "403", "404", "409", "413", "414", "422", "429"} <= set(post["responses"])
    message = post["requestBody"]["content"]["application/json"]["schema"]["$ref"].rsplit("/", 1)[1]
    assert spec["components"]["schemas"][message]["properties"]["message"]["maxLength"] == domain.MESSAGE_MAX
    ident = (
        spec["paths"]["/organisations/{id}"]["parameters"]
        if "parameters" in spec["paths"]["/organisations/{id}"]
        else spec["paths"]["/organisations/{id}"]["get"]["parameters"]
    )
    assert ident[0]["schema"]["maximum"] == domain.DB_INT_MAX


def test_field_errors_are_whole_sentences(client, world):
    body = {"requester_id": world["a"], "counterpart_id": 2.5, "purpose": "p", "message": "m", "themes": ["x"]}
    errors = fields(client.post("/api/v1/introductions", json=body, headers=world["member"]))
    assert errors["counterpart_id"] == ["Nombre entier attendu."] and errors["themes"] == ["Valeur inconnue : x."]


def test_site_forms_refuse_ids_beyond_int4(client, auth, world):
    auth.login(world["member_email"])
    page = client.post(f"/organisations/{world['a']}/ties/new", data={"other_id": "99999999999", "kind": "twinning"})
    assert page.status_code == 200 and "organisation à relier.</p>" in page.get_data(as_text=True)
    assert client.get(f"/organisations/partnership?partners={world['a']}&partners=99999999999").status_code in (200, 422)
    assert client.get(f"/organisations/{world['a']}/ties/new?q=Ba%00le").status_code == 200
