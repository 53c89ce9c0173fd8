"""Read models for the border, instrument and programme pages."""

from collections import Counter

from sqlalchemy import exists, or_, select
from sqlalchemy.orm import aliased

from ...extensions import db
from ...geo.borders import border_by_code, load_borders
from ...models import Instrument, Organisation, OrganisationBorder, OrganisationLabel, Programme, Tie
from ..borders import organisations_near


def all_instruments():
    """Lightest first."""
    return db.session.scalars(select(Instrument).order_by(Instrument.rank, Instrument.code)).all()


def all_programmes():
    return db.session.scalars(select(Programme).order_by(Programme.kind, Programme.name)).all()


def instruments_for_border(code):
    return [i for i in all_instruments() if i.applies_to(code)]


def programmes_for_border(code):
    neighbour = border_by_code(code).neighbour
    return [p for p in all_programmes() if "FR" in p.countries and neighbour in p.countries]


def structures_for_border(code):
    query = (
        select(Organisation)
        .where(Organisation.kind == "cross_border_structure", Organisation.id.in_(organisations_near(code)))
        .order_by(Organisation.name)
    )
    return db.session.scalars(query).all()


def cross_border_tie_counts(organisation_ids):
    """Ties of each organisation with a foreign organisation or a cross-border structure."""
    if not organisation_ids:
        return {}
    a, b = aliased(Organisation), aliased(Organisation)
    rows = db.session.execute(
        select(Tie.organisation_a_id, Tie.organisation_b_id, a.country, b.country, a.kind, b.kind)
        .join(a, a.id == Tie.organisation_a_id)
        .join(b, b.id == Tie.organisation_b_id)
        .where(or_(Tie.organisation_a_id.in_(organisation_ids), Tie.organisation_b_id.in_(organisation_ids)))
    )
    counts = Counter()
    for a_id, b_id, a_country, b_country, a_kind, b_kind in rows:
        if a_country != b_country or "cross_border_structure" in (a_kind, b_kind):
            counts[a_id] += 1
            counts[b_id] += 1
    return {organisation_id: counts[organisation_id] for organisation_id in organisation_ids}


def labelled_towns_near(code):
    """French labelled organisations near the border, with their number of cross-border ties."""
    query = (
        select(Organisation)
        .where(
            Organisation.country == "FR",
            Organisation.id.in_(organisations_near(code)),
            exists().where(OrganisationLabel.organisation_id == Organisation.id),
        )
        .order_by(Organisation.search_text)
    )
    towns = db.session.scalars(query).all()
    counts = cross_border_tie_counts([t.id for t in towns])
    return [(town, counts[town.id]) for town in towns]


def border_counts():
    """Organisations near each border, per side."""
    rows = db.session.execute(
        select(OrganisationBorder.border, Organisation.country == "FR").join(
            Organisation, Organisation.id == OrganisationBorder.organisation_id
        )
    )
    counts = Counter((border, "fr" if french else "foreign") for border, french in rows)
    return {b.code: {"fr": counts[(b.code, "fr")], "foreign": counts[(b.code, "foreign")]} for b in load_borders()}
