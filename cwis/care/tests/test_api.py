"""/api/v1 care endpoints: the pattern end to end, the limited views of the caregiver and
the province officer, scope, versions, the access log and query counts."""

import datetime as dt

import pytest

from cwis.care.choices import CareLine, PlanStatus
from cwis.care.services import rules
from cwis.care.tests.factories import AssessmentFactory, PlanFactory, SessionFactory
from cwis.children.tests.factories import ChildFactory
from cwis.core.errors import MSG_STALE_VERSION
from cwis.core.models import AccessLog

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("frozen_today")]


def msgs(response, field: str) -> list[str]:
    return [e["msg"] for e in response.json()["detail"] if e["loc"][-1] == field]


def test_a_therapist_and_the_director_go_through_the_pattern(care, api):
    child = care.child.pk
    therapist, director = api(care.therapist), api(care.director)
    response = therapist.post(f"/children/{child}/care/rehabilitation/assessments", {
        "assessed_on": "2026-01-20", "method": "GMFM-88", "findings": "肌张力高"})
    assert response.status_code == 201, response.content
    assessment = response.json()
    response = therapist.post(f"/children/{child}/care/rehabilitation/plans", {
        "assessment_id": assessment["id"], "goals": "独立行走", "services": "运动疗法",
        "frequency": "每周3次", "session_interval_days": 3, "starts_on": "2026-01-25",
        "review_due_on": "2026-04-25"})
    assert response.status_code == 201, response.content
    plan = response.json()
    assert (plan["status"], plan["responsible"]["name"]) == ("pending", "孙康复师")
    response = director.post(f"/care/plans/{plan['id']}/approve", {"version": 1})
    assert response.json()["status"] == "active"
    response = director.post(f"/care/plans/{plan['id']}/approve", {"version": 1})
    assert response.status_code == 409
    assert response.json()["detail"] == str(MSG_STALE_VERSION)
    response = therapist.post(f"/care/plans/{plan['id']}/sessions", {
        "held_on": "2026-01-30", "duration_minutes": 40, "activity": "步态训练",
        "remote": True})
    assert response.status_code == 201, response.content
    response = therapist.post(f"/care/plans/{plan['id']}/review", {
        "version": 2, "reviewed_on": "2026-02-01", "goals_met": "met", "outcome": "达成"})
    assert response.status_code == 201, response.content
    response = therapist.get(f"/care/plans/{plan['id']}")
    data = response.json()
    assert (data["plan"]["status"], data["review"]["goals_met"]) == ("closed", "met")
    assert [s["activity"] for s in data["sessions"]] == ["步态训练"]
    response = therapist.get(f"/children/{child}/care/rehabilitation")
    kinds = [e["kind"] for e in response.json()["timeline"]]
    assert sorted(kinds) == ["approval", "assessment", "plan", "review", "session"]


def test_refusals_answer_422_with_the_field_and_nothing_is_written(care, api):
    client = api(care.therapist)
    response = client.post(f"/children/{care.child.pk}/care/rehabilitation/plans", {
        "goals": "x", "services": "y", "frequency": "z", "starts_on": "2026-02-01",
        "review_due_on": "2026-01-01"})
    assert response.status_code == 422
    assert msgs(response, "review_due_on") == [str(rules.MSG_REVIEW_BEFORE_START)]
    response = client.get(f"/children/{care.child.pk}/care/rehabilitation")
    assert response.json()["plans"] == []


def test_wrong_role_403_out_of_scope_404_unknown_line_404(care, api):
    child = care.child.pk
    body = {"assessed_on": "2026-01-20", "method": "m", "findings": "f"}
    assert api(care.doctor).post(f"/children/{child}/care/rehabilitation/assessments",
                                 body).status_code == 403
    assert api(care.other_therapist).post(f"/children/{child}/care/rehabilitation/assessments",
                                          body).status_code == 404
    assert api(care.other_therapist).get(f"/children/{child}/care/rehabilitation"
                                         ).status_code == 404
    assert api(care.therapist).get(f"/children/{child}/care/cooking").status_code == 404
    plan = PlanFactory(child=care.child)
    assert api(care.users.out_of_scope).get(f"/care/plans/{plan.pk}").status_code == 404
    assert api(care.province).post(f"/care/plans/{plan.pk}/sessions", {
        "held_on": "2026-01-30", "duration_minutes": 5, "activity": "a"}).status_code == 403


def test_the_caregiver_reads_plans_and_sessions_not_assessments_or_reviews(care, api):
    assessment = AssessmentFactory(child=care.child)
    plan = PlanFactory(child=care.child, assessment=assessment)
    SessionFactory(plan=plan)
    client = api(care.caregiver)
    data = client.get(f"/children/{care.child.pk}/care/rehabilitation").json()
    assert (data["clinical"], data["counts_only"]) == (False, False)
    assert [p["id"] for p in data["plans"]] == [plan.pk]
    assert data["assessments"] == []
    assert {e["kind"] for e in data["timeline"]} == {"plan", "approval", "session"}
    assert client.get(f"/care/assessments/{assessment.pk}").status_code == 403
    detail = client.get(f"/care/plans/{plan.pk}").json()
    assert (detail["plan"]["assessment_id"], detail["review"]) == (None, None)
    assert len(detail["sessions"]) == 1
    # Another profession reads this line as a caregiver does.
    assert api(care.doctor).get(f"/care/assessments/{assessment.pk}").status_code == 403
    assert api(care.director).get(f"/care/assessments/{assessment.pk}").status_code == 200


