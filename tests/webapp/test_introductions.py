"""Brokered introductions end to end: request, desk, consent, contacts, outcome into the graph, digest."""

from datetime import timedelta

import pytest
from sqlalchemy import select, update

from webapp.extensions import db as _db
from webapp.models import IntroductionRequest, Notification, OrganisationLabel, Tie
from webapp.models._common import utcnow

from .. import factories
from ..factories import BASEL, KEHL, SAINT_LOUIS

CONTACT_SL = "Mairie de Saint-Louis, 03 89 69 52 00"
CONTACT_BASEL = "Präsidialdepartement, +41 61 267 85 00"


@pytest.fixture
def people(app):
    saint_louis = factories.make_org(app, contact=CONTACT_SL, **SAINT_LOUIS)
    basel = factories.make_org(app, contact=CONTACT_BASEL, **BASEL)
    kehl = factories.make_org(app, status="reference", **KEHL)
    return {
        "saint_louis": saint_louis,
        "basel": basel,
        "kehl": kehl,
        "official": factories.make_user(app, "official", organisations=[saint_louis]),
        "partner": factories.make_user(app, "partner", organisations=[basel]),
        "stranger": factories.make_user(app, "official"),
        "facilitator": factories.make_user(app, "facilitator"),
        "admin": factories.make_user(app, "admin"),
    }


def ask(client, counterpart, requester, **overrides):
    data = {
        "requester_id": str(requester),
        "counterpart_id": str(counterpart),
        "purpose": "Ligne de bus transfrontalière",
        "ambition": "shared_service",
        "themes": ["mobility"],
        "languages": ["fr", "de"],
        "message": "Nous aimerions étudier une ligne commune.",
    }
    return client.post(f"/introductions/new/{counterpart}", data=data | overrides)


def as_user(auth, user):
    auth.logout()
    auth.login(user.email)


def page(client, request_id):
    return client.get(f"/introductions/{request_id}").get_data(as_text=True)


def test_from_request_to_a_tie_in_the_graph(app, client, auth, people):
    as_user(auth, people["official"])
    response = ask(client, people["basel"], people["saint_louis"])
    assert response.status_code == 302
    request_id = int(response.location.rsplit("/", 1)[1])
    assert CONTACT_BASEL not in page(client, request_id)  # no contacts before the counterpart accepts

    as_user(auth, people["facilitator"])
    desk = client.get("/introductions/").get_data(as_text=True)
    assert "Saint-Louis" in desk and "à prendre" in desk
    assert client.post(f"/introductions/{request_id}/take").status_code == 302
    client.post(f"/introductions/{request_id}/move", data={"to_status": "in_review"})
    client.post(f"/introductions/{request_id}/note", data={"text": "Appeler le service mobilité de Bâle"})

    for role in ("official", "partner"):
        as_user(auth, people[role])
        text = page(client, request_id)
        assert CONTACT_SL not in text and CONTACT_BASEL not in text
        assert "Appeler le service mobilité" not in text  # internal notes stay internal

    as_user(auth, people["partner"])
    assert client.post(f"/introductions/{request_id}/respond", data={"accept": "y"}).status_code == 302
    as_user(auth, people["facilitator"])
    client.post(f"/introductions/{request_id}/move", data={"to_status": "introduced", "note": "Présentation par courriel"})
    assert factories.get(app, IntroductionRequest, request_id).status == "introduced"
    for role in ("official", "partner", "facilitator"):
        as_user(auth, people[role])
        text = page(client, request_id)
        assert CONTACT_SL in text and CONTACT_BASEL in text, role
    as_user(auth, people["stranger"])
    assert client.get(f"/introductions/{request_id}").status_code == 403

    as_user(auth, people["facilitator"])
    client.post(f"/introductions/{request_id}/move", data={"to_status": "meeting_held", "note": "Réunion à Saint-Louis"})
    client.post(
        f"/introductions/{request_id}/outcome", data={"kind": "convention", "year": "2026", "note": "Convention mobilité"}
    )
    done = factories.get(app, IntroductionRequest, request_id)
    assert done.status == "cooperation_agreed" and done.tie_id is not None
    tie = factories.get(app, Tie, done.tie_id)
    assert (tie.kind, tie.since_year) == ("convention", 2026)
    with app.app_context():
        trail = [(e.action, e.from_status, e.to_status) for e in _db.session.get(IntroductionRequest, request_id).events]
    assert trail == [
        ("created", None, "new"),
        ("assigned", None, None),
        ("status", "new", "in_review"),
        ("accepted", None, None),
        ("status", "in_review", "introduced"),
        ("status", "introduced", "meeting_held"),
        ("status", "meeting_held", "cooperation_agreed"),
    ]
    # The next suggestion and graph calls see the new tie.
    suggestions = client.get(f"/api/v1/organisations/{people['saint_louis']}/suggestions?border=FR-CH").json["suggestions"]
    assert people["basel"] not in [s["organisation"]["id"] for s in suggestions]
    edges = client.get(f"/api/v1/graph?center={people['saint_louis']}").json["edges"]
    assert any("convention" in e["kinds"] for e in edges if not e["suggested"])


