"""The care pages: the tab on the file, assessment, plan, approval, sessions, review; the
refusals beside their fields (422); scope, roles and the limited views; both languages."""

import pytest

from cwis.care.choices import PlanStatus
from cwis.care.models import CareAssessment, CarePlan, CareSession
from cwis.care.services import rules
from cwis.care.tests.factories import AssessmentFactory, PlanFactory, SessionFactory
from cwis.children.tests.factories import ChildFactory
from cwis.core.errors import MSG_STALE_VERSION
from cwis.core.models import AccessLog

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("frozen_today")]


def text(response) -> str:
    return response.content.decode()


def tab(care, line: str = "rehabilitation") -> str:
    return f"/care/child/{care.child.pk}/{line}/"


def test_the_file_shows_a_care_tab_per_line_in_chinese_and_english(care, web):
    client = web(care.therapist)
    page = text(client.get(f"/children/{care.child.pk}/"))
    assert f'href="{tab(care)}" id="tab-care_rehabilitation">康复' in page
    assert 'id="tab-care_medical">医疗' in page
    client.cookies["cwis_language"] = "en"
    page = text(client.get(tab(care)))
    assert 'aria-current="page" href="/care/child/' in page
    assert ">Rehabilitation</a>" in page
    assert "New assessment" in page
    # A partner department's viewer sees no child, and no care tab.
    page = text(web(care.province).get(f"/children/{care.child.pk}/"))
    assert 'id="tab-care_rehabilitation"' in page  # the province reads counts


def test_a_therapist_assesses_and_plans_through_the_pages(care, web):
    client = web(care.therapist)
    response = client.post(tab(care) + "assessments/new/", {
        "assessed_on": "2026-01-20", "method": "GMFM-88", "findings": "肌张力高"})
    assert response.status_code == 302
    assessment = CareAssessment.objects.get()
    response = client.post(tab(care) + "plans/new/", {
        "assessment_id": assessment.pk, "goals": "独立行走", "services": "运动疗法",
        "frequency": "每周3次", "session_interval_days": "3", "starts_on": "2026-02-01",
        "review_due_on": "2026-01-01", "responsible_id": care.therapist.pk})
    assert response.status_code == 422
    assert str(rules.MSG_REVIEW_BEFORE_START) in text(response).split(
        'id="error-review_due_on"')[1][:200]
    assert CarePlan.objects.count() == 0
    response = client.post(tab(care) + "plans/new/", {
        "assessment_id": assessment.pk, "goals": "独立行走", "services": "运动疗法",
        "frequency": "每周3次", "session_interval_days": "3", "starts_on": "2026-02-01",
        "review_due_on": "2026-05-01", "responsible_id": care.therapist.pk})
    plan = CarePlan.objects.get()
    assert response["Location"] == f"/care/plans/{plan.pk}/"
    page = text(client.get(tab(care)))
    assert "GMFM-88" in page.split('id="care-timeline"')[1]
    plans = page.split('id="care-plans"')[1].split("</table>")[0]
    assert plan.goals in plans
    assert "bg-warning" in plans  # awaiting approval


def test_the_director_approves_and_a_stale_approval_is_refused(care, web):
    plan = PlanFactory(child=care.child, status=PlanStatus.PENDING)
    client = web(care.director)
    assert 'id="plan-approve"' in text(client.get(f"/care/plans/{plan.pk}/"))
    response = client.post(f"/care/plans/{plan.pk}/approve/", {"version": 0})
    assert response.status_code == 422
    assert str(MSG_STALE_VERSION) in text(response)
    response = client.post(f"/care/plans/{plan.pk}/approve/", {"version": 1})
    assert response.status_code == 302
    plan.refresh_from_db()
    assert (plan.status, plan.approved_by) == (PlanStatus.ACTIVE, care.director)
    assert web(care.therapist).get(f"/care/plans/{plan.pk}/approve/").status_code == 403