def test_the_province_officer_reads_counts_and_the_list_without_a_plan(care, api):
    plan = PlanFactory(child=care.child)
    SessionFactory(plan=plan)
    SessionFactory(plan=plan, entered_in_error="错")
    without = ChildFactory(current_institution=care.users.institution_a, name="康小安",
                           disability_type="intellectual", disability_grade=3)
    ChildFactory(current_institution=care.users.institution_a, name="无残疾")
    client = api(care.province)
    data = client.get(f"/children/{care.child.pk}/care/rehabilitation").json()
    assert data["counts_only"] is True
    assert data["counts"] == {"open_plans": 1, "closed_plans": 0, "sessions": 1}
    assert data["plans"] == data["timeline"] == []
    assert client.get(f"/care/plans/{plan.pk}").status_code == 403
    response = client.get("/care/without-plan", line="rehabilitation")
    assert [c["name"] for c in response.json()["items"]] == [without.name]
    assert set(response.json()["items"][0]) == {"id", "name", "sex", "birth_date",
                                                "disability_type", "institution_id",
                                                "institution"}
    # Institution staff below the director do not read the list; the director does.
    assert api(care.therapist).get("/care/without-plan").status_code == 403
    assert api(care.director).get("/care/without-plan").json()["count"] == 1
    # Another county's officer sees none of county A's children.
    assert api(care.users.out_of_scope).get("/care/without-plan").json()["count"] == 0


def test_every_read_of_a_clinical_record_is_logged(care, api):
    assessment = AssessmentFactory(child=care.child)
    plan = PlanFactory(child=care.child)
    session = SessionFactory(plan=plan)
    client = api(care.therapist)
    client.get(f"/children/{care.child.pk}/care/rehabilitation")
    client.get(f"/care/assessments/{assessment.pk}")
    client.get(f"/care/plans/{plan.pk}")
    client.get(f"/care/sessions/{session.pk}")
    logged = list(AccessLog.objects.filter(user=care.therapist).order_by("at", "id")
                  .values_list("object_type", "action"))
    assert logged == [("child", "care_rehabilitation"), ("care_assessment", "view"),
                      ("care_plan", "view"), ("care_session", "view")]
    assert set(AccessLog.objects.values_list("division_code", flat=True)) == {
        care.child.division_code}


def test_the_care_tab_and_the_list_do_not_query_per_row(care, api, django_assert_max_num_queries):
    client = api(care.therapist)
    province = api(care.province)

    def fill(n: int) -> None:
        for _ in range(n):
            plan = PlanFactory(child=care.child, responsible=care.therapist)
            AssessmentFactory(child=care.child)
            SessionFactory(plan=plan, staff=care.therapist)
            ChildFactory(current_institution=care.users.institution_a,
                         disability_type="physical", disability_grade=1)

    fill(2)
    with django_assert_max_num_queries(14):
        assert client.get(f"/children/{care.child.pk}/care/rehabilitation").status_code == 200
    with django_assert_max_num_queries(10):
        assert province.get("/care/without-plan").status_code == 200
    fill(8)
    with django_assert_max_num_queries(14):
        assert client.get(f"/children/{care.child.pk}/care/rehabilitation").status_code == 200
    with django_assert_max_num_queries(10):
        assert province.get("/care/without-plan").status_code == 200


def test_the_care_endpoints_are_in_the_openapi_document_with_their_errors(care, api):
    document = api(care.therapist).get("/openapi.json").json()
    plans = document["paths"]["/api/v1/children/{child_id}/care/{line}/plans"]["post"]
    assert {"201", "403", "404", "409", "422"} <= set(plans["responses"])
    assert "/api/v1/care/without-plan" in document["paths"]


def test_lines_other_than_rehabilitation_work_the_same(care, api):
    for user, line in ((care.doctor, CareLine.MEDICAL), (care.teacher, CareLine.EDUCATION),
                       (care.social_worker, CareLine.SOCIAL_WORK)):
        response = api(user).post(f"/children/{care.child.pk}/care/{line}/plans", {
            "goals": "g", "services": "s", "frequency": "f", "starts_on": "2026-02-01",
            "review_due_on": "2026-06-01"})
        assert response.status_code == 201, response.content
        assert response.json()["status"] == PlanStatus.PENDING
    assert api(care.director).get(f"/children/{care.child.pk}/care/education"
                                  ).json()["plans"][0]["line"] == "education"


def test_a_session_is_changed_with_its_version(care, api):
    session = SessionFactory(plan=PlanFactory(child=care.child))
    client = api(care.therapist)
    response = client.patch(f"/care/sessions/{session.pk}", {"version": 1, "progress": "更好",
                                                              "reason": "补记"})
    assert response.json()["version"] == 2
    assert client.patch(f"/care/sessions/{session.pk}", {"version": 1, "progress": "x"}
                        ).status_code == 409
    assert client.post(f"/care/sessions/{session.pk}/entered-in-error",
                       {"version": 2, "reason": "重复"}).json()["entered_in_error"] == "重复"
    assert dt.date.fromisoformat(client.get(f"/care/sessions/{session.pk}").json()["held_on"])
