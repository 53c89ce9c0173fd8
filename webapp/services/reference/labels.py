"""ANCT label lists (data.gouv.fr): parse the official files as they really are, and import them."""

import csv
import functools
import io
import re
from collections import Counter
from dataclasses import dataclass, field
from datetime import datetime

from sqlalchemy import select

from ...extensions import db
from ...models import LabelImport, Organisation, OrganisationLabel
from ..organisations import INSEE_CODE, save_reference_organisation
from ..graph_bridge import bulk_changes
from ..text import fold
from .places import french_department, read_geonames

# Which label each id column carries; the layout is recognised from the header.
LAYOUTS = {
    "croisement": {"pvd": ("id_pvd",), "va": ("id_va",), "am": ("id_ami", "id_amm")},
    "pvd": {"pvd": ("id_pvd",)},
    "va": {"va": ("id_va",)},
    "ami": {"am": ("id_ami",)},
}
BLANK_IDS = {"", "0", "-", "na", "n/a", "nan", "null", "none"}
QUOTED_CODE = re.compile(r'^=?"?\s*([0-9A-Za-z]{1,5})(?:\.0)?\s*"?$')
SOURCE = "ANCT label list + COG + GeoNames coordinates"


class LabelFileError(ValueError):
    """The file cannot be read as an ANCT label list at all."""


@dataclass
class LabelRow:
    line: int
    insee: str
    name: str
    labels: dict  # label -> (anct_id, signed_on)


@dataclass
class ParsedLabels:
    layout: str
    rows: list = field(default_factory=list)
    problems: list = field(default_factory=list)  # (line, code, reason)
    not_labelled: int = 0


def decode(data: bytes) -> str:
    """UTF-8 (with or without BOM), else Windows-1252 as Excel writes it."""
    try:
        return data.decode("utf-8-sig")
    except UnicodeDecodeError:
        return data.decode("cp1252").lstrip("\ufeff")


def normalise_insee(raw):
    """An INSEE code from what spreadsheets make of it: ``="01033"``, ``1033``, ``2a004``; None if not one.

    >>> [normalise_insee(v) for v in ['="01033"', '1033', ' 2a004 ', '67482.0', '123', 'abc']]
    ['01033', '01033', '2A004', '67482', None, None]
    """
    match = QUOTED_CODE.match((raw or "").strip())
    if not match:
        return None
    code = match.group(1).upper()
    if code.isdigit() and len(code) == 4:
        code = "0" + code  # the leading zero a spreadsheet dropped
    return code if INSEE_CODE.match(code) else None


def _parse_date(raw):
    raw = (raw or "").strip()
    if not raw:
        return None
    for pattern in ("%Y-%m-%d", "%d/%m/%Y", "%Y/%m/%d", "%d-%m-%Y"):
        try:
            return datetime.strptime(raw[:10], pattern).date()
        except ValueError:
            continue
    raise ValueError(raw)


def _header(text):
    first = next((line for line in text.splitlines() if line.strip()), "")
    delimiter = max((";", ",", "\t"), key=first.count)
    return delimiter


def parse_label_file(data: bytes) -> ParsedLabels:
    text = decode(data)
    delimiter = _header(text)
    reader = csv.reader(io.StringIO(text, newline=""), delimiter=delimiter)
    try:
        header = [h.strip().strip('"').lstrip("\ufeff").strip().lower() for h in next(reader)]
    except StopIteration:
        raise LabelFileError("Le fichier est vide.") from None
    if "insee_com" not in header:
        raise LabelFileError("Colonne « insee_com » absente : ce n'est pas une liste de l'ANCT (en-tête lu : "
                             + ", ".join(header[:8]) + ").")
    columns = set(header)
    if {"id_pvd", "id_va"} <= columns:
        layout = "croisement"
    else:
        layout = next((name for name, labels in LAYOUTS.items() if name != "croisement"
                       and any(c in columns for cols in labels.values() for c in cols)), None)
    if layout is None:
        raise LabelFileError("Programme non reconnu : aucune colonne id_pvd, id_va ou id_ami.")
    position = {name: index for index, name in enumerate(header)}
    parsed = ParsedLabels(layout=layout)
    for values in reader:
        line = reader.line_num
        if not any(v.strip() for v in values):
            continue
        cell = lambda name: values[position[name]].strip() if name in position and position[name] < len(values) else ""  # noqa: E731
        code = normalise_insee(cell("insee_com"))
        if code is None:
            parsed.problems.append((line, cell("insee_com"), "code INSEE illisible"))
            continue
        labels, problem = {}, None
        for label, id_columns in LAYOUTS[layout].items():
            anct_id = next((cell(c) for c in id_columns if cell(c).lower() not in BLANK_IDS), None)
            if anct_id is None:
                continue
            if len(anct_id) > 40:
                problem = f"identifiant {label} trop long"
                break
            signed_on = None
            if label == "pvd":
                try:
                    signed_on = _parse_date(cell("date_signature"))
                except ValueError:
                    problem = f"date de signature illisible : {cell('date_signature')}"
                    break
            labels[label] = (anct_id, signed_on)
        if problem:
            parsed.problems.append((line, code, problem))
        elif not labels:
            parsed.not_labelled += 1
        else:
            parsed.rows.append(LabelRow(line=line, insee=code, name=cell("lib_com"), labels=labels))
    return parsed


