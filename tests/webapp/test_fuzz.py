"""Fuzzing the API from its generated OpenAPI document (schemathesis over the WSGI app, no network).

A short, derandomized run in the normal suite: every operation gets ``FUZZ_EXAMPLES`` generated requests
(valid and invalid), sent with a facilitator's token over a small seeded world; any 500, any response
that does not match its documented schema, status code or content type fails. ``make fuzz`` runs the
same with many more examples (and on PostgreSQL when TEST_DATABASE_URL names one).
"""

import json
import os
import time
from collections import Counter

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
from .test_events import make_event

EXAMPLES = int(os.environ.get("FUZZ_EXAMPLES", "20"))
# make fuzz FUZZ_SECONDS=1800: each operation gets its share of the time, in rounds of EXAMPLES new inputs.
SECONDS = float(os.environ.get("FUZZ_SECONDS", "0"))
DERANDOMIZE = os.environ.get("FUZZ_RANDOM", "") == ""
# make fuzz FUZZ_TALLY=file: each operation's responses counted by status, a JSON line per operation.
TALLY = os.environ.get("FUZZ_TALLY")
CHECKS = [not_a_server_error, response_schema_conformance, status_code_conformance, content_type_conformance]


@pytest.fixture
def fuzz_world(app, auth):
    a = factories.make_org(app, **SAINT_LOUIS)
    b = factories.make_org(app, **BASEL)
    c = factories.make_org(app, **KEHL)
    factories.make_tie(app, a, b)
    factories.make_tie(app, a, c)
    facilitator = factories.make_user(app, "facilitator", organisations=[a])
    headers = auth.token(facilitator.email)
    body = {"requester_id": a, "counterpart_id": b, "purpose": "Mobilité", "message": "Bonjour"}
    assert app.test_client().post("/api/v1/introductions", json=body, headers=headers).status_code == 201
    make_event(app, capacity=1)  # event 1: open, one place
    make_event(app, published=False)  # event 2: not open to registrations
    return headers


def _aim_at_the_world(case):
    """Half the generated ids (the even ones) are turned into ids of the seeded world (1..3, and 4 that
    does not exist), and half the border codes into FR-CH, so the run reaches the code behind the lookups."""

    def aimed(value):
        return value % 4 + 1 if isinstance(value, int) and not isinstance(value, bool) and value % 2 == 0 else value

    path = case.path_parameters or {}
    if "id" in path:
        path["id"] = aimed(path["id"])
    if isinstance(path.get("code"), str) and len(path["code"]) % 2 == 0:
        path["code"] = "FR-CH"
    if isinstance(case.body, dict):
        for name in ("requester_id", "counterpart_id", "other_id"):
            if name in case.body:
                case.body[name] = aimed(case.body[name])
    query = case.query or {}
    if isinstance(query.get("partners"), list):
        query["partners"] = [aimed(p) for p in query["partners"]]


def _operations():
    """(method, path) of every documented operation, read from the generated document at collection time."""
    app = create_app(TestConfig)
    with app.app_context():
        paths = build_spec(app)["paths"]
    return sorted((method.upper(), path) for path, item in paths.items() for method in item if method != "parameters")


OPERATIONS = _operations()


@pytest.mark.parametrize(("method", "path"), OPERATIONS, ids=lambda value: value)
def test_api_fuzz(app, fuzz_world, method, path):
    operation = schemathesis.openapi.from_wsgi("/api/v1/openapi.json", app)[path][method]
    statuses = Counter()

    @settings(
        max_examples=EXAMPLES,
        derandomize=DERANDOMIZE,
        deadline=None,
        database=None,
        phases=[Phase.explicit, Phase.generate],
        suppress_health_check=list(HealthCheck),
    )
    @given(case=operation.as_strategy())
    def check(case):
        _aim_at_the_world(case)
        statuses[case.call_and_validate(headers=fuzz_world, checks=CHECKS).status_code] += 1

    stop = time.monotonic() + SECONDS / len(OPERATIONS)
    check()
    while time.monotonic() < stop:
        check()
    if TALLY:
        with open(TALLY, "a", encoding="utf-8") as out:
            out.write(json.dumps({"operation": f"{method} {path}", "statuses": statuses}) + "\n")
