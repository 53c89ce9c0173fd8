"""A synthetic network in the database (``flask network synthetic``), served by the same pages and API.

For measuring the views at scale (``bench/browser.py``): ``graph.synthetic`` draws the organisations
and ties around the real places of ``data/places/``; this module writes them in bulk (one statement
per thousands of rows, no per-row change log) and asks every process to rebuild its graph once.
"""

import csv

from sqlalchemy import delete, func, insert, select, text

import graph.synthetic as generator

from ..extensions import db
from ..models import Organisation, OrganisationBorder, OrganisationLabel, Tie
from ..models._common import utcnow
from .graph_bridge import bulk_changes
from .reference.municipalities import PLACES_DIR
from .text import fold

SOURCE = "synthetic"  # organisations.source and ties.source of every generated row
CHUNK = 5_000


def read_anchors(directory=PLACES_DIR):
    """The vendored municipalities (``??.csv``) with their border and distance to it: where to put the places."""
    anchors = []
    for path in sorted(directory.glob("??.csv")):
        with path.open(encoding="utf-8") as handle:
            for row in csv.DictReader(handle):
                if row.get("border"):
                    anchors.append(
                        {
                            "country": row["country"],
                            "latitude": float(row["latitude"]),
                            "longitude": float(row["longitude"]),
                            "border": row["border"],
                            "distance_km": float(row["distance_km"]) if row.get("distance_km") else None,
                        }
                    )
    return anchors


def _chunks(rows, progress, what):
    for start in range(0, len(rows), CHUNK):
        yield rows[start : start + CHUNK]
        progress(f"{what}: {min(start + CHUNK, len(rows)):,}/{len(rows):,}")


def load_synthetic(n_nodes, n_edges, *, seed=0, anchors=None, progress=lambda message: None):
    """Add a seeded synthetic network of ``n_nodes`` organisations and ``n_edges`` ties; returns the counts.

    Ids follow the database's highest; the rows carry ``source="synthetic"`` (:func:`remove_synthetic`
    takes them out). The caller commits.
    """
    first_id = (db.session.scalar(select(func.max(Organisation.id))) or 0) + 1
    organisations, ties = generator.synthetic_network(
        read_anchors() if anchors is None else anchors, n_nodes, n_edges, seed=seed, first_id=first_id
    )
    progress(f"Drawn {len(organisations):,} organisations and {len(ties):,} ties (seed {seed}).")
    now = utcnow()
    organisation_rows = [
        {
            "id": o["id"],
            "name": o["name"],
            "kind": o["kind"],
            "country": o["country"],
            "latitude": o["latitude"],
            "longitude": o["longitude"],
            "population": o["population"],
            "status": o["status"],
            "search_text": fold(o["name"]),
            "covered_countries": [],
            "languages": [],
            "source": SOURCE,
            "source_ref": f"{seed}:{o['id'] - first_id}",
            "edited_by_user": False,
            "created_at": now,
            "updated_at": now,
        }
        for o in organisations
    ]
    border_rows = [
        {"organisation_id": o["id"], "border": border, "distance_km": o["border_km"].get(border)}
        for o in organisations
        for border in o["borders"]
    ]
    label_rows = [
        {"organisation_id": o["id"], "label": label, "status": "official", "source": SOURCE}
        for o in organisations
        for label in o["labels"]
    ]
    tie_rows = [
        {
            "organisation_a_id": t["a"],
            "organisation_b_id": t["b"],
            "kind": t["kind"],
            "since_year": t["since_year"],
            "source": SOURCE,
            "created_at": now,
        }
        for t in ties
    ]
    with bulk_changes():
        for model, rows, what in (
            (Organisation, organisation_rows, "organisations"),
            (OrganisationBorder, border_rows, "borders"),
            (OrganisationLabel, label_rows, "labels"),
            (Tie, tie_rows, "ties"),
        ):
            for chunk in _chunks(rows, progress, what):
                db.session.execute(insert(model.__table__), chunk)  # Core: no ORM bookkeeping per row
    if db.engine.dialect.name == "postgresql":  # the ids were given: move the sequence past them
        db.session.execute(
            text("SELECT setval(pg_get_serial_sequence('organisations', 'id'), (SELECT max(id) FROM organisations))")
        )
    return {"organisations": len(organisation_rows), "ties": len(tie_rows), "first_id": first_id}


def remove_synthetic():
    """Delete every synthetic organisation and tie (and their labels and borders); returns how many organisations."""
    ids = select(Organisation.id).where(Organisation.source == SOURCE).scalar_subquery()
    with bulk_changes():
        db.session.execute(delete(Tie).where(Tie.source == SOURCE))
        db.session.execute(delete(OrganisationLabel).where(OrganisationLabel.organisation_id.in_(ids)))
        db.session.execute(delete(OrganisationBorder).where(OrganisationBorder.organisation_id.in_(ids)))
        removed = db.session.execute(delete(Organisation).where(Organisation.source == SOURCE)).rowcount
    return removed
