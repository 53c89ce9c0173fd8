"""Fuzzing the API from its generated OpenAPI document (schemathesis over the WSGI app, no network).

A short, derandomized run in the normal suite: every operation gets ``FUZZ_EXAMPLES`` generated requests
(valid and invalid), sent with a facilitator's token over a small seeded world; any 500, any response
that does not match its documented schema, status code or content type fails. ``make fuzz`` runs the
same with many more examples (and on PostgreSQL when TEST_DATABASE_URL names one).
"""

import os

import pytest
import schemathesis
from hypothesis import HealthCheck, Phase, given, settings
from schemathesis.checks import not_a_server_error
from schemathesis.specs.openapi.checks import content_type_conformance, response_schema_conformance, status_code_conformance

from config import TestConfig
from webapp import create_app
from webapp.api.spec import build_spec

from .. import factories
from ..factories import BASEL, KEHL, SAINT_LOUIS

EXAMPLES = int(os.environ.get("FUZZ_EXAMPLES", 20))
DERANDOMIZE = os.environ.get("FUZZ_RANDOM", "") == ""
CHECKS = [not_a_server_error, response_schema_conformance, status_code_conformance, content_type_conformance]


@pytest.fixture
def fuzz_world(app, auth):
    a = factories.make_org(app, **SAINT_LOUIS)
    b = factories.make_org(app, **BASEL)
    c = factories.make_org(app, **KEHL)
    factories.make_tie(app, a, b)
    factories.make_tie(app, a, c)
    facilitator = factories.make_user(app, "facilitator", organisations=[a])
    return auth.token(facilitator.email)


def _operations():
    """(method, path) of every documented operation, read from the generated document at collection time."""
    app = create_app(TestConfig)
    with app.app_context():
        paths = build_spec(app)["paths"]
    return sorted((method.upper(), path) for path, item in paths.items() for method in item if method != "parameters")


@pytest.mark.parametrize(("method", "path"), _operations(), ids=lambda value: value)
def test_api_fuzz(app, fuzz_world, method, path):
    operation = schemathesis.openapi.from_wsgi("/api/v1/openapi.json", app)[path][method]

    @settings(max_examples=EXAMPLES, derandomize=DERANDOMIZE, deadline=None, database=None,
              phases=[Phase.explicit, Phase.generate], suppress_health_check=list(HealthCheck))
    @given(case=operation.as_strategy())
    def check(case):
        ids = case.path_parameters or {}
        if isinstance(ids.get("id"), int) and ids["id"] % 2 == 0:  # half the cases name a row of the world
            ids["id"] = ids["id"] % 4 + 1
        case.call_and_validate(headers=fuzz_world, checks=CHECKS)

    check()
