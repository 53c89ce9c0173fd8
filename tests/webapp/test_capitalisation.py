"""Project sheets and problem sheets: writing, review, publication, history, comments, search and access."""

import pytest

from webapp.extensions import db
from webapp.models import IntroductionRequest, Organisation, Sheet, SheetEvent, User

from .. import factories
from ..factories import BASEL, KEHL, SAINT_LOUIS

ROLES = ["anonymous", "official", "partner", "other_member", "facilitator", "admin"]
LOGIN = "login"


def make_sheet(app, author_id, kind="project", status="draft", **values):
    """A sheet written through the service by ``author_id`` (None: shipped content), moved to ``status`` by staff."""
    from webapp.services import capitalisation

    defaults = dict(
        title="Navette Saint-Louis – Bâle",
        summary="Une navette de bus transfrontalière pour les frontaliers.",
        borders=["FR-CH"],
        themes=["mobility"],
    )
    with app.app_context():
        author = db.session.get(User, author_id) if author_id else None
        sheet = capitalisation.create_sheet(author, kind, defaults | values)
        if status != "draft":
            staff = db.session.scalar(db.select(User).where(User.role == "facilitator")) or author
            capitalisation.move_sheet(sheet, staff, "under_review")
            if status == "published":
                capitalisation.move_sheet(sheet, staff, "published")
        db.session.commit()
        return sheet.id


@pytest.fixture
def world(app):
    a = factories.make_org(app, **SAINT_LOUIS, borders=["FR-CH", "FR-DE"], themes=["mobility"])
    b = factories.make_org(app, **BASEL)
    c = factories.make_org(app, status="reference", **KEHL)
    users = {
        "official": factories.make_user(app, "official", organisations=[a]),
        "partner": factories.make_user(app, "partner"),
        "other_member": factories.make_user(app, "official", organisations=[b]),
        "facilitator": factories.make_user(app, "facilitator"),
        "admin": factories.make_user(app, "admin"),
    }
    draft = make_sheet(app, users["official"].id, partner_ids=[a], title="Brouillon secret de Saint-Louis")
    review = make_sheet(app, users["official"].id, status="under_review", partner_ids=[a], title="Relecture en cours")
    published = make_sheet(app, users["official"].id, status="published", partner_ids=[a, c], title="Tram Strasbourg-Kehl")
    problem = make_sheet(
        app,
        users["official"].id,
        kind="problem",
        partner_ids=[a],
        title="Soins de l'autre côté",
        cause="Affiliation à deux régimes d'assurance maladie.",
    )
    return {"a": a, "b": b, "c": c, "users": users, "draft": draft, "review": review, "published": published, "problem": problem}


def as_role(role, world, auth):
    if role != "anonymous":
        assert auth.login(world["users"][role].email).status_code == 302


HIDDEN = {"anonymous": 404, "official": 200, "partner": 404, "other_member": 404, "facilitator": 200, "admin": 200}
PUBLIC = dict.fromkeys(ROLES, 200)
EDIT_DRAFT = {"anonymous": LOGIN, "official": 200, "partner": 404, "other_member": 404, "facilitator": 200, "admin": 200}
EDIT_PUBLISHED = {"anonymous": LOGIN, "official": 403, "partner": 403, "other_member": 403, "facilitator": 200, "admin": 200}
LOGGED_IN = {**PUBLIC, "anonymous": LOGIN}
PUBLISH = {"anonymous": LOGIN, "official": 403, "partner": 404, "other_member": 404, "facilitator": 302, "admin": 302}

HTML_ROUTES = [
    ("GET", "/sheets/", PUBLIC),
    ("GET", "/sheets/{draft}", HIDDEN),
    ("GET", "/sheets/{review}", HIDDEN),
    ("GET", "/sheets/{problem}", HIDDEN),
    ("GET", "/sheets/{published}", PUBLIC),
    ("GET", "/sheets/{draft}/edit", EDIT_DRAFT),
    ("GET", "/sheets/{published}/edit", EDIT_PUBLISHED),
    ("GET", "/sheets/new/project", LOGGED_IN),
    ("GET", "/sheets/new/problem", LOGGED_IN),
    ("POST", "/sheets/{review}/move?to_status=published", PUBLISH),
]


