"""The whole API, fuzzed from its own OpenAPI document (schemathesis, decision 0004).

Every operation gets a bounded number of generated requests, anonymous and with a Secretariat
token, against the Django app through WSGI (no network server). No response may be a 5xx,
and every response must match what the schema documents (status code, content type, body).
"""

from __future__ import annotations

import pytest
import schemathesis
from django.core.wsgi import get_wsgi_application
from hypothesis import HealthCheck, Phase, settings

from alliance87.core.api_support import hash_token, new_token
from alliance87.core.models import Role
from alliance87.core.models_tokens import ApiToken

pytestmark = pytest.mark.django_db

#: Examples per operation and per kind of caller: the whole run stays under a minute.
EXAMPLES = 3

schema = schemathesis.openapi.from_wsgi("/api/openapi.json", get_wsgi_application())

CHECKS = [
    schemathesis.checks.not_a_server_error,
    schemathesis.checks.status_code_conformance,
    schemathesis.checks.content_type_conformance,
    schemathesis.checks.response_schema_conformance,
]


@pytest.fixture(autouse=True)
def _keep_the_test_database_connection():
    """Django closes the database connection at the end of each WSGI request; the test client
    stops that, and so must these direct WSGI calls, or PostgreSQL's test transaction is lost."""
    from django.core import signals
    from django.db import close_old_connections

    signals.request_started.disconnect(close_old_connections)
    signals.request_finished.disconnect(close_old_connections)
    yield
    signals.request_started.connect(close_old_connections)
    signals.request_finished.connect(close_old_connections)


@pytest.fixture
def token(make_user) -> str:
    raw = new_token()
    ApiToken.objects.create(user=make_user(Role.SECRETARIAT), name="fuzz", key_hash=hash_token(raw))
    return raw


def _settings():
    return settings(
        max_examples=EXAMPLES,
        deadline=None,
        derandomize=True,
        database=None,
        phases=[Phase.explicit, Phase.generate],
        suppress_health_check=list(HealthCheck),
    )


@schema.parametrize()
@_settings()
def test_no_anonymous_request_breaks_the_api(case):
    case.call_and_validate(checks=CHECKS)


@schema.parametrize()
@_settings()
def test_no_request_with_a_token_breaks_the_api(case, token):
    case.call_and_validate(headers={"Authorization": f"Bearer {token}"}, checks=CHECKS)
