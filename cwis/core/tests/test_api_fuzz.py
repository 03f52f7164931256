"""Schemathesis over /api/v1/openapi.json: generated requests to every read operation, as a
province officer over a small dataset; any 5xx or answer outside its documented schema
fails. Bounded (few examples per operation, reads only) so it stays a unit-test run."""

import pytest
import schemathesis
from django.core.signals import request_finished, request_started
from django.db import close_old_connections
from hypothesis import HealthCheck, given, settings
from schemathesis.checks import not_a_server_error, response_schema_conformance

from cwis.children.tests.factories import ChildFactory, CommunityChildFactory
from cwis.conftest import TEST_PASSWORD
from cwis.oversight.tests.factories import ImplementationPlanFactory, PlanAttachmentFactory
from cwis.transfers.tests.factories import TransferFactory
from cwis.wsgi import application

MAX_EXAMPLES = 8
CHECKS = [not_a_server_error, response_schema_conformance]


@pytest.fixture
def token(scope_users) -> str:
    from cwis.accounts.services import api_token_create

    user = scope_users.overseer
    user.set_password(TEST_PASSWORD)
    user.save(update_fields=["password"])
    _token, raw = api_token_create(user=user)
    return raw


@pytest.fixture
def dataset(scope_users, settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path / "media"
    child = ChildFactory(current_institution=scope_users.institution_a)
    CommunityChildFactory()
    PlanAttachmentFactory(plan=ImplementationPlanFactory())
    TransferFactory(child=child)


@pytest.fixture
def keep_test_connection():
    """Schemathesis calls the real WSGI application, whose request signals would close the
    test's database connection (holding its transaction) once CONN_MAX_AGE has passed; the
    test client disconnects them the same way."""
    request_started.disconnect(close_old_connections)
    request_finished.disconnect(close_old_connections)
    yield
    request_started.connect(close_old_connections)
    request_finished.connect(close_old_connections)


def read_operations():
    schema = schemathesis.openapi.from_wsgi("/api/v1/openapi.json", application)
    return [result.ok() for result in schema.get_all_operations()
            if result.ok().method.upper() == "GET"]


def test_read_operations_answer_within_their_documented_schemas(dataset, token,
                                                                 keep_test_connection):
    headers = {"Authorization": f"Bearer {token}"}
    failures = []
    for operation in read_operations():

        @settings(max_examples=MAX_EXAMPLES, deadline=None, database=None, derandomize=True,
                  suppress_health_check=list(HealthCheck))
        @given(case=operation.as_strategy())
        def run(case):
            case.call_and_validate(headers=headers, checks=CHECKS)

        try:
            run()
        except Exception as exc:
            found = getattr(exc, "exceptions", [exc])
            failures.append(f"{operation.label}: " + "; ".join(
                f"{type(e).__name__}: {getattr(e, 'title', e)}" for e in found))
    assert failures == []
