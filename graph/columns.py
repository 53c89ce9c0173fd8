"""Columnar copies of node attributes, per country and sorted by latitude, for vectorised scoring.

The table is derived from the graph and rebuilt when ``G.graph["node_version"]`` moves (a node was
added, changed or removed). Ties do not touch it: they live in the graph's adjacency only.
"""

from dataclasses import dataclass, field

import numpy as np

from .geo import haversine_km
from .languages import spoken_languages
from .names import name_sketch

__all__ = ["FLOAT_COLUMNS", "INT_COLUMNS", "columns", "structure_members", "STATUS_VALUE"]

# How likely someone answers: a verified contact, a registered one, or nobody yet.
STATUS_VALUE = {"verified": 1.0, "registered": 0.7, "reference": 0.2}
_CROSS_BORDER_KINDS = ("cross_border", "outermost")
# The encoded columns of a table, kept as the rows of two blocks (one per dtype) so that the candidates'
# values are taken with one numpy call per block; each column attribute is a row of its block.
FLOAT_COLUMNS = ("log_population", "status")
INT_COLUMNS = (
    "themes", "languages", "programmes", "cross_border_programmes", "rank", "name_starts", "name_rest", "name_size",
)  # fmt: skip


class _Bits:
    """Assigns one bit per distinct value (themes, languages, programmes) so sets become integers."""

    def __init__(self, values=()):
        self.bit = {}
        for value in values:
            self.mask((value,))

    def mask(self, values):
        mask = 0
        for value in values:
            if value not in self.bit:
                if len(self.bit) >= 63:  # the tables hold masks as int64
                    raise ValueError("More than 63 distinct values: too many for a bitmask column.")
                self.bit[value] = 1 << len(self.bit)
            mask |= self.bit[value]
        return mask


@dataclass
class CountryTable:
    nodes: np.ndarray
    rank: np.ndarray  # position of each node in the graph's order of str(node): the last tie-break
    lat: np.ndarray
    lon: np.ndarray
    log_population: np.ndarray
    status: np.ndarray
    themes: np.ndarray
    languages: np.ndarray
    programmes: np.ndarray
    cross_border_programmes: np.ndarray
    name_starts: np.ndarray  # graph.names sketches of each name's root
    name_rest: np.ndarray
    name_size: np.ndarray
    border_km: dict  # border code -> distance of each row to that border line (NaN when unknown)
    urban_km: np.ndarray = None  # radius of each row's built-up area (graph.factors, computed on first use)
    float_block: np.ndarray = None  # FLOAT_COLUMNS as rows (the column attributes are views of these rows)
    int_block: np.ndarray = None  # INT_COLUMNS as rows
    lat_rad: np.ndarray = None  # np.radians(lat), np.radians(lon), np.cos(np.radians(lat)): for graph.geo.haversine_km_to
    lon_rad: np.ndarray = None
    cos_lat: np.ndarray = None

    def band(self, south, north):
        """Slice of rows whose latitude lies in [south, north] (rows are sorted by latitude)."""
        return slice(int(np.searchsorted(self.lat, south, "left")), int(np.searchsorted(self.lat, north, "right")))


@dataclass
class Columns:
    version: int
    tables: dict
    structures: list  # nodes of kind cross_border_structure
    structure_members: dict  # structure -> (members, their latitudes, longitudes, reach in km); see structure_members()
    structures_by_borders: dict  # frozenset of borders -> (located structures covering them, seat lats, seat lons)
    rank: dict  # node -> tie-break rank
    position: dict  # node -> (country, row) in the tables
    theme_bits: _Bits
    language_bits: _Bits
    programme_bits: _Bits
    cross_border_programme_bits: int
    programmes: dict = field(default_factory=dict)  # programme code -> record of G.graph["programmes"]
    row_cache: dict = field(default_factory=dict)  # node -> row(), for sources and structures
    spoken: dict = field(default_factory=dict)  # node -> graph.languages.spoken_languages (explanations)

    def spoken_languages(self, G, node):
        """:func:`graph.languages.spoken_languages` of a node, kept until the table is rebuilt."""
        found = self.spoken.get(node)
        if found is None:
            found = self.spoken[node] = spoken_languages(G.nodes[node])
        return found

    def cached_row(self, G, node):
        """:meth:`row`, kept until the table is rebuilt (any node change rebuilds it)."""
        found = self.row_cache.get(node)
        if found is None:
            found = self.row_cache[node] = self.row(G, node)
        return found

    def row(self, G, node):
        """One node's values, encoded like the table rows."""
        attrs = G.nodes[node]
        starts, rest, size = name_sketch(attrs["name"])
        return dict(
            log_population=np.log10(attrs["population"]) if attrs["population"] else np.nan,
            status=STATUS_VALUE.get(attrs["status"], 0.0),
            themes=self.theme_bits.mask(attrs["themes"]),
            languages=self.language_bits.mask(self.spoken_languages(G, node)),
            programmes=self.programme_bits.mask(attrs["programmes"]),
            name_starts=starts,
            name_rest=rest,
            name_size=size,
        )


