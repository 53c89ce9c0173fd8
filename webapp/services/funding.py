"""Funding beyond the Interreg programmes for an organisation or a pair: the curated funds (``funds``) that
``graph.funds`` finds open to them, with the reasons, for the partnership page and the rapport d'étonnement."""

from sqlalchemy import select

from graph.funding import covers
from graph.funds import eligible_funds

from ..extensions import db
from ..models import Fund, Programme


def _programme_areas():
    return [
        (p.code, {"french_departments": p.french_departments or [], "foreign_areas": p.foreign_areas or []})
        for p in db.session.scalars(select(Programme))
    ]


def organisation_record(organisation, areas=None):
    """The plain mapping ``graph.funds`` reads: country, kind, population, labels, Interreg programmes covering it."""
    areas = _programme_areas() if areas is None else areas
    place = {
        "country": organisation.country,
        "department": organisation.department,
        "admin1": organisation.admin1,
        "admin2": organisation.admin2,
        "lat": organisation.latitude,
        "lon": organisation.longitude,
    }
    return {
        "id": organisation.id,
        "country": organisation.country,
        "kind": organisation.kind,
        "population": organisation.population,
        "department": organisation.department,
        "labels": set(organisation.label_codes),
        "programmes": {code for code, area in areas if covers(area, place)},
    }


def funding_for(organisation, partner=None):
    """The funds ``organisation`` (with ``partner``, when given) can use, best fitting first.

    Returns a list of ``{"fund": Fund, "fit": code, "reasons": [...], "sides": [{"organisation", "eligible",
    "reasons"}]}``: ``fit`` and the reasons are codes (``domain.FUND_FITS``, ``graph.funds``), phrased by
    ``webapp.fund_texts`` (the templates' ``fund_reason`` filter and ``capitalisation/_funding.html``).
    """
    funds = {f.code: f for f in db.session.scalars(select(Fund).order_by(Fund.code))}
    if not funds:
        return []
    areas = _programme_areas()
    organisations = {organisation.id: organisation} | ({partner.id: partner} if partner is not None else {})
    records = [organisation_record(o, areas) for o in organisations.values()]
    found = eligible_funds([f.as_rule_record() for f in funds.values()], *records)
    return [
        {
            "fund": funds[item["code"]],
            "fit": item["fit"],
            "reasons": item["reasons"],
            "sides": [
                {"organisation": organisations[s["id"]], "eligible": s["eligible"], "reasons": s["reasons"]}
                for s in item["sides"]
            ],
        }
        for item in found
    ]
