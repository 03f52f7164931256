"""The shared pattern through its services: assessment -> plan -> approval -> sessions ->
review, every refusal, versions, scope and roles, and closing with the file."""

import datetime as dt

import pytest
from django.core.exceptions import ValidationError

from cwis.care import services
from cwis.care.choices import CareLine, CloseReason, PlanStatus
from cwis.care.models import CareAssessment, CarePlan, CareSession
from cwis.care.services import rules
from cwis.care.tests.factories import AssessmentFactory, PlanFactory, SessionFactory
from cwis.children import services as child_services
from cwis.children.choices import ChildStatus
from cwis.core.errors import NotFoundError, PermissionDeniedError, StaleVersionError
from cwis.core.validators import MSG_DATE_FUTURE

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("frozen_today")]

ASSESSMENT = {"assessed_on": dt.date(2026, 1, 20), "method": "GMFM-88",
              "findings": "下肢肌张力高", "needs": "步行训练"}


def plan_data(**overrides) -> dict:
    data = {"goals": "独立行走10米", "services": "运动疗法", "frequency": "每周3次",
            "session_interval_days": 3, "starts_on": dt.date(2026, 1, 25),
            "review_due_on": dt.date(2026, 4, 25)}
    data.update(overrides)
    return data


def errors(exc: pytest.ExceptionInfo) -> dict:
    return {k: [str(m) for m in v] for k, v in exc.value.message_dict.items()}


def test_the_whole_pattern_from_assessment_to_review(care):
    assessment = services.assessment_record(actor=care.therapist, child_id=care.child.pk,
                                            line=CareLine.REHABILITATION, data=ASSESSMENT)
    assert (assessment.assessor, assessment.version) == (care.therapist, 1)
    plan = services.plan_create(actor=care.therapist, child_id=care.child.pk,
                                line=CareLine.REHABILITATION,
                                data=plan_data(assessment_id=assessment.pk))
    assert (plan.status, plan.responsible, plan.submitted_on) == (
        PlanStatus.PENDING, care.therapist, dt.date(2026, 2, 1))
    plan = services.plan_approve(actor=care.director, plan_id=plan.pk, version=plan.version)
    assert (plan.status, plan.approved_by, plan.version) == (PlanStatus.ACTIVE,
                                                             care.director, 2)
    # The first session is due from the approval (the plan started before it).
    assert plan.next_session_due == dt.date(2026, 2, 1)
    session = services.session_record(actor=care.therapist, plan_id=plan.pk, data={
        "held_on": dt.date(2026, 1, 30), "duration_minutes": 40, "activity": "步态训练",
        "progress": "好转"})
    assert session.staff == care.therapist
    plan.refresh_from_db()
    assert plan.next_session_due == dt.date(2026, 2, 2)
    review = services.review_record(actor=care.therapist, plan_id=plan.pk,
                                    version=plan.version, data={
                                        "reviewed_on": dt.date(2026, 2, 1),
                                        "goals_met": "partly", "outcome": "可扶走",
                                        "next_step": "继续新方案"})
    plan.refresh_from_db()
    assert (plan.status, plan.close_reason, plan.closed_on) == (
        PlanStatus.CLOSED, CloseReason.REVIEWED, review.reviewed_on)
    assert plan.next_session_due is None
    # Every step keeps its history, attributed.
    assert [h.history_user for h in plan.history.order_by("history_id")] == [
        care.therapist, care.director, None, care.therapist]


def test_an_assessment_refuses_every_bad_field_at_once(care):
    with pytest.raises(ValidationError) as exc:
        services.assessment_record(actor=care.therapist, child_id=care.child.pk,
                                   line=CareLine.REHABILITATION, data={
                                       "assessed_on": dt.date(2026, 3, 1), "method": "",
                                       "findings": ""})
    found = errors(exc)
    assert found["assessed_on"] == [str(MSG_DATE_FUTURE)]
    assert set(found) == {"assessed_on", "method", "findings"}
    with pytest.raises(ValidationError) as exc:
        services.assessment_record(actor=care.therapist, child_id=care.child.pk,
                                   line=CareLine.REHABILITATION,
                                   data={**ASSESSMENT, "assessed_on": dt.date(2020, 1, 1)})
    assert errors(exc)["assessed_on"] == [str(rules.MSG_BEFORE_BIRTH)]
    assert CareAssessment.objects.count() == 0


