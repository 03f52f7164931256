"""Guardianship assessments of a protection case: recorded by the county's workers,
confirmed by the county officer, the reassessment a deadline on the to-do list."""

import datetime as dt

import pytest
import time_machine
from django.core.exceptions import ValidationError

from cwis.children.services import rules
from cwis.core.errors import NotFoundError, PermissionDeniedError, StaleVersionError
from cwis.core.todo import todo_for
from cwis.core.validators import MSG_DATE_FUTURE
from cwis.protection.models import GuardianshipAssessment
from cwis.protection.services import cases as services
from cwis.protection.tests.factories import SHANGHAI, found_alone, guardian_able

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("frozen_today")]


def refusal(call) -> dict[str, list[str]]:
    with pytest.raises(ValidationError) as info:
        call()
    return info.value.message_dict


@pytest.fixture
def case(case_users):
    return services.case_open(actor=case_users.worker, child_id=case_users.child.pk,
                              data=found_alone())


def assess(actor, case, **overrides) -> GuardianshipAssessment:
    return services.assessment_record(actor=actor, case_id=case.pk,
                                      data=guardian_able(**overrides))


def kinds(user) -> list[str]:
    return [i.kind for i in todo_for(user) if i.kind.startswith("protection.")]


def test_a_worker_records_an_assessment_that_the_county_officer_confirms(case_users, case):
    assessment = assess(case_users.worker, case)
    assert assessment.assessed_by == case_users.worker
    assert assessment.confirmed_on is None
    assert "protection.confirm_assessment" in kinds(case_users.officer)
    assert "protection.confirm_assessment" not in kinds(case_users.worker)

    confirmed = services.assessment_confirm(actor=case_users.officer,
                                            assessment_id=assessment.pk, version=1)
    assert (confirmed.confirmed_on, confirmed.confirmed_by) == (
        dt.date(2026, 2, 1), case_users.officer)
    assert "protection.confirm_assessment" not in kinds(case_users.officer)
    assert confirmed.history.first().history_change_reason


def test_every_refusal_of_an_assessment_is_given_at_once(case_users, case):
    errors = refusal(lambda: assess(
        case_users.worker, case, assessed_on=dt.date(2026, 2, 2), guardian_situation="",
        guardian_capacity="", risks=" ", child_views="", recommendation="adoption"))
    assert errors["assessed_on"] == [str(MSG_DATE_FUTURE)]
    for field in ("guardian_situation", "guardian_capacity", "risks", "child_views"):
        assert errors[field] == [str(services.MSG_TEXT_REQUIRED)]
    assert errors["recommendation"] == [str(rules.MSG_CHOOSE)]
    assert not GuardianshipAssessment.objects.exists()


def test_dates_in_the_wrong_order_and_an_unexplained_other_are_refused(case_users, case):
    errors = refusal(lambda: assess(case_users.worker, case, assessed_on=dt.date(2026, 1, 29),
                                    recommendation="other", reassess_on=dt.date(2026, 1, 1)))
    assert errors["assessed_on"] == [str(services.MSG_ASSESSED_BEFORE_OPENING)]
    assert errors["recommendation_note"] == [str(services.MSG_RECOMMENDATION_NOTE)]
    assert errors["reassess_on"] == [str(services.MSG_REASSESS_AFTER)]


def test_only_the_county_officer_confirms(case_users, case):
    assessment = assess(case_users.worker, case)
    for user in (case_users.worker, case_users.prefecture, case_users.village_director):
        with pytest.raises(PermissionDeniedError):
            services.assessment_confirm(actor=user, assessment_id=assessment.pk, version=1)
    with pytest.raises(NotFoundError):
        services.assessment_confirm(actor=case_users.out_of_scope,
                                    assessment_id=assessment.pk, version=1)


def test_read_only_offices_and_village_workers_cannot_assess(case_users, case):
    for user in (case_users.province, case_users.ministry, case_users.supervisor):
        with pytest.raises(PermissionDeniedError):
            assess(user, case)
    with pytest.raises(NotFoundError):
        assess(case_users.out_of_scope, case)


def test_a_confirmed_assessment_no_longer_changes(case_users, case):
    assessment = assess(case_users.worker, case)
    services.assessment_confirm(actor=case_users.officer, assessment_id=assessment.pk,
                                version=1)
    errors = refusal(lambda: services.assessment_update(
        actor=case_users.worker, assessment_id=assessment.pk, version=2,
        data={"risks": "无"}))
    assert errors["__all__"] == [str(services.MSG_CONFIRMED_READ_ONLY)]
    errors = refusal(lambda: services.assessment_confirm(
        actor=case_users.officer, assessment_id=assessment.pk, version=2))
    assert errors["__all__"] == [str(services.MSG_ALREADY_CONFIRMED)]


def test_a_stale_assessment_is_not_saved_or_confirmed(case_users, case):
    assessment = assess(case_users.worker, case)
    services.assessment_update(actor=case_users.worker, assessment_id=assessment.pk,
                               version=1, data={"risks": "父亲再次外出；住房简陋"})
    with pytest.raises(StaleVersionError):
        services.assessment_confirm(actor=case_users.officer, assessment_id=assessment.pk,
                                    version=1)
    with pytest.raises(StaleVersionError):
        services.assessment_update(actor=case_users.officer, assessment_id=assessment.pk,
                                   version=1, data={"risks": "无"})
    assert GuardianshipAssessment.objects.get().risks == "父亲再次外出；住房简陋"


def test_the_reassessment_replaces_the_first_assessment_on_the_to_do_list(case_users, case):
    assert kinds(case_users.worker) == ["protection.first_assessment"]
    assess(case_users.worker, case)
    items = [i for i in todo_for(case_users.worker) if i.kind.startswith("protection.")]
    assert [(i.kind, i.due) for i in items] == [("protection.reassessment",
                                                 dt.date(2026, 4, 30))]
    with time_machine.travel(dt.datetime(2026, 5, 1, 9, 0, tzinfo=SHANGHAI), tick=False):
        late = [i for i in todo_for(case_users.worker) if i.kind == "protection.reassessment"]
        assert late[0].is_overdue(dt.date(2026, 5, 1))
