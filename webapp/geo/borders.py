"""France's borders: the curated table and the line of each border."""

from __future__ import annotations

import functools
import json
from dataclasses import dataclass
from pathlib import Path

import numpy as np
import pyproj
import shapely
import yaml

DATA_DIR = Path(__file__).resolve().parents[2] / "data"
FRANCE_NATURAL_EARTH_IDS = ("250", "663")  # France (incl. Guyane) and Saint-Martin
TOPOLOGY_FILE = Path("world-atlas") / "countries-10m.json"


@dataclass(frozen=True)
class Border:
    code: str
    neighbour: str
    name_fr: str
    natural_earth_id: str
    departments: tuple[str, ...]
    maritime_departments: tuple[str, ...]
    source: str

    @property
    def name(self):
        """ "France – Allemagne" in the reader's language (``name_fr`` is the data file's French name)."""
        from ..vocab import COUNTRIES

        return f"{COUNTRIES['FR']} – {COUNTRIES.get(self.neighbour, self.neighbour)}"


@functools.cache
def load_borders(path: Path = DATA_DIR / "borders.yaml") -> tuple[Border, ...]:
    """The border table from ``data/borders.yaml`` (read once: it is versioned data)."""
    rows = yaml.safe_load(Path(path).read_text(encoding="utf-8"))
    return tuple(
        Border(
            code=row["code"],
            neighbour=row["neighbour"],
            name_fr=row["name_fr"],
            natural_earth_id=row["natural_earth_id"],
            departments=tuple(row["departments"]),
            maritime_departments=tuple(row.get("maritime_departments", ())),
            source=row["source"],
        )
        for row in rows
    )


def border_by_code(code: str) -> Border | None:
    return next((b for b in load_borders() if b.code == code), None)


def department_of(insee_code: str | None) -> str | None:
    """Department of a French commune from its INSEE code ("97302" -> "973", "2A004" -> "2A")."""
    if not insee_code or len(insee_code) != 5:
        return None
    return insee_code[:3] if insee_code.startswith("97") else insee_code[:2]


def _decode_arcs(topology):
    scale_x, scale_y = topology["transform"]["scale"]
    shift_x, shift_y = topology["transform"]["translate"]
    arcs = []
    for arc in topology["arcs"]:
        points = np.cumsum(np.asarray(arc, dtype=float), axis=0)
        points[:, 0] = points[:, 0] * scale_x + shift_x
        points[:, 1] = points[:, 1] * scale_y + shift_y
        arcs.append(points)
    return arcs


def _arc_indices(geometry):
    found = set()
    stack = [geometry["arcs"]]
    while stack:
        item = stack.pop()
        if isinstance(item, int):
            found.add(item if item >= 0 else ~item)
        else:
            stack.extend(item)
    return found


class BorderGeometry:
    """Each border's line, projected for metric distances.

    A border line is the set of TopoJSON arcs that France's polygon shares with the
    neighbour's polygon. Each line is projected once in an azimuthal equidistant
    projection centred on it, which keeps distances within ~100 km of the line exact
    to well under 1 %.
    """

    def __init__(self, topology_path: Path):
        topology = json.loads(Path(topology_path).read_text(encoding="utf-8"))
        arcs = _decode_arcs(topology)
        geometries = {g.get("id"): g for g in topology["objects"]["countries"]["geometries"]}
        france = set().union(*(_arc_indices(geometries[i]) for i in FRANCE_NATURAL_EARTH_IDS))
        self._lines = {}
        for border in load_borders():
            shared = sorted(france & _arc_indices(geometries[border.natural_earth_id]))
            if not shared:
                raise ValueError(f"No shared boundary for {border.code} in {topology_path}")
            lonlat = shapely.MultiLineString([arcs[i] for i in shared])
            centre = lonlat.centroid
            to_metres = pyproj.Transformer.from_crs(
                "EPSG:4326",
                f"+proj=aeqd +lat_0={centre.y} +lon_0={centre.x} +datum=WGS84 +units=m",
                always_xy=True,
            )
            projected = shapely.transform(lonlat, lambda xy, t=to_metres: np.column_stack(t.transform(xy[:, 0], xy[:, 1])))
            shapely.prepare(projected)
            self._lines[border.code] = (lonlat, projected, to_metres)

    def line(self, code: str):
        """The border line in longitude/latitude (a shapely MultiLineString)."""
        return self._lines[code][0]

    def distances_km(self, code: str, lats, lons) -> np.ndarray:
        """Distance in km from each (lat, lon) to the border line ``code``."""
        _, projected, to_metres = self._lines[code]
        x, y = to_metres.transform(np.asarray(lons, dtype=float), np.asarray(lats, dtype=float))
        return shapely.distance(shapely.points(np.column_stack([x, y])), projected) / 1000.0

    def distance_km(self, code: str, lat: float, lon: float) -> float:
        return float(self.distances_km(code, [lat], [lon])[0])


@functools.lru_cache(maxsize=4)
def border_geometry(node_modules: Path) -> BorderGeometry:
    """Geometry built from ``node_modules``; immutable reference data, so one per process."""
    return BorderGeometry(Path(node_modules) / TOPOLOGY_FILE)


def borders_near(country, latitude=None, longitude=None, *, department=None, band_km=30.0, geometry=None):
    """Codes of the borders a place sits near, from its country and position.

    With coordinates, a border counts when the place is within ``band_km`` of its line
    (or, for Corsica, in a department facing the neighbour by sea). Without coordinates,
    the department decides for a French place; a foreign place is near its country's
    border with France.
    """
    candidates = [b for b in load_borders() if country == "FR" or b.neighbour == country]
    if latitude is None or longitude is None or geometry is None:
        if country != "FR":
            return [b.code for b in candidates]
        return [b.code for b in candidates if department and department in b.departments + b.maritime_departments]
    near = []
    for border in candidates:
        if department and department in border.maritime_departments:
            near.append(border.code)
        elif geometry.distance_km(border.code, latitude, longitude) <= band_km:
            near.append(border.code)
    return near
