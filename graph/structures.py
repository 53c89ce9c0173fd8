"""Cross-border structures near a set of places (shared by counterparts and governance)."""

import numpy as np

from .columns import structure_members
from .geo import haversine_km

__all__ = ["structures_near"]


def _covering(G, cols, borders):
    """Located structures covering every border in ``borders``, with their seats (cached per border set)."""
    if borders not in cols.structures_by_borders:
        found = [s for s in cols.structures if G.nodes[s]["lat"] is not None and borders <= set(G.nodes[s]["borders"])]
        cols.structures_by_borders[borders] = (
            found,
            np.array([G.nodes[s]["lat"] for s in found], dtype=float),
            np.array([G.nodes[s]["lon"] for s in found], dtype=float),
        )
    return cols.structures_by_borders[borders]


def structures_near(G, cols, borders, points, radius_km, *, exclude=()):
    """Structures covering every border in ``borders`` whose seat or one of whose members lies
    within ``radius_km`` of one of ``points`` (a list of ``(lat, lon)``).

    Returns a list of dicts ``{"node", "seat_km", "nearest_km", "nearest", "point"}``: the distance
    from the closest point to the seat, the distance to the nearest seat-or-member, that member
    (None for the seat) and the index of the point it is nearest to. Vectorised over structures
    and members; a structure whose seat is farther than ``radius_km`` plus its reach is skipped.
    """
    candidates, seat_lats, seat_lons = _covering(G, cols, frozenset(borders))
    if not candidates or not points:
        return []
    lats = np.array([p[0] for p in points])[:, None]
    lons = np.array([p[1] for p in points])[:, None]
    seats = haversine_km(lats, lons, seat_lats[None, :], seat_lons[None, :])
    seat_km = np.where([s in exclude for s in candidates], np.inf, seats.min(axis=0))
    cached = [structure_members(G, cols, s) for s in candidates]
    reach = np.array([c[3] for c in cached])
    found = []
    for index in np.flatnonzero(seat_km <= radius_km + reach):
        structure = candidates[index]
        members, member_lats, member_lons, _ = cached[index]
        best = (float(seat_km[index]), None, int(seats[:, index].argmin()))
        if members:
            distances = haversine_km(lats, lons, member_lats[None, :], member_lons[None, :])
            point, member = divmod(int(distances.argmin()), distances.shape[1])  # np.unravel_index, without its cost
            if distances[point, member] < best[0]:
                best = (float(distances[point, member]), members[member], int(point))
        if best[0] <= radius_km:
            found.append(
                {"node": structure, "seat_km": float(seat_km[index]), "nearest_km": best[0], "nearest": best[1], "point": best[2]}
            )
    return found