def test_a_plan_refuses_its_bad_fields(care, make_user):
    other_assessment = AssessmentFactory(line=CareLine.MEDICAL, child=care.child)
    with pytest.raises(ValidationError) as exc:
        services.plan_create(actor=care.therapist, child_id=care.child.pk,
                             line=CareLine.REHABILITATION, data=plan_data(
                                 review_due_on=dt.date(2026, 1, 1), goals="",
                                 responsible_id=care.other_therapist.pk,
                                 assessment_id=other_assessment.pk))
    found = errors(exc)
    assert found["review_due_on"] == [str(rules.MSG_REVIEW_BEFORE_START)]
    assert found["responsible"] == [str(rules.MSG_RESPONSIBLE)]
    assert found["assessment_id"] == [str(rules.MSG_ASSESSMENT)]
    assert "goals" in found
    assert CarePlan.objects.count() == 0


def test_each_profession_writes_its_own_line_only(care):
    for actor, line in ((care.doctor, CareLine.REHABILITATION),
                        (care.therapist, CareLine.MEDICAL),
                        (care.teacher, CareLine.SOCIAL_WORK),
                        (care.social_worker, CareLine.EDUCATION),
                        (care.caregiver, CareLine.REHABILITATION),
                        (care.director, CareLine.REHABILITATION)):
        with pytest.raises(PermissionDeniedError):
            services.assessment_record(actor=actor, child_id=care.child.pk, line=line,
                                       data=ASSESSMENT)
    for actor, line in ((care.doctor, CareLine.MEDICAL), (care.teacher, CareLine.EDUCATION),
                        (care.social_worker, CareLine.SOCIAL_WORK)):
        services.assessment_record(actor=actor, child_id=care.child.pk, line=line,
                                   data=ASSESSMENT)
    assert CareAssessment.objects.count() == 3


def test_out_of_scope_staff_and_read_only_overseers_are_refused(care):
    with pytest.raises(NotFoundError):
        services.assessment_record(actor=care.other_therapist, child_id=care.child.pk,
                                   line=CareLine.REHABILITATION, data=ASSESSMENT)
    with pytest.raises(PermissionDeniedError):
        services.assessment_record(actor=care.province, child_id=care.child.pk,
                                   line=CareLine.REHABILITATION, data=ASSESSMENT)
    plan = PlanFactory(child=care.child, status=PlanStatus.PENDING)
    with pytest.raises(NotFoundError):
        services.plan_approve(actor=care.users.out_of_scope, plan_id=plan.pk, version=1)
    with pytest.raises(PermissionDeniedError):
        services.plan_approve(actor=care.province, plan_id=plan.pk, version=1)
    with pytest.raises(PermissionDeniedError):
        services.plan_approve(actor=care.therapist, plan_id=plan.pk, version=1)
    with pytest.raises(ValidationError):
        services.assessment_record(actor=care.therapist, child_id=care.child.pk,
                                   line="cooking", data=ASSESSMENT)


def test_approval_only_of_a_plan_awaiting_it_and_with_the_version_read(care):
    plan = PlanFactory(child=care.child, status=PlanStatus.PENDING)
    with pytest.raises(StaleVersionError):
        services.plan_approve(actor=care.director, plan_id=plan.pk, version=0)
    services.plan_approve(actor=care.director, plan_id=plan.pk, version=1)
    with pytest.raises(ValidationError) as exc:
        services.plan_approve(actor=care.director, plan_id=plan.pk, version=2)
    assert exc.value.messages == [str(rules.MSG_PLAN_NOT_PENDING)]


def test_a_changed_goal_sends_an_approved_plan_back_to_the_director(care):
    plan = PlanFactory(child=care.child, responsible=care.therapist)
    plan = services.plan_update(actor=care.therapist, plan_id=plan.pk, version=1,
                                data={"review_due_on": dt.date(2026, 5, 1)})
    assert plan.status == PlanStatus.ACTIVE
    plan = services.plan_update(actor=care.therapist, plan_id=plan.pk, version=2,
                                data={"goals": "独立行走20米"}, reason="进步快")
    assert (plan.status, plan.approved_by, plan.version) == (PlanStatus.PENDING, None, 3)
    assert plan.history.first().history_change_reason == "进步快"
    with pytest.raises(StaleVersionError):
        services.plan_update(actor=care.therapist, plan_id=plan.pk, version=2,
                             data={"goals": "x"})


