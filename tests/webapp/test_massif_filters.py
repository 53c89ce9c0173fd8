"""The massif filter (Avenir Montagnes, Commissariats de massif) on the network views and the dashboard."""

import pytest
from sqlalchemy import update

from webapp.extensions import db
from webapp.models import Organisation, OrganisationLabel

from .. import factories


@pytest.fixture
def mountains(app):
    ids = {
        "rousses": factories.make_org(
            app, name="Les Rousses", official_code="39470", latitude=46.4847, longitude=6.0636, labels=["pvd"]
        ),
        "delle": factories.make_org(app, name="Delle", official_code="90033", latitude=47.5083, longitude=6.9989, labels=["pvd"]),
        "chenit": factories.make_org(app, name="Le Chenit", country="CH", latitude=46.6056, longitude=6.2316),
    }
    with app.app_context():
        db.session.execute(update(Organisation).where(Organisation.id == ids["rousses"]).values(massif="jura"))
        db.session.execute(update(OrganisationLabel).values(status="official"))
        db.session.commit()
    return ids


def test_graph_api_keeps_the_massif(client, mountains):
    every = {n["name"] for n in client.get("/api/v1/graph?border=FR-CH").json["nodes"]}
    jura = {n["name"] for n in client.get("/api/v1/graph?border=FR-CH&massif=jura").json["nodes"]}
    assert {"Les Rousses", "Delle", "Le Chenit"} <= every
    assert jura == {"Les Rousses"}
    refused = client.get("/api/v1/graph?border=FR-CH&massif=himalaya")
    assert refused.status_code == 422 and "massif" in refused.json["error"]["fields"]


def test_network_page_offers_the_massif_filter(client, mountains):
    page = client.get("/network/?border=FR-CH&massif=jura").get_data(as_text=True)
    assert 'name="massif" value="jura" checked' in page


def test_dashboard_gap_analysis_by_massif(app, client, auth, mountains):
    factories.make_user(app, "facilitator", email="mot@example.org")
    auth.login("mot@example.org")
    every = client.get("/introductions/dashboard?border=FR-CH").get_data(as_text=True)
    jura = client.get("/introductions/dashboard?border=FR-CH&massif=jura").get_data(as_text=True)
    assert "Petites Villes de Demain</th><td>2</td>" in every and "Delle" in every
    assert "Petites Villes de Demain</th><td>1</td>" in jura and "Delle" not in jura and "Les Rousses" in jura
    assert '<option value="jura" selected>' in jura
