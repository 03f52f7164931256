import datetime as dt

import pytest

from cwis.children.tests.factories import ChildFactory
from cwis.conftest import COUNTY_A, COUNTY_B
from cwis.core.permissions import PartnerDepartment, Role
from cwis.partners import services
from cwis.protection.tests.conftest import (  # noqa: F401 - the protection case fixtures
    case_users,
    community,
    frozen_today,
)
from cwis.transfers.models import TransferStatus
from cwis.transfers.tests.factories import TransferFactory

SENT = dt.date(2026, 10, 1)
ANSWERED = dt.date(2026, 10, 10)
TODAY = dt.date(2026, 11, 1)


@pytest.fixture
def partners(make_user):
    """Public security of county A (in scope), public security of county B (out of scope),
    education of county A (another department)."""

    def partner(code, department):
        return make_user(Role.PARTNER_VIEWER, division_code=code, partner_department=department)

    return {
        "police_a": partner(COUNTY_A, PartnerDepartment.PUBLIC_SECURITY),
        "police_b": partner(COUNTY_B, PartnerDepartment.PUBLIC_SECURITY),
        "education_a": partner(COUNTY_A, PartnerDepartment.EDUCATION),
    }


@pytest.fixture
def received_transfer(scope_users):
    child = ChildFactory(current_institution=scope_users.institution_a, name="李晓花")
    transfer = TransferFactory(child=child, status=TransferStatus.RECEIVED,
                               closed_on=dt.date(2026, 9, 1))
    child.current_institution = transfer.to_institution
    child.division_code = transfer.to_institution.division_code
    child.save()
    return transfer


@pytest.fixture
def hukou_request(scope_users, received_transfer):
    return services.request_send(actor=scope_users.in_scope, kind="hukou_migration",
                                 department=PartnerDepartment.PUBLIC_SECURITY,
                                 child_ids=[received_transfer.child_id], today=SENT)


def done(**overrides) -> dict:
    return {"outcome": "done", "on": ANSWERED, "reference": "H-0042", **overrides}
