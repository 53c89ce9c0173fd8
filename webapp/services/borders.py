"""Derive the borders an organisation sits near from its country and position."""

from flask import current_app

from ..geo.borders import border_geometry, borders_near, department_of
from ..models import OrganisationBorder


def geometry():
    return border_geometry(current_app.config["NODE_MODULES"])


def refresh_borders(organisation):
    """Recompute ``organisation.borders``; called whenever country or position change."""
    if organisation.country == "FR" and organisation.kind == "commune" and organisation.official_code:
        organisation.department = department_of(organisation.official_code)
    codes = borders_near(
        organisation.country,
        organisation.latitude,
        organisation.longitude,
        department=organisation.department,
        band_km=current_app.config["BORDER_BAND_KM"],
        geometry=geometry(),
    )
    existing = {b.border: b for b in organisation.borders}
    organisation.borders = [existing.get(code) or OrganisationBorder(border=code) for code in codes]
    return codes
