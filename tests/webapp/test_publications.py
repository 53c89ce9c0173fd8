"""Publications: a facilitator chooses published sheets and exports them as one document (HTML and PDF) with
a table of contents and a chapter per border; public once published; drafts never reach it."""

import io
import re

import pypdf
import pytest

from webapp.errors import ValidationFailed
from webapp.extensions import db
from webapp.models import Publication, Sheet
from webapp.services import capitalisation, publications

from .. import factories
from .test_capitalisation import make_sheet

ROLES = ["anonymous", "official", "facilitator", "admin"]


@pytest.fixture
def sheets(app):
    staff = factories.make_user(app, "facilitator")
    official = factories.make_user(app, "official")
    ids = {
        "bus": make_sheet(app, staff.id, status="published", title="Bus Saint-Louis – Bâle", borders=["FR-CH"]),
        "health": make_sheet(
            app, staff.id, kind="problem", status="published", title="Se soigner en Suisse", borders=["FR-CH"], themes=["health"]
        ),
        "kehl": make_sheet(app, staff.id, status="published", title="Tram Strasbourg – Kehl", borders=["FR-DE"]),
        "draft": make_sheet(app, staff.id, status="draft", title="Projet secret", borders=["FR-DE"]),
    }
    return {"ids": ids, "staff": staff, "official": official}


def _create(client, ids, title="Synthèse nationale 2026"):
    return client.post(
        "/sheets/publications/new", data={"title": title, "introduction": "Ce que les communes ont appris.", "sheet_ids": ids}
    )


def test_a_facilitator_builds_a_publication_with_border_chapters(client, auth, sheets, app):
    auth.login(sheets["staff"].email)
    ids = sheets["ids"]
    form = client.get("/sheets/publications/new").get_data(as_text=True)
    assert "Bus Saint-Louis – Bâle" in form and "Tram Strasbourg – Kehl" in form and "Projet secret" not in form
    filtered = client.get("/sheets/publications/new?border=FR-DE").get_data(as_text=True)
    assert "Tram Strasbourg – Kehl" in filtered and "Bus Saint-Louis" not in filtered
    assert "Se soigner" not in client.get("/sheets/publications/new?kind=project").get_data(as_text=True)

    response = _create(client, [ids["kehl"], ids["bus"], ids["health"]])
    assert response.status_code == 302
    with app.app_context():
        publication = db.session.scalars(db.select(Publication)).one()
        assert publication.created_by_id == sheets["staff"].id and publication.published_at is None
        assert sorted(publication.sheet_ids) == sorted([ids["kehl"], ids["bus"], ids["health"]])
    page = client.get(f"/sheets/publications/{publication.id}").get_data(as_text=True)
    toc = page.split('class="toc"')[1].split("</nav>")[0]
    assert toc.index("France – Allemagne") < toc.index("France – Suisse")  # the border table's order (north to south)
    assert f'href="#sheet-{ids["health"]}"' in toc and 'href="#chapter-FR-DE"' in toc
    assert 'id="chapter-FR-CH"' in page and f'id="sheet-{ids["bus"]}"' in page
    chapter = page.split('id="chapter-FR-CH"')[1]
    assert (
        chapter.index("Problématiques")
        < chapter.index("Se soigner en Suisse")
        < chapter.index("Projets")
        < chapter.index("Bus Saint-Louis")
    )

    pdf = client.get(f"/sheets/publications/{publication.id}/pdf")
    assert pdf.status_code == 200 and pdf.mimetype == "application/pdf"
    pages = [" ".join(page.extract_text().split()) for page in pypdf.PdfReader(io.BytesIO(pdf.data)).pages]
    assert "Synthèse nationale 2026" in pages[0] and "Sommaire" in pages[0]
    # One chapter per border, each on a page of its own, and the contents give their page numbers.
    assert pages[1].startswith("France – Allemagne") and "Tram Strasbourg – Kehl" in pages[1]
    assert pages[2].startswith("France – Suisse") and "Se soigner en Suisse" in pages[2] and "Bus Saint-Louis" in pages[2]
    contents = pypdf.PdfReader(io.BytesIO(pdf.data)).pages[0].extract_text(extraction_mode="layout")
    assert re.search(r"France – Allemagne +2\n", contents) and re.search(r"France – Suisse +3\n", contents)
    assert re.search(r"Tram Strasbourg – Kehl +2\n", contents) and re.search(r"Bus Saint-Louis – Bâle +3\n", contents)


