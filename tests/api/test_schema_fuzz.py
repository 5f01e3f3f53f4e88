"""Schemathesis against the OpenAPI schema served at /api/v1/schema/: generated requests (valid
and invalid) to every operation must never produce a 5xx, and answers must match the schema."""

import pytest
import schemathesis
from django.core.signals import request_finished, request_started
from django.db import close_old_connections
from hypothesis import HealthCheck, settings
from rest_framework.authtoken.models import Token
from schemathesis.checks import not_a_server_error
from schemathesis.specs.openapi.checks import (
    content_type_conformance,
    response_schema_conformance,
    status_code_conformance,
)

from config.wsgi import application

# Loaded through the WSGI application itself (no server, no database access needed for this).
schema = schemathesis.openapi.from_wsgi("/api/v1/schema/", application).exclude(
    path="/api/v1/health/"  # pings the Celery workers: tested on its own in tests/celery
)


@pytest.fixture(params=["resident", "administrator"])
def token(request, db):
    """Every operation is fuzzed as a resident (mostly refusals) and as an administrator (the
    officials' paths and representations)."""
    from accounts.tests.factories import UserFactory
    from campaigns.tests.factories import CampaignFactory
    from proposals.tests.factories import ProposalFactory

    user = UserFactory(role=request.param)
    campaign = CampaignFactory(slug="fuzz")
    ProposalFactory(campaign=campaign, author=user)
    # As Django's test client does: keep the test's connection (and transaction) open.
    request_started.disconnect(close_old_connections)
    request_finished.disconnect(close_old_connections)
    yield Token.objects.create(user=user).key
    request_started.connect(close_old_connections)
    request_finished.connect(close_old_connections)


@schema.parametrize()
@settings(
    max_examples=30,
    deadline=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
    derandomize=True,
)
def test_api_never_answers_5xx(case, token):
    case.call_and_validate(
        headers={"Authorization": f"Token {token}"},
        checks=[
            not_a_server_error,
            status_code_conformance,
            content_type_conformance,
            response_schema_conformance,
        ],
    )
