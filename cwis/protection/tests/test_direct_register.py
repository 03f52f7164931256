"""Registering a child directly for a protection case (a child found alone, never seen
before): the same identity, ID-number and duplicate rules as every registration, then the
case is opened on the new file."""

import datetime as dt

import pytest
from django.core.exceptions import ValidationError

from cwis.children.choices import ChildStatus
from cwis.children.demo import citizen_id
from cwis.children.models import Child, DuplicateDismissal
from cwis.children.services import PossibleDuplicateError, rules
from cwis.children.tests.factories import CommunityChildFactory
from cwis.core.errors import PermissionDeniedError
from cwis.core.validators import MSG_DATE_FUTURE
from cwis.protection import services
from cwis.protection.services import cases as case_services
from cwis.protection.tests.factories import (
    OTHER_TOWNSHIP,
    TOWNSHIP,
    child_found_alone,
    found_alone,
)

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("frozen_today")]


def refusal(call) -> dict[str, list[str]]:
    with pytest.raises(ValidationError) as info:
        call()
    return info.value.message_dict


def register(actor, **overrides) -> Child:
    return services.child_register_for_case(actor=actor, data=child_found_alone(**overrides))


def test_a_worker_registers_an_unidentified_child_and_opens_the_case_on_the_file(case_users):
    child = register(case_users.worker)

    assert child.status == ChildStatus.IN_COMMUNITY
    assert child.division_code == TOWNSHIP
    assert child.citizen_id == ""
    assert child.birth_date_estimated
    assert child.is_parents_not_found
    assert child.categories == ["parents_not_found"]  # no registry category needed
    assert not child.deadlines.exists()  # the case carries the deadlines, not the registry
    assert child.history.first().history_user == case_users.worker
    case = case_services.case_open(actor=case_users.worker, child_id=child.pk,
                                   data=found_alone(situation="unidentified"))
    assert case.child == child


def test_the_county_officer_registers_a_child_with_an_id_number(case_users):
    number = citizen_id("360121", dt.date(2015, 3, 2), 124)  # even: female
    child = register(case_users.officer, citizen_id=number, birth_date=dt.date(2015, 3, 2),
                     birth_date_estimated=False, name="陈小红", guardian_relation="none")
    assert child.citizen_id == number


def test_every_refusal_is_given_at_once(case_users):
    errors = refusal(lambda: register(
        case_users.worker, name="", sex="", birth_date=None, division="", registered_on=None,
        found_on=dt.date(2026, 2, 3)))

    for field in ("name", "sex", "birth_date"):
        assert errors[field] == [str(rules.MSG_REQUIRED)]
    assert errors["division"] == [str(services.MSG_DIVISION_LEVEL)]
    assert errors["registered_on"] == [str(services.MSG_REGISTERED_ON_REQUIRED)]
    assert errors["found_on"] == [str(MSG_DATE_FUTURE)]
    assert not Child.objects.filter(name="").exists()


def test_a_wrong_id_number_and_one_with_a_live_file_are_refused(case_users):
    errors = refusal(lambda: register(case_users.worker, citizen_id="360121201507010000"))
    assert "citizen_id" in errors

    number = citizen_id("360121", dt.date(2020, 7, 1), 222)
    CommunityChildFactory(citizen_id=number, name="别的孩子", birth_date=dt.date(2020, 7, 1),
                          sex="female")
    errors = refusal(lambda: register(case_users.worker, citizen_id=number,
                                      birth_date_estimated=False))
    assert errors["citizen_id"] == [str(rules.MSG_ID_EXISTS)]


def test_a_possible_duplicate_is_refused_until_dismissed(case_users):
    other = CommunityChildFactory(name="莲塘镇待查女童", sex="female",
                                  birth_date=dt.date(2020, 7, 1), division_code=TOWNSHIP)
    with pytest.raises(PossibleDuplicateError) as info:
        register(case_users.worker)
    assert info.value.candidates == [other]

    child = services.child_register_for_case(actor=case_users.worker,
                                             data=child_found_alone(),
                                             dismissed_duplicates=[other.pk])
    assert DuplicateDismissal.objects.filter(child=child, other=other).exists()


def test_a_place_outside_the_county_is_refused(case_users):
    errors = refusal(lambda: register(case_users.worker, division=OTHER_TOWNSHIP))
    assert errors["division"] == [str(services.MSG_DIVISION_OUTSIDE)]


@pytest.mark.parametrize("who", ["supervisor", "village_director", "province", "prefecture"])
def test_only_the_countys_case_workers_register_for_a_case(case_users, who):
    with pytest.raises(PermissionDeniedError):
        register(getattr(case_users, who))
    assert not Child.objects.filter(name="莲塘镇待查女童").exists()
