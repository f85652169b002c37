"""Schemathesis against the live schema, per role (applicant, branch, committee, auditor), a bounded
number of examples per operation: no server error, and every response conforms to the schema (status
documented, content type, body). Requests go through the whole Django stack (WSGI), in the test's
transaction. Path parameters are the world's real ids, so the generated requests reach the views
instead of stopping at a 404."""

import pytest
import schemathesis
from django.core.signals import request_finished, request_started
from django.core.wsgi import get_wsgi_application
from django.db import close_old_connections
from hypothesis import HealthCheck, given
from hypothesis import settings as hypothesis_settings
from knox.models import AuthToken
from schemathesis.checks import not_a_server_error
from schemathesis.specs.openapi.checks import (
    content_type_conformance,
    response_schema_conformance,
    status_code_conformance,
)

CHECKS = [not_a_server_error, status_code_conformance, content_type_conformance, response_schema_conformance]
EXAMPLES = 3
# Revoking one's own token would end the run early; the registration is tested in test_api_flow.
SKIP = {"auth_token_revoke", "auth_token_revoke_all"}


def path_values(world):
    return {"public_id": str(world.case.public_id), "pk": world.talk.pk, "token": world.code.token,
            "kind": "activist"}


@pytest.fixture
def connection_kept_across_requests():
    """The WSGI handler closes the database connection after each request when it is not in autocommit
    (close_old_connections): inside the test's transaction, that would end the transaction (on
    PostgreSQL; SQLite's in-memory test database ignores the close). Django's test Client disconnects
    the handler the same way."""
    request_started.disconnect(close_old_connections)
    request_finished.disconnect(close_old_connections)
    yield
    request_started.connect(close_old_connections)
    request_finished.connect(close_old_connections)


@pytest.mark.parametrize("role", ["applicant", "branch", "committee", "auditor"])
def test_schemathesis_per_role(world, role, settings, connection_kept_across_requests):
    settings.API_THROTTLE_RATES = settings.API_THROTTLE_RATES | {
        "user": "100000/min", "address": "100000/min", "login": "100000/min"}
    app = get_wsgi_application()
    schema = schemathesis.openapi.from_wsgi("/api/schema/?format=json", app)
    _instance, token = AuthToken.objects.create(user=world.actors[role])
    headers = {"Authorization": f"Token {token}"}
    values = path_values(world)
    failures = []
    count = 0
    for result in schema.get_all_operations():
        operation = result.ok()
        if operation.definition.raw.get("operationId") in SKIP:
            continue
        names = {p.name for p in operation.path_parameters}
        strategy = operation.as_strategy(path_parameters={k: v for k, v in values.items() if k in names} or None)

        @hypothesis_settings(max_examples=EXAMPLES, deadline=None, database=None,
                  suppress_health_check=list(HealthCheck), derandomize=True)
        @given(case=strategy)
        def run(case):
            nonlocal count
            count += 1
            try:
                case.call_and_validate(headers=headers, checks=CHECKS)
            except (Exception, BaseExceptionGroup) as exc:  # noqa: BLE001  (collected, reported at the end)
                failures.append(f"{case.method} {case.formatted_path}: {type(exc).__name__}: {str(exc)[:600]}")

        run()
    assert count > 100
    assert not failures, "\n\n".join(failures)
