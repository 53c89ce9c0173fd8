"""Border geography: the border table and the distance of a place to each border line.

Pure Python (shapely, pyproj): no Flask, no database. The border lines come from the
Natural Earth 1:10m TopoJSON shipped by the ``world-atlas`` npm package.
"""

from .borders import Border, BorderGeometry, border_by_code, borders_near, department_of, load_borders

__all__ = ["Border", "BorderGeometry", "border_by_code", "borders_near", "department_of", "load_borders"]
