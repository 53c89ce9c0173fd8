"""A label a user ticks is declared until a facilitator confirms it; official ones come from a dated list.
Shown differently in the pages and in the API; the massif filter in the directory and the API."""

from datetime import date

import pytest
from sqlalchemy import select

from webapp.extensions import db as _db
from webapp.models import Organisation, OrganisationLabel

from .. import factories


@pytest.fixture
def towns(app):
    declared = factories.make_org(app, status="registered", name="Ferney-Voltaire", official_code="01160", labels=["pvd"])
    official = factories.make_org(app, status="reference", name="Hendaye", official_code="64260")
    with app.app_context():
        hendaye = _db.session.get(Organisation, official)
        hendaye.massif = "pyrenees"
        hendaye.labels.append(
            OrganisationLabel(label="va", status="official", source="ANCT, Villages d'avenir", listed_on=date(2024, 9, 5))
        )
        _db.session.commit()
    return declared, official


def label(app, organisation_id):
    with app.app_context():
        item = _db.session.scalar(select(OrganisationLabel).where(OrganisationLabel.organisation_id == organisation_id))
        return item.status, item.confirmed_by_id


def test_a_ticked_label_is_declared_and_shown_as_such(app, client, towns):
    declared, official = towns
    assert label(app, declared)[0] == "declared"
    page = client.get(f"/organisations/{declared}").get_data(as_text=True)
    assert "label-declared" in page and "(déclaré)" in page and "Confirmer ce label" not in page  # only staff confirm
    page = client.get(f"/organisations/{official}").get_data(as_text=True)
    assert "label-official" in page and "ANCT, Villages d&#39;avenir" in page and "(déclaré)" not in page


def test_a_facilitator_confirms_a_declared_label(app, client, auth, towns):
    declared, _ = towns
    staff = factories.make_user(app, "facilitator")
    auth.login(staff.email)
    assert "Confirmer ce label" in client.get(f"/organisations/{declared}").get_data(as_text=True)
    response = client.post(f"/organisations/{declared}/labels/pvd/confirm")
    assert response.status_code == 302
    assert label(app, declared) == ("confirmed", staff.id)
    again = client.post(f"/organisations/{declared}/labels/pvd/confirm", follow_redirects=True)
    assert "pas un label déclaré" in again.get_data(as_text=True)  # nothing left to confirm: a message, no 500


def test_only_staff_may_confirm(app, client, auth, towns):
    declared, _ = towns
    official = factories.make_user(app, "official", organisations=[declared])
    auth.login(official.email)
    assert client.post(f"/organisations/{declared}/labels/pvd/confirm").status_code == 403
    assert label(app, declared)[0] == "declared"


def test_api_keeps_label_codes_and_adds_their_details(client, towns):
    declared, official = towns
    items = {item["id"]: item for item in client.get("/api/v1/organisations").json["items"]}
    assert items[declared]["labels"] == ["pvd"]
    assert items[declared]["label_details"] == [
        {"code": "pvd", "status": "declared", "source": None, "listed_on": None, "anct_id": None}
    ]
    assert items[official]["label_details"][0] == {
        "code": "va",
        "status": "official",
        "source": "ANCT, Villages d'avenir",
        "listed_on": "2024-09-05",
        "anct_id": None,
    }


def test_massif_filter_in_the_directory_and_the_api(client, towns):
    _, official = towns
    assert [item["id"] for item in client.get("/api/v1/organisations?massif=pyrenees").json["items"]] == [official]
    assert client.get("/api/v1/organisations?massif=himalaya").status_code == 422
    page = client.get("/organisations/?massif=pyrenees").get_data(as_text=True)
    assert "Hendaye" in page and "Ferney-Voltaire" not in page


@pytest.fixture
def labelled_town(app):
    """A French town with an official label (the importer's) and a confirmed one (staff), and a member."""
    town = factories.make_org(app, status="reference", name="Hendaye", official_code="64260")
    staff = factories.make_user(app, "facilitator")
    with app.app_context():
        hendaye = _db.session.get(Organisation, town)
        hendaye.labels.append(OrganisationLabel(label="pvd", status="official", source="ANCT, PVD", anct_id="PVD-64260"))
        hendaye.labels.append(OrganisationLabel(label="va", status="confirmed", confirmed_by_id=staff.id))
        _db.session.commit()
    member = factories.make_user(app, "official", organisations=[town])
    return town, member


