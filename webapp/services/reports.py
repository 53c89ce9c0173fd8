"""The "rapport d'étonnement": a fresh-eyes note on a labelled border town's cross-border opportunities.

Gathered from what the platform knows (labels, borders, ties, structures, suggestions, instruments,
programmes, sheets); the next steps are codes with parameters, phrased by the template.
"""

import math

from sqlalchemy import exists, select

import domain as d
from graph.geo import haversine_km

from ..errors import DomainError
from ..extensions import db
from ..geo.borders import border_by_code
from ..models import Instrument, Organisation, OrganisationBorder, Programme, Sheet, SheetBorder
from . import suggestions, ties
from .precedents import precedents as ranked_precedents


def has_report(organisation):
    """A French organisation with an ANCT label and a border."""
    return organisation.country == "FR" and bool(organisation.labels) and bool(organisation.border_codes)


def astonishment_report(organisation):
    borders = organisation.border_codes
    town_ties = ties.ties_of(organisation.id)
    others = [t.other(organisation.id) for t in town_ties]
    structures = [o for o in others if o.kind == "cross_border_structure" and o.archived_at is None]
    foreign = [o for o in others if o.country != "FR" and o.kind != "cross_border_structure"]
    try:
        counterparts = suggestions.counterparts(organisation.id, limit=d.REPORT_COUNTERPARTS)
    except DomainError:  # no position, or not near a border in the graph: the rest of the note still holds
        counterparts = {}
    instruments = {
        b: [i for i in db.session.scalars(select(Instrument).order_by(Instrument.rank)) if i.applies_to(b)] for b in borders
    }
    programmes = [
        p
        for p in db.session.scalars(select(Programme).order_by(Programme.name))
        if organisation.department and organisation.department in (p.french_departments or [])
    ]
    problems = db.session.scalars(
        select(Sheet)
        .where(
            Sheet.kind == "problem",
            Sheet.status == "published",
            exists().where(SheetBorder.sheet_id == Sheet.id, SheetBorder.border.in_(borders)),
        )
        .order_by(Sheet.title)
    ).all()
    precedents = ranked_precedents([organisation])
    return {
        "organisation": organisation,
        "borders": borders,
        "facing": facing_municipalities(organisation),
        "ties": town_ties,
        "structures": structures,
        "counterparts": counterparts,
        "instruments": instruments,
        "programmes": programmes,
        "problems": problems,
        "precedents": precedents,
        "next_steps": next_steps(counterparts, foreign, structures, instruments, programmes, precedents, town_ties),
    }


def facing_municipalities(organisation):
    """``[(municipality, km)]``: the nearest municipalities across the town's borders, nearest first."""
    if organisation.latitude is None or organisation.longitude is None:
        return []
    # A box around the town first (1° of latitude is 111 km), then the true distance.
    dlat = d.REPORT_FACING_RADIUS_KM / 111.0
    dlon = dlat / max(math.cos(math.radians(organisation.latitude)), 0.1)
    neighbours = {b.neighbour for b in map(border_by_code, organisation.border_codes) if b is not None}
    candidates = db.session.scalars(
        select(Organisation).where(
            Organisation.kind == "commune",
            Organisation.country.in_(neighbours),
            Organisation.archived_at.is_(None),
            Organisation.latitude.between(organisation.latitude - dlat, organisation.latitude + dlat),
            Organisation.longitude.between(organisation.longitude - dlon, organisation.longitude + dlon),
            exists().where(
                OrganisationBorder.organisation_id == Organisation.id,
                OrganisationBorder.border.in_(organisation.border_codes),
            ),
        )
    ).all()
    if not candidates:
        return []
    km = haversine_km(
        organisation.latitude, organisation.longitude, [o.latitude for o in candidates], [o.longitude for o in candidates]
    )
    near = sorted(
        ((o, float(k)) for k, o in zip(km, candidates, strict=True) if k <= d.REPORT_FACING_RADIUS_KM),
        key=lambda pair: (pair[1], pair[0].name, pair[0].id),
    )
    return near[: d.REPORT_FACING]


def next_steps(counterparts, foreign, structures, instruments, programmes, precedents, town_ties):
    """``[(code, params)]`` of ``domain.REPORT_STEPS``, in the order a town would take them."""
    steps = []
    best = next((items[0][0] for items in counterparts.values() if items), None)
    if best is not None and not foreign:
        steps.append(("request_introduction", {"name": best.name}))
    if structures:
        steps.append(("join_structure", {"name": structures[0].name}))
    if any(i.code == "convention" for found in instruments.values() for i in found):
        steps.append(("start_with_convention", {}))
    cross_border = [p for p in programmes if p.kind == "cross_border"] or programmes
    if cross_border:
        steps.append(("apply_programme", {"name": cross_border[0].name}))
    if precedents:
        steps.append(("read_precedents", {"count": len(precedents)}))
    if town_ties:
        steps.append(("write_sheet", {}))
    return steps
