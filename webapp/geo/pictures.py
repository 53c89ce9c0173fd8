"""Pictures of a town's surroundings for printed reports: a small map and an ego graph, as SVG text.

Pure Python (pyproj, shapely, networkx): no Flask, no database, no prose. Callers pass names and the
legend's words already translated; the markup is built with ElementTree, so names are escaped.
"""

from __future__ import annotations

import functools
import json
import math
import xml.etree.ElementTree as ET
from pathlib import Path

import networkx as nx
import numpy as np
import pyproj
import shapely

from .borders import _decode_arcs

MAP_TOPOLOGY = Path("world-atlas") / "countries-50m.json"
FONT = "DejaVu Sans, sans-serif"
# Place roles on the map and in the graph, each with its colour.
COLOURS = {"town": "#b3261e", "facing": "#1f5fa8", "structure": "#7a4fb0", "tied": "#2e7d32", "suggested": "#1f5fa8"}
MIN_EXTENT_KM = 12.0


@functools.lru_cache(maxsize=2)
def _arcs(topology_path: Path):
    """Every TopoJSON arc (country borders and coasts) as a shapely line in longitude/latitude."""
    topology = json.loads(Path(topology_path).read_text(encoding="utf-8"))
    return np.array([shapely.LineString(arc) for arc in _decode_arcs(topology) if len(arc) >= 2], dtype=object)


def _svg(width, height, title):
    root = ET.Element(
        "svg",
        xmlns="http://www.w3.org/2000/svg",
        width=str(width),
        height=str(height),
        viewBox=f"0 0 {width} {height}",
        role="img",
        style=f"font-family: {FONT}",
    )
    ET.SubElement(root, "title").text = title
    ET.SubElement(root, "rect", width=str(width), height=str(height), fill="#ffffff", stroke="#cccccc")
    return root


def _label(parent, x, y, text, *, size=11, anchor="start", weight="normal"):
    ET.SubElement(
        parent,
        "text",
        x=f"{x:.1f}",
        y=f"{y:.1f}",
        fill="#222222",
        style=f"font-size: {size}px; font-weight: {weight}",
        **{"text-anchor": anchor},
    ).text = text


def legend_width(items, size=10):
    """An estimate of the legend's width in pixels (dot, gap, longest words at about 0.6 em per character).

    >>> legend_width([("town", "The municipality"), ("place", "Municipalities across the border")])
    204
    """
    return 12 + round(0.6 * size * max((len(words) for _, words in items), default=0))


def _legend(root, items, x, y):
    """``items``: ``[(role, words)]`` drawn as coloured dots with their words, one line each, on a light box."""
    if items:
        ET.SubElement(
            root,
            "rect",
            x=f"{x - 8}",
            y=f"{y - 9}",
            width=f"{legend_width(items) + 8}",
            height=f"{14 * len(items) + 4}",
            fill="#ffffff",
            opacity="0.85",
        )
    for i, (role, words) in enumerate(items):
        ET.SubElement(root, "circle", cx=f"{x}", cy=f"{y + 14 * i}", r="4", fill=COLOURS[role])
        _label(root, x + 8, y + 4 + 14 * i, words, size=10)


def town_map_svg(town, places, ties, *, node_modules, title, legend=(), width=560, height=400):
    """A map of ``town`` and ``places`` (dicts with ``id``, ``name``, ``lat``, ``lon``, ``role``), the
    ``ties`` between them (pairs of ids) and the country outlines around them.

    The projection is azimuthal equidistant centred on the town (pyproj): distances on the page are true.
    Places without a position are left out.

    >>> svg = town_map_svg({"id": 1, "name": "Saint-Louis", "lat": 47.59, "lon": 7.56},
    ...     [{"id": 2, "name": "Basel", "lat": 47.56, "lon": 7.59, "role": "facing"}], [(1, 2)],
    ...     node_modules=None, title="Map")
    >>> "Saint-Louis" in svg and "Basel" in svg and svg.count('stroke="#2e7d32"') == 1
    True
    """
    to_metres = pyproj.Transformer.from_crs(
        "EPSG:4326", f"+proj=aeqd +lat_0={town['lat']} +lon_0={town['lon']} +datum=WGS84 +units=m", always_xy=True
    )
    located = [dict(town, role="town")] + [p for p in places if p.get("lat") is not None and p.get("lon") is not None]
    xs, ys = to_metres.transform([p["lon"] for p in located], [p["lat"] for p in located])
    extent = max(MIN_EXTENT_KM * 1000, float(np.max(np.hypot(xs, ys))) * 1.25)
    scale = (min(width, height) / 2 - 24) / extent
    position = {p["id"]: (width / 2 + x * scale, height / 2 - y * scale) for p, x, y in zip(located, xs, ys, strict=True)}

    root = _svg(width, height, title)
    if node_modules is not None:
        _outlines(root, to_metres, extent, scale, width, height, Path(node_modules) / MAP_TOPOLOGY)
    for a, b in ties:
        if a in position and b in position:
            (x1, y1), (x2, y2) = position[a], position[b]
            ET.SubElement(
                root,
                "line",
                x1=f"{x1:.1f}",
                y1=f"{y1:.1f}",
                x2=f"{x2:.1f}",
                y2=f"{y2:.1f}",
                stroke="#2e7d32",
                **{"stroke-width": "2"},
            )
    for place in located:
        x, y = position[place["id"]]
        big = place["role"] == "town"
        ET.SubElement(root, "circle", cx=f"{x:.1f}", cy=f"{y:.1f}", r="6" if big else "4", fill=COLOURS[place["role"]])
        # Names point away from the town, so that neighbours' names do not cover the town's.
        left = not big and x < width / 2
        below = not big and y > height / 2
        _label(
            root,
            x - 8 if left else x + 8,
            y + 14 if below else y - 6,
            place["name"],
            size=12 if big else 10,
            anchor="end" if left else "start",
            weight="bold" if big else "normal",
        )
    _scale_bar(root, scale, extent, height)
    _legend(root, legend, width - 8 - legend_width(legend), 16)
    return ET.tostring(root, encoding="unicode")


