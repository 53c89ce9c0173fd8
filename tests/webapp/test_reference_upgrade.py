"""Upgrading a database loaded from GeoNames places: everything people did follows the records to their municipality."""

from flask import current_app
from sqlalchemy import func, or_, select

from webapp.extensions import db as _db
from webapp.models import Claim, IntroductionRequest, Organisation, Tie, User, memberships
from webapp.services.introductions import request_introduction
from webapp.services.organisations import update_organisation
from webapp.services.reference.loader import load_reference
from webapp.services.reference.municipalities import read_localities, read_municipalities
from webapp.services.reference.places import read_geonames
from webapp.services.reference.upgrade import organisation_references

OLD_PLACES = {
    ("FR", "Saint-Louis"),
    ("FR", "Huningue"),
    ("FR", "Seynod"),
    ("BE", "Kortrijk"),
    ("BE", "Aalbeke"),
    ("BE", "Rekkem"),
    ("BE", "Marke"),
    ("DE", "Kehl"),
    ("CH", "Basel"),
    ("SR", "Albina"),
}
CODES = {
    ("FR", "68297"),
    ("FR", "68149"),
    ("FR", "74010"),
    ("BE", "34022"),
    ("BE", "34027"),
    ("DE", "08317057"),
    ("CH", "CH2701"),
}


def old_record(name, country):
    return _db.session.scalar(select(Organisation).where(Organisation.name == name, Organisation.country == country))


def municipality(code, country):
    return _db.session.scalar(select(Organisation).where(Organisation.official_code == code, Organisation.country == country))


def test_every_foreign_key_to_organisations_is_found():
    tables = {table.name for table, _ in organisation_references()}
    assert {"ties", "claims", "memberships", "introduction_requests", "organisation_labels", "localities"} <= tables


def test_upgrade_repoints_claims_ties_introductions_and_members(db):
    geonames = read_geonames()
    load_reference(places=[p for p in geonames if (p.country, p.name) in OLD_PLACES])  # how the database was loaded before
    aalbeke, saint_louis, kehl, basel = (
        old_record("Aalbeke", "BE"),
        old_record("Saint-Louis", "FR"),
        old_record("Kehl", "DE"),
        old_record("Basel", "CH"),
    )
    rekkem = old_record("Rekkem", "BE")
    user = User(email="eline@example.org", name="Eline", role="facilitator")
    user.set_password("correct-horse-battery")
    _db.session.add(user)
    _db.session.flush()
    _db.session.add(
        Claim(organisation_id=aalbeke.id, user_id=user.id, message="Schepen van Kortrijk")
    )  # pending: still a reference record
    _db.session.add(
        Tie(
            organisation_a_id=min(aalbeke.id, saint_louis.id),
            organisation_b_id=max(aalbeke.id, saint_louis.id),
            kind="cooperation",
            created_by_id=user.id,
            note="Fietsroute",
        )
    )
    with current_app.test_request_context():
        request_introduction(user, saint_louis, aalbeke, purpose="Vélo", message="Bonjour", ambition="exchange")
    _db.session.execute(memberships.insert().values(user_id=user.id, organisation_id=basel.id))
    update_organisation(kehl, {"description": "Große Kreisstadt am Rhein"})  # edited by a person
    rekkem.status = "registered"  # a claimed section: never merged nor changed
    _db.session.flush()
    ids = {"saint_louis": saint_louis.id, "kehl": kehl.id, "basel": basel.id, "rekkem": rekkem.id, "aalbeke": aalbeke.id}

    summary = load_reference(
        municipalities=[m for m in read_municipalities() if (m.country, m.code) in CODES],
        localities=[p for p in read_localities() if p.country in ("BE", "FR", "DE", "CH")],
        geonames=[p for p in geonames if p.country in ("BE", "FR", "DE", "CH")],
    )

    kortrijk = municipality("34022", "BE")
    assert _db.session.get(Organisation, ids["aalbeke"]) is None  # merged into its municipality
    assert _db.session.scalar(select(Claim.organisation_id)) == kortrijk.id
    tie = _db.session.scalar(select(Tie).where(Tie.kind == "cooperation"))
    assert {tie.organisation_a_id, tie.organisation_b_id} == {kortrijk.id, ids["saint_louis"]} and tie.note == "Fietsroute"
    request = _db.session.scalar(select(IntroductionRequest))
    assert (request.requester_id, request.counterpart_id) == (ids["saint_louis"], kortrijk.id)
    if hasattr(IntroductionRequest, "pair_low_id"):  # the ordered copy of the pair follows
        assert (request.pair_low_id, request.pair_high_id) == tuple(sorted((ids["saint_louis"], kortrijk.id)))
    # The same town is refreshed in place: its id (and what points to it) stays.
    assert municipality("68297", "FR").id == ids["saint_louis"] and municipality("CH2701", "CH").id == ids["basel"]
    assert _db.session.execute(select(memberships.c.organisation_id)).scalar() == ids["basel"]
    assert old_record("Kehl", "DE").id == ids["kehl"] and old_record("Kehl", "DE").description == "Große Kreisstadt am Rhein"
    assert _db.session.scalar(select(func.count()).select_from(Organisation).where(Organisation.name == "Kehl")) == 1
    # What was not merged is kept and reported: the claimed section, and a place with no municipality in the lists.
    assert _db.session.get(Organisation, ids["rekkem"]).status == "registered"
    upgrade = summary["municipalities"]["upgrade_examples"]
    assert "Rekkem (BE) → Menen / Menin" in upgrade["protected, kept"]
    assert "Albina (SR)" in upgrade["unmatched, kept"] and old_record("Albina", "SR") is not None
    assert any(example.startswith("Aalbeke (BE) → Kortrijk") for example in upgrade["merged"])
    # Seynod (a commune merged into Annecy in 2021) resolves to Annecy.
    assert old_record("Seynod", "FR") is None and "Seynod (FR) → Annecy" in upgrade["merged"]
    # Loading again changes nothing more.
    again = load_reference(
        municipalities=[m for m in read_municipalities() if (m.country, m.code) in CODES],
        localities=[p for p in read_localities() if p.country in ("BE", "FR", "DE", "CH")],
        geonames=[p for p in geonames if p.country in ("BE", "FR", "DE", "CH")],
    )
    assert "merged" not in again["municipalities"]["upgrade"]
    assert (
        _db.session.scalar(
            select(func.count())
            .select_from(Tie)
            .where(or_(Tie.organisation_a_id == kortrijk.id, Tie.organisation_b_id == kortrijk.id), Tie.kind == "cooperation")
        )
        == 1
    )


