"""Nothing is erased: an organisation anything refers to is archived, and its history stays for the other side and the MOT."""

import pytest
from sqlalchemy import delete, func, select
from sqlalchemy.exc import IntegrityError

from webapp.extensions import db as _db
from webapp.models import Claim, IntroductionRequest, Notification, Organisation, RequestEvent, RequestNote, Tie, User
from webapp.services import introductions as introductions_service
from webapp.services import organisations as organisations_service
from webapp.services.graph_bridge import current_graph

from .. import factories
from ..factories import BASEL, KEHL, SAINT_LOUIS
from .test_races import INTRODUCTION, bearer, signed_in_client


def count(app, model, *where):
    with app.app_context():
        return _db.session.scalar(select(func.count()).select_from(model).where(*where))


@pytest.fixture
def history(app):
    """Saint-Louis asked to meet Basel; a facilitator moved the request and wrote a note; both were told."""
    saint_louis, basel = factories.make_org(app, **SAINT_LOUIS), factories.make_org(app, **BASEL)
    official = factories.make_user(app, "official", organisations=[saint_louis])
    partner = factories.make_user(app, "partner", organisations=[basel])
    facilitator = factories.make_user(app, "facilitator")
    with app.app_context():
        facilitator_row = _db.session.get(User, facilitator.id)
        request = introductions_service.request_introduction(
            _db.session.get(User, official.id),
            _db.session.get(Organisation, saint_louis),
            _db.session.get(Organisation, basel),
            **INTRODUCTION,
        )
        introductions_service.move(request, facilitator_row, "in_review", note="Appel à la mairie")
        introductions_service.add_note(request, facilitator_row, "Le maire préfère l'allemand.")
        _db.session.commit()
        request_id = request.id
    return dict(
        saint_louis=saint_louis, basel=basel, official=official, partner=partner, facilitator=facilitator, request=request_id
    )


def test_deleting_an_organisation_with_requests_keeps_them_for_the_other_side(app, history):
    client = signed_in_client(app, history["official"])
    assert client.post(f"/organisations/{history['saint_louis']}/delete").status_code == 302
    archived = factories.get(app, Organisation, history["saint_louis"])
    assert archived is not None and archived.archived_at is not None and archived.archived_by_id == history["official"].id
    events, notes = count(app, RequestEvent), count(app, RequestNote)
    assert events == 2 and notes == 1 and count(app, Notification) > 0

    page = signed_in_client(app, history["partner"]).get(f"/introductions/{history['request']}")
    assert page.status_code == 200 and "Saint-Louis" in page.get_data(as_text=True)
    desk = signed_in_client(app, history["facilitator"]).get(f"/introductions/{history['request']}")
    assert desk.status_code == 200 and "Le maire préfère l'allemand." in desk.get_data(as_text=True).replace("&#39;", "'")
    api = app.test_client().get(f"/api/v1/introductions/{history['request']}", headers=bearer(app, history["partner"]))
    assert api.status_code == 200 and len(api.json["events"]) == 2


def test_api_delete_archives_too(app, history):
    response = app.test_client().delete(f"/api/v1/organisations/{history['basel']}", headers=bearer(app, history["partner"]))
    assert response.status_code == 204
    archived = factories.get(app, Organisation, history["basel"])
    assert archived.archived_at is not None and archived.archived_by_id == history["partner"].id
    assert count(app, IntroductionRequest) == 1


def test_an_archived_organisation_leaves_the_directory_search_and_graph(app, history):
    tie = factories.make_tie(app, history["saint_louis"], history["basel"], "twinning")
    with app.app_context():
        assert history["basel"] in current_graph()  # this worker's graph, built before the archive
    signed_in_client(app, history["partner"]).post(f"/organisations/{history['basel']}/delete")
    with app.app_context():
        assert history["basel"] not in current_graph()  # the change log told it
        assert not current_graph().has_edge(history["saint_louis"], history["basel"])
    anonymous = app.test_client()
    assert "Bâle" not in anonymous.get("/organisations/?q=bale").get_data(as_text=True)
    assert [o["name"] for o in anonymous.get("/api/v1/organisations?country=CH").json["items"]] == []
    assert count(app, Tie, Tie.id == tie) == 1  # the tie is history: kept, out of the graph


