"""ANCT label lists (data.gouv.fr): parse the official files as they really are, and import them."""

import csv
import io
import re
from collections import Counter
from dataclasses import dataclass, field
from datetime import date, datetime

from ...extensions import db
from ...models import LabelImport
from ..graph_bridge import bulk_changes
from ..organisations import INSEE_CODE
from .official_labels import OFFICIAL_SOURCES, apply_official_list, french_communes_by_code

# Which label each id column carries; the layout is recognised from the header.
LAYOUTS = {
    "croisement": {"pvd": ("id_pvd",), "va": ("id_va",), "am": ("id_ami", "id_amm")},
    "pvd": {"pvd": ("id_pvd",)},
    "va": {"va": ("id_va",)},
    "ami": {"am": ("id_ami",)},
}
# Where the official lists are published (the upload page links to them).
OFFICIAL_PAGES = {
    "pvd": "https://www.data.gouv.fr/fr/datasets/?q=petites+villes+de+demain",
    "va": "https://www.data.gouv.fr/fr/datasets/?q=villages+d%27avenir",
    "am": "https://www.data.gouv.fr/fr/datasets/?q=avenir+montagnes",
    "croisement": "https://www.data.gouv.fr/fr/datasets/?q=croisement+des+dispositifs+ANCT",
}
MAX_FIELD_CHARS = 10_000  # a commune name or an id is short: a longer field is not an ANCT list
BLANK_IDS = {"", "0", "-", "na", "n/a", "nan", "null", "none"}
QUOTED_CODE = re.compile(r'^=?"?\s*([0-9A-Za-z]{1,5})(?:\.0)?\s*"?$')


class LabelFileError(ValueError):
    """The file cannot be read as an ANCT label list at all.

    ``code`` and ``params`` say why; ``webapp.labels.messages`` phrases them in the reader's language
    (``str(error)`` is only for logs).
    """

    def __init__(self, code, **params):
        super().__init__(code, params)
        self.code, self.params = code, params

    def __str__(self):
        return f"{self.code} {self.params}" if self.params else self.code


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
    problems: list = field(default_factory=list)  # (line, INSEE code as read, problem code, params)
    not_labelled: int = 0


def decode(data: bytes) -> str:
    """UTF-8 (with or without BOM), else Windows-1252 as Excel writes it; else a ``LabelFileError``."""
    try:
        return data.decode("utf-8-sig")
    except UnicodeDecodeError:
        pass
    try:
        return data.decode("cp1252").lstrip("\ufeff")
    except UnicodeDecodeError as error:
        raise LabelFileError("encoding", byte=error.start + 1) from None


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


def parse_label_file(data: bytes, *, label=None) -> ParsedLabels:
    """Parse an ANCT file; ``label`` names the programme of a plain ``insee_com;lib_com;...`` file without id columns."""
    try:
        return _parse(decode(data), programme=label)
    except csv.Error as error:  # a field over the csv module's limit, a NUL byte...
        raise LabelFileError("csv_unreadable", detail=str(error)) from None


def _parse(text, *, programme):
    delimiter = _header(text)
    reader = csv.reader(io.StringIO(text, newline=""), delimiter=delimiter)
    try:
        header = [h.strip().strip('"').lstrip("\ufeff").strip().lower() for h in next(reader)]
    except StopIteration:
        raise LabelFileError("empty") from None
    if "insee_com" not in header:
        raise LabelFileError("no_insee_column", header=header[:8])
    columns = set(header)
    if {"id_pvd", "id_va"} <= columns:
        layout = "croisement"
    else:
        layout = next(
            (
                name
                for name, labels in LAYOUTS.items()
                if name != "croisement" and any(c in columns for cols in labels.values() for c in cols)
            ),
            None,
        )
    if layout is None and programme in OFFICIAL_SOURCES:
        layout = "plain"
    if layout is None:
        raise LabelFileError("programme_unknown")
    position = {name: index for index, name in enumerate(header)}
    longest = MAX_FIELD_CHARS
    parsed = ParsedLabels(layout=layout)
    for values in reader:
        line = reader.line_num
        if not any(v.strip() for v in values):
            continue
        if max(map(len, values)) > longest:  # whatever csv.field_size_limit() another module set
            raise LabelFileError("field_too_long", chars=longest, line=line)

        def cell(name, values=values):
            return values[position[name]].strip() if name in position and position[name] < len(values) else ""

        code = normalise_insee(cell("insee_com"))
        if code is None:
            parsed.problems.append((line, cell("insee_com"), "insee_unreadable", {}))
            continue
        labels, problem = {}, None
        if layout == "plain":
            labels[programme] = (None, None)
        for label, id_columns in LAYOUTS.get(layout, {}).items():
            anct_id = next((cell(c) for c in id_columns if cell(c).lower() not in BLANK_IDS), None)
            if anct_id is None:
                continue
            if len(anct_id) > 40:
                problem = ("id_too_long", {"label": label})
                break
            signed_on = None
            if label == "pvd":
                try:
                    signed_on = _parse_date(cell("date_signature"))
                except ValueError:
                    problem = ("signature_date_unreadable", {"value": cell("date_signature")})
                    break
            labels[label] = (anct_id, signed_on)
        if problem:
            parsed.problems.append((line, code, *problem))
        elif not labels:
            parsed.not_labelled += 1
        else:
            parsed.rows.append(LabelRow(line=line, insee=code, name=cell("lib_com"), labels=labels))
    return parsed