def test_merging_keeps_one_open_request_per_pair_and_folds_duplicate_ties(app):
    from webapp.models import RequestEvent
    from webapp.services.reference.upgrade import merge_organisation

    from .. import factories

    old, town, partner = (
        factories.make_org(app, status="reference", name=name, country=country)
        for name, country in (("Hégenheim (lieu)", "FR"), ("Hégenheim", "FR"), ("Allschwil", "CH"))
    )
    with app.app_context():
        user = User(email="lea@example.org", name="Léa", role="facilitator")
        user.set_password("correct-horse-battery")
        _db.session.add(user)
        _db.session.flush()
        orgs = {o.id: o for o in _db.session.scalars(select(Organisation))}
        with current_app.test_request_context():
            to_old = request_introduction(user, orgs[partner], orgs[old], purpose="Vélo", message="Bonjour", ambition="exchange")
            to_town = request_introduction(user, orgs[partner], orgs[town], purpose="Bus", message="Bonjour", ambition="exchange")
            between = request_introduction(user, orgs[old], orgs[town], purpose="Eau", message="Bonjour", ambition="exchange")
        old_tie = Tie(
            organisation_a_id=min(old, partner),
            organisation_b_id=max(old, partner),
            kind="twinning",
            source="Charte de 1990",
            note="Jumelage historique",
            since_year=1990,
        )
        town_tie = Tie(
            organisation_a_id=min(town, partner), organisation_b_id=max(town, partner), kind="twinning", note="Fête commune"
        )
        _db.session.add_all([old_tie, town_tie])
        _db.session.flush()
        to_old.tie_id = old_tie.id
        _db.session.flush()
        ids = {"to_old": to_old.id, "to_town": to_town.id, "between": between.id, "town_tie": town_tie.id}

        merge_organisation(orgs[old], orgs[town])
        _db.session.commit()

    with app.app_context():
        requests = {r.id: r for r in _db.session.scalars(select(IntroductionRequest))}
        assert len(requests) == 3  # nothing lost
        assert requests[ids["to_town"]].status == "new"  # the municipality's own request stays open
        for closed in (ids["to_old"], ids["between"]):  # a second open request of the pair, and a request to itself
            assert requests[closed].status == "closed"
            assert [
                (e.action, e.to_status)
                for e in _db.session.scalars(
                    select(RequestEvent).where(RequestEvent.request_id == closed).order_by(RequestEvent.id)
                )
            ][-1] == ("merged", "closed")
        assert {requests[ids["to_old"]].requester_id, requests[ids["to_old"]].counterpart_id} == {partner, town}
        ties = _db.session.scalars(select(Tie)).all()
        assert [t.id for t in ties] == [ids["town_tie"]]
        assert ties[0].source == "Charte de 1990" and ties[0].since_year == 1990
        assert "Fête commune" in ties[0].note and "Jumelage historique" in ties[0].note
        assert requests[ids["to_old"]].tie_id == ids["town_tie"]  # re-pointed, not nulled