def _build(G):
    programmes = G.graph.get("programmes", ())
    programme_bits = _Bits(p["code"] for p in programmes)
    cross_border = programme_bits.mask(p["code"] for p in programmes if p["kind"] in _CROSS_BORDER_KINDS)
    ranked = sorted(G.nodes, key=str)
    built = Columns(
        G.graph.get("node_version", 0),
        {},
        [],
        {},
        {},
        {n: i for i, n in enumerate(ranked)},
        {},
        _Bits(),
        _Bits(),
        programme_bits,
        cross_border,
        {p["code"]: p for p in programmes},
    )
    rows_by_country = {}
    for node, attrs in G.nodes(data=True):
        if attrs["kind"] == "cross_border_structure":
            built.structures.append(node)
        if attrs["lat"] is None or attrs["lon"] is None or attrs["kind"] == "cross_border_structure":
            continue
        rows_by_country.setdefault(attrs["country"], []).append(
            (attrs["lat"], attrs["lon"], node, built.row(G, node), attrs.get("border_km") or {})
        )
    for country, rows in rows_by_country.items():
        rows.sort(key=lambda r: (r[0], built.rank[r[2]]))
        encoded = [r[3] for r in rows]
        built.position.update((r[2], (country, i)) for i, r in enumerate(rows))
        lat = np.array([r[0] for r in rows], dtype=float)
        lon = np.array([r[1] for r in rows], dtype=float)
        ranks = [built.rank[r[2]] for r in rows]
        floats = np.array([[e[f] for e in encoded] for f in FLOAT_COLUMNS], dtype=float).reshape(len(FLOAT_COLUMNS), len(rows))
        derived = {"rank": ranks, "cross_border_programmes": [e["programmes"] & cross_border for e in encoded]}
        ints = np.array([derived[f] if f in derived else [e[f] for e in encoded] for f in INT_COLUMNS], dtype=np.int64)
        ints = ints.reshape(len(INT_COLUMNS), len(rows))
        lat_rad = np.radians(lat)
        built.tables[country] = CountryTable(
            nodes=np.array([r[2] for r in rows], dtype=object),
            lat=lat,
            lon=lon,
            border_km={
                border: np.array([r[4].get(border, np.nan) for r in rows], dtype=float)
                for border in sorted({b for r in rows for b in r[4]})
            },
            float_block=floats,
            int_block=ints,
            lat_rad=lat_rad,
            lon_rad=np.radians(lon),
            cos_lat=np.cos(lat_rad),
            **dict(zip(FLOAT_COLUMNS, floats)),
            **dict(zip(INT_COLUMNS, ints)),
        )
    return built


def structure_members(G, cols, structure):
    """``(members, lats, lons, reach_km)`` of a located structure: its located members and the
    distance from its seat to the farthest. Cached until one of its ties changes (graph.build)."""
    if structure not in cols.structure_members:
        s = G.nodes[structure]
        members = [m for m in G[structure] if G.nodes[m]["lat"] is not None]
        lats = np.array([G.nodes[m]["lat"] for m in members], dtype=float)
        lons = np.array([G.nodes[m]["lon"] for m in members], dtype=float)
        reach = float(np.max(haversine_km(s["lat"], s["lon"], lats, lons))) if members and s["lat"] is not None else 0.0
        cols.structure_members[structure] = (members, lats, lons, reach)
    return cols.structure_members[structure]


def columns(G):
    """The graph's columnar table, rebuilt only when a node changed since the last call."""
    cached = G.graph.get("columns")
    if cached is None or cached.version != G.graph.get("node_version", 0):
        cached = G.graph["columns"] = _build(G)
    return cached
