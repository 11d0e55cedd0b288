"""Issue 9, acceptance 1: Schemathesis over every API operation, positive and negative data, all checks.

No 5xx, no status the OpenAPI document does not list, every body matching its documented schema.
The app runs in-process (WSGI, the test's own database connection), signed in as Dana (director,
site A) with a bearer token. Bounded for CI: the examples and coverage phases in full, then
`FUZZ_EXAMPLES` generated cases per operation, fixed seed, no example database.
"""

import datetime as dt
import json
import os
import secrets
from collections.abc import Iterator
from typing import Any

import pytest
import schemathesis
from django.core.handlers.wsgi import WSGIHandler
from django.core.signals import request_finished, request_started
from django.db import close_old_connections
from django.utils import timezone
from hypothesis import HealthCheck, settings
from schemathesis import AuthContext, Case, GenerationMode

from conftest import Cast
from openiop.accounts.models import ApiToken, hash_token
from openiop.api import api

FUZZ_EXAMPLES = int(os.environ.get("OPENIOP_FUZZ_EXAMPLES", "10"))
# One token per process: Schemathesis may apply the auth provider while it collects the tests.
FUZZ_TOKEN = "oiop_fuzz_" + secrets.token_urlsafe(24)

schema = schemathesis.openapi.from_dict(json.loads(json.dumps(api.get_openapi_schema())))
schema.app = WSGIHandler()
schema.config.seed = 9
schema.config.generation.update(
    modes=[GenerationMode.POSITIVE, GenerationMode.NEGATIVE],
    max_examples=FUZZ_EXAMPLES,
    database="none",
    # A generated Authorization header or session cookie would replace Dana's token.
    with_security_parameters=False,
)
# Schema-valid data may still break a rule the schema cannot state (a site that does not exist, a
# date past the horizon, a phone number's shape): that is a 422 naming the field, by design.
schema.config.checks.positive_data_acceptance.expected_statuses = [
    *schema.config.checks.positive_data_acceptance.expected_statuses,
    "422",
]


@schema.auth()
class DanasToken:
    def get(self, case: Case[Any], context: AuthContext) -> str:
        return FUZZ_TOKEN

    def set(self, case: Case[Any], data: str, context: AuthContext) -> None:
        case.headers["Authorization"] = f"Bearer {data}"


@pytest.fixture
def signed_in(cast: Cast) -> Iterator[Cast]:
    ApiToken.objects.create(
        user=cast.dana,
        prefix=FUZZ_TOKEN[:12],
        token_hash=hash_token(FUZZ_TOKEN),
        scopes=["api"],
        expires_at=timezone.now() + dt.timedelta(days=1),
    )
    # As Django's test client does: the end of a request must not close the test's connection.
    request_started.disconnect(close_old_connections)
    request_finished.disconnect(close_old_connections)
    try:
        yield cast
    finally:
        request_started.connect(close_old_connections)
        request_finished.connect(close_old_connections)


@schema.parametrize()
@settings(
    deadline=None,
    # The cast is built once per operation; its examples share it, as requests share a database.
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow, HealthCheck.filter_too_much],
)
def test_every_operation_answers_as_documented(case: Case[Any], signed_in: Cast) -> None:
    case.call_and_validate()


def test_the_fuzzed_document_covers_every_operation() -> None:
    operations: list[Any] = list(schema.get_all_operations())
    assert len(operations) == sum(len(item) for item in api.get_openapi_schema()["paths"].values()), (
        "every operation of /api/v1/openapi.json is fuzzed"
    )
