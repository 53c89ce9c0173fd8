"""Known cross-border ties as ranking cases, for fitting (bench/fit_weights.py) and evaluation (bench/evaluate.py).

The graph comes from the database built by ``flask reference load`` (a scratch SQLite database,
as ``bench/engine.py`` does), or, with ``--source csv``, straight from the vendored reference files
(``data/places``, ``data/ties``, ``data/structures.yaml``) for a database-free run.

A case is one known tie seen from its French end: ``{"sets", "source", "target", "border", "hide",
"group", "other_partners"}``; ``other_partners`` are the source's other known partners, left out of
the candidates when this one is asked about (the "filtered" setting of link prediction: a known
partner ranked above is not a mistake). While a case is asked about, ``hide`` removes every tie that would give the answer away:
the tie between the two, the source's memberships of structures the target also belongs to, and the
source's ties to the other partners of the Interreg projects it shares with the target (otherwise
the rest of the project's clique would point straight at the target).
"""

import csv
import os
import sys
import tempfile
from collections import defaultdict
from pathlib import Path

import numpy as np
import yaml

# The project first, and this folder off the path: run as a script, bench/http.py would hide the standard library's http.
_HERE = Path(__file__).resolve().parent
sys.path[:] = [str(_HERE.parent)] + [p for p in sys.path if Path(p or ".").resolve() != _HERE]

import graph as engine
from config import Config
from graph.names import fold_name, name_root

ROOT = Path(__file__).resolve().parents[1]
DATA = ROOT / "data"
SHARED = ROOT.parent / "shared" / "data"
SETS = ("hand-checked pairs", "Interreg and twinning ties", "structure co-members")
RADIUS_KM = 50.0


def _data_dir(name):
    """``data/<name>`` once vendored by the reference loader, else the shared copy."""
    return DATA / name if (DATA / name).is_dir() else SHARED / name


# --- the graph ------------------------------------------------------------------------------


def graph_from_database():
    """Load the reference data into a scratch SQLite database; the graph and each tie's projects."""
    from flask_migrate import upgrade
    from sqlalchemy import select

    from webapp import create_app
    from webapp.extensions import db
    from webapp.models import Tie
    from webapp.services.graph_records import build_from_database
    from webapp.services.reference.loader import load_reference

    class EvaluationConfig(Config):
        SQLALCHEMY_DATABASE_URI = os.environ.get("RANKING_DATABASE_URL") or "sqlite:///" + os.path.join(
            tempfile.mkdtemp(), "ranking.db"
        )

    app = create_app(EvaluationConfig)
    with app.app_context():
        upgrade()
        load_reference()
        db.session.commit()
        G = build_from_database()
        projects = defaultdict(set)
        if hasattr(Tie, "project"):
            for a, b, project in db.session.execute(
                select(Tie.organisation_a_id, Tie.organisation_b_id, Tie.project).where(Tie.project.is_not(None))
            ):
                projects[frozenset((a, b))].update(p.strip() for p in project.split(";") if p.strip())
    return G, dict(projects)


def _place_records(border_geometry):
    records = []
    for path in sorted(_data_dir("places").glob("[a-z][a-z].csv")):
        with path.open(encoding="utf-8") as handle:
            rows = list(csv.DictReader(handle))
        for row in rows:
            record = {
                "id": f"{row['country']}:{row['code']}",
                "name": row["name"],
                "country": row["country"],
                "kind": "commune",
                "lat": float(row["latitude"]),
                "lon": float(row["longitude"]),
                "population": int(row["population"]) if row["population"] else None,
                "code": row["code"],
            }
            if row["country"] == "FR":
                record["department"] = row["code"][:3] if row["code"].startswith("97") else row["code"][:2]
            else:
                record["borders"] = [row["border"]]
                record["border_km"] = {row["border"]: float(row["distance_km"])}
            records.append(record)
    french = [r for r in records if r["country"] == "FR"]
    lats, lons = np.array([r["lat"] for r in french]), np.array([r["lon"] for r in french])
    for border in yaml.safe_load((DATA / "borders.yaml").read_text(encoding="utf-8")):
        try:
            distances = border_geometry.distances_km(border["code"], lats, lons)
        except KeyError:
            continue
        for record, km in zip(french, distances):
            if km <= getattr(Config, "BORDER_BAND_KM", 30):
                record.setdefault("borders", []).append(border["code"])
                record.setdefault("border_km", {})[border["code"]] = round(float(km), 1)
    return records


