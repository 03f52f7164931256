"""Emotional care and psychological intervention (精神关怀): sessions with a risk level; a
child flagged at risk without a plan and the plan's review on the to-do list; reviews that
move the date or end the plan; refusals, stale versions, out-of-scope and read-only users."""

import datetime as dt

import pytest
import time_machine
from django.core.exceptions import ValidationError

from cwis.children.services import rules
from cwis.core.errors import NotFoundError, PermissionDeniedError, StaleVersionError
from cwis.core.todo import todo_for
from cwis.core.validators import MSG_DATE_FUTURE
from cwis.protection.models import CareSession, InterventionPlan
from cwis.protection.selectors.casework import case_care_status
from cwis.protection.services import cases as case_services
from cwis.protection.services import emotional_care as services
from cwis.protection.tests.factories import (
    SHANGHAI,
    care_session,
    found_alone,
    intervention_plan,
)

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("frozen_today")]


def refusal(call) -> dict[str, list[str]]:
    with pytest.raises(ValidationError) as info:
        call()
    return info.value.message_dict


@pytest.fixture
def case(case_users):
    return case_services.case_open(actor=case_users.worker, child_id=case_users.child.pk,
                                   data=found_alone())


def care_items(user) -> list[tuple[str, dt.date]]:
    return [(i.kind, i.due) for i in todo_for(user)
            if i.kind in ("protection.care_plan_missing", "protection.care_plan_review")]


def test_a_child_flagged_at_risk_needs_a_plan_until_one_is_made(case_users, case):
    session = services.care_session_record(actor=case_users.worker, case_id=case.pk,
                                           data=care_session())
    assert (session.at_risk, session.recorded_by) == (True, case_users.worker)
    assert case_care_status(case=case).needs_plan
    assert care_items(case_users.officer) == [("protection.care_plan_missing",
                                               dt.date(2026, 1, 31))]
    plan = services.intervention_plan_make(actor=case_users.worker, case_id=case.pk,
                                           data=intervention_plan())
    assert not case_care_status(case=case).needs_plan
    assert care_items(case_users.worker) == [("protection.care_plan_review",
                                              dt.date(2026, 2, 15))]
    for user in (case_users.village_director, case_users.supervisor, case_users.prefecture,
                 case_users.out_of_scope):
        assert care_items(user) == []
    assert plan.made_by == case_users.worker


def test_a_later_session_without_risk_clears_the_flag(case_users, case):
    services.care_session_record(actor=case_users.worker, case_id=case.pk, data=care_session())
    services.care_session_record(actor=case_users.worker, case_id=case.pk, data=care_session(
        held_on=dt.date(2026, 2, 1), risk_level="none", risk_notes=""))
    assert not case_care_status(case=case).at_risk
    assert care_items(case_users.worker) == []


def test_every_refusal_of_a_session_is_given_at_once(case_users, case):
    errors = refusal(lambda: services.care_session_record(
        actor=case_users.worker, case_id=case.pk, data=care_session(
            held_on=dt.date(2026, 2, 2), delivered_by=" ", content="", risk_level="x")))
    assert errors["held_on"] == [str(MSG_DATE_FUTURE)]
    assert errors["delivered_by"] == [str(services.MSG_WHO_DELIVERED)]
    assert errors["content"] == [str(case_services.MSG_TEXT_REQUIRED)]
    assert errors["risk_level"] == [str(rules.MSG_CHOOSE)]
    errors = refusal(lambda: services.care_session_record(
        actor=case_users.worker, case_id=case.pk,
        data=care_session(held_on=dt.date(2026, 1, 29), risk_level="high", risk_notes="")))
    assert errors["held_on"] == [str(services.MSG_BEFORE_OPENING)]
    assert errors["risk_notes"] == [str(services.MSG_RISK_NOTES)]
    assert not CareSession.objects.exists()