def test_duplicate_open_request_is_refused_with_a_link(app, client, auth, people, caplog):
    as_user(auth, people["official"])
    first = ask(client, people["basel"], people["saint_louis"]).location
    second = ask(client, people["basel"], people["saint_louis"], purpose="Encore")
    assert second.status_code == 302 and second.location == first
    assert "déjà ouverte" in client.get(second.location).get_data(as_text=True)
    with app.app_context():
        assert _db.session.query(IntroductionRequest).count() == 1


def test_bad_transitions_and_closing_without_reason(app, client, auth, people):
    as_user(auth, people["official"])
    request_id = int(ask(client, people["basel"], people["saint_louis"]).location.rsplit("/", 1)[1])
    as_user(auth, people["facilitator"])
    skipped = client.post(f"/introductions/{request_id}/move", data={"to_status": "meeting_held"}, follow_redirects=True)
    assert "Impossible de passer" in skipped.get_data(as_text=True)
    no_reason = client.post(f"/introductions/{request_id}/move", data={"to_status": "closed"}, follow_redirects=True)
    assert "raison" in no_reason.get_data(as_text=True)
    too_early = client.post(f"/introductions/{request_id}/outcome", data={"kind": "twinning"}, follow_redirects=True)
    assert "après la mise en relation" in too_early.get_data(as_text=True)
    client.post(f"/introductions/{request_id}/move", data={"to_status": "closed", "note": "Pas de suite du côté suisse"})
    closed = factories.get(app, IntroductionRequest, request_id)
    assert closed.status == "closed" and closed.closing_reason == "Pas de suite du côté suisse"


def test_unclaimed_counterpart_answer_is_recorded_by_the_mot(app, client, auth, people):
    as_user(auth, people["official"])
    request_id = int(ask(client, people["kehl"], people["saint_louis"]).location.rsplit("/", 1)[1])
    refused = client.post(f"/introductions/{request_id}/respond", data={"accept": "y"}, follow_redirects=True)
    assert factories.get(app, IntroductionRequest, request_id).counterpart_consent is None
    assert "Seuls les membres" in refused.get_data(as_text=True)
    as_user(auth, people["facilitator"])
    client.post(f"/introductions/{request_id}/respond", data={"accept": "y", "note": "Joint par téléphone"})
    assert factories.get(app, IntroductionRequest, request_id).counterpart_consent == "accepted"


def test_audit_trail_stores_codes_and_is_phrased_in_the_readers_language(app, client, auth, people):
    from webapp.models import RequestEvent

    as_user(auth, people["official"])
    request_id = int(ask(client, people["kehl"], people["saint_louis"]).location.rsplit("/", 1)[1])
    as_user(auth, people["facilitator"])
    client.post(f"/introductions/{request_id}/take")
    client.post(f"/introductions/{request_id}/respond", data={"accept": "y", "note": "Joint par téléphone"})
    with app.app_context():
        events = [
            (e.action, e.note)
            for e in _db.session.scalars(
                select(RequestEvent).where(RequestEvent.request_id == request_id).order_by(RequestEvent.id)
            )
        ]
    assert events[1:] == [("assigned", None), ("accepted_for", "Joint par téléphone")]  # no prose stored
    french = page(client, request_id)
    assert "Le partenaire accepte (réponse recueillie par la MOT)" in french and "Prise en charge" in french