@pytest.mark.parametrize("role", ROLES)
@pytest.mark.parametrize("method, url, expected", HTML_ROUTES, ids=[f"{m} {u}" for m, u, _ in HTML_ROUTES])
def test_html_access(app, client, auth, world, role, method, url, expected):
    as_role(role, world, auth)
    path, _, query = url.format(**world).partition("?")
    data = dict([query.split("=")]) if query else None
    response = client.open(path, method=method, data=data)
    if expected[role] == LOGIN:
        assert response.status_code == 302 and "/auth/login" in response.location
    else:
        assert response.status_code == expected[role]
    if method == "POST":
        published = factories.get(app, Sheet, world["review"]).status == "published"
        assert published is (expected[role] == 302)


@pytest.mark.parametrize("role", ROLES)
def test_drafts_never_listed_for_others(client, auth, world, role):
    as_role(role, world, auth)
    page = client.get("/sheets/").get_data(as_text=True)
    assert "Tram Strasbourg-Kehl" in page
    sees_drafts = HIDDEN[role] == 200
    assert ("Brouillon secret de Saint-Louis" in page) is sees_drafts
    assert ("Relecture en cours" in page) is sees_drafts
    assert ("Soins de l" in page) is sees_drafts


def test_write_review_publish_with_history_and_comments(app, client, auth, world):
    official, facilitator = world["users"]["official"], world["users"]["facilitator"]
    auth.login(official.email)
    response = client.post(
        "/sheets/new/project",
        data={
            "title": "Crèche transfrontalière",
            "summary": "Une crèche commune aux deux rives.",
            "borders": ["FR-DE"],
            "themes": ["education", "public_services"],
            "partner_ids": f"{world['a']},{world['c']}",
            "start_year": "2019",
            "end_year": "2023",
            "project_status": "completed",
            "lessons": "Un statut d'employeur commun a tout débloqué.",
            "sources": "https://example.org/creche\nRapport MOT 2023",
        },
    )
    assert response.status_code == 302
    sheet_id = int(response.location.rstrip("/").split("/")[-1])
    sheet = factories.get(app, Sheet, sheet_id)
    assert (sheet.status, sheet.kind, sheet.start_year, sheet.sources) == (
        "draft",
        "project",
        2019,
        ["https://example.org/creche", "Rapport MOT 2023"],
    )
    client.post(
        f"/sheets/{sheet_id}/edit",
        data={
            "title": "Crèche franco-allemande",
            "summary": "Une crèche commune aux deux rives.",
            "borders": ["FR-DE"],
            "themes": ["education"],
            "partner_ids": f"{world['a']},{world['c']}",
        },
    )
    client.post(f"/sheets/{sheet_id}/move", data={"to_status": "under_review"})
    assert client.post(f"/sheets/{sheet_id}/move", data={"to_status": "published"}).status_code == 403
    auth.logout()
    auth.login(facilitator.email)
    client.post(f"/sheets/{sheet_id}/comment", data={"text": "Ajoutez le coût annuel."})
    assert client.post(f"/sheets/{sheet_id}/move", data={"to_status": "published"}).status_code == 302
    with app.app_context():
        sheet = db.session.get(Sheet, sheet_id)
        assert sheet.status == "published" and sheet.published_at is not None
        events = [(e.action, e.user_id, e.from_status, e.to_status) for e in sheet.events]
        assert events == [
            ("created", official.id, None, "draft"),
            ("edited", official.id, None, None),
            ("status", official.id, "draft", "under_review"),
            ("status", facilitator.id, "under_review", "published"),
        ]
        edited = db.session.scalar(db.select(SheetEvent).where(SheetEvent.sheet_id == sheet_id, SheetEvent.action == "edited"))
        assert edited.changes["title"] == ["Crèche transfrontalière", "Crèche franco-allemande"]
        assert edited.changes["themes"] == [["education", "public_services"], ["education"]]
        assert set(edited.changes) == {"title", "themes"}  # fields not sent keep their value
        assert [c.text for c in sheet.comments] == ["Ajoutez le coût annuel."]
    auth.logout()
    assert "Crèche franco-allemande" in client.get(f"/sheets/{sheet_id}").get_data(as_text=True)


