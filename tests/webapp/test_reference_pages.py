import pytest

from webapp.extensions import db as _db
from webapp.services.reference.loader import load_reference

from .. import factories
from ..factories import BASEL, KEHL, SAINT_LOUIS


@pytest.fixture
def reference(app):
    """Curated data and structures (the place list is left empty: the tests add what they need)."""
    with app.app_context():
        load_reference(places=[])
        _db.session.commit()


def test_border_page_lists_instruments_programmes_structures_and_labelled_towns(app, client, reference):
    saint_louis = factories.make_org(app, **SAINT_LOUIS)  # PVD, near FR-CH and FR-DE
    basel = factories.make_org(app, **BASEL)
    kehl = factories.make_org(app, **KEHL)
    factories.make_org(app, name="Huningue", official_code="68149", latitude=47.5925, longitude=7.5831, labels=["va"])
    factories.make_tie(app, saint_louis, basel, "cooperation")
    factories.make_tie(app, saint_louis, kehl, "twinning")
    page = client.get("/borders/FR-CH").get_data(as_text=True)
    # Instruments from lightest to strongest; the EGTC only through the third-country route.
    assert page.index("Convention de coopération") < page.index("accord de Karlsruhe") < page.index("GECT")
    assert "voie « pays tiers » seulement" in page and "accord de Bruxelles" not in page
    assert "Interreg France-Suisse" in page and "Interreg Rhin Supérieur" in page and "ALCOTRA" not in page
    assert "Grand Genève" in page and "Eurodistrict Trinational de Bâle" in page
    assert "Haut-Rhin (68)" in page
    rows = {name: page.split(f">{name}</a></th>")[1].split("</tr>")[0] for name in ("Saint-Louis", "Huningue")}
    assert "<td>2</td>" in rows["Saint-Louis"] and "<td>0</td>" in rows["Huningue"]


def test_border_without_reference_data_has_an_empty_state(client):
    page = client.get("/borders/FR-SX").get_data(as_text=True)
    assert "Les données de référence ne sont pas chargées" in page
    assert "Aucune commune labellisée connue" in page


def test_unknown_border_is_404(client):
    assert client.get("/borders/FR-XX").status_code == 404


def test_monaco_border_has_no_bilateral_agreement(client, reference):
    page = client.get("/borders/FR-MC").get_data(as_text=True)
    assert "Convention de coopération" in page and "GECT" in page
    for bilateral in ("Karlsruhe", "Bruxelles", "Bayonne", "Rome"):
        assert bilateral not in page


def test_instrument_and_programme_pages(client, reference):
    page = client.get("/instruments/glct_karlsruhe").get_data(as_text=True)
    assert "23 janvier 1996" in page

    def status(border_name):
        item = page.split(f"{border_name}</a> :")[1].split("</li>")[0]
        return " ".join(item.split())

    assert status("France – Allemagne") == "applicable"
    assert status("France – Italie") == "non applicable"
    assert status("France – Suisse") == "applicable"
    assert client.get("/instruments/unknown").status_code == 404
    page = client.get("/programmes/alcotra").get_data(as_text=True)
    assert "Savoie (73)" in page and "Provincia di Cuneo" in page
    listing = client.get("/programmes/").get_data(as_text=True)
    assert listing.count('href="/programmes/') == 12
    assert "(zone à vérifier)" in listing
    assert client.get("/instruments/").get_data(as_text=True).count('href="/instruments/') == 10


def test_structure_page_shows_legal_form_and_members(app, client, reference):
    from sqlalchemy import select

    from webapp.models import Organisation

    with app.app_context():
        structure_id = _db.session.scalar(select(Organisation.id).where(Organisation.name == "Consorcio Bidasoa-Txingudi"))
    page = client.get(f"/organisations/{structure_id}").get_data(as_text=True)
    assert "Consorcio" in page and "1998" in page and "Espagne" in page and "Membres : Hendaye, Irun, Hondarribia" in page