def test_notifications_in_the_header_and_by_email(app, client, auth, people, caplog):
    with caplog.at_level("WARNING"):
        as_user(auth, people["official"])
        request_id = int(ask(client, people["basel"], people["saint_louis"]).location.rsplit("/", 1)[1])
    assert people["facilitator"].email in caplog.text and f"/introductions/{request_id}" in caplog.text
    as_user(auth, people["facilitator"])
    header = client.get("/").get_data(as_text=True)
    assert 'class="count"' in header and "1 non lues" in header
    assert "Nouvelle demande" in client.get("/introductions/notifications").get_data(as_text=True)
    client.post("/introductions/notifications")
    assert 'class="count"' not in client.get("/").get_data(as_text=True)
    client.post(f"/introductions/{request_id}/move", data={"to_status": "in_review"})
    with app.app_context():
        from webapp.i18n import render_message

        stored = _db.session.scalars(select(Notification).where(Notification.user_id == people["official"].id)).all()
        texts = [render_message(n.code, n.params, "fr") for n in stored]
    assert all(n.text is None and n.code for n in stored)  # phrased when listed, not stored in the actor's language
    assert any("En cours d'examen" in t for t in texts)


def test_stale_requests_in_the_desk_and_the_digest(app, client, auth, runner, people, caplog):
    as_user(auth, people["official"])
    request_id = int(ask(client, people["basel"], people["saint_louis"]).location.rsplit("/", 1)[1])
    as_user(auth, people["facilitator"])
    client.post(f"/introductions/{request_id}/move", data={"to_status": "in_review"})
    with app.app_context():
        _db.session.execute(update(IntroductionRequest).values(moved_at=utcnow() - timedelta(days=30)))
        _db.session.commit()
    assert "sans mouvement" in client.get("/introductions/").get_data(as_text=True)
    with caplog.at_level("WARNING"):
        result = runner.invoke(args=["digest"])
    assert result.exit_code == 0 and f"Stale requests: [{request_id}]" in result.output
    assert f"mailed {people['facilitator'].email}" in result.output
    assert f"mailed {people['partner'].email}" in result.output  # the counterpart's answer is awaited
    assert "attend votre réponse" in caplog.text
    assert "Graph change log:" in result.output


def test_digest_reminds_the_requester_to_meet(app, client, auth, runner, people, caplog):
    as_user(auth, people["official"])
    request_id = int(ask(client, people["basel"], people["saint_louis"]).location.rsplit("/", 1)[1])
    as_user(auth, people["facilitator"])
    client.post(f"/introductions/{request_id}/move", data={"to_status": "in_review"})
    as_user(auth, people["partner"])
    client.post(f"/introductions/{request_id}/respond", data={"accept": "y"})
    as_user(auth, people["facilitator"])
    client.post(f"/introductions/{request_id}/move", data={"to_status": "introduced"})
    with caplog.at_level("WARNING"):
        result = runner.invoke(args=["digest"])
    assert f"awaiting a meeting: [{request_id}]" in result.output and f"mailed {people['official'].email}" in result.output
    assert "attend une rencontre" in caplog.text


def test_dashboard_and_export(app, client, auth, people):
    as_user(auth, people["official"])
    ask(client, people["basel"], people["saint_louis"])
    client.post(f"/organisations/{people['saint_louis']}/ties/new", data={"other_id": str(people["kehl"]), "kind": "twinning"})
    factories.make_tie(app, people["saint_louis"], people["basel"], "membership")  # as a loader would: not counted
    with app.app_context():  # a declared label does not count as labelled: Saint-Louis's PVD is on the official list
        for label in _db.session.scalars(
            select(OrganisationLabel).where(OrganisationLabel.organisation_id == people["saint_louis"])
        ):
            label.status = "official"  # through the ORM, so the graph's change log hears of it
        _db.session.commit()
    as_user(auth, people["facilitator"])
    dashboard = client.get("/introductions/dashboard?border=FR-CH").get_data(as_text=True)
    assert "Petites Villes de Demain</th><td>1</td>" in dashboard
    assert "Nouvelle</th><td>1</td>" in dashboard and 'id="ties-chart"' in dashboard and 'id="ties-table"' in dashboard
    assert f'<th scope="row">{utcnow():%Y-%m}</th><td>1</td>' in dashboard
    csv = client.get("/introductions/export.csv")
    assert csv.mimetype == "text/csv" and "Saint-Louis" in csv.get_data(as_text=True).splitlines()[1]