def test_sessions_only_on_an_approved_open_plan(care):
    pending = PlanFactory(child=care.child, status=PlanStatus.PENDING)
    data = {"held_on": dt.date(2026, 1, 30), "duration_minutes": 30, "activity": "训练"}
    with pytest.raises(ValidationError) as exc:
        services.session_record(actor=care.therapist, plan_id=pending.pk, data=data)
    assert exc.value.messages == [str(rules.MSG_PLAN_NOT_ACTIVE)]
    plan = PlanFactory(child=care.child)
    with pytest.raises(ValidationError) as exc:
        services.session_record(actor=care.therapist, plan_id=plan.pk, data={
            **data, "held_on": dt.date(2026, 1, 1), "provider_kind": "volunteers",
            "duration_minutes": 0})
    found = errors(exc)
    assert found["held_on"] == [str(rules.MSG_BEFORE_PLAN)]
    assert found["provider_name"] == [str(rules.MSG_PROVIDER_NAME)]
    assert "duration_minutes" in found
    with pytest.raises(ValidationError) as exc:
        services.session_record(actor=care.therapist, plan_id=plan.pk, data={
            **data, "provider_name": "爱心康复中心"})
    assert errors(exc)["provider_kind"] == [str(rules.MSG_NO_PROVIDER)]
    session = services.session_record(actor=care.therapist, plan_id=plan.pk, data={
        **data, "provider_kind": "rehabilitation", "provider_name": "南昌爱心康复中心"})
    assert (session.staff, session.provider_name) == (None, "南昌爱心康复中心")
    assert CareSession.objects.count() == 1


def test_a_session_entered_in_error_is_kept_and_no_longer_counts(care):
    plan = PlanFactory(child=care.child)
    first = SessionFactory(plan=plan, held_on=dt.date(2026, 1, 20))
    services.session_record(actor=care.therapist, plan_id=plan.pk, data={
        "held_on": dt.date(2026, 1, 28), "duration_minutes": 30, "activity": "训练"})
    plan.refresh_from_db()
    assert plan.next_session_due == dt.date(2026, 2, 4)
    latest = plan.sessions.get(held_on=dt.date(2026, 1, 28))
    with pytest.raises(ValidationError) as exc:
        services.session_mark_error(actor=care.therapist, session_id=latest.pk, version=1,
                                    reason=" ")
    assert errors(exc)["reason"] == [str(rules.MSG_REASON_REQUIRED)]
    services.session_mark_error(actor=care.therapist, session_id=latest.pk, version=1,
                                reason="记错了孩子")
    plan.refresh_from_db()
    assert plan.next_session_due == first.held_on + dt.timedelta(days=7)
    assert CareSession.objects.count() == 2
    with pytest.raises(ValidationError) as exc:
        services.session_update(actor=care.therapist, session_id=latest.pk, version=2,
                                data={"activity": "x"})
    assert exc.value.messages == [str(rules.MSG_ALREADY_IN_ERROR)]


def test_a_child_leaving_care_closes_plans_and_assessments_never_deletes(care):
    assessment = AssessmentFactory(child=care.child)
    active = PlanFactory(child=care.child)
    pending = PlanFactory(child=care.child, status=PlanStatus.PENDING, line=CareLine.MEDICAL)
    SessionFactory(plan=active)
    child_services.child_leave_care(actor=care.director, child_id=care.child.pk,
                                    version=care.child.version, on=dt.date(2026, 1, 31),
                                    reason="family", destination="生父母家")
    for record in (assessment, active, pending):
        record.refresh_from_db()
    assert (active.status, active.close_reason) == (PlanStatus.CLOSED, CloseReason.LEFT_CARE)
    assert (pending.status, pending.closed_on) == (PlanStatus.CLOSED, dt.date(2026, 1, 31))
    assert assessment.closed_on == dt.date(2026, 1, 31)
    assert CareSession.objects.count() == 1
    care.child.refresh_from_db()
    assert care.child.status == ChildStatus.LEFT_CARE
    with pytest.raises(ValidationError) as exc:
        services.assessment_record(actor=care.therapist, child_id=care.child.pk,
                                   line=CareLine.REHABILITATION, data=ASSESSMENT)
    assert exc.value.messages == [str(rules.MSG_FILE_CLOSED)]
    with pytest.raises(ValidationError) as exc:
        services.plan_update(actor=care.therapist, plan_id=active.pk, version=active.version,
                             data={"goals": "x"})
    assert exc.value.messages == [str(rules.MSG_FILE_CLOSED)]


def test_withdrawing_keeps_the_plan_closed_with_the_reason(care):
    plan = PlanFactory(child=care.child, status=PlanStatus.PENDING)
    with pytest.raises(PermissionDeniedError):
        services.plan_withdraw(actor=care.caregiver, plan_id=plan.pk, version=1, reason="x")
    plan = services.plan_withdraw(actor=care.director, plan_id=plan.pk, version=1,
                                  reason="重复录入")
    assert (plan.status, plan.close_reason, plan.close_note) == (
        PlanStatus.CLOSED, CloseReason.WITHDRAWN, "重复录入")
    with pytest.raises(ValidationError) as exc:
        services.plan_withdraw(actor=care.director, plan_id=plan.pk, version=2, reason="x")
    assert exc.value.messages == [str(rules.MSG_PLAN_CLOSED)]
