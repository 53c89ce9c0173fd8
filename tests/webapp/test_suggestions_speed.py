"""The API's suggestions path without ORM objects: few queries, and the same document as the schema's dump."""

import json
from datetime import date

import pytest
from flask_babel import force_locale
from flask_login import login_user
from sqlalchemy import event, select

from webapp.api.schemas import SuggestionsOut
from webapp.explanations import with_explanations
from webapp.extensions import db
from webapp.models import Organisation, OrganisationLabel, User
from webapp.services import suggestions

from .. import factories
from .test_suggestions import world  # noqa: F401  (the fixture)


@pytest.fixture
def labelled(app, world):  # noqa: F811
    """Saint-Louis with a private contact and a dated official label, so every card field is filled."""
    with app.app_context():
        db.session.get(Organisation, world["saint_louis"]).contact = "mairie@saint-louis.fr"
        for label in db.session.scalars(
            select(OrganisationLabel).where(OrganisationLabel.organisation_id == world["saint_louis"])
        ):
            label.listed_on, label.source, label.anct_id = date(2024, 3, 1), "ANCT", "PVD-68297"
        db.session.commit()
    return world


class QueryCounter:
    def __init__(self, engine):
        self.engine, self.count = engine, 0

    def _count(self, *_args):
        self.count += 1

    def __enter__(self):
        event.listen(self.engine, "before_cursor_execute", self._count)
        return self

    def __exit__(self, *exc):
        event.remove(self.engine, "before_cursor_execute", self._count)


def test_a_cold_suggestions_request_makes_at_most_three_queries(app, client, labelled):
    client.get(f"/api/v1/organisations/{labelled['kehl']}/suggestions?border=FR-DE")  # graph built, another organisation
    with app.app_context():
        engine = db.engine
    with QueryCounter(engine) as queries:
        # Bâle's first request in this process: Saint-Louis (labelled) and Riehen are suggested.
        response = client.get(f"/api/v1/organisations/{labelled['basel']}/suggestions?border=FR-CH")
    assert response.status_code == 200
    assert "Saint-Louis" in [s["organisation"]["name"] for s in response.json["suggestions"]]
    # Change log, the suggested organisations' columns, their labels: never a query per organisation or relation.
    assert 1 <= queries.count <= 3


def _schema_dump(app, organisation_id, border, user_id):
    """The document as the marshmallow schema dumps the ORM path (what the endpoint answered before)."""
    with app.test_request_context():
        if user_id:
            login_user(db.session.get(User, user_id))
        by_border = suggestions.counterparts(organisation_id, border=border)
        items = [
            {"organisation": o, "score": s["score"], "distance_km": s["distance_km"], "factors": s["factors"]}
            for o, s in by_border[border]
        ]
        dumped = SuggestionsOut().dump({"organisation": organisation_id, "border": border, "suggestions": items})
        return json.loads(app.json.dumps(dumped))


@pytest.mark.parametrize("viewer", ["anonymous", "member", "other_member", "facilitator"])
def test_the_document_is_the_schema_dump_for_every_viewer(app, client, auth, labelled, viewer):
    user_id = None
    if viewer != "anonymous":
        organisations = {"member": [labelled["saint_louis"]], "other_member": [labelled["menton"]]}.get(viewer, [])
        user = factories.make_user(app, "facilitator" if viewer == "facilitator" else "official", organisations=organisations)
        user_id, headers = user.id, auth.token(user.email)
    else:
        headers = {}
    response = client.get(f"/api/v1/organisations/{labelled['basel']}/suggestions?border=FR-CH", headers=headers)
    assert response.status_code == 200
    expected = _schema_dump(app, labelled["basel"], "FR-CH", user_id)
    assert response.json == expected
    saint_louis = next(
        s["organisation"] for s in response.json["suggestions"] if s["organisation"]["id"] == labelled["saint_louis"]
    )
    assert ("contact" in saint_louis) is (viewer in ("member", "facilitator"))
    assert saint_louis["label_details"] and saint_louis["label_details"][0]["listed_on"] == "2024-03-01"


def test_explanations_follow_the_language_of_each_request(app, client, labelled):
    url = f"/api/v1/organisations/{labelled['basel']}/suggestions?border=FR-CH"
    french = [f["explanation"] for f in client.get(url).json["suggestions"][0]["factors"]]
    english = [f["explanation"] for f in client.get(url + "&lang=en").json["suggestions"][0]["factors"]]
    with app.test_request_context(), force_locale("en"):
        first = suggestions.counterparts(labelled["basel"], border="FR-CH")["FR-CH"][0][1]
        expected = [f["explanation"] for f in with_explanations(first)["factors"]]
    assert english == expected and english != french