def test_an_archived_page_is_shown_only_to_those_with_a_reason(app, history):
    signed_in_client(app, history["partner"]).post(f"/organisations/{history['basel']}/delete")
    url = f"/organisations/{history['basel']}"
    assert app.test_client().get(url).status_code == 404
    assert app.test_client().get(f"/api/v1/organisations/{history['basel']}").status_code == 404
    assert signed_in_client(app, factories.make_user(app, "official")).get(url).status_code == 404
    assert signed_in_client(app, history["partner"]).get(url).status_code == 404  # its own member removed it
    for user in (history["facilitator"], history["official"]):  # the MOT, and the other side of a request
        page = signed_in_client(app, user).get(url)
        assert page.status_code == 200 and "archivée" in page.get_data(as_text=True)
        assert "/introductions/new/" not in page.get_data(as_text=True)  # no new request to an archived organisation


def test_an_organisation_nothing_refers_to_is_really_deleted(app):
    facilitator = factories.make_user(app, "facilitator")
    lonely = factories.make_org(app, **KEHL)
    assert signed_in_client(app, facilitator).post(f"/organisations/{lonely}/delete").status_code == 302
    assert factories.get(app, Organisation, lonely) is None


def test_claims_and_members_count_as_history(app):
    kehl = factories.make_org(app, status="reference", **KEHL)
    claimant = factories.make_user(app, "partner")
    with app.app_context():
        _db.session.add(Claim(organisation_id=kehl, user_id=claimant.id))
        _db.session.commit()
        assert organisations_service.references(kehl)["claims"] == 1
        assert organisations_service.delete_organisation(_db.session.get(Organisation, kehl)) == "archived"
        _db.session.commit()
    assert count(app, Claim) == 1


def test_no_new_request_or_tie_with_an_archived_organisation(app, history):
    signed_in_client(app, history["partner"]).post(f"/organisations/{history['basel']}/delete")
    kehl = factories.make_org(app, **KEHL)
    member = factories.make_user(app, "partner", organisations=[kehl])
    client = app.test_client()
    tie = client.post(
        f"/api/v1/organisations/{kehl}/ties", headers=bearer(app, member), json={"other_id": history["basel"], "kind": "twinning"}
    )
    assert tie.status_code == 422
    with app.app_context():
        with pytest.raises(introductions_service.ValidationFailed):
            introductions_service.request_introduction(
                _db.session.get(User, member.id),
                _db.session.get(Organisation, kehl),
                _db.session.get(Organisation, history["basel"]),
                **INTRODUCTION,
            )


def test_the_database_refuses_to_erase_history(app, history):
    """Even a direct DELETE (a script, a console) cannot take requests or ties with it: ON DELETE RESTRICT."""
    with app.app_context():
        with pytest.raises(IntegrityError):
            _db.session.execute(delete(Organisation).where(Organisation.id == history["saint_louis"]))
            _db.session.flush()
        _db.session.rollback()
    assert count(app, IntroductionRequest) == 1


def test_deleting_a_user_keeps_everyone_elses_history(app, history):
    with app.app_context():
        for user_id in (history["official"].id, history["facilitator"].id):
            _db.session.delete(_db.session.get(User, user_id))
        _db.session.commit()
    assert count(app, IntroductionRequest) == 1 and count(app, RequestEvent) == 2 and count(app, RequestNote) == 1
    request = factories.get(app, IntroductionRequest, history["request"])
    assert request.requested_by_id is None and request.status == "in_review"
    page = signed_in_client(app, history["partner"]).get(f"/introductions/{history['request']}")
    assert page.status_code == 200


def test_an_archived_organisation_is_not_offered_as_a_requester(app, history):
    kehl = factories.make_org(app, **KEHL)
    signed_in_client(app, history["official"]).post(f"/organisations/{history['saint_louis']}/delete")
    form = signed_in_client(app, history["official"]).get(f"/introductions/new/{kehl}", follow_redirects=True)
    assert "Rattachez-vous d" in form.get_data(as_text=True)  # its only organisation is archived: nothing to ask for