def test_a_member_cannot_write_for_organisations_not_theirs(client, auth, world):
    auth.login(world["users"]["partner"].email)
    response = client.post(
        "/sheets/new/problem",
        data={
            "title": "Déchets",
            "summary": "Collecte de part et d'autre.",
            "borders": ["FR-CH"],
            "partner_ids": str(world["b"]),
        },
    )
    assert response.status_code == 403


def test_bad_input_is_a_form_error_and_nothing_is_stored(app, client, auth, world):
    auth.login(world["users"]["official"].email)
    with app.app_context():
        before = db.session.scalar(db.select(db.func.count(Sheet.id)))
    response = client.post(
        "/sheets/new/project",
        data={"title": "", "summary": "x", "borders": ["FR-XX"], "partner_ids": str(world["a"]), "start_year": "1200"},
    )
    assert response.status_code == 200
    page = response.get_data(as_text=True)
    assert "has-error" in page
    with app.app_context():
        assert db.session.scalar(db.select(db.func.count(Sheet.id))) == before


def test_link_problem_and_projects(app, client, auth, world):
    auth.login(world["users"]["facilitator"].email)
    response = client.post(
        f"/sheets/{world['problem']}/edit",
        data={
            "title": "Soins de l'autre côté",
            "summary": "x",
            "borders": ["FR-CH"],
            "partner_ids": str(world["a"]),
            "linked_ids": str(world["published"]),
        },
    )
    assert response.status_code == 302
    with app.app_context():
        problem = db.session.get(Sheet, world["problem"])
        assert [s.id for s in problem.projects] == [world["published"]]
        assert [s.id for s in db.session.get(Sheet, world["published"]).problems] == [world["problem"]]
    response = client.post(
        f"/sheets/{world['problem']}/edit",
        data={
            "title": "Soins",
            "summary": "x",
            "borders": ["FR-CH"],
            "partner_ids": str(world["a"]),
            "linked_ids": str(world["problem"]),
        },
    )
    assert response.status_code == 200 and "Fiche inconnue" in response.get_data(as_text=True)


@pytest.mark.parametrize(
    "role, found",
    [
        ("anonymous", {"published"}),
        ("partner", {"published"}),
        ("official", {"published", "draft"}),
        ("facilitator", {"published", "draft"}),
    ],
)
def test_search_words_and_filters(app, world, role, found):
    from flask_login import AnonymousUserMixin

    from webapp.services.capitalisation import search_sheets

    make_sheet(
        app,
        world["users"]["official"].id,
        partner_ids=[world["a"]],
        title="Piscine",
        summary="Un équipement aquatique partagé.",
        borders=["FR-DE"],
        themes=["culture"],
    )
    with app.test_request_context():
        user = AnonymousUserMixin() if role == "anonymous" else db.session.get(User, world["users"][role].id)
        # accents and prefixes: "frontalier" finds "frontaliers", "navette" is in every sheet above but the pool.
        hits = {s.title for s in db.session.scalars(search_sheets(user, q="navette frontalier", border="FR-CH", kind="project"))}
        expected = {"Tram Strasbourg-Kehl" if k == "published" else "Brouillon secret de Saint-Louis" for k in found}
        if role in ("official", "facilitator"):
            expected.add("Relecture en cours")
        assert hits == expected
        assert {s.title for s in db.session.scalars(search_sheets(user, q="equipement aquatique"))} == (
            {"Piscine"} if role in ("official", "facilitator") else set()
        )
        assert list(db.session.scalars(search_sheets(user, q="navette", border="FR-DE"))) == []


def test_sheet_from_an_introduction_outcome_is_prefilled(app, client, auth, world):
    from webapp.services import introductions

    with app.app_context():
        official = db.session.get(User, world["users"]["official"].id)
        request = introductions.request_introduction(
            official,
            db.session.get(Organisation, world["a"]),
            db.session.get(Organisation, world["b"]),
            purpose="Bus de nuit Saint-Louis – Bâle",
            message="Bonjour",
            ambition="joint_project",
            themes=["mobility"],
        )
        db.session.commit()
        request_id = request.id
    auth.login(world["users"]["official"].email)
    page = client.get(f"/sheets/new/project?introduction={request_id}").get_data(as_text=True)
    assert 'value="Bus de nuit Saint-Louis – Bâle"' in page
    assert f'value="{world["a"]},{world["b"]}"' in page
    assert '<input checked id="themes-0" name="themes" type="checkbox" value="mobility">' in page
    auth.logout()
    auth.login(world["users"]["partner"].email)
    assert client.get(f"/sheets/new/project?introduction={request_id}").status_code == 403


