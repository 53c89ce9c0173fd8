"""The official French commune list (COG) from the npm package ``@etalab/decoupage-administratif``."""

import functools
import json
from collections import defaultdict
from dataclasses import dataclass
from pathlib import Path

from .text import fold

PACKAGE = Path("@etalab") / "decoupage-administratif" / "data"
SOURCE = "COG (INSEE) via @etalab/decoupage-administratif, Licence Ouverte 2.0"
# GeoNames' second-level names that are not the department's French name.
GEONAMES_DEPARTMENT_ALIASES = {"departement du nord": "59", "upper garonne": "31"}


@dataclass(frozen=True)
class Commune:
    code: str
    name: str
    department: str
    region: str
    population: int | None


class CommuneIndex:
    """Current communes by INSEE code and by (department, folded name); departments by name."""

    def __init__(self, data_dir: Path):
        communes = json.loads((data_dir / "communes.json").read_text(encoding="utf-8"))
        departments = json.loads((data_dir / "departements.json").read_text(encoding="utf-8"))
        self.by_code = {}
        self._by_name = defaultdict(list)
        self.delegated = {}  # (department, folded name) -> current commune it was merged into
        self.former_names = defaultdict(list)  # current commune code -> names of the communes merged into it
        self.merged_codes = {}  # code of a commune merged since (commune nouvelle) -> code of the current commune
        for row in communes:
            if row["type"] == "commune-actuelle":
                commune = Commune(row["code"], row["nom"], row["departement"], row["region"], row.get("population"))
                self.by_code[commune.code] = commune
                self._by_name[(commune.department, fold(commune.name))].append(commune)
        for row in communes:
            if row["type"] in ("commune-deleguee", "commune-associee") and row.get("chefLieu") in self.by_code:
                self.delegated[(row["departement"], fold(row["nom"]))] = self.by_code[row["chefLieu"]]
                if row["code"] not in self.by_code:
                    self.merged_codes[row["code"]] = row["chefLieu"]
                if row["nom"] != self.by_code[row["chefLieu"]].name:
                    self.former_names[row["chefLieu"]].append(row["nom"])
        self.department_codes = {d["code"] for d in departments}
        self.departments_of_region = defaultdict(list)
        for d in departments:
            self.departments_of_region[d["region"]].append(d["code"])
        self._department_by_name = {fold(d["nom"]): d["code"] for d in departments} | GEONAMES_DEPARTMENT_ALIASES

    def current_code(self, code):
        """The INSEE code of the current commune: itself, or the commune nouvelle it was merged into; else None."""
        if code in self.by_code:
            return code
        return self.merged_codes.get(code)

    def department_from_name(self, name):
        return self._department_by_name.get(fold(name or ""))

    def find(self, department, name):
        """Current communes of that name in that department (usually one)."""
        return self._by_name.get((department, fold(name)), [])


@functools.lru_cache(maxsize=2)
def department_names(node_modules: Path) -> dict:
    """Department code -> name, from the small departments file (pages need only this)."""
    rows = json.loads((Path(node_modules) / PACKAGE / "departements.json").read_text(encoding="utf-8"))
    return {d["code"]: d["nom"] for d in rows}


@functools.lru_cache(maxsize=2)
def commune_index(node_modules: Path) -> CommuneIndex:
    """Built once per process: it is immutable reference data read from a pinned package."""
    return CommuneIndex(Path(node_modules) / PACKAGE)
