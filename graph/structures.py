"""Cross-border structures near a set of places (shared by counterparts and governance)."""

import numpy as np

from .columns import structure_reach
from .geo import haversine_km

__all__ = ["structures_near"]


def structures_near(G, cols, borders, points, radius_km, *, exclude=()):
    """Structures covering every border in ``borders`` whose seat or one of whose members lies
    within ``radius_km`` of one of ``points`` (a list of ``(lat, lon)``).

    Returns a list of dicts ``{"node", "seat_km", "nearest_km", "nearest", "point"}``: the distance
    from the closest point to the seat, the distance to the nearest seat-or-member, that member
    (None for the seat) and the index of the point it is nearest to. Vectorised over structures
    and members; a structure whose seat is farther than ``radius_km`` plus its reach is skipped.
    """
    wanted = set(borders)
    candidates = [s for s in cols.structures if s not in exclude and G.nodes[s]["lat"] is not None
                  and wanted <= set(G.nodes[s]["borders"])]
    if not candidates or not points:
        return []
    lats = np.array([p[0] for p in points])[:, None]
    lons = np.array([p[1] for p in points])[:, None]
    seats = haversine_km(lats, lons, np.array([[G.nodes[s]["lat"] for s in candidates]]),
                         np.array([[G.nodes[s]["lon"] for s in candidates]]))
    seat_km = seats.min(axis=0)
    reach = np.array([structure_reach(G, cols, s) for s in candidates])
    found = []
    for index in np.flatnonzero(seat_km <= radius_km + reach):
        structure = candidates[index]
        best = (float(seat_km[index]), None, int(seats[:, index].argmin()))
        members = [m for m in G[structure] if G.nodes[m]["lat"] is not None]
        if members:
            distances = haversine_km(lats, lons, np.array([[G.nodes[m]["lat"] for m in members]]),
                                     np.array([[G.nodes[m]["lon"] for m in members]]))
            point, member = np.unravel_index(distances.argmin(), distances.shape)
            if distances[point, member] < best[0]:
                best = (float(distances[point, member]), members[member], int(point))
        if best[0] <= radius_km:
            found.append({"node": structure, "seat_km": float(seat_km[index]), "nearest_km": best[0], "nearest": best[1], "point": best[2]})
    return found
