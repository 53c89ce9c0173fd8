"""Precedents: published project sheets like a town's or a pair's situation, with their reasons, on three pages."""

from webapp.extensions import db
from webapp.models import Organisation
from webapp.services.precedents import precedents

from .. import factories
from ..factories import BASEL, KEHL, SAINT_LOUIS
from .test_capitalisation import _reference_rows, make_sheet


def _world(app):
    _reference_rows(app)
    town = factories.make_org(app, **SAINT_LOUIS, borders=["FR-CH"], themes=["mobility", "health"])
    basel = factories.make_org(app, **BASEL, borders=["FR-CH"])
    # Another French town of the same size class (10,000-99,999) on the same border, and one far away.
    huningue = factories.make_org(app, name="Huningue", country="FR", population=17000, borders=["FR-CH"])
    hendaye = factories.make_org(app, name="Hendaye", country="FR", population=17000, borders=["FR-ES"])
    staff = factories.make_user(app, "facilitator")
    sheets = {
        "close": make_sheet(
            app,
            staff.id,
            status="published",
            title="Bus Huningue-Bâle",
            borders=["FR-CH"],
            themes=["mobility"],
            partner_ids=[huningue, basel],
            instrument_code="egtc",
        ),
        "border_only": make_sheet(
            app, staff.id, status="published", title="Festival rhénan", borders=["FR-CH"], themes=["culture"], partner_ids=[basel]
        ),
        "elsewhere": make_sheet(
            app,
            staff.id,
            status="published",
            title="Gare d'Hendaye",
            borders=["FR-ES"],
            themes=["mobility"],
            partner_ids=[hendaye],
        ),
        "draft": make_sheet(
            app, staff.id, title="Brouillon de tram", borders=["FR-CH"], themes=["mobility"], partner_ids=[huningue]
        ),
        "own": make_sheet(
            app,
            staff.id,
            status="published",
            title="Navette de Saint-Louis",
            borders=["FR-CH"],
            themes=["mobility"],
            partner_ids=[town],
        ),
    }
    return town, basel, sheets


def test_ranked_by_similarity_with_reasons(app):
    town, _basel, sheets = _world(app)
    with app.app_context():
        found = precedents([db.session.get(Organisation, town)])
        assert [(s.id, reasons) for s, reasons in found] == [
            (sheets["close"], ["border", "themes", "size", "instrument"]),
            (sheets["border_only"], ["border"]),
        ]


def test_the_three_pages_show_them_with_reasons_and_hide_drafts(app, client):
    town, basel, _sheets = _world(app)
    kehl = factories.make_org(app, **KEHL, borders=["FR-DE"])
    pages = [
        f"/organisations/{town}",
        f"/organisations/{town}/suggestions",
        f"/organisations/partnership?partners={town},{basel}",
    ]
    for url in pages:
        page = client.get(url).get_data(as_text=True)
        assert "Ce que d&#39;autres ont fait" in page or "Ce que d'autres ont fait" in page, url
        assert "Bus Huningue-Bâle" in page and "même frontière, thèmes en commun, taille comparable" in page, url
        assert "Brouillon de tram" not in page and "Gare d&#39;Hendaye" not in page, url
        section = page.split('<section class="precedents"')[1].split("</section>")[0]
        # A town's own project is its history; for a pair, only the pair's own projects are left out.
        assert ("Navette de Saint-Louis" in section) is ("partnership" in url), url
    assert "Aucune fiche projet publiée" in client.get(f"/organisations/{kehl}").get_data(as_text=True)
