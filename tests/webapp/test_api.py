import re

import pytest

from webapp.models import Organisation, Tie

from .. import factories
from ..factories import BASEL, SAINT_LOUIS


def fields(response):
    return response.json["error"]["fields"]


@pytest.fixture
def official(app):
    return factories.make_user(app, "official")


@pytest.fixture
def headers(official, auth):
    return auth.token(official.email)


def test_token_for_good_credentials_only(app, client, official):
    assert client.post("/api/v1/auth/token", json={"email": official.email, "password": "nope-nope-nope"}).status_code == 401
    response = client.post("/api/v1/auth/token", json={"email": official.email.upper(), "password": official.password})
    assert response.status_code == 200 and response.json["token"]


@pytest.mark.parametrize("body", [None, [], {"email": "a@b.c"}, {"email": 3, "password": 4}])
def test_token_bad_request(client, body):
    response = client.post("/api/v1/auth/token", json=body) if body is not None else client.post("/api/v1/auth/token", data="x")
    assert response.status_code in (400, 422)
    assert response.json["error"]["message"]


def test_token_dies_with_password_change(app, client, official, headers):
    assert client.post("/api/v1/organisations", json=SAINT_LOUIS, headers=headers).status_code == 201
    with app.app_context():
        from webapp.extensions import db
        from webapp.models import User
        from webapp.services.accounts import change_password

        change_password(db.session.get(User, official.id), "another-long-password")
        db.session.commit()
    assert client.post("/api/v1/organisations", json=BASEL, headers=headers).status_code == 401


def test_forged_token_is_refused(client):
    response = client.post("/api/v1/organisations", json=BASEL, headers={"Authorization": "Bearer forged.token.value"})
    assert response.status_code == 401
    assert response.json["error"]["code"] == "unauthorized"


def test_full_flow_through_the_api(app, client, headers):
    response = client.post(
        "/api/v1/organisations", json=SAINT_LOUIS | {"themes": ["health"], "contact": "mairie@saint-louis.fr"}, headers=headers
    )
    assert response.status_code == 201, response.json
    saint_louis = response.json
    assert saint_louis["borders"] == ["FR-CH", "FR-DE"] and saint_louis["labels"] == ["pvd"] and saint_louis["contact"]
    basel = client.post("/api/v1/organisations", json=BASEL, headers=headers).json

    tie = client.post(
        f"/api/v1/organisations/{saint_louis['id']}/ties",
        json={"other_id": basel["id"], "kind": "convention", "since_year": 2015},
        headers=headers,
    )
    assert tie.status_code == 201 and tie.json["organisations"] == [saint_louis["id"], basel["id"]]
    assert client.get(f"/api/v1/organisations/{basel['id']}/ties").json["items"][0]["kind"] == "convention"

    listing = client.get("/api/v1/organisations?border=FR-CH&label=pvd").json
    assert [o["name"] for o in listing["items"]] == ["Saint-Louis"] and listing["total"] == 1
    assert "contact" not in listing["items"][0]  # anonymous read: no private contact
    assert {o["name"] for o in client.get("/api/v1/organisations?country=CH").json["items"]} == {"Bâle"}

    patched = client.patch(
        f"/api/v1/organisations/{saint_louis['id']}", json={"population": 22500, "themes": ["mobility"]}, headers=headers
    )
    assert patched.status_code == 200 and patched.json["population"] == 22500 and patched.json["themes"] == ["mobility"]
    assert patched.json["labels"] == ["pvd"]  # untouched fields kept

    assert client.delete(f"/api/v1/ties/{tie.json['id']}", headers=headers).status_code == 204
    assert client.delete(f"/api/v1/organisations/{basel['id']}", headers=headers).status_code == 204
    assert client.get(f"/api/v1/organisations/{basel['id']}").status_code == 404


@pytest.mark.parametrize(
    "changes, field",
    [
        ({"latitude": 123}, "latitude"),
        ({"longitude": "east"}, "longitude"),
        ({"country": "ZZ"}, "country"),
        ({"official_code": "123"}, "official_code"),
        ({"name": "x" * 300}, "name"),
        ({"labels": ["pvd"], "country": "CH", "official_code": None}, "labels"),
        ({"kind": "castle"}, "kind"),
        ({"colour": "blue"}, "colour"),
        ({"website": "javascript:alert(1)"}, "website"),
    ],
)
def test_api_refuses_bad_organisation_with_field_errors(app, client, headers, changes, field):
    response = client.post("/api/v1/organisations", json=SAINT_LOUIS | changes, headers=headers)
    assert response.status_code == 422, response.json
    assert field in fields(response) and fields(response)[field][0]
    with app.app_context():
        from webapp.extensions import db

        assert db.session.query(Organisation).count() == 0