def labels_of(app, organisation_id):
    with app.app_context():
        return {
            item.label: item.status
            for item in _db.session.scalars(select(OrganisationLabel).where(OrganisationLabel.organisation_id == organisation_id))
        }


def test_a_member_cannot_remove_official_or_confirmed_labels_through_the_api(app, client, auth, labelled_town):
    town, member = labelled_town
    headers = auth.token(member.email)
    response = client.patch(f"/api/v1/organisations/{town}", json={"labels": []}, headers=headers)
    assert response.status_code == 200, response.json
    assert labels_of(app, town) == {"pvd": "official", "va": "confirmed"}
    response = client.patch(f"/api/v1/organisations/{town}", json={"labels": ["am"]}, headers=headers)
    assert response.status_code == 200 and response.json["labels"] == ["am", "pvd", "va"]
    assert labels_of(app, town) == {"am": "declared", "pvd": "official", "va": "confirmed"}
    client.patch(f"/api/v1/organisations/{town}", json={"labels": []}, headers=headers)
    assert labels_of(app, town) == {"pvd": "official", "va": "confirmed"}  # a declared label goes as it came


def test_a_member_cannot_remove_official_or_confirmed_labels_through_the_form(app, client, auth, labelled_town):
    town, member = labelled_town
    auth.login(member.email)
    values = dict(
        name="Hendaye", kind="commune", country="FR", official_code="64260", latitude="43.37", longitude="-1.78", labels=["am"]
    )
    assert client.post(f"/organisations/{town}/edit", data=values).status_code == 302
    assert labels_of(app, town) == {"am": "declared", "pvd": "official", "va": "confirmed"}
    assert client.post(f"/organisations/{town}/edit", data={k: v for k, v in values.items() if k != "labels"}).status_code == 302
    assert labels_of(app, town) == {"pvd": "official", "va": "confirmed"}


@pytest.fixture
def border_towns(app):
    """Three French towns near FR-CH, none tied across: one label each, declared, official, confirmed."""
    staff = factories.make_user(app, "facilitator")
    towns = {}
    for status, name, code in (
        ("declared", "Hégenheim", "68126"),
        ("official", "Huningue", "68149"),
        ("confirmed", "Village-Neuf", "68349"),
    ):
        towns[status] = factories.make_org(app, status="reference", name=name, official_code=code, latitude=47.58, longitude=7.56)
        with app.app_context():
            _db.session.add(
                OrganisationLabel(
                    organisation_id=towns[status],
                    label="pvd",
                    status=status,
                    confirmed_by_id=staff.id if status == "confirmed" else None,
                )
            )
            _db.session.commit()
    return towns


def test_only_official_and_confirmed_labels_count_as_labelled(app, border_towns):
    import graph as engine
    from webapp.services import graph_bridge
    from webapp.services.reference.browse import labelled_towns_near
    from webapp.services.reference.official_labels import labelled_near_borders
    from webapp.services.request_figures import dashboard_figures

    trusted = {border_towns["official"], border_towns["confirmed"]}
    with app.app_context():
        assert {town.id for town, _ in labelled_towns_near("FR-CH")} == set(border_towns.values())  # listed, marked as declared
        assert labelled_near_borders()["FR-CH"] == {"pvd": 2}
        assert dashboard_figures("FR-CH")["labelled"] == {"pvd": {"total": 2, "tied": 0}}
        G = graph_bridge.current_graph()
        assert G.nodes[border_towns["declared"]]["labels"] == {"pvd"}  # shown and filtered on, marked as declared
        assert G.nodes[border_towns["declared"]]["trusted_labels"] == frozenset()
        assert set(engine.border_metrics(G, "FR-CH")["unconnected_labelled"]) == trusted
