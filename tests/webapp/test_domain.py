"""The domain's codes are defined once (domain.py); the webapp labels exactly those codes."""

import ast
import inspect

import pytest

import domain
import graph.counterparts
from webapp import vocab
from webapp.organisations.forms import SuggestionFilterForm
from webapp.services import suggestions

LABELLED = [
    (vocab.ROLES, domain.ROLES),
    (vocab.COUNTRIES, domain.COUNTRIES),
    (vocab.ORGANISATION_KINDS, domain.ORGANISATION_KINDS),
    (vocab.LABELS, domain.LABEL_CODES),
    (vocab.THEMES, domain.THEME_CODES),
    (vocab.LANGUAGES, domain.LANGUAGE_CODES),
    (vocab.STATUSES, domain.ORGANISATION_STATUSES),
    (vocab.TIE_KINDS, domain.TIE_KINDS),
    (vocab.LEGAL_FORMS, domain.LEGAL_FORMS),
    (vocab.PROGRAMME_KINDS, domain.PROGRAMME_KINDS),
    (vocab.AMBITIONS, domain.AMBITIONS),
    (vocab.FACTOR_NAMES, domain.FACTORS),
    (vocab.REQUEST_STATUSES, domain.REQUEST_STATUSES),
    (vocab.OUTCOME_KINDS, domain.OUTCOME_KINDS),
    (vocab.EVENT_NAMES, domain.EVENT_ACTIONS),
    (vocab.CLAIM_STATUSES, domain.CLAIM_STATUSES),
    (vocab.SHEET_KINDS, domain.SHEET_KINDS),
    (vocab.SHEET_STATUSES, domain.SHEET_STATUSES),
    (vocab.SHEET_EVENTS, domain.SHEET_EVENT_ACTIONS),
    (vocab.PROJECT_STATUSES, domain.PROJECT_STATUSES),
    (vocab.PRECEDENT_REASONS, domain.PRECEDENT_REASONS),
    (vocab.REPORT_STEPS, domain.REPORT_STEPS),
]


@pytest.mark.parametrize(("labels", "codes"), LABELLED)
def test_every_code_has_one_label_in_order(labels, codes):
    assert tuple(labels) == tuple(codes)


def test_domain_imports_no_framework():
    tree = ast.parse(inspect.getsource(domain))
    assert not [node for node in ast.walk(tree) if isinstance(node, (ast.Import, ast.ImportFrom))]


def test_transitions_and_outcomes_name_known_codes():
    assert set(domain.REQUEST_TRANSITIONS) == set(domain.REQUEST_STATUSES)
    for targets in domain.REQUEST_TRANSITIONS.values():
        assert set(targets) <= set(domain.REQUEST_STATUSES)
    assert set(domain.OPEN_REQUEST_STATUSES) <= set(domain.REQUEST_STATUSES)
    assert set(domain.OUTCOME_TIES) == set(domain.OUTCOME_KINDS)
    assert set(domain.OUTCOME_TIES.values()) <= set(domain.TIE_KINDS)
    assert set(domain.STAFF_ROLES) <= set(domain.ROLES) and set(domain.SELF_REGISTRATION_ROLES) <= set(domain.ROLES)
    assert set(domain.FACTORS) == set(graph.counterparts.DEFAULT_WEIGHTS)


def test_suggestion_defaults_are_the_domains_everywhere(app):
    engine = inspect.signature(graph.counterparts.suggest_counterparts).parameters
    service = inspect.signature(suggestions.counterparts).parameters
    assert engine["radius_km"].default == service["radius_km"].default == domain.DEFAULT_RADIUS_KM
    assert engine["limit"].default == service["limit"].default == domain.DEFAULT_LIMIT
    with app.test_request_context("/"):
        options = SuggestionFilterForm(meta={"csrf": False}).options()
    assert options["radius_km"] == domain.DEFAULT_RADIUS_KM and options["limit"] == domain.DEFAULT_LIMIT
    assert app.config["API_MAX_PAGE_SIZE"] == domain.MAX_PAGE_SIZE