class _Names:
    """Municipalities by country and folded name (each part of a bilingual name, and its root)."""

    def __init__(self, records):
        self.by_key = defaultdict(list)
        for r in records:
            for part in r["name"].split(" / "):
                for key in {fold_name(part), fold_name(part.split("(")[0]), name_root(part)}:
                    if key:
                        self.by_key[(r["country"], key)].append(r)

    def find(self, country, name, near=None):
        name = name.split(",")[0]
        for key in (fold_name(name), fold_name(name.split("(")[0]), name_root(name)):
            found = self.by_key.get((country, key))
            if found:
                if near is None:
                    return found[0]
                return min(found, key=lambda r: (r["lat"] - near["lat"]) ** 2 + (r["lon"] - near["lon"]) ** 2)
        return None


def graph_from_csv():
    """The reference files as a graph (municipalities, structures, Interreg and twinning ties)."""
    from bench.engine import reference
    from webapp.geo.borders import border_geometry

    records = _place_records(border_geometry(Config.NODE_MODULES))
    names = _Names(records)
    by_id = {r["id"]: r for r in records}
    ties, projects = [], defaultdict(set)
    for i, row in enumerate(yaml.safe_load((DATA / "structures.yaml").read_text(encoding="utf-8"))):
        node = f"structure:{i}"
        foreign = [c for c in row["countries"] if c != "FR"]
        records.append(
            {
                "id": node,
                "name": row["name"],
                "country": row["seat"]["country"],
                "kind": "cross_border_structure",
                "lat": row["seat"]["lat"],
                "lon": row["seat"]["lon"],
                "borders": [f"FR-{c}" for c in foreign],
                "covered_countries": row["countries"],
                "status": "verified",
            }
        )
        for place in row.get("member_places") or ():
            member = names.find(place["country"], place["name"])
            if member:
                ties.append({"a": node, "b": member["id"], "kind": "membership"})
    with (_data_dir("ties") / "interreg_ties_fr_land_borders.csv").open(encoding="utf-8") as handle:
        for row in csv.DictReader(handle):
            if row["fr_type"] != "municipality" or row["foreign_type"] != "municipality":
                continue  # groupings and regions are organisations of the database only
            french = by_id.get(f"FR:{row['fr_seat_insee_code']}")
            foreign = french and names.find(row["foreign_country"], row["foreign_town"], near=french)
            if french and foreign:
                ties.append({"a": french["id"], "b": foreign["id"], "kind": "joint_project"})
                projects[frozenset((french["id"], foreign["id"]))].add(row["project_acronym"])
    with (_data_dir("ties") / "twin_towns_fr_border_wikipedia.csv").open(encoding="utf-8") as handle:
        for row in csv.DictReader(handle):
            french = by_id.get(f"FR:{row['fr_insee_code']}")
            foreign = french and names.find(row["foreign_country"], row["foreign_place"], near=french)
            if french and foreign:
                ties.append({"a": french["id"], "b": foreign["id"], "kind": "twinning"})
    programmes, instruments = reference()
    borders = {row["code"]: row["neighbour"] for row in yaml.safe_load((DATA / "borders.yaml").read_text(encoding="utf-8"))}
    G = engine.build_graph(records, ties, borders=borders, programmes=programmes, instruments=instruments)
    return G, dict(projects)


# --- the cases ------------------------------------------------------------------------------


def _communes_by_name(G):
    by_name = defaultdict(list)
    for node, attrs in G.nodes(data=True):
        if attrs["kind"] == "commune" and attrs["lat"] is not None:
            for part in {attrs["name"] or "", *(attrs["name"] or "").split(" / ")}:
                by_name[(attrs["country"], fold_name(part))].append(node)
    return by_name


