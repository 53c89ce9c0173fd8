"""The graph's organisation records read as plain rows are those of the ORM objects, field for field."""

from sqlalchemy import select

from webapp.extensions import db as _db
from webapp.models import Organisation, OrganisationLabel
from webapp.services.graph_records import organisation_record, organisation_records
from webapp.services.organisations import delete_organisation
from webapp.services.reference.loader import load_reference

from .. import factories
from ..factories import BASEL, KEHL, SAINT_LOUIS


def test_rows_give_the_same_records_as_objects(app):
    saint_louis = factories.make_org(app, **(SAINT_LOUIS | {"themes": ["health", "mobility"], "labels": ["va", "pvd"]}))
    factories.make_org(app, status="verified", languages=["de", "fr"], **BASEL)
    kehl = factories.make_org(app, **KEHL)
    archived = factories.make_org(app, name="Hégenheim", official_code="68126", latitude=47.562, longitude=7.523)
    factories.make_tie(app, saint_louis, kehl)
    factories.make_tie(app, archived, kehl)  # a tie keeps it: archived, not deleted
    with app.app_context():
        load_reference(places=[])  # structures: covered countries, legal forms, memberships
        _db.session.add(OrganisationLabel(organisation_id=kehl, label="am", status="official"))
        delete_organisation(_db.session.get(Organisation, archived))
        _db.session.commit()
        objects = _db.session.scalars(select(Organisation).where(Organisation.archived_at.is_(None)).order_by(Organisation.id))
        expected = [organisation_record(o) for o in objects]
        found = sorted(organisation_records(), key=lambda r: r["id"])
    assert found == expected and archived not in {r["id"] for r in found}
    by_id = {r["id"]: r for r in found}
    assert by_id[saint_louis]["labels"] == ["pvd", "va"] and by_id[saint_louis]["trusted_labels"] == []  # declared
    assert by_id[kehl]["trusted_labels"] == ["am"]
    assert any(r["covered_countries"] for r in found) and any(r["border_km"] for r in found)
