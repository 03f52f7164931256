"""Adult placement (policy 二(五)): the adulthood plan from the 16th birthday, its paths and
steps, the outcomes; leaving care at 18 records the path taken and sets the follow-ups;
the to-do items and the alert to the office above, with frozen time; pages and API."""

import datetime as dt

import pytest
from django.core.exceptions import ValidationError
from django.db import connection
from django.test.utils import CaptureQueriesContext

from cwis.care.choices import CloseReason, PlanStatus
from cwis.care.choices_family import PathState
from cwis.care.models import AdulthoodFollowUp, AdulthoodPlan
from cwis.care.services import adulthood as services
from cwis.care.services import rules
from cwis.care.tests.factories import AdulthoodPathFactory, AdulthoodPlanFactory
from cwis.care.todo_family import adulthood_todo
from cwis.children import services as child_services
from cwis.children.tests.factories import ChildFactory
from cwis.core.errors import NotFoundError, PermissionDeniedError
from cwis.core.todo import todo_for

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("frozen_today")]

PLAN = {"evaluation": "初中毕业，身体健康", "wishes": "想学汽修",
        "starts_on": dt.date(2026, 1, 20), "review_due_on": dt.date(2026, 7, 20)}


def errors(exc: pytest.ExceptionInfo) -> dict:
    return {k: [str(m) for m in v] for k, v in exc.value.message_dict.items()}


@pytest.fixture
def youth(care):
    """A boy of 17 in county A's institution (18 on 2027-01-01)."""
    return ChildFactory(current_institution=care.users.institution_a, name="赵小军",
                        birth_date=dt.date(2009, 1, 1))


def employment_path(care, plan):
    return services.adulthood_path_add(actor=care.social_worker, plan_id=plan.pk, data={
        "kind": "employment", "department": "南昌市人社局",
        "target_on": dt.date(2026, 9, 1)})


def test_a_plan_with_an_employment_path_is_followed_to_a_job(care, youth):
    plan = services.adulthood_plan_create(actor=care.social_worker, child_id=youth.pk,
                                          data=PLAN)
    assert (plan.status, plan.responsible) == (PlanStatus.PENDING, care.social_worker)
    with pytest.raises(ValidationError) as exc:
        services.adulthood_plan_approve(actor=care.director, plan_id=plan.pk,
                                        version=plan.version)
    assert exc.value.messages == [str(services.MSG_NO_PATH)]
    path = employment_path(care, plan)
    assert path.next_due_on == dt.date(2026, 9, 1)
    plan = services.adulthood_plan_approve(actor=care.director, plan_id=plan.pk,
                                           version=plan.version)
    assert (plan.status, plan.approved_by) == (PlanStatus.ACTIVE, care.director)
    training = services.adulthood_step_add(actor=care.social_worker, path_id=path.pk, data={
        "kind": "vocational_training", "due_on": dt.date(2026, 3, 1), "note": "汽修培训"})
    path.refresh_from_db()
    assert path.next_due_on == dt.date(2026, 3, 1)
    services.adulthood_step_done(actor=care.social_worker, step_id=training.pk,
                                 version=training.version, done_on=dt.date(2026, 1, 30))
    path.refresh_from_db()
    assert path.next_due_on == dt.date(2026, 9, 1)
    path = services.adulthood_path_outcome(actor=care.social_worker, path_id=path.pk,
                                           version=path.version, data={
                                               "state": "achieved", "outcome": "某汽修厂学徒",
                                               "outcome_on": dt.date(2026, 1, 31)})
    assert (path.state, path.next_due_on) == (PathState.ACHIEVED, None)
    with pytest.raises(ValidationError) as exc:
        services.adulthood_step_add(actor=care.social_worker, path_id=path.pk, data={
            "kind": "job", "due_on": dt.date(2026, 3, 1)})
    assert exc.value.messages == [str(services.MSG_PATH_CLOSED)]


