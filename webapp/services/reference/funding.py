"""``data/funding.yaml``: funds beyond the Interreg programmes, checked and loaded into ``funds``."""

from datetime import date

import domain as d

from ...models import Fund
from .curated import _upsert

UNKNOWN = "unknown"
_AMOUNTS = ("rate_min", "rate_max", "grant_max", "project_min", "project_max")


def _known(value):
    """The file says ``unknown`` where no source gives a figure; the table holds None."""
    return None if value in (None, UNKNOWN) else value


def check_funds(rows, programme_codes):
    """Consistency problems of the funding file, as sentences (empty when all is well)."""
    problems = []
    seen = set()
    for row in rows:
        code = row.get("code")
        if code in seen:
            problems.append(f"fund {code}: listed twice")
        seen.add(code)
        for field in ("code", "name", "url", "sources", "checked_on"):
            if not row.get(field):
                problems.append(f"fund {code}: missing {field}")
        if row.get("kind") not in d.FUND_KINDS:
            problems.append(f"fund {code}: unknown kind {row.get('kind')}")
        if row.get("scope") not in d.FUND_SCOPES:
            problems.append(f"fund {code}: unknown scope {row.get('scope')}")
        if row.get("calls") not in d.FUND_CALLS:
            problems.append(f"fund {code}: unknown calls {row.get('calls')}")
        if row.get("programme") and row["programme"] not in programme_codes:
            problems.append(f"fund {code}: unknown programme {row['programme']}")
        rules = row.get("rules") or {}
        if not rules.get("countries") or set(rules["countries"]) - set(d.COUNTRIES):
            problems.append(f"fund {code}: countries must be among {list(d.COUNTRIES)}")
        if set(rules.get("kinds", ())) - set(d.ORGANISATION_KINDS):
            problems.append(f"fund {code}: unknown organisation kinds")
        if set(rules.get("checks", ())) - set(d.FUND_CHECKS):
            problems.append(f"fund {code}: unknown checks {set(rules['checks']) - set(d.FUND_CHECKS)}")
        for field in _AMOUNTS:
            value = row.get(field, UNKNOWN)
            if value != UNKNOWN and not (isinstance(value, int) and value >= 0):
                problems.append(f"fund {code}: {field} must be a whole number or 'unknown'")
        if row.get("next_deadline", UNKNOWN) != UNKNOWN and not isinstance(row.get("next_deadline"), date):
            problems.append(f"fund {code}: next_deadline must be a date or 'unknown'")
        if not isinstance(row.get("checked_on"), date):
            problems.append(f"fund {code}: checked_on must be a date")
    return problems


def load_funds(rows):
    """Create or update each fund by code; returns ``{code: "created" | "updated" | "unchanged"}``."""
    outcomes = {}
    for row in rows:
        values = dict(
            code=row["code"],
            kind=row["kind"],
            scope=row["scope"],
            programme_code=row.get("programme"),
            name=row["name"],
            names=row.get("names") or {},
            summaries=row.get("summaries") or {},
            rules=row.get("rules") or {},
            currency=row.get("currency", "EUR"),
            calls=row["calls"],
            next_deadline=_known(row.get("next_deadline")),
            url=row["url"],
            label_urls=row.get("label_urls") or {},
            sources=row["sources"],
            checked_on=row["checked_on"],
            to_verify=bool(row.get("to_verify")),
        )
        values.update({field: _known(row.get(field)) for field in _AMOUNTS})
        outcomes[row["code"]] = _upsert(Fund, row["code"], values)
    return outcomes