def test_drafts_are_refused_and_never_reach_a_publication(client, auth, sheets, app):
    auth.login(sheets["staff"].email)
    ids = sheets["ids"]
    refused = _create(client, [ids["kehl"], ids["draft"]])
    error = refused.get_data(as_text=True).split('id="sheet_ids-error">')[1].split("</p>")[0]
    assert refused.status_code == 200 and str(ids["draft"]) in error and "n&#39;est pas un choix valide" in error
    empty = _create(client, [])
    assert empty.status_code == 200 and "Choisissez au moins une fiche." in empty.get_data(as_text=True)
    with app.app_context():
        assert db.session.scalar(db.select(db.func.count(Publication.id))) == 0
        staff = db.session.get(Sheet, ids["draft"]).author
        with pytest.raises(ValidationFailed, match="non publiées"):
            publications.create_publication(staff, title="T", introduction=None, sheet_ids=[ids["draft"]])
        db.session.rollback()
    _create(client, [ids["kehl"], ids["bus"]])
    with app.app_context():
        publication_id = db.session.scalar(db.select(Publication.id))
        sheet = db.session.get(Sheet, ids["kehl"])
        capitalisation.move_sheet(sheet, sheet.author, "draft")  # unpublished after being chosen
        db.session.commit()
    page = client.get(f"/sheets/publications/{publication_id}").get_data(as_text=True)
    assert "Tram Strasbourg – Kehl" not in page and "chapter-FR-DE" not in page and "Bus Saint-Louis" in page


@pytest.mark.parametrize("role", ROLES)
def test_who_sees_a_publication(client, auth, sheets, app, role):
    auth.login(sheets["staff"].email)
    _create(client, [sheets["ids"]["bus"]], title="Synthèse en préparation")
    with app.app_context():
        publication_id = db.session.scalar(db.select(Publication.id))
    auth.logout()
    user = {"official": sheets["official"], "facilitator": sheets["staff"]}.get(role)
    if role == "admin":
        user = factories.make_user(app, "admin")
    if user:
        auth.login(user.email)
    staff = role in ("facilitator", "admin")
    url = f"/sheets/publications/{publication_id}"
    assert client.get(url).status_code == (200 if staff else 404)
    assert client.get(f"{url}/pdf").status_code == (200 if staff else 404)
    assert ("Synthèse en préparation" in client.get("/sheets/publications/").get_data(as_text=True)) is staff
    assert client.get("/sheets/publications/new").status_code == (200 if staff else (302 if role == "anonymous" else 403))
    assert client.post(f"{url}/publish").status_code in ((302,) if staff else (302, 403))
    with app.app_context():
        published = db.session.get(Publication, publication_id).published_at is not None
        assert published is staff
        if not staff:  # now published by staff: everyone reads it, the resource centre lists it
            publications.publish(db.session.get(Publication, publication_id))
            db.session.commit()
        assert [p.id for p in publications.published_publications()] == [publication_id]
    assert client.get(url).status_code == 200
    assert "Synthèse en préparation" in client.get("/sheets/publications/").get_data(as_text=True)
    assert client.post(f"{url}/edit", data={"title": "Changed", "sheet_ids": [sheets["ids"]["bus"]]}).status_code == (
        302 if staff else (302 if role == "anonymous" else 403)
    )


def test_publishing_twice_says_so(client, auth, sheets, app):
    auth.login(sheets["staff"].email)
    _create(client, [sheets["ids"]["bus"]])
    with app.app_context():
        publication_id = db.session.scalar(db.select(Publication.id))
    client.post(f"/sheets/publications/{publication_id}/publish")
    again = client.post(f"/sheets/publications/{publication_id}/publish", follow_redirects=True)
    assert "déjà publiée" in again.get_data(as_text=True)


@pytest.mark.parametrize("role", ["anonymous", "official", "facilitator"])
def test_the_api_lists_and_reads_publications_with_the_sites_rules(client, auth, sheets, app, role):
    ids = sheets["ids"]
    auth.login(sheets["staff"].email)
    _create(client, [ids["kehl"], ids["bus"], ids["health"]], title="Synthèse publiée")
    _create(client, [ids["bus"]], title="En préparation")
    with app.app_context():
        published_id, draft_id = db.session.scalars(db.select(Publication.id).order_by(Publication.id)).all()
        publications.publish(db.session.get(Publication, published_id))
        db.session.commit()
    auth.logout()
    if role != "anonymous":
        auth.login(sheets[{"official": "official", "facilitator": "staff"}[role]].email)
    staff = role == "facilitator"
    listing = client.get("/api/v1/publications").get_json()
    assert [p["title"] for p in listing["items"]] == (["En préparation", "Synthèse publiée"] if staff else ["Synthèse publiée"])
    assert listing["total"] == (2 if staff else 1) and listing["page"] == 1
    one = client.get(f"/api/v1/publications/{published_id}").get_json()
    assert one["published_at"] and one["introduction"] == "Ce que les communes ont appris."
    assert one["url"].endswith(f"/sheets/publications/{published_id}") and one["pdf_url"].endswith("/pdf")
    # Chapters in the border table's order, problems apart from projects.
    assert [c["border"] for c in one["chapters"]] == ["FR-DE", "FR-CH"]
    assert [s["title"] for s in one["chapters"][1]["problems"]] == ["Se soigner en Suisse"]
    assert [s["id"] for s in one["chapters"][1]["projects"]] == [ids["bus"]]
    assert client.get(f"/api/v1/publications/{draft_id}").status_code == (200 if staff else 404)
    assert client.get("/api/v1/publications/2147483648").status_code == 404
    assert client.get("/api/v1/publications?page=0").status_code == 422