def test_api_patch_refuses_bad_change_and_keeps_data(app, client, official, headers):
    org_id = factories.make_org(app, members=[official.id], **SAINT_LOUIS)
    response = client.patch(f"/api/v1/organisations/{org_id}", json={"latitude": 500}, headers=headers)
    assert response.status_code == 422 and "latitude" in fields(response)
    response = client.patch(f"/api/v1/organisations/{org_id}", json={"country": "DE"}, headers=headers)
    assert response.status_code == 422 and "labels" in fields(response)  # a PVD label cannot go abroad
    assert factories.get(app, Organisation, org_id).country == "FR"
    assert client.patch(f"/api/v1/organisations/{org_id}", json={}, headers=headers).status_code == 422


def test_api_tie_errors(app, client, official, headers):
    a = factories.make_org(app, members=[official.id], **SAINT_LOUIS)
    b = factories.make_org(app, **BASEL)
    url = f"/api/v1/organisations/{a}/ties"
    assert client.post(url, json={"other_id": a, "kind": "cooperation"}, headers=headers).status_code == 422
    assert client.post(url, json={"other_id": 999, "kind": "cooperation"}, headers=headers).status_code == 422
    assert "kind" in fields(client.post(url, json={"other_id": b, "kind": "romance"}, headers=headers))
    assert "since_year" in fields(client.post(url, json={"other_id": b, "kind": "twinning", "since_year": 1200}, headers=headers))
    assert "other_id" in fields(client.post(url, json={"other_id": "b", "kind": "twinning"}, headers=headers))
    assert client.post(url, json={"other_id": b, "kind": "twinning"}, headers=headers).status_code == 201
    duplicate = client.post(url, json={"other_id": b, "kind": "twinning"}, headers=headers)
    assert duplicate.status_code == 409 and duplicate.json["error"]["code"] == "conflict"
    with app.app_context():
        from webapp.extensions import db

        assert db.session.query(Tie).count() == 1


@pytest.mark.parametrize("query", ["page=0", "per_page=1000", "page=x", "status=lost", "border=XX"])
def test_api_bad_listing_parameters(client, query):
    response = client.get(f"/api/v1/organisations?{query}")
    assert response.status_code == 422 and response.json["error"]["message"]


def test_api_pagination(app, client):
    for n in range(5):
        factories.make_org(app, name=f"Gemeinde {n}", country="DE")
    page = client.get("/api/v1/organisations?per_page=2&page=3").json
    assert page["total"] == 5 and page["pages"] == 3 and [o["name"] for o in page["items"]] == ["Gemeinde 4"]


def test_api_not_json_and_unknown_routes(client, headers):
    response = client.post("/api/v1/organisations", data="name=x", headers=headers)
    assert response.status_code == 422 and "JSON" in response.json["error"]["message"]
    assert client.get("/api/v1/nothing-here").json["error"]["code"] == "not_found"
    assert client.put("/api/v1/organisations").status_code == 405


def test_openapi_describes_every_api_route(app, client):
    spec = client.get("/api/v1/openapi.json").json
    assert spec["openapi"].startswith("3.")
    described = {(path, method) for path, item in spec["paths"].items() for method in item if method != "parameters"}
    routes = set()
    for rule in app.url_map.iter_rules():
        if rule.rule.startswith("/api/v1/"):
            path = re.sub(
                r"<(?:\w+:)?(\w+)>",
                lambda m: "{id}" if m.group(1).endswith("_id") else "{" + m.group(1) + "}",
                rule.rule[len("/api/v1") :],
            )
            routes |= {(path, m.lower()) for m in rule.methods - {"HEAD", "OPTIONS"}}
    assert routes == described


@pytest.mark.parametrize("path", ["/api/v1/organisations", "/api/v1/graph?border=FR-CH", "/api/v1/projects"])
def test_lang_is_accepted_on_every_endpoint_with_a_query_schema(client, path):
    separator = "&" if "?" in path else "?"
    response = client.get(f"{path}{separator}lang=en")
    assert response.status_code == 200, response.json
    refused = client.get(f"{path}{separator}lang=en&bogus=1")  # other unknown names are still refused, in the asked language
    assert refused.status_code == 422 and refused.json["error"]["message"] == "Invalid parameters."