def _outlines(root, to_metres, extent, scale, width, height, topology_path):
    """Country borders and coasts inside the frame, projected and drawn as grey lines."""
    back = pyproj.Transformer.from_crs(to_metres.target_crs, "EPSG:4326", always_xy=True)
    corners_lon, corners_lat = back.transform(
        [-extent * 1.6, extent * 1.6, extent * 1.6, -extent * 1.6], [-extent * 1.6] * 2 + [extent * 1.6] * 2
    )
    frame = shapely.box(min(corners_lon), min(corners_lat), max(corners_lon), max(corners_lat))
    arcs = _arcs(topology_path)
    group = ET.SubElement(root, "g", fill="none", stroke="#8a8a8a", **{"stroke-width": "1.2"})
    for arc in arcs[shapely.intersects(arcs, frame)]:
        lonlat = shapely.get_coordinates(shapely.intersection(arc, frame))
        if len(lonlat) < 2:
            continue
        x, y = to_metres.transform(lonlat[:, 0], lonlat[:, 1])
        points = " ".join(f"{width / 2 + px * scale:.1f},{height / 2 - py * scale:.1f}" for px, py in zip(x, y, strict=True))
        ET.SubElement(group, "polyline", points=points)


def _scale_bar(root, scale, extent, height):
    """A round length (1, 2 or 5 times a power of ten km) of at most a quarter of the frame."""
    target = max(extent / 2000, 1.0)
    power = 10 ** math.floor(math.log10(target))
    km = max(step * power for step in (1, 2, 5) if step * power <= target)
    length = km * 1000 * scale
    ET.SubElement(
        root,
        "line",
        x1="16",
        y1=f"{height - 16}",
        x2=f"{16 + length:.1f}",
        y2=f"{height - 16}",
        stroke="#222222",
        **{"stroke-width": "2"},
    )
    _label(root, 16, height - 22, f"{km:g} km", size=10)


def ego_graph_svg(town, tied, suggested, *, title, legend=(), width=560, height=400):
    """The town in the centre, its existing ties (``tied``: names) on the inner ring and the suggested
    counterparts (``suggested``: names) on the outer ring (networkx's shell layout).

    >>> svg = ego_graph_svg("Saint-Louis", ["Eurodistrict"], ["Basel", "Allschwil"], title="Graph")
    >>> svg.count("<circle") == 4 and 'stroke-dasharray' in svg
    True
    """
    G = nx.Graph()
    G.add_node(("town", town))
    inner = [("tied", name) for name in tied]
    outer = [("suggested", name) for name in suggested if ("tied", name) not in G]
    G.add_edges_from((("town", town), node) for node in inner + outer)
    shells = [[("town", town)]] + [shell for shell in (inner, outer) if shell]
    layout = nx.shell_layout(G, nlist=shells, scale=1.0) if len(G) > 1 else {("town", town): np.zeros(2)}
    radius_x, radius_y = width / 2 - 90, height / 2 - 40

    def at(node):
        x, y = layout[node]
        return width / 2 + x * radius_x, height / 2 - y * radius_y

    root = _svg(width, height, title)
    cx, cy = at(("town", town))
    for node in inner + outer:
        x, y = at(node)
        dashed = {"stroke-dasharray": "5,4"} if node[0] == "suggested" else {}
        ET.SubElement(
            root,
            "line",
            x1=f"{cx:.1f}",
            y1=f"{cy:.1f}",
            x2=f"{x:.1f}",
            y2=f"{y:.1f}",
            stroke=COLOURS[node[0]],
            **{"stroke-width": "1.5"},
            **dashed,
        )
    for node in [("town", town)] + inner + outer:
        x, y = at(node)
        ET.SubElement(root, "circle", cx=f"{x:.1f}", cy=f"{y:.1f}", r="9" if node[0] == "town" else "6", fill=COLOURS[node[0]])
        _label(
            root,
            x,
            y - 12,
            node[1],
            size=12 if node[0] == "town" else 10,
            anchor="middle",
            weight="bold" if node[0] == "town" else "normal",
        )
    _legend(root, legend, 16, 16)
    return ET.tostring(root, encoding="unicode")