def test_request_page_links_to_a_prefilled_sheet_once_an_outcome_exists(app, client, auth, world):
    from webapp.services import introductions

    with app.app_context():
        official = db.session.get(User, world["users"]["official"].id)
        facilitator = db.session.get(User, world["users"]["facilitator"].id)
        request = introductions.request_introduction(
            official,
            db.session.get(Organisation, world["a"]),
            db.session.get(Organisation, world["b"]),
            purpose="Bus de nuit",
            message="Bonjour",
            ambition="joint_project",
        )
        db.session.commit()
        request_id = request.id
    link = f"/sheets/new/project?introduction={request_id}"
    auth.login(world["users"]["official"].email)
    assert link not in client.get(f"/introductions/{request_id}").get_data(as_text=True)
    with app.app_context():
        request = db.session.get(IntroductionRequest, request_id)
        facilitator = db.session.get(User, world["users"]["facilitator"].id)
        request.counterpart_consent = "accepted"  # the MOT introduces only a counterpart that accepted
        for status in ("in_review", "introduced", "meeting_held"):
            introductions.move(request, facilitator, status)
        introductions.record_outcome(request, facilitator, kind="joint_project", year=2026, note="Ligne testée l'été.")
        db.session.commit()
    assert link in client.get(f"/introductions/{request_id}").get_data(as_text=True)


def test_postgresql_queries_use_the_indexed_expression():
    """The GIN index only serves queries over the very expression it was built on."""
    import importlib.util
    from pathlib import Path

    from webapp.services.capitalisation import pg_document

    path = Path(__file__).parents[2] / "migrations" / "versions" / "0017_attachments_funding.py"
    spec = importlib.util.spec_from_file_location("migration_0017", path)
    migration = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(migration)
    assert migration._PG_DOCUMENT == pg_document()


def _reference_rows(app):
    """The real instruments (data/instruments.yaml) and one programme."""
    from webapp.models import Programme
    from webapp.services.reference.curated import load_instruments, read_data_file

    with app.app_context():
        load_instruments(read_data_file("instruments.yaml"))
        db.session.add(
            Programme(code="rhin_superieur", name="Interreg Rhin Supérieur", kind="cross_border", countries=["FR", "DE", "CH"])
        )
        db.session.commit()


def test_search_filters_by_label_instrument_and_programme(app, world):
    from flask_login import AnonymousUserMixin

    from webapp.services.capitalisation import search_sheets

    _reference_rows(app)
    pool = make_sheet(
        app,
        world["users"]["facilitator"].id,
        status="published",
        partner_ids=[world["c"]],
        title="Piscine",
        instrument_code="egtc",
        programme_code="rhin_superieur",
    )
    with app.test_request_context():

        def titles(**filters):
            return {s.title for s in db.session.scalars(search_sheets(AnonymousUserMixin(), **filters))}

        assert titles(instrument="egtc") == {"Piscine"}
        assert titles(programme="rhin_superieur") == {"Piscine"}
        assert titles(instrument="convention") == set()
        # Saint-Louis (a PVD town) is a partner of the tram, not of the pool.
        assert titles(label="pvd") == {"Tram Strasbourg-Kehl"}
        assert titles(label="pvd", theme="mobility", border="FR-CH") == {"Tram Strasbourg-Kehl"}
        assert titles(theme="health") == set()
    assert pool


def test_the_index_follows_edits(app, world):
    from flask_login import AnonymousUserMixin

    from webapp.services import capitalisation

    with app.test_request_context():
        sheet = db.session.get(Sheet, world["published"])
        staff = db.session.get(User, world["users"]["facilitator"].id)
        capitalisation.update_sheet(sheet, staff, {"summary": "Un téléphérique urbain.", "lessons": "Associer les riverains."})
        db.session.commit()

        def ids(q):
            return [s.id for s in db.session.scalars(capitalisation.search_sheets(AnonymousUserMixin(), q=q))]

        assert ids("telepherique") == [world["published"]]
        assert ids("riverains") == [world["published"]]
        assert ids("navette") == []
        assert capitalisation.reindex_all() == 4
        assert ids("telepherique") == [world["published"]]