OFFICIAL, PARTNER, STRANGER, FACILITATOR, ADMIN = "official", "partner", "stranger", "facilitator", "admin"
DESK_ROUTES = [
    ("GET", "/introductions/", {None: 302, OFFICIAL: 200, PARTNER: 200, STRANGER: 200, FACILITATOR: 200, ADMIN: 200}),
    ("GET", "/introductions/{id}", {None: 302, OFFICIAL: 200, PARTNER: 200, STRANGER: 403, FACILITATOR: 200, ADMIN: 200}),
    ("POST", "/introductions/{id}/take", {None: 302, OFFICIAL: 403, PARTNER: 403, STRANGER: 403, FACILITATOR: 302, ADMIN: 302}),
    ("POST", "/introductions/{id}/move", {None: 302, OFFICIAL: 403, PARTNER: 403, STRANGER: 403, FACILITATOR: 302, ADMIN: 302}),
    ("POST", "/introductions/{id}/note", {None: 302, OFFICIAL: 403, PARTNER: 403, STRANGER: 403, FACILITATOR: 302, ADMIN: 302}),
    (
        "POST",
        "/introductions/{id}/outcome",
        {None: 302, OFFICIAL: 403, PARTNER: 403, STRANGER: 403, FACILITATOR: 302, ADMIN: 302},
    ),
    (
        "POST",
        "/introductions/{id}/respond",
        {None: 302, OFFICIAL: 302, PARTNER: 302, STRANGER: 403, FACILITATOR: 302, ADMIN: 302},
    ),
    ("GET", "/introductions/dashboard", {None: 302, OFFICIAL: 403, PARTNER: 403, STRANGER: 403, FACILITATOR: 200, ADMIN: 200}),
    ("GET", "/introductions/export.csv", {None: 302, OFFICIAL: 403, PARTNER: 403, STRANGER: 403, FACILITATOR: 200, ADMIN: 200}),
    (
        "GET",
        "/introductions/notifications",
        {None: 302, OFFICIAL: 200, PARTNER: 200, STRANGER: 200, FACILITATOR: 200, ADMIN: 200},
    ),
    # Asking needs an organisation of one's own: the others are sent back to the counterpart's page.
    ("GET", "/introductions/new/{kehl}", {None: 302, OFFICIAL: 200, PARTNER: 200, STRANGER: 302, FACILITATOR: 302, ADMIN: 302}),
]


@pytest.mark.parametrize("role", [None, OFFICIAL, PARTNER, STRANGER, FACILITATOR, ADMIN])
@pytest.mark.parametrize("method, url, expected", DESK_ROUTES, ids=[f"{m} {u}" for m, u, _ in DESK_ROUTES])
def test_desk_access(app, client, auth, people, role, method, url, expected):
    as_user(auth, people["official"])
    request_id = int(ask(client, people["basel"], people["saint_louis"]).location.rsplit("/", 1)[1])
    auth.logout()
    if role:
        auth.login(people[role].email)
    response = client.open(url.format(id=request_id, kehl=people["kehl"]), method=method)
    assert response.status_code == expected[role]
    if role is None:
        assert "/auth/login" in response.location
    if method == "GET" and url == "/introductions/" and role:
        listed = f'href="/introductions/{request_id}"' in response.get_data(as_text=True)
        assert listed is (role in (OFFICIAL, PARTNER, FACILITATOR, ADMIN))  # a stranger does not see others' requests


API_ROUTES = [
    ("GET", "/api/v1/introductions", None, {None: 401, OFFICIAL: 200, PARTNER: 200, STRANGER: 200, FACILITATOR: 200, ADMIN: 200}),
    (
        "GET",
        "/api/v1/introductions/{id}",
        None,
        {None: 401, OFFICIAL: 200, PARTNER: 200, STRANGER: 403, FACILITATOR: 200, ADMIN: 200},
    ),
    (
        "POST",
        "/api/v1/introductions/{id}/consent",
        {"accept": True},
        {None: 401, OFFICIAL: 403, PARTNER: 200, STRANGER: 403, FACILITATOR: 403, ADMIN: 403},
    ),
    (
        "POST",
        "/api/v1/introductions/{id}/transitions",
        {"to_status": "in_review"},
        {None: 401, OFFICIAL: 403, PARTNER: 403, STRANGER: 403, FACILITATOR: 200, ADMIN: 200},
    ),
    (
        "POST",
        "/api/v1/introductions",
        {"requester_id": "{saint_louis}", "counterpart_id": "{kehl}", "purpose": "Jumelage", "message": "Bonjour"},
        {None: 401, OFFICIAL: 201, PARTNER: 403, STRANGER: 403, FACILITATOR: 201, ADMIN: 201},
    ),
]


