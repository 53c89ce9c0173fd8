"""Funding beyond Interreg in the templates: ``funding_for(organisation, partner)`` and the ``fund_reason`` filter
(the partnership page and the rapport d'étonnement include ``capitalisation/_funding.html``)."""

from flask_babel import format_decimal, format_percent

from .. import fund_texts
from ..services import funding as service
from . import bp


@bp.app_template_global("funding_for")
def funding_for(organisation, partner=None):
    return service.funding_for(organisation, partner)


@bp.app_template_filter("fund_reason")
def fund_reason(reason):
    return fund_texts.phrase_fund_reason(reason)


@bp.app_context_processor
def inject_fund_words():
    return {
        "FUND_KINDS": fund_texts.FUND_KINDS,
        "FUND_FITS": fund_texts.FUND_FITS,
        "FUND_CALLS": fund_texts.FUND_CALLS,
        "fund_percent": lambda value: format_percent(value / 100),
        "fund_amount": lambda value, currency: f"{format_decimal(value)} {currency}",
    }
