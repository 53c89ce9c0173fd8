"""``flask network synthetic``: a seeded network written in bulk, then served by the same API."""

from sqlalchemy import func, select

from webapp.extensions import db as _db
from webapp.models import Organisation, OrganisationBorder, Tie
from webapp.services.synthetic import read_anchors

from .. import factories


def test_anchors_are_the_vendored_border_places():
    anchors = read_anchors()
    assert len(anchors) > 10_000
    assert {a["country"] for a in anchors} >= {"FR", "BE", "LU", "DE", "CH", "IT", "ES"}
    assert all(a["border"].startswith("FR-") and -62 < a["longitude"] < 10 for a in anchors)


def test_the_command_writes_a_network_the_api_serves(app, runner, auth):
    kept = factories.make_org(app, name="Delle", latitude=47.508, longitude=6.997)
    result = runner.invoke(args=["network", "synthetic", "--nodes", "300", "--edges", "900", "--seed", "5", "--yes"])
    assert result.exit_code == 0, result.output
    assert "Added 300 organisations" in result.output and "ties: 900/900" in result.output
    with app.app_context():
        assert _db.session.scalar(select(func.count()).select_from(Organisation)) == 301
        assert _db.session.scalar(select(func.count()).select_from(Tie)) == 900
        assert _db.session.scalar(select(func.count()).select_from(OrganisationBorder)) >= 300
        first = _db.session.scalar(select(func.min(Organisation.id)).where(Organisation.source == "synthetic"))
    assert first == kept + 1

    headers = auth.token(factories.make_user(app, "facilitator").email)
    whole = client_get(app, "/api/v1/graph?format=columnar", headers)
    assert len(whole["nodes"]["id"]) == 301 and len(whole["edges"]["source"]) == 900
    border = client_get(app, "/api/v1/graph?format=columnar&border=FR-CH", headers)
    assert 0 < len(border["nodes"]["id"]) < 301
    assert factories.make_org(app, name="Boncourt", country="CH") == kept + 301  # ids go on after the synthetic ones

    result = runner.invoke(args=["network", "synthetic", "--remove"])
    assert result.exit_code == 0 and "Removed 300" in result.output
    assert client_get(app, "/api/v1/graph?format=columnar", headers)["nodes"]["id"] == [kept, kept + 301]


def test_the_same_seed_writes_the_same_network(app, runner):
    def snapshot():
        with app.app_context():
            first_id = _db.session.scalar(select(func.min(Organisation.id)))
            ties = _db.session.execute(select(Tie.organisation_a_id, Tie.organisation_b_id, Tie.kind).order_by(Tie.id))
            return (
                _db.session.execute(select(Organisation.name, Organisation.latitude).order_by(Organisation.id)).all(),
                [(a - first_id, b - first_id, kind) for a, b, kind in ties],
            )

    assert runner.invoke(args=["network", "synthetic", "--nodes", "50", "--edges", "80", "--seed", "2", "--yes"]).exit_code == 0
    first = snapshot()
    assert runner.invoke(args=["network", "synthetic", "--remove"]).exit_code == 0
    assert runner.invoke(args=["network", "synthetic", "--nodes", "50", "--edges", "80", "--seed", "2", "--yes"]).exit_code == 0
    assert snapshot() == first  # ids move on (50 later): the same places, the same ties between them


def test_an_impossible_size_is_a_clean_error(app, runner):
    result = runner.invoke(args=["network", "synthetic", "--nodes", "3", "--edges", "10", "--yes"])
    assert result.exit_code != 0 and "Cannot draw 10" in result.output


def client_get(app, url, headers):
    response = app.test_client().get(url, headers=headers)
    assert response.status_code == 200, response.get_data(as_text=True)
    return response.json


def test_the_command_asks_before_writing_fake_organisations(app, runner):
    refused = runner.invoke(args=["network", "synthetic", "--nodes", "50", "--edges", "80"], input="n\n")
    assert refused.exit_code == 1 and "synthetic organisations" in refused.output
    with app.app_context():
        assert _db.session.scalar(select(func.count()).select_from(Organisation).where(Organisation.source == "synthetic")) == 0
