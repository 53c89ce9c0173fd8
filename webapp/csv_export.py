"""Every CSV the site and the API offer for download, written by one helper (issue 12).

Two dialects (``domain.CSV_DIALECTS``, chosen with ``?dialect=``):

- ``spreadsheet`` (the default): what a spreadsheet in the reader's language opens cleanly: a UTF-8
  byte order mark, ``;`` between cells, headers and codes (statuses, kinds, countries...) in the
  reader's language, numbers with the reader's decimal sign, yes/no for flags;
- ``raw``: for programs: codes as stored, code names as headers, commas, no byte order mark.

Both go through ``graph.csv_table``, so a cell a spreadsheet would run as a formula is neutralised.
"""

from typing import NamedTuple

from babel.numbers import format_decimal
from flask import Response
from flask_babel import get_locale
from flask_babel import gettext as _

from domain import CSV_DIALECTS, DEFAULT_CSV_DIALECT
from graph import csv_table

BOM = "\ufeff"


class Column(NamedTuple):
    """One column: its code (the raw header), its label, and the labels of its codes (None: values as they are)."""

    code: str
    label: object  # a lazy string, phrased when the file is written
    vocab: object = None  # a mapping code -> label, or None


def requested_dialect(args):
    """``?dialect=`` when it is one of ``domain.CSV_DIALECTS``, else the spreadsheet dialect."""
    value = args.get("dialect")
    return value if value in CSV_DIALECTS else DEFAULT_CSV_DIALECT


def csv_text(columns, rows, dialect=DEFAULT_CSV_DIALECT):
    """``rows`` (sequences of stored values, one per column) as CSV text in ``dialect``."""
    if dialect == "raw":
        return csv_table([c.code for c in columns], ([_raw(v) for v in row] for row in rows))
    header = [str(c.label) for c in columns]
    body = ([_phrased(c, v) for c, v in zip(columns, row, strict=True)] for row in rows)
    return BOM + csv_table(header, body, delimiter=";", number=_number)


def csv_response(filename, columns, rows, dialect=DEFAULT_CSV_DIALECT):
    """A download of ``rows`` as ``filename``."""
    return Response(
        csv_text(columns, rows, dialect),
        mimetype="text/csv",
        headers={"Content-Disposition": f'attachment; filename="{filename}"'},
    )


def _raw(value):
    return ";".join(map(str, value)) if isinstance(value, (list, tuple)) else value


def _phrased(column, value):
    if value is None:
        return ""
    if isinstance(value, bool):
        return _("oui") if value else _("non")
    if isinstance(value, (list, tuple)):
        return ", ".join(str(_label(column, v)) for v in value)
    return _label(column, value)


def _label(column, value):
    if column.vocab is None or value not in column.vocab:
        return value
    return str(column.vocab[value])


def _number(value):
    return format_decimal(value, locale=get_locale(), group_separator=False, decimal_quantization=False)
