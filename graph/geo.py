"""Great-circle distances."""

import numpy as np

__all__ = ["haversine_km", "haversine_km_to", "EARTH_RADIUS_KM"]

EARTH_RADIUS_KM = 6371.0088


def haversine_km(lat1, lon1, lat2, lon2):
    """Great-circle distance in km; works on scalars and numpy arrays.

    Examples
    --------
    >>> round(float(haversine_km(48.5734, 7.7521, 48.5723, 7.8156)), 1)  # Strasbourg - Kehl
    4.7
    """
    lat2, lon2 = (np.radians(np.asarray(v, dtype=float)) for v in (lat2, lon2))
    return haversine_km_to(lat1, lon1, lat2, lon2, np.cos(lat2))


def haversine_km_to(lat1, lon1, lat2_rad, lon2_rad, cos_lat2):
    """:func:`haversine_km` from one point to points given by ``np.radians`` of their latitudes and
    longitudes and the cosine of the former, computed once (graph.columns keeps them per table): the
    same operations on the same values, so the same floats.

    Examples
    --------
    >>> lat, lon = np.array([48.5723, 47.56]), np.array([7.8156, 7.57])
    >>> to = haversine_km_to(48.5734, 7.7521, np.radians(lat), np.radians(lon), np.cos(np.radians(lat)))
    >>> bool((to == haversine_km(48.5734, 7.7521, lat, lon)).all())
    True
    """
    lat1, lon1 = (np.radians(np.asarray(v, dtype=float)) for v in (lat1, lon1))
    a = np.sin((lat2_rad - lat1) / 2) ** 2 + np.cos(lat1) * cos_lat2 * np.sin((lon2_rad - lon1) / 2) ** 2
    return 2 * EARTH_RADIUS_KM * np.arcsin(np.sqrt(np.minimum(a, 1.0)))
