"""A facilitator edits a rapport d'étonnement's free parts, saves versions and shares one with the town;
the town's members read the last shared version only, never an unshared edit."""

import pytest

from webapp.extensions import db
from webapp.models import Notification, ReportVersion

from .. import factories
from .test_report_documents import pdf_text
from .test_reports import town  # noqa: F401  (the fixture: Saint-Louis, Basel, a structure, sheets, users)


def _edit(client, organisation_id, introduction, steps=""):
    return client.post(f"/sheets/reports/{organisation_id}/edit", data={"introduction": introduction, "next_steps": steps})


def _as(client, auth, user):
    auth.logout()
    auth.login(user.email)


def test_edit_share_and_read(client, auth, town, app):
    staff, member = town["users"]["facilitator"], town["users"]["official"]
    url = f"/sheets/reports/{town['town']}"
    _as(client, auth, staff)
    assert "Aucune version" in client.get(f"{url}/edit").get_data(as_text=True)
    response = _edit(
        client,
        town["town"],
        "Madame la Maire, voici ce qui nous a frappés.",
        "Rencontrer Bâle en janvier\n\n  Visiter le Trinational  ",
    )
    assert response.status_code == 302 and response.location.endswith(url)

    page = client.get(url).get_data(as_text=True)  # staff read the unshared version
    assert "Madame la Maire" in page and "Version 1, pas encore partagée" in page
    steps = page.split("Prochaines étapes")[1]
    assert "Rencontrer Bâle en janvier" in steps and "Visiter le Trinational" in steps
    assert "Commencer par une convention" not in steps  # the facilitator's steps replace the generated ones

    _as(client, auth, member)  # not shared yet: the member reads the generated report
    page = client.get(url).get_data(as_text=True)
    assert "Madame la Maire" not in page and "Rencontrer Bâle" not in page and "Version générée" in page
    assert "Commencer par une convention" in page
    assert client.get(f"{url}/edit").status_code == 403
    assert client.post(f"{url}/share").status_code == 403

    _as(client, auth, staff)
    assert client.post(f"{url}/share").status_code == 302
    with app.app_context():  # the town's members hear of it, phrased in their language when read
        (notice,) = db.session.scalars(db.select(Notification)).all()
        assert notice.user_id == member.id and notice.code == "report_shared"
        assert notice.params == {"organisation": "Saint-Louis", "organisation_id": town["town"], "audience": "town"}
    mail = factories.queued_mail(app)
    assert f"{member.email} | Passerelle : La MOT vous a transmis le rapport d'étonnement de Saint-Louis." in mail
    _edit(client, town["town"], "Brouillon suivant, pas pour la commune.")  # version 2, unshared

    _as(client, auth, member)
    assert "La MOT vous a transmis le rapport d&#39;étonnement de Saint-Louis." in client.get("/notifications/").get_data(
        as_text=True
    )
    page = client.get(url).get_data(as_text=True)
    assert "Madame la Maire" in page and "Rencontrer Bâle en janvier" in page and "Version 1, partagée" in page
    assert "Brouillon suivant" not in page
    body = client.get(f"/api/v1/organisations/{town['town']}/report").json
    assert body["introduction"].startswith("Madame la Maire") and body["version"]["number"] == 1
    assert body["next_steps"] == ["Rencontrer Bâle en janvier", "Visiter le Trinational"]
    assert body["version"]["shared_at"].endswith("+00:00")
    assert "Brouillon suivant" not in pdf_text(client.get(f"{url}/pdf").data)
    assert "Madame la Maire" in pdf_text(client.get(f"{url}/pdf").data)

    _as(client, auth, staff)
    history = client.get(f"{url}/edit").get_data(as_text=True)
    assert "Brouillon suivant" in history and "Madame la Maire" in history
    assert client.get(f"/api/v1/organisations/{town['town']}/report").json["version"]["number"] == 2
    with app.app_context():
        versions = db.session.scalars(db.select(ReportVersion).order_by(ReportVersion.number)).all()
        assert [(v.number, v.shared_at is not None, v.edited_by_id) for v in versions] == [
            (1, True, staff.id),
            (2, False, staff.id),
        ]


def test_sharing_twice_is_refused_and_sharing_without_edit_shares_the_generated_report(client, auth, town, app):
    auth.login(town["users"]["facilitator"].email)
    url = f"/sheets/reports/{town['town']}"
    client.post(f"{url}/share")
    page = client.get(url, follow_redirects=True).get_data(as_text=True)
    assert "Version 1, partagée" in page
    response = client.post(f"{url}/share", follow_redirects=True)
    assert "déjà partagée" in response.get_data(as_text=True)
    with app.app_context():
        (version,) = db.session.scalars(db.select(ReportVersion)).all()
        assert version.introduction is None and version.next_steps is None


def test_too_many_or_too_long_steps_are_refused(client, auth, town, app):
    auth.login(town["users"]["facilitator"].email)
    assert _edit(client, town["town"], "", "\n".join(f"Étape {i}" for i in range(11))).status_code == 200
    assert _edit(client, town["town"], "", "x" * 301).status_code == 200
    with app.app_context():
        assert db.session.scalar(db.select(db.func.count(ReportVersion.id))) == 0


def test_two_facilitators_saving_at_once_conflict(app, town, monkeypatch):
    """Both read the same last number: the unique (organisation, number) index refuses the second (409, not 500)."""
    from webapp.errors import Conflict
    from webapp.models import Organisation, User
    from webapp.services import report_versions

    with app.app_context():
        organisation = db.session.get(Organisation, town["town"])
        user = db.session.get(User, town["users"]["facilitator"].id)
        report_versions.save_version(organisation, user, introduction="first", next_steps=None)
        monkeypatch.setattr(report_versions, "_next_number", lambda organisation: 1)
        with pytest.raises(Conflict):
            report_versions.save_version(organisation, user, introduction="second", next_steps=None)
        db.session.commit()  # the first one survives the savepoint's rollback
        assert [v.introduction for v in report_versions.history(organisation)] == ["first"]