def hidden_ties(G, source, target, projects):
    """The ties to hide while ``source`` is asked about ``target`` (see the module docstring)."""
    hide = [(source, target)] if G.has_edge(source, target) else []
    for middle in set(G[source]) & set(G[target]):
        if G.nodes[middle]["kind"] in ("cross_border_structure", "grouping") or "membership" in G.edges[source, middle]["kinds"]:
            hide.append((source, middle))
    shared = projects.get(frozenset((source, target)), set())
    if shared:
        for other in G[source]:
            if projects.get(frozenset((source, other)), set()) & shared and (source, other) not in hide:
                hide.append((source, other))
    return hide


def _in_reach(G, source, target, border):
    a, b = G.nodes[source], G.nodes[target]
    return border in a["borders"] and float(engine.geo.haversine_km(a["lat"], a["lon"], b["lat"], b["lon"])) <= RADIUS_KM


def known_cases(G, projects, pairs_file=DATA / "evaluation_pairs.yaml"):
    """``(cases, report)``: every known cross-border tie whose French end sits near the border and
    whose partner is within the radius, per evaluation set; the report counts what was left out."""
    border_of = {neighbour: code for code, neighbour in G.graph["borders"].items()}
    by_name = _communes_by_name(G)
    report = defaultdict(list)
    cases = {}

    def add(set_name, source, target):
        border = border_of.get(G.nodes[target]["country"])
        if border is None or not G.nodes[source]["borders"] or not _in_reach(G, source, target, border):
            report[f"{set_name}: partner beyond {RADIUS_KM:.0f} km or source not near the border"].append(
                f"{G.nodes[source]['name']} – {G.nodes[target]['name']}"
            )
            return
        key = (source, target)
        if key not in cases:
            cases[key] = {"sets": set(), "source": source, "target": target, "border": border, "group": source}
        cases[key]["sets"].add(set_name)

    for row in yaml.safe_load(pairs_file.read_text(encoding="utf-8")):
        sources, targets = by_name.get(("FR", fold_name(row["fr"]))), by_name.get((row["country"], fold_name(row["other"])))
        if not sources or not targets:
            report["hand-checked pairs: name not found"].append(f"{row['fr']} / {row['other']}")
            continue
        # Homonyms (Saint-Louis in Haut-Rhin and in Moselle): the closest pair is meant.
        source, target = min(
            ((s, t) for s in sources for t in targets),
            key=lambda p: (G.nodes[p[0]]["lat"] - G.nodes[p[1]]["lat"]) ** 2 + (G.nodes[p[0]]["lon"] - G.nodes[p[1]]["lon"]) ** 2,
        )
        engine.add_tie(G, source, target, "cooperation")
        add(SETS[0], source, target)
    for a, b, data in list(G.edges(data=True)):
        if not data["kinds"] & {"twinning", "joint_project"}:
            continue
        source, target = (a, b) if G.nodes[a]["country"] == "FR" else (b, a)
        if (
            G.nodes[source]["country"] == "FR"
            and G.nodes[target]["country"] != "FR"
            and G.nodes[target]["kind"] == "commune"
            and G.nodes[source]["kind"] == "commune"
        ):
            add(SETS[1], source, target)
    for structure, attrs in G.nodes(data=True):
        if attrs["kind"] != "cross_border_structure":
            continue
        members = [m for m in G[structure] if G.nodes[m]["kind"] == "commune"]
        for source in members:
            for target in members:
                if G.nodes[source]["country"] == "FR" and G.nodes[target]["country"] != "FR":
                    add(SETS[2], source, target)
    partners = defaultdict(set)
    for source, target in cases:
        partners[source].add(target)
    result = []
    for case in cases.values():
        case["hide"] = hidden_ties(G, case["source"], case["target"], projects)
        case["other_partners"] = partners[case["source"]] - {case["target"]}
        result.append(case)
    result.sort(key=lambda c: (str(c["source"]), str(c["target"])))
    return result, dict(report)


def load(source="database"):
    """``(G, cases, report)`` from the database (default) or the CSV files."""
    G, projects = graph_from_database() if source == "database" else graph_from_csv()
    cases, report = known_cases(G, projects)
    return G, cases, report