def test_sessions_and_the_review_through_the_pages(care, web):
    plan = PlanFactory(child=care.child, responsible=care.therapist)
    client = web(care.therapist)
    response = client.post(f"/care/plans/{plan.pk}/sessions/new/", {
        "held_on": "2026-01-30", "duration_minutes": "40", "activity": "平衡训练",
        "staff_id": care.therapist.pk, "provider_name": "爱心志愿者"})
    assert response.status_code == 422
    assert str(rules.MSG_NO_PROVIDER) in text(response)
    response = client.post(f"/care/plans/{plan.pk}/sessions/new/", {
        "held_on": "2026-01-30", "duration_minutes": "40", "activity": "平衡训练",
        "staff_id": care.therapist.pk})
    assert response.status_code == 302
    assert CareSession.objects.get().activity == "平衡训练"
    response = client.post(f"/care/plans/{plan.pk}/review/", {
        "version": plan.version, "reviewed_on": "2026-02-01", "goals_met": "met",
        "outcome": "达成"})
    assert response.status_code == 302
    plan.refresh_from_db()
    assert plan.status == PlanStatus.CLOSED
    page = text(client.get(f"/care/plans/{plan.pk}/"))
    assert 'id="review"' in page
    assert 'id="session-new"' not in page


def test_the_caregiver_reads_the_plan_but_not_the_assessment_or_the_review(care, web):
    assessment = AssessmentFactory(child=care.child)
    plan = PlanFactory(child=care.child, assessment=assessment)
    SessionFactory(plan=plan)
    client = web(care.caregiver)
    page = text(client.get(tab(care)))
    assert assessment.method not in page
    assert 'id="assessment-new"' not in page
    page = text(client.get(f"/care/plans/{plan.pk}/"))
    assert plan.goals in page
    assert assessment.method not in page
    assert client.get(f"/care/assessments/{assessment.pk}/").status_code == 403
    assert client.get(tab(care) + "plans/new/").status_code == 403


def test_the_province_officer_reads_counts_and_the_list(care, web):
    plan = PlanFactory(child=care.child)
    SessionFactory(plan=plan)
    without = ChildFactory(current_institution=care.users.institution_a, name="康小安",
                           disability_type="hearing", disability_grade=2)
    client = web(care.province)
    page = text(client.get(tab(care)))
    assert 'id="care-counts"' in page
    assert plan.goals not in page
    assert client.get(f"/care/plans/{plan.pk}/").status_code == 403
    page = text(client.get("/care/without-plan/", {"line": "rehabilitation"}))
    assert without.name in page.split('id="without-plan"')[1]
    assert care.child.name not in page.split('id="without-plan"')[1]
    assert web(care.caregiver).get("/care/without-plan/").status_code == 403

    # the area is picked by name, with a visible label (issue 13, points 4 and 16)
    page = text(client.get("/care/without-plan/"))
    assert '<option value="rehabilitation" selected>' in page  # the line listed
    page = text(client.get("/care/without-plan/", {"line": "rehabilitation", "division": "3601"}))
    assert "data-place-picker" in page
    assert 'placeholder="区划代码"' not in page
    assert without.name in page.split('id="without-plan"')[1]
    assert not text(client.get("/care/without-plan/", {"line": "rehabilitation",
                                                       "division": "4301"})).split(
        'id="without-plan"')[1].count(without.name)


def test_out_of_scope_care_pages_answer_404(care, web):
    assessment = AssessmentFactory(child=care.child)
    plan = PlanFactory(child=care.child)
    session = SessionFactory(plan=plan)
    client = web(care.other_therapist)
    for url in (tab(care), tab(care) + "assessments/new/", tab(care) + "plans/new/",
                f"/care/plans/{plan.pk}/", f"/care/plans/{plan.pk}/edit/",
                f"/care/plans/{plan.pk}/sessions/new/", f"/care/plans/{plan.pk}/review/",
                f"/care/assessments/{assessment.pk}/", f"/care/sessions/{session.pk}/",
                f"/care/sessions/{session.pk}/edit/", f"/care/sessions/{session.pk}/error/"):
        assert client.get(url).status_code == 404, url
    assert web(care.therapist).get(f"/care/child/{care.child.pk}/cooking/").status_code == 404


def test_record_pages_are_logged_and_keep_their_history(care, web):
    assessment = AssessmentFactory(child=care.child)
    client = web(care.therapist)
    response = client.post(f"/care/assessments/{assessment.pk}/edit/", {
        "version": 1, "assessed_on": "2026-01-10", "method": "GMFM-66",
        "findings": assessment.findings})
    assert response.status_code == 302
    page = text(client.get(f"/care/assessments/{assessment.pk}/"))
    assert "GMFM-66" in page.split('id="history"')[1]
    assert AccessLog.objects.filter(object_type="care_assessment",
                                    object_id=str(assessment.pk)).count() == 1
