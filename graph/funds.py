"""Which funds beyond the Interreg programmes (small-project funds, citizens' funds, State grants...) an
organisation, or a pair of partners, can use: codes with parameters, phrased by the webapp.

A fund (a row of ``data/funding.yaml``) has a ``scope``: ``joint`` funds take one application from partners
on both sides (both must be eligible), ``own`` funds are applied for by each partner on its side (the pair
can use one when either side is eligible). An organisation is a mapping with ``id``, ``country``, ``kind``,
``population``, ``department``, ``labels`` and ``programmes`` (codes of the Interreg programmes covering it,
see :func:`graph.funding.programmes_covering`).
"""

from domain import FUND_FITS, FUND_KINDS

__all__ = ["side_eligibility", "eligible_funds"]


def _population_reasons(rules, attrs):
    limits_by_kind = rules.get("population_limits")
    if not limits_by_kind:
        return True, []
    overseas = str(attrs.get("department") or "").startswith("97")
    limits = (rules.get("population_limits_overseas") if overseas else None) or limits_by_kind
    limit = limits.get(attrs.get("kind"))
    if limit is None:
        return True, []
    population = attrs.get("population")
    if population is None:
        return True, [{"code": "population_unknown", "max": limit["max"]}]
    if population > limit["max"]:
        return False, [{"code": "population_over", "max": limit["max"]}]
    unconditional = limit.get("unconditional_max")
    if unconditional is not None and population > unconditional:
        return True, [{"code": "population_condition", "max": limit["max"], "unconditional_max": unconditional}]
    return True, [{"code": "population_under", "max": unconditional or limit["max"]}]


def side_eligibility(fund, attrs):
    """``(eligible, reasons)`` of one organisation for ``fund``.

    Examples
    --------
    >>> detr = {"rules": {"countries": ["FR"], "kinds": ["commune"],
    ...                   "population_limits": {"commune": {"max": 20000, "unconditional_max": 2000}}}}
    >>> side_eligibility(detr, {"country": "FR", "kind": "commune", "population": 1200})
    (True, [{'code': 'country', 'country': 'FR'}, {'code': 'population_under', 'max': 2000}])
    >>> side_eligibility(detr, {"country": "FR", "kind": "commune", "population": 25000})[0]
    False
    >>> side_eligibility(detr, {"country": "DE", "kind": "commune", "population": 1200})
    (False, [{'code': 'country_excluded', 'country': 'DE'}])
    """
    rules = fund.get("rules") or {}
    country = attrs.get("country")
    if country not in rules.get("countries", ()):
        return False, [{"code": "country_excluded", "country": country}]
    reasons = [{"code": "country", "country": country}]
    programme = fund.get("programme") or fund.get("programme_code")
    if programme:
        if programme not in (attrs.get("programmes") or ()):
            return False, [{"code": "outside_programme", "programme": programme}]
        reasons.append({"code": "programme_area", "programme": programme})
    kinds = rules.get("kinds")
    if kinds and attrs.get("kind") not in kinds:
        return False, [{"code": "kind_excluded", "kind": attrs.get("kind")}]
    ok, population = _population_reasons(rules, attrs)
    if not ok:
        return False, population
    reasons += population
    reasons += [
        {"code": "label", "label": label} for label in rules.get("highlight_labels", ()) if label in (attrs.get("labels") or ())
    ]
    reasons += [{"code": "check", "check": check} for check in rules.get("checks", ())]
    return True, reasons


def _pair_reasons(fund, sides):
    """``(fits, reasons)`` of the pair's own conditions: countries on both sides of a border, named countries."""
    rules = fund.get("rules") or {}
    countries = sorted({s.get("country") for s in sides})
    reasons = []
    if rules.get("cross_border"):
        if len(countries) < 2:
            return False, [{"code": "same_country", "countries": countries}]
        reasons.append({"code": "cross_border_pair", "countries": countries})
    wanted = rules.get("pair_countries")
    if wanted:
        missing = [c for c in wanted if c not in countries]
        if missing:
            return False, [{"code": "pair_countries_missing", "missing": missing}]
        reasons.append({"code": "pair_countries", "countries": list(wanted)})
    return True, reasons


def eligible_funds(funds, organisation, partner=None):
    """The funds ``organisation`` (and ``partner``, when given) can use, with why.

    Parameters
    ----------
    funds : iterable of mappings
        Rows of ``data/funding.yaml`` (``code``, ``kind``, ``scope``, ``rules``, optional ``programme``).
    organisation, partner : mappings
        The organisations (see the module's docstring); ``partner`` None lists what one organisation can use
        (a joint fund then says it needs a partner).

    Returns
    -------
    list of dict
        ``{"code", "kind", "scope", "fit", "reasons", "sides"}``: ``fit`` is ``"pair"`` (one joint
        application), ``"each"`` (both apply on their side), ``"one_side"`` (one of them only) or
        ``"organisation"`` (no partner given); ``reasons`` are the pair's codes, ``sides`` one
        ``{"id", "eligible", "reasons"}`` per organisation. Funds that do not fit are left out.

    Examples
    --------
    >>> funds = [
    ...     {"code": "citizens", "kind": "citizens_fund", "scope": "joint",
    ...      "rules": {"countries": ["FR", "DE"], "pair_countries": ["FR", "DE"]}},
    ...     {"code": "npr", "kind": "regional_policy", "scope": "own", "rules": {"countries": ["CH"]}},
    ... ]
    >>> fr = {"id": 1, "country": "FR", "kind": "commune"}
    >>> de = {"id": 2, "country": "DE", "kind": "commune"}
    >>> ch = {"id": 3, "country": "CH", "kind": "commune"}
    >>> [(f["code"], f["fit"]) for f in eligible_funds(funds, fr, de)]
    [('citizens', 'pair')]
    >>> [(f["code"], f["fit"], [s["id"] for s in f["sides"] if s["eligible"]]) for f in eligible_funds(funds, fr, ch)]
    [('npr', 'one_side', [3])]
    """
    sides = [organisation] + ([partner] if partner is not None else [])
    found = []
    for fund in funds:
        checked = []
        for side in sides:
            eligible, reasons = side_eligibility(fund, side)
            checked.append({"id": side.get("id"), "eligible": eligible, "reasons": reasons})
        eligible_count = sum(s["eligible"] for s in checked)
        pair_reasons = []
        if fund.get("scope") == "joint":
            if eligible_count < len(sides):
                continue
            if partner is None:
                fit, pair_reasons = "organisation", [{"code": "needs_partner"}]
            else:
                fits, pair_reasons = _pair_reasons(fund, sides)
                if not fits:
                    continue
                fit = "pair"
        else:
            if not eligible_count:
                continue
            fit = "organisation" if partner is None else ("each" if eligible_count == len(sides) else "one_side")
        found.append(
            {
                "code": fund["code"],
                "kind": fund.get("kind"),
                "scope": fund.get("scope"),
                "fit": fit,
                "reasons": pair_reasons,
                "sides": checked,
            }
        )
    found.sort(
        key=lambda f: (FUND_FITS.index(f["fit"]), FUND_KINDS.index(f["kind"]) if f["kind"] in FUND_KINDS else 9, f["code"])
    )
    return found