def test_a_plan_is_refused_without_its_parts_or_while_one_is_in_force(case_users, case):
    errors = refusal(lambda: services.intervention_plan_make(
        actor=case_users.worker, case_id=case.pk, data=intervention_plan(
            goals="", measures=" ", responsible="", review_on=dt.date(2026, 2, 1))))
    assert errors["goals"] == [str(case_services.MSG_TEXT_REQUIRED)]
    assert errors["measures"] == [str(case_services.MSG_TEXT_REQUIRED)]
    assert errors["responsible"] == [str(services.MSG_WHO_CARRIES_OUT)]
    assert errors["review_on"] == [str(services.MSG_REVIEW_AFTER)]
    services.intervention_plan_make(actor=case_users.worker, case_id=case.pk,
                                    data=intervention_plan())
    errors = refusal(lambda: services.intervention_plan_make(
        actor=case_users.worker, case_id=case.pk, data=intervention_plan()))
    assert errors["__all__"] == [str(services.MSG_PLAN_OPEN)]
    assert InterventionPlan.objects.count() == 1


def test_a_review_moves_the_date_and_the_last_one_ends_the_plan(case_users, case):
    plan = services.intervention_plan_make(actor=case_users.worker, case_id=case.pk,
                                           data=intervention_plan())
    errors = refusal(lambda: services.intervention_plan_review(
        actor=case_users.worker, plan_id=plan.pk, version=1, reviewed_on=dt.date(2026, 1, 31),
        findings="", next_review_on=dt.date(2026, 1, 30)))
    assert errors["reviewed_on"] == [str(services.MSG_REVIEW_BEFORE_PLAN)]
    assert errors["findings"] == [str(case_services.MSG_TEXT_REQUIRED)]
    assert errors["next_review_on"] == [str(services.MSG_REVIEW_AFTER)]
    services.intervention_plan_review(
        actor=case_users.worker, plan_id=plan.pk, version=1, reviewed_on=dt.date(2026, 2, 1),
        findings="好转", next_review_on=dt.date(2026, 3, 1))
    assert care_items(case_users.worker) == [("protection.care_plan_review",
                                              dt.date(2026, 3, 1))]
    with pytest.raises(StaleVersionError):
        services.intervention_plan_review(
            actor=case_users.officer, plan_id=plan.pk, version=1,
            reviewed_on=dt.date(2026, 2, 1), findings="x", next_review_on=None)
    review = services.intervention_plan_review(
        actor=case_users.officer, plan_id=plan.pk, version=2, reviewed_on=dt.date(2026, 2, 1),
        findings="情绪稳定，结束干预", next_review_on=None)
    assert review.plan.ended_on == dt.date(2026, 2, 1)
    assert care_items(case_users.worker) == []
    errors = refusal(lambda: services.intervention_plan_review(
        actor=case_users.officer, plan_id=plan.pk, version=3, reviewed_on=dt.date(2026, 2, 1),
        findings="x", next_review_on=None))
    assert errors["__all__"] == [str(services.MSG_PLAN_ENDED)]


def test_out_of_scope_and_other_roles_cannot_record_care(case_users, case):
    with pytest.raises(NotFoundError):
        services.care_session_record(actor=case_users.out_of_scope, case_id=case.pk,
                                     data=care_session())
    for user in (case_users.prefecture, case_users.village_director, case_users.supervisor):
        with pytest.raises(PermissionDeniedError):
            services.care_session_record(actor=user, case_id=case.pk, data=care_session())
        with pytest.raises(PermissionDeniedError):
            services.intervention_plan_make(actor=user, case_id=case.pk,
                                            data=intervention_plan())
    plan = services.intervention_plan_make(actor=case_users.worker, case_id=case.pk,
                                           data=intervention_plan())
    with pytest.raises(NotFoundError):
        services.intervention_plan_review(
            actor=case_users.out_of_scope, plan_id=plan.pk, version=1,
            reviewed_on=dt.date(2026, 2, 1), findings="x", next_review_on=None)
    assert not CareSession.objects.exists()


def test_an_overdue_plan_review_is_overdue_on_the_to_do_list(case_users, case):
    services.intervention_plan_make(actor=case_users.worker, case_id=case.pk,
                                    data=intervention_plan())
    with time_machine.travel(dt.datetime(2026, 2, 16, 9, 0, tzinfo=SHANGHAI), tick=False):
        items = [i for i in todo_for(case_users.worker)
                 if i.kind == "protection.care_plan_review"]
        assert [i.is_overdue(dt.date(2026, 2, 16)) for i in items] == [True]
