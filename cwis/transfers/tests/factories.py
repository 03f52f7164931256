import datetime as dt
from dataclasses import dataclass

import pytest

from cwis.accounts.models import User
from cwis.children.models import Child
from cwis.children.tests.factories import ChildFactory
from cwis.core.models import Division
from cwis.core.permissions import Role
from cwis.institutions.models import CountyReceiver, Institution, InstitutionLevel
from cwis.institutions.tests.factories import InstitutionFactory

COUNTY_A, COUNTY_B, PREFECTURE, PROVINCE = "360121", "360124", "360100", "360000"


@dataclass
class Sides:
    """A county institution (南昌县) sending to the prefecture's institution (its assigned
    receiver); the county officer and the sending director act for the sender, the receiving
    director receives; county B's officer is out of scope; the province officer oversees."""

    sender: Institution
    receiver: Institution
    officer: User
    sending_director: User
    receiving_director: User
    out_of_scope: User
    out_of_scope_director: User
    overseer: User
    children: list[Child]


@pytest.fixture
def sides(make_user) -> Sides:
    sender = InstitutionFactory(division_code=COUNTY_A, level=InstitutionLevel.COUNTY)
    receiver = InstitutionFactory(division_code=PREFECTURE, level=InstitutionLevel.PREFECTURE)
    other = InstitutionFactory(division_code=COUNTY_B, level=InstitutionLevel.COUNTY)
    county = Division.objects.get(code=COUNTY_A, valid_to__isnull=True)
    CountyReceiver.objects.create(county=county, division_code=COUNTY_A, receiver=receiver)
    return Sides(
        sender=sender, receiver=receiver,
        officer=make_user(Role.COUNTY_OFFICER, division_code=COUNTY_A),
        sending_director=make_user(Role.DIRECTOR, institution=sender),
        receiving_director=make_user(Role.DIRECTOR, institution=receiver),
        out_of_scope=make_user(Role.COUNTY_OFFICER, division_code=COUNTY_B),
        out_of_scope_director=make_user(Role.DIRECTOR, institution=other),
        overseer=make_user(Role.PROVINCE_OFFICER, division_code=PROVINCE),
        children=[ChildFactory(current_institution=sender) for _ in range(2)],
    )


def draft_kwargs(sides: Sides, child: Child | None = None, **overrides) -> dict:
    kwargs = {
        "child_id": (child or sides.children[0]).pk,
        "to_institution_id": sides.receiver.pk,
        "reason": "县级儿童福利机构转型，儿童集中养育",
        "planned_on": dt.date(2026, 3, 1),
        "hukou_decision": "move",
    }
    kwargs.update(overrides)
    return kwargs
