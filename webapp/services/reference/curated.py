"""Curated knowledge files (``data/*.yaml``): read, check, and load into the database."""

from pathlib import Path

import yaml

from ...extensions import db
from ...geo.borders import DATA_DIR, load_borders
from ...models import Instrument, Programme
from ...vocab import AMBITIONS, COUNTRIES, LEGAL_FORMS, ORGANISATION_KINDS, PROGRAMME_KINDS


def read_data_file(name, data_dir: Path = DATA_DIR):
    return yaml.safe_load((Path(data_dir) / name).read_text(encoding="utf-8"))


def programme_departments(row, communes):
    """A programme's French departments: listed ones plus those of its listed regions, per the COG."""
    departments = set(row.get("french_departments", []))
    for region in row.get("french_regions", []):
        departments.update(communes.departments_of_region.get(region, []))
    return sorted(departments)


def check_curated(instruments, programmes, structures, communes):
    """Consistency problems of the curated files, as sentences (empty when all is well)."""
    problems = []
    border_codes = {b.code for b in load_borders()}
    covered = set()
    for row in instruments:
        rules = row["rules"]
        for field in ("code", "name_fr", "legal_basis", "rank", "sources"):
            if not row.get(field):
                problems.append(f"instrument {row.get('code')}: missing {field}")
        for border in rules["borders"] + rules.get("third_country_borders", []):
            if border not in border_codes:
                problems.append(f"instrument {row['code']}: unknown border {border}")
            covered.add(border)
        if set(rules["member_kinds"]) - set(ORGANISATION_KINDS):
            problems.append(
                f"instrument {row['code']}: unknown member kinds {set(rules['member_kinds']) - set(ORGANISATION_KINDS)}"
            )
        if not rules["ambitions"] or set(rules["ambitions"]) - set(AMBITIONS):
            problems.append(f"instrument {row['code']}: ambitions must be among {list(AMBITIONS)}")
    for border in sorted(border_codes - covered):
        problems.append(f"border {border}: no legal instrument applies")
    for row in programmes:
        if row.get("kind") not in PROGRAMME_KINDS:
            problems.append(f"programme {row['code']}: unknown kind {row.get('kind')}")
        for region in row.get("french_regions", []):
            if region not in communes.departments_of_region:
                problems.append(f"programme {row['code']}: unknown French region {region}")
        departments = programme_departments(row, communes)
        if not departments:
            problems.append(f"programme {row['code']}: no French department")
        for department in departments:
            if department not in communes.department_codes:
                problems.append(f"programme {row['code']}: unknown French department {department}")
        for area in row.get("foreign_areas", []):
            if area["country"] not in COUNTRIES or area["country"] == "FR":
                problems.append(f"programme {row['code']}: foreign area in {area['country']}")
        if not row.get("url"):
            problems.append(f"programme {row['code']}: no source URL")
    names = set()
    for row in structures:
        if row["name"] in names:
            problems.append(f"structure {row['name']}: listed twice")
        names.add(row["name"])
        if len(set(row.get("countries", []))) < 2 or "FR" not in row["countries"]:
            problems.append(f"structure {row['name']}: needs France and at least one other country")
        if set(row["countries"]) - set(COUNTRIES):
            problems.append(f"structure {row['name']}: unknown countries {set(row['countries']) - set(COUNTRIES)}")
        if row.get("legal_form") not in LEGAL_FORMS:
            problems.append(f"structure {row['name']}: unknown legal form {row.get('legal_form')}")
        if row["seat"]["country"] not in row["countries"]:
            problems.append(f"structure {row['name']}: seat outside its countries")
        for place in row.get("member_places", []):
            if place["country"] not in row["countries"]:
                problems.append(f"structure {row['name']}: member {place['name']} outside its countries")
        if not row.get("source"):
            problems.append(f"structure {row['name']}: no source URL")
    return problems


def _upsert(model, key, values):
    row = db.session.get(model, key)
    if row is None:
        db.session.add(model(**values))
        return "created"
    changed = False
    for field, value in values.items():
        if getattr(row, field) != value:
            setattr(row, field, value)
            changed = True
    return "updated" if changed else "unchanged"


def load_instruments(rows):
    outcomes = {}
    for row in rows:
        outcomes[row["code"]] = _upsert(
            Instrument,
            row["code"],
            dict(
                code=row["code"],
                name=row["name_fr"],
                names=row.get("names") or {},
                summaries=row.get("summary") or {},
                legal_basis=row["legal_basis"],
                legal_personality=row["legal_personality"],
                personality_note=row["personality_note"],
                members_note=row["members_note"],
                authority=row["authority"],
                typical_uses=row["typical_uses"],
                rank=row["rank"],
                rules=row["rules"],
                sources=row["sources"],
                to_verify=bool(row.get("to_verify")),
            ),
        )
    db.session.flush()
    return outcomes


def load_programmes(rows, communes):
    outcomes = {}
    for row in rows:
        outcomes[row["code"]] = _upsert(
            Programme,
            row["code"],
            dict(
                code=row["code"],
                name=row["name"],
                names=row.get("names") or {},
                kind=row["kind"],
                countries=row["countries"],
                french_departments=programme_departments(row, communes),
                foreign_areas=row["foreign_areas"],
                url=row["url"],
                to_verify=bool(row.get("to_verify")),
            ),
        )
    db.session.flush()
    return outcomes
