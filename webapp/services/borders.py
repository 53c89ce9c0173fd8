"""Derive where an organisation sits: the borders it is near, its department and admin divisions."""

from flask import current_app
from sqlalchemy import func, select

from ..extensions import db
from ..geo.borders import border_geometry, borders_near, department_of, load_borders
from ..models import Organisation, OrganisationBorder

NEAREST_PLACE_DEGREES = 0.25  # ~25 km: how far to look for a reference place to borrow divisions from


def geometry():
    return border_geometry(current_app.config["NODE_MODULES"])


def _structure_borders(countries):
    if "FR" not in countries:
        return []
    return [b.code for b in load_borders() if b.neighbour in countries]


def _nearest_reference_place(organisation):
    lat, lon = organisation.latitude, organisation.longitude
    query = (
        select(Organisation)
        .where(
            Organisation.country == organisation.country,
            Organisation.status == "reference",
            Organisation.admin1.is_not(None),
            Organisation.id != (organisation.id or -1),
            Organisation.latitude.between(lat - NEAREST_PLACE_DEGREES, lat + NEAREST_PLACE_DEGREES),
            Organisation.longitude.between(lon - NEAREST_PLACE_DEGREES, lon + NEAREST_PLACE_DEGREES),
        )
        .order_by(func.abs(Organisation.latitude - lat) + func.abs(Organisation.longitude - lon))
        .limit(1)
    )
    with db.session.no_autoflush:
        return db.session.scalar(query)


def organisations_near(border):
    """A select of the ids of the organisations near ``border``: use as ``Organisation.id.in_(...)``."""
    return select(OrganisationBorder.organisation_id).where(OrganisationBorder.border == border)


def refresh_geography(organisation):
    """Recompute borders (and fill department / admin divisions when unknown); call after any change of place."""
    if organisation.country == "FR" and organisation.kind == "commune" and organisation.official_code:
        organisation.department = department_of(organisation.official_code)
    if organisation.latitude is not None and organisation.longitude is not None and not organisation.admin1:
        nearest = _nearest_reference_place(organisation)
        if nearest is not None:
            organisation.admin1, organisation.admin2 = nearest.admin1, nearest.admin2
            organisation.department = organisation.department or nearest.department
    if organisation.kind == "cross_border_structure" and organisation.covered_countries:
        codes = _structure_borders(organisation.covered_countries)
    else:
        codes = borders_near(
            organisation.country,
            organisation.latitude,
            organisation.longitude,
            department=organisation.department,
            band_km=current_app.config["BORDER_BAND_KM"],
            geometry=geometry(),
        )
    return set_borders(organisation, codes)


def set_borders(organisation, codes):
    """Replace the organisation's border rows by ``codes`` (sorted, existing rows kept).

    ``codes`` may be a mapping ``{border: distance in km}`` when a loader measured the distances.
    """
    existing = {b.border: b for b in organisation.borders}
    distances = codes if isinstance(codes, dict) else {}
    codes = sorted(set(codes))
    organisation.borders = [existing.get(code) or OrganisationBorder(border=code) for code in codes]
    for row in organisation.borders:
        if row.border in distances and row.distance_km != distances[row.border]:
            row.distance_km = distances[row.border]
    return codes
