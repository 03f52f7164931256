"""The live tests of the replica and the pooler (scripts/replica-test makes a primary, a
streaming replica and pgbouncer, migrates the primary and runs these modules; the normal
suite skips them). They use that database as it is and commit what they write: a test
database created on the primary, or a transaction rolled back, would never reach the
replica."""

import uuid

import pytest
from django.db import connections

from cwis.accounts.tests.factories import UserFactory
from cwis.conftest import COUNTY_A, PROVINCE, division
from cwis.core.models import Division
from cwis.core.permissions import Role
from cwis.core.services import divisions_load
from cwis.institutions.tests.factories import InstitutionFactory


@pytest.fixture(scope="session")
def django_db_setup():
    """The database scripts/replica-test migrated, used as it is."""


@pytest.fixture(scope="module")
def live(django_db_blocker):
    with django_db_blocker.unblock():
        if not Division.objects.filter(code=PROVINCE).exists():
            divisions_load()
        yield
        connections.close_all()


@pytest.fixture(scope="module")
def officer(live):
    """A province officer: an office above the county, whose lists may read a replica."""
    return UserFactory(username=f"live-{uuid.uuid4().hex[:8]}", role=Role.PROVINCE_OFFICER,
                       division=division(PROVINCE))


@pytest.fixture(scope="module")
def institution(live):
    return InstitutionFactory(division_code=COUNTY_A, level="county")