def test_a_plan_before_16_a_second_plan_and_a_foreign_step_are_refused(care, youth):
    young = ChildFactory(current_institution=care.users.institution_a,
                         birth_date=dt.date(2010, 6, 1))
    with pytest.raises(ValidationError) as exc:
        services.adulthood_plan_create(actor=care.social_worker, child_id=young.pk,
                                       data={**PLAN, "review_due_on": dt.date(2026, 1, 1)})
    assert errors(exc) == {"starts_on": [str(services.MSG_TOO_YOUNG)],
                           "review_due_on": [str(rules.MSG_REVIEW_BEFORE_START)]}
    plan = services.adulthood_plan_create(actor=care.social_worker, child_id=youth.pk,
                                          data=PLAN)
    with pytest.raises(ValidationError) as exc:
        services.adulthood_plan_create(actor=care.social_worker, child_id=youth.pk, data=PLAN)
    assert exc.value.messages == [str(services.MSG_PLAN_OPEN)]
    path = employment_path(care, plan)
    with pytest.raises(ValidationError) as exc:
        employment_path(care, plan)
    assert errors(exc) == {"kind": [str(services.MSG_PATH_OPEN)]}
    with pytest.raises(ValidationError) as exc:
        services.adulthood_step_add(actor=care.social_worker, path_id=path.pk, data={
            "kind": "enlistment_registration", "due_on": dt.date(2026, 3, 1)})
    assert errors(exc) == {"kind": [str(services.MSG_STEP_KIND)]}


def test_extreme_poverty_support_needs_its_form_and_institution(care, youth):
    plan = AdulthoodPlanFactory(child=youth)
    path = AdulthoodPathFactory(plan=plan, kind="extreme_poverty", department="民政局")
    with pytest.raises(ValidationError) as exc:
        services.adulthood_path_outcome(actor=care.social_worker, path_id=path.pk,
                                        version=path.version, data={
                                            "state": "achieved", "outcome": "",
                                            "outcome_on": None, "support_mode": "centralised"})
    assert errors(exc) == {"outcome": [str(services.MSG_OUTCOME_TEXT)],
                           "outcome_on": [str(rules.MSG_DATE_REQUIRED)],
                           "support_institution": [str(services.MSG_SUPPORT_INSTITUTION)]}


def test_roles_scope_and_the_read_only(care, youth):
    with pytest.raises(PermissionDeniedError):
        services.adulthood_plan_create(actor=care.caregiver, child_id=youth.pk, data=PLAN)
    with pytest.raises(PermissionDeniedError):
        services.adulthood_plan_create(actor=care.province, child_id=youth.pk, data=PLAN)
    with pytest.raises(NotFoundError):
        services.adulthood_plan_create(actor=care.other_therapist, child_id=youth.pk,
                                       data=PLAN)
    plan = AdulthoodPlanFactory(child=youth, status=PlanStatus.PENDING, approved_on=None)
    AdulthoodPathFactory(plan=plan)
    with pytest.raises(PermissionDeniedError):  # the social worker does not approve
        services.adulthood_plan_approve(actor=care.social_worker, plan_id=plan.pk,
                                        version=plan.version)


def test_leaving_care_at_18_records_the_path_taken_and_sets_the_follow_ups(care):
    adult = ChildFactory(current_institution=care.users.institution_a,
                         birth_date=dt.date(2008, 1, 10))
    plan = AdulthoodPlanFactory(child=adult)
    AdulthoodPathFactory(plan=plan, kind="enlistment", department="武装部")
    job = AdulthoodPathFactory(plan=plan, kind="employment", state=PathState.ACHIEVED,
                               outcome="汽修厂", outcome_on=dt.date(2026, 1, 15))
    adult.refresh_from_db()
    child_services.child_leave_care(actor=care.director, child_id=adult.pk,
                                    version=adult.version, on=dt.date(2026, 1, 31),
                                    reason="adulthood", adult_placement="employment")
    plan.refresh_from_db()
    assert (plan.status, plan.close_reason, plan.path_taken) == (
        PlanStatus.CLOSED, CloseReason.LEFT_CARE, job)
    follow_ups = list(AdulthoodFollowUp.objects.filter(child=adult).values_list(
        "months", "due_on"))
    assert follow_ups == [(6, dt.date(2026, 7, 31)), (12, dt.date(2027, 1, 31))]
    first = AdulthoodFollowUp.objects.get(months=6)
    with pytest.raises(ValidationError) as exc:
        services.adulthood_follow_up_record(actor=care.social_worker, follow_up_id=first.pk,
                                            version=first.version, data={
                                                "done_on": dt.date(2026, 1, 20), "how": "电话",
                                                "situation": ""})
    assert errors(exc) == {"done_on": [str(services.MSG_BEFORE_LEAVING)],
                           "situation": [str(services.MSG_OUTCOME_TEXT)]}
    done = services.adulthood_follow_up_record(
        actor=care.social_worker, follow_up_id=first.pk, version=first.version,
        data={"done_on": dt.date(2026, 2, 1), "how": "电话", "situation": "工作稳定"})
    assert done.done_by == care.social_worker