@functools.lru_cache(maxsize=1)
def french_places(communes):
    """GeoNames French places by (department, folded name): where to find a commune's coordinates."""
    index = {}
    for place in read_geonames():
        if place.country == "FR":
            index.setdefault((french_department(place, communes), fold(place.name)), place)
    return index


def locate_commune(commune, communes):
    """The GeoNames place with the commune's name in its department, else with a former name of it
    (GeoNames often still knows a merged commune by the name of its main delegated commune)."""
    places = french_places(communes)
    for name in [commune.name, *communes.former_names.get(commune.code, [])]:
        place = places.get((commune.department, fold(name)))
        if place is not None:
            return place
    return None


def import_labels(parsed, *, communes, strict=False, progress=iter, locate=locate_commune):
    """Attach the parsed labels by INSEE code in one transaction; returns the report.

    Lenient (default): valid rows are imported, the others reported with their line. Strict: any
    problem and nothing is imported. Idempotent: importing the same file again changes nothing.
    """
    counts = Counter(not_labelled=parsed.not_labelled)
    problems = list(parsed.problems)
    by_code = {o.official_code: o for o in db.session.scalars(
        select(Organisation).where(Organisation.country == "FR", Organisation.kind == "commune", Organisation.official_code.is_not(None)))}
    with bulk_changes():
        applied = _import_rows(parsed, by_code, counts, problems, communes=communes, strict=strict, progress=progress, locate=locate)
    if not applied:
        counts = Counter(skipped=len(problems), not_labelled=parsed.not_labelled)
    db.session.flush()
    return {"layout": parsed.layout, "applied": applied, "counts": dict(counts),
            "problems": [{"line": line, "code": code, "reason": reason} for line, code, reason in problems]}


def _import_rows(parsed, by_code, counts, problems, *, communes, strict, progress, locate):
    """Attach every row inside a savepoint; roll it back in strict mode when a row was refused."""
    savepoint = db.session.begin_nested()
    for row in progress(parsed.rows):
        commune = communes.by_code.get(row.insee)
        if commune is None:
            problems.append((row.line, row.insee, "code INSEE absent du code officiel géographique (commune fusionnée ?)"))
            continue
        organisation = by_code.get(row.insee)
        if organisation is None:
            place = locate(commune, communes)
            if place is None:
                problems.append((row.line, row.insee, f"{commune.name} n'est pas sur la plateforme et ses coordonnées sont introuvables"))
                continue
            organisation = save_reference_organisation(dict(
                name=commune.name, kind="commune", country="FR", official_code=commune.code, department=commune.department,
                latitude=place.latitude, longitude=place.longitude, population=commune.population,
                admin1=place.admin1, admin2=place.admin2, source=SOURCE, source_ref=commune.code, licence="Licence Ouverte 2.0 ; GeoNames CC BY 4.0"))
            by_code[row.insee] = organisation
            counts["created"] += 1
        for label, (anct_id, signed_on) in row.labels.items():
            counts[_attach(organisation, label, anct_id, signed_on)] += 1
    problems.sort()
    counts["skipped"] = len(problems)
    applied = not (strict and problems)
    if applied:
        savepoint.commit()
    else:
        savepoint.rollback()
    return applied


def _attach(organisation, label, anct_id, signed_on):
    existing = next((item for item in organisation.labels if item.label == label), None)
    if existing is None:
        organisation.labels.append(OrganisationLabel(label=label, anct_id=anct_id, signed_on=signed_on))
        return "added"
    if (existing.anct_id, existing.signed_on) == (anct_id, signed_on or existing.signed_on):
        return "unchanged"
    existing.anct_id, existing.signed_on = anct_id, signed_on or existing.signed_on
    return "updated"


def record_import(report, *, filename, strict, user=None):
    log = LabelImport(filename=filename[:255], layout=report["layout"], strict=strict, applied=report["applied"],
                      counts=report["counts"], problems=report["problems"], user_id=user.id if user is not None else None)
    db.session.add(log)
    db.session.flush()
    return log