def import_labels(parsed, *, communes, strict=False, progress=iter, replace=False, listed_on=None):
    """Attach the parsed labels by INSEE code in one transaction; returns the report.

    Only communes on the platform (near a border) are labelled: the others are refused, each with
    its line and reason. Labels are "official", from the source of their programme and dated
    ``listed_on`` (default: today). With ``replace`` the file is the complete new list: the official
    labels of that source it no longer names are removed (never a declared one) and reported.
    Lenient (default): valid rows are imported, the others reported. Strict: any problem and
    nothing is imported. Idempotent: importing the same file again changes nothing.
    """
    counts = Counter(not_labelled=parsed.not_labelled)
    problems = list(parsed.problems)
    with bulk_changes():
        applied, removed = _import_rows(
            parsed,
            counts,
            problems,
            communes=communes,
            strict=strict,
            progress=progress,
            replace=replace,
            listed_on=listed_on or date.today(),
        )
    if not applied:
        counts = Counter(skipped=len(problems), not_labelled=parsed.not_labelled)
        removed = []
    db.session.flush()
    return {
        "layout": parsed.layout,
        "applied": applied,
        "counts": dict(counts),
        "removed": removed,
        # Codes with parameters, phrased when shown (webapp.labels.messages): stored as they are in the log.
        "problems": [
            {"line": line, "code": code, "problem": problem, "params": params} for line, code, problem, params in problems
        ],
    }


def _import_rows(parsed, counts, problems, *, communes, strict, progress, replace, listed_on):
    """Attach every row inside a savepoint; roll it back in strict mode when a row was refused."""
    savepoint = db.session.begin_nested()
    by_code = french_communes_by_code()
    entries = {}  # label -> {code: anct id}
    for row in progress(parsed.rows):
        code = communes.current_code(row.insee)
        if code is None:
            problems.append((row.line, row.insee, "insee_not_in_cog", {}))
            continue
        if code not in by_code:
            problems.append((row.line, row.insee, "not_near_border", {"name": communes.by_code[code].name}))
            continue
        for label, (anct_id, _signed_on) in row.labels.items():
            entries.setdefault(label, {})[code] = anct_id
    removed = []
    for label, listed in entries.items():
        label_counts, label_removed = apply_official_list(
            label, listed, source=OFFICIAL_SOURCES[label], listed_on=listed_on, by_code=by_code, replace=replace
        )
        counts.update(label_counts)
        removed += [f"{label}:{code}" for code in label_removed]
    _set_signature_dates(parsed, by_code, communes)
    problems.sort(key=lambda problem: problem[:3])
    counts["skipped"] = len(problems)
    applied = not (strict and problems)
    if applied:
        savepoint.commit()
    else:
        savepoint.rollback()
    return applied, removed


def _set_signature_dates(parsed, by_code, communes):
    for row in parsed.rows:
        organisation = by_code.get(communes.current_code(row.insee))
        for item in organisation.labels if organisation is not None else ():
            signed_on = row.labels.get(item.label, (None, None))[1]
            if signed_on and item.signed_on != signed_on:
                item.signed_on = signed_on


def record_import(report, *, filename, strict, user=None):
    log = LabelImport(
        filename=filename[:255],
        layout=report["layout"],
        strict=strict,
        applied=report["applied"],
        counts=report["counts"] | ({"removed_codes": report["removed"]} if report.get("removed") else {}),
        problems=report["problems"],
        user_id=user.id if user is not None else None,
    )
    db.session.add(log)
    db.session.flush()
    return log