def test_leaving_for_another_reason_closes_the_plan_without_follow_ups(care, youth):
    plan = AdulthoodPlanFactory(child=youth)
    youth.refresh_from_db()
    child_services.child_leave_care(actor=care.director, child_id=youth.pk,
                                    version=youth.version, on=dt.date(2026, 1, 31),
                                    reason="family", destination="生父家")
    plan.refresh_from_db()
    assert (plan.status, plan.path_taken) == (PlanStatus.CLOSED, None)
    assert not AdulthoodFollowUp.objects.exists()


# ------------------------------------------------------------------ to-do and alerts


def test_turning_16_without_a_plan_is_on_the_directors_to_do(care, youth):
    ChildFactory(current_institution=care.users.institution_a, name="小十五",
                 birth_date=dt.date(2010, 6, 1))  # 16 in June: not yet
    items = todo_for(care.director)
    assert [i.due for i in items if i.kind == "care.adulthood_plan"] == [dt.date(2025, 1, 1)]
    AdulthoodPlanFactory(child=youth)
    assert not [i for i in todo_for(care.director) if i.kind == "care.adulthood_plan"]
    # A routine deadline: the province reads it as a count, never the child.
    assert not [i for i in todo_for(care.province) if i.kind == "care.adulthood_plan"]


def test_turning_18_with_no_plan_or_a_stalled_path_alerts_the_director_and_the_office(
        care, youth):
    turned = ChildFactory(current_institution=care.users.institution_a, name="钱成年",
                          birth_date=dt.date(2008, 1, 15))  # 18 on 2026-01-15, no plan
    soon = ChildFactory(current_institution=care.users.institution_a, name="孙将满",
                        birth_date=dt.date(2008, 3, 1))  # 18 in a month, stalled path
    stalled = AdulthoodPlanFactory(child=soon)
    AdulthoodPathFactory(plan=stalled, next_due_on=dt.date(2025, 12, 1))
    director = {i.url: i for i in todo_for(care.director) if i.kind == "care.adulthood_at_18"}
    assert sorted(i.due for i in director.values()) == [dt.date(2026, 1, 15),
                                                        dt.date(2026, 3, 1)]
    # County A's office runs county A's institution: the alert reaches it from the birthday.
    office = [i for i in todo_for(care.users.in_scope) if i.kind == "care.adulthood_at_18"]
    assert [(i.due, i.url) for i in office] == [(dt.date(2026, 1, 15),
                                                 f"/children/{turned.pk}/")]
    # The province office above it reads the figures, not the child (test_adulthood_alerts).
    assert not [i for i in todo_for(care.province) if i.kind == "care.adulthood_at_18"]
    # Out of scope: county B's office sees nothing; a caregiver has no such item.
    assert not adulthood_todo(care.users.out_of_scope, dt.date(2026, 2, 1))
    assert not [i for i in todo_for(care.caregiver) if i.kind.startswith("care.adulthood")]


def test_a_path_moving_again_ends_the_stalled_alert(care):
    soon = ChildFactory(current_institution=care.users.institution_a,
                        birth_date=dt.date(2008, 3, 1))
    plan = AdulthoodPlanFactory(child=soon)
    path = AdulthoodPathFactory(plan=plan, next_due_on=dt.date(2025, 12, 1),
                                target_on=dt.date(2026, 6, 1))
    assert [i for i in todo_for(care.director) if i.kind == "care.adulthood_at_18"]
    services.adulthood_step_add(actor=care.social_worker, path_id=path.pk, data={
        "kind": "job", "due_on": dt.date(2026, 4, 1)})
    assert not [i for i in todo_for(care.director) if i.kind == "care.adulthood_at_18"]


def test_follow_ups_due_are_on_the_social_workers_to_do(care):
    adult = ChildFactory(current_institution=care.users.institution_a,
                         birth_date=dt.date(2007, 6, 1))
    AdulthoodFollowUp.objects.create(child=adult, months=6, due_on=dt.date(2026, 2, 10))
    AdulthoodFollowUp.objects.create(child=adult, months=12, due_on=dt.date(2026, 8, 10))
    items = [i for i in todo_for(care.social_worker) if i.kind == "care.adulthood_follow_up"]
    assert [i.due for i in items] == [dt.date(2026, 2, 10)]


# ----------------------------------------------------------------------- pages, API


