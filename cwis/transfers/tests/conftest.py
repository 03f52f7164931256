from dataclasses import dataclass

import pytest

from cwis.accounts.models import User
from cwis.children.models import Child
from cwis.children.tests.factories import ChildFactory
from cwis.conftest import COUNTY_A, PREFECTURE, ScopeUsers, division
from cwis.core.permissions import Role
from cwis.institutions.models import CountyReceiver, Institution, InstitutionLevel
from cwis.institutions.tests.factories import InstitutionFactory


@dataclass
class Sides:
    """The scope users' county A institution (南昌县) sending to the prefecture's institution
    (its assigned receiver). County A's officer and the sending director act for the sender,
    the receiving director receives; county B's officer and its institution's director are
    out of scope; the province officer oversees."""

    users: ScopeUsers
    receiver: Institution
    sending_director: User
    receiving_director: User
    out_of_scope_director: User
    children: list[Child]

    @property
    def sender(self) -> Institution:
        return self.users.institution_a

    @property
    def officer(self) -> User:
        return self.users.in_scope

    @property
    def out_of_scope(self) -> User:
        return self.users.out_of_scope

    @property
    def overseer(self) -> User:
        return self.users.overseer


@pytest.fixture
def sides(scope_users, make_user) -> Sides:
    sender = scope_users.institution_a
    receiver = InstitutionFactory(division_code=PREFECTURE, level=InstitutionLevel.PREFECTURE)
    CountyReceiver.objects.create(county=division(COUNTY_A), division_code=COUNTY_A,
                                  receiver=receiver)
    return Sides(
        users=scope_users, receiver=receiver,
        sending_director=make_user(Role.DIRECTOR, institution=sender),
        receiving_director=make_user(Role.DIRECTOR, institution=receiver),
        out_of_scope_director=make_user(Role.DIRECTOR, institution=scope_users.institution_b),
        children=[ChildFactory(current_institution=sender) for _ in range(2)],
    )