@pytest.mark.parametrize("role", [None, OFFICIAL, PARTNER, STRANGER, FACILITATOR, ADMIN])
@pytest.mark.parametrize("method, url, body, expected", API_ROUTES, ids=[f"{r[0]} {r[1]}" for r in API_ROUTES])
def test_api_access(app, client, auth, people, role, method, url, body, expected):
    as_user(auth, people["official"])
    request_id = int(ask(client, people["basel"], people["saint_louis"]).location.rsplit("/", 1)[1])
    auth.logout()
    headers = auth.token(people[role].email) if role else {}
    if body:
        body = {k: (people[v[1:-1]] if isinstance(v, str) and v.startswith("{") else v) for k, v in body.items()}
    response = client.open(url.format(id=request_id), method=method, json=body, headers=headers)
    assert response.status_code == expected[role], response.get_data(as_text=True)


def test_api_flow_with_private_fields(app, client, auth, people):
    official, partner, facilitator = (auth.token(people[r].email) for r in ("official", "partner", "facilitator"))
    created = client.post(
        "/api/v1/introductions",
        headers=official,
        json={
            "requester_id": people["saint_louis"],
            "counterpart_id": people["basel"],
            "purpose": "Santé",
            "message": "Centre de santé commun",
            "ambition": "shared_service",
            "themes": ["health"],
        },
    )
    assert created.status_code == 201 and created.json["contacts"] is None and "internal_notes" not in created.json
    request_id = created.json["id"]
    duplicate = client.post(
        "/api/v1/introductions",
        headers=official,
        json={"requester_id": people["saint_louis"], "counterpart_id": people["basel"], "purpose": "x", "message": "y"},
    )
    assert duplicate.status_code == 409 and duplicate.json["error"]["existing"] == f"/api/v1/introductions/{request_id}"
    assert (
        client.post(
            "/api/v1/introductions",
            headers=official,
            json={"requester_id": people["basel"], "counterpart_id": people["kehl"], "purpose": "x", "message": "y"},
        ).status_code
        == 403
    )
    assert client.post("/api/v1/introductions", headers=official, json={"requester_id": "a"}).status_code == 422
    assert "internal_notes" in client.get(f"/api/v1/introductions/{request_id}", headers=facilitator).json
    client.post(f"/api/v1/introductions/{request_id}/transitions", headers=facilitator, json={"to_status": "in_review"})
    accepted = client.post(f"/api/v1/introductions/{request_id}/consent", headers=partner, json={"accept": True}).json
    assert accepted["contacts"]["requester"]["contact"] == CONTACT_SL and "internal_notes" not in accepted
    client.post(f"/api/v1/introductions/{request_id}/transitions", headers=facilitator, json={"to_status": "introduced"})
    agreed = client.post(
        f"/api/v1/introductions/{request_id}/transitions",
        headers=facilitator,
        json={"to_status": "cooperation_agreed", "outcome_kind": "joint_project", "year": 2027},
    )
    assert agreed.status_code == 200 and agreed.json["outcome"]["kind"] == "joint_project" and agreed.json["outcome"]["tie_id"]
    assert (
        client.post(
            f"/api/v1/introductions/{request_id}/transitions", headers=facilitator, json={"to_status": "bogus"}
        ).status_code
        == 422
    )


def test_an_outcome_is_stored_as_codes_and_read_in_each_language(app, client, auth, people):
    """The outcome's audit line and its tie's source were French text, whoever read them."""
    from webapp.models import RequestEvent

    as_user(auth, people["official"])
    request_id = int(ask(client, people["basel"], people["saint_louis"]).location.rsplit("/", 1)[1])
    as_user(auth, people["partner"])
    assert client.post(f"/introductions/{request_id}/respond", data={"accept": "y"}).status_code == 302
    as_user(auth, people["facilitator"])
    client.post(f"/introductions/{request_id}/take")
    for status in ("in_review", "introduced", "meeting_held"):
        client.post(f"/introductions/{request_id}/move", data={"to_status": status})
    client.post(f"/introductions/{request_id}/outcome", data={"kind": "twinning", "year": "2026"})
    with app.app_context():
        event = _db.session.scalar(select(RequestEvent).where(RequestEvent.to_status == "cooperation_agreed"))
        tie = _db.session.get(Tie, _db.session.get(IntroductionRequest, request_id).tie_id)
        assert event.note == "twinning (2026)" and tie.source == f"Passerelle, demande n° {request_id}"
    assert "Jumelage (2026)" in page(client, request_id)
    german = client.get(f"/introductions/{request_id}?lang=de").get_data(as_text=True)
    assert "Städtepartnerschaft (2026)" in german and "Jumelage" not in german
    organisation = client.get(f"/organisations/{people['saint_louis']}?lang=en").get_data(as_text=True)
    assert f"Passerelle, request no. {request_id}" in organisation and "demande n°" not in organisation