def test_the_pages_write_a_plan_and_the_tab_links_to_it(care, youth, web):
    client = web(care.social_worker)
    response = client.post(f"/care/adulthood/child/{youth.pk}/new/", {
        **PLAN, "responsible_id": care.social_worker.pk})
    plan = AdulthoodPlan.objects.get()
    assert response.url == f"/care/adulthood/{plan.pk}/"
    response = client.post(f"/care/adulthood/{plan.pk}/path/", {
        "kind": "employment", "department": "人社局", "target_on": "2026-09-01"})
    assert response.status_code == 302
    tab = client.get(f"/care/family/child/{youth.pk}/").content.decode()
    assert f'href="/care/adulthood/{plan.pk}/"' in tab
    social_work = client.get(f"/care/child/{youth.pk}/social_work/").content.decode()
    assert f'href="/care/family/child/{youth.pk}/"' in social_work
    response = client.post(f"/care/adulthood/{plan.pk}/approve/", {"version": plan.version})
    assert response.status_code == 403
    response = web(care.director).post(f"/care/adulthood/{plan.pk}/approve/",
                                       {"version": plan.version})
    assert response.status_code == 302
    plan.refresh_from_db()
    assert plan.status == PlanStatus.ACTIVE


def test_pages_scope_and_the_province_reads_the_list_not_the_plan(care, youth, web):
    plan = AdulthoodPlanFactory(child=youth)
    AdulthoodPathFactory(plan=plan)
    assert web(care.other_therapist).get(f"/care/adulthood/{plan.pk}/").status_code == 404
    province = web(care.province)
    assert province.get(f"/care/adulthood/{plan.pk}/").status_code == 403
    listed = province.get("/care/adulthood/?path=employment").content.decode()
    assert youth.name in listed
    assert youth.name not in web(care.users.out_of_scope).get(
        "/care/adulthood/").content.decode()


def test_the_list_reads_a_bounded_number_of_queries(care, youth, web):
    client = web(care.director)
    AdulthoodPathFactory(plan=AdulthoodPlanFactory(child=youth))
    client.get("/care/adulthood/")
    with CaptureQueriesContext(connection) as one:
        client.get("/care/adulthood/")
    for _ in range(4):
        child = ChildFactory(current_institution=care.users.institution_a,
                             birth_date=dt.date(2009, 3, 1))
        AdulthoodPathFactory(plan=AdulthoodPlanFactory(child=child))
    with CaptureQueriesContext(connection) as five:
        assert client.get("/care/adulthood/").status_code == 200
    assert len(five) == len(one)


def test_the_excel_list_goes_to_the_department_of_the_path(care, youth, web):
    from io import BytesIO

    from openpyxl import load_workbook

    AdulthoodPathFactory(plan=AdulthoodPlanFactory(child=youth), kind="enlistment",
                         department="县人武部", priority=True)
    response = web(care.director).get("/care/adulthood/export.xlsx?path=enlistment")
    assert response.status_code == 200
    sheet = load_workbook(BytesIO(b"".join(response.streaming_content))).active
    rows = list(sheet.values)
    assert rows[1][0] == youth.name
    assert "县人武部" in rows[1]
    empty = web(care.director).get("/care/adulthood/export.xlsx?path=housing")
    assert len(list(load_workbook(BytesIO(b"".join(empty.streaming_content))).active.values)
               ) == 1


def test_the_api_writes_the_plan_and_answers_422_403_404(care, youth, api):
    worker = api(care.social_worker)
    response = worker.post(f"/children/{youth.pk}/adulthood-plans", {
        **{k: str(v) for k, v in PLAN.items()}})
    assert response.status_code == 201, response.content
    plan_id = response.json()["id"]
    response = worker.post(f"/care/adulthood-plans/{plan_id}/paths", {
        "kind": "housing", "department": "住建局", "target_on": "2026-10-01"})
    assert response.status_code == 201
    assert worker.post(f"/care/adulthood-plans/{plan_id}/approve",
                       {"version": 1}).status_code == 403
    assert api(care.director).post(f"/care/adulthood-plans/{plan_id}/approve",
                                   {"version": 1}).status_code == 200
    assert worker.post(f"/care/adulthood-plans/{plan_id}/paths", {
        "kind": "housing", "department": "x", "target_on": "2026-10-01"}).status_code == 422
    assert api(care.other_therapist).get(
        f"/care/adulthood-plans/{plan_id}").status_code == 404
    detail = worker.get(f"/care/adulthood-plans/{plan_id}").json()
    assert [p["kind"] for p in detail["paths"]] == ["housing"]
    listed = api(care.province).get("/care/adulthood?kind=housing").json()
    assert [c["paths"] for c in listed["items"]] == [["housing"]]
