"""The example sheets shipped in ``data/sheets.yaml``: published once, matched to organisations by name."""

from sqlalchemy import select

from ..extensions import db
from ..models import Instrument, Organisation, Programme, Sheet
from ..models._common import utcnow
from .capitalisation import create_sheet, record_event


def _find_organisation(ref):
    rows = db.session.scalars(
        select(Organisation)
        .where(Organisation.name == ref["name"], Organisation.country == ref["country"], Organisation.archived_at.is_(None))
        .order_by(Organisation.id)
    ).all()
    # A place may exist as a commune and as a structure of the same name: prefer the kind asked for (a commune by
    # default); a structure must be one.
    wanted = ref.get("kind", "commune")
    preferred = next((o for o in rows if o.kind == wanted), None)
    return preferred if preferred is not None or wanted == "cross_border_structure" else next(iter(rows), None)


def load_examples(rows):
    """Publish the example sheets of ``data/sheets.yaml`` (``is_example``); those already there are kept as they are.

    Returns ``{"created": n, "kept": n, "missing": ["name (country)", ...]}``; partners or structures not in
    the database (reference data not loaded) are left out and listed.
    """
    summary = {"created": 0, "kept": 0, "missing": []}
    by_title = {}
    for row in sorted(rows, key=lambda r: r["kind"] != "project"):  # projects first: problems link to them
        existing = db.session.scalar(select(Sheet).where(Sheet.title == row["title"], Sheet.is_example.is_(True)))
        if existing is not None:
            by_title[row["title"]] = existing
            summary["kept"] += 1
            continue
        partners = []
        for ref in row.get("partners", []):
            found = _find_organisation(ref)
            if found is None:
                summary["missing"].append(f"{ref['name']} ({ref['country']})")
            else:
                partners.append(found.id)
        values = {
            "title": row["title"],
            "summary": row["summary"],
            "borders": row["borders"],
            "themes": row.get("themes", []),
            "partner_ids": partners,
            "sources": row.get("sources", []),
        }
        if row["kind"] == "project":
            structure = (
                _find_organisation(row["structure"] | {"kind": "cross_border_structure"}) if row.get("structure") else None
            )
            if row.get("structure") and structure is None:
                summary["missing"].append(f"{row['structure']['name']} ({row['structure']['country']})")
            values |= {
                "structure_id": structure.id if structure else None,
                "instrument_code": row.get("instrument") if db.session.get(Instrument, row.get("instrument") or "") else None,
                "programme_code": row.get("programme") if db.session.get(Programme, row.get("programme") or "") else None,
            }
            values |= {k: row.get(k) for k in ("start_year", "end_year", "project_status", "obstacles", "results", "lessons")}
        else:
            values |= {
                "cause": row.get("cause"),
                "solutions": row.get("solutions"),
                "linked_ids": [by_title[t].id for t in row.get("linked", []) if t in by_title],
            }
        sheet = create_sheet(None, row["kind"], values, is_example=True)
        record_event(sheet, None, "status", changes={}, from_status="draft", to_status="published")
        sheet.status, sheet.published_at = "published", utcnow()
        by_title[row["title"]] = sheet
        summary["created"] += 1
    db.session.flush()
    return summary
