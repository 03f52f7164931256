import datetime as dt
from decimal import Decimal

import pytest
from django.core.exceptions import ValidationError
from django.utils.html import escape

from cwis.conftest import PROVINCE
from cwis.core.errors import NotFoundError, PermissionDeniedError
from cwis.core.todo import todo_for
from cwis.oversight import services
from cwis.oversight.models import Evaluation, PlanStatus

pytestmark = pytest.mark.django_db


@pytest.fixture
def plan(province):
    return services.plan_create(actor=province, province_code=PROVINCE, title="江西省实施方案",
                                goals="到2025年完成转型", timetable="2021-2025",
                                roadmap="先移交后转型")


def test_a_plan_is_submitted_received_and_revised(plan, province, ministry):
    services.plan_task_add(actor=province, plan_id=plan.pk, title="完成县级机构儿童移交",
                           owner="儿童福利处", due_date=dt.date(2023, 12, 31))
    plan = services.plan_submit(actor=province, plan_id=plan.pk, version=plan.version)
    assert plan.status == PlanStatus.SUBMITTED
    plan = services.plan_receive(actor=ministry, plan_id=plan.pk)
    assert plan.status == PlanStatus.RECEIVED
    plan = services.plan_revise(actor=province, plan_id=plan.pk)
    assert (plan.status, plan.revision) == (PlanStatus.DRAFT, 2)
    assert plan.history.filter(status=PlanStatus.RECEIVED).exists()


def test_a_plan_without_tasks_cannot_be_submitted(plan, province):
    with pytest.raises(ValidationError) as info:
        services.plan_submit(actor=province, plan_id=plan.pk, version=plan.version)
    assert info.value.messages == [str(services.MSG_PLAN_NEEDS_TASKS)]


def test_a_submitted_plan_cannot_be_edited(plan, province):
    services.plan_task_add(actor=province, plan_id=plan.pk, title="任务", owner="处室",
                           due_date=dt.date(2023, 1, 1))
    plan = services.plan_submit(actor=province, plan_id=plan.pk, version=plan.version)
    with pytest.raises(ValidationError) as info:
        services.plan_update(actor=province, plan_id=plan.pk, version=plan.version, goals="改")
    assert info.value.messages == [str(services.MSG_PLAN_NOT_EDITABLE)]


def test_one_plan_per_province(plan, province):
    with pytest.raises(ValidationError) as info:
        services.plan_create(actor=province, province_code=PROVINCE, title="第二个")
    assert info.value.message_dict == {"province": [str(services.MSG_PLAN_EXISTS)]}


def test_another_province_cannot_see_the_plan(plan, other_province):
    other = other_province
    with pytest.raises(NotFoundError):
        services.plan_revise(actor=other, plan_id=plan.pk)


def test_the_ministry_records_an_evaluation_and_closes_its_correction(province, ministry):
    evaluation = services.evaluation_record(
        actor=ministry, province_code=PROVINCE, year=2023, score=Decimal("82.5"),
        outcome="corrections", corrections=[("加快县级机构转型", dt.date(2024, 6, 30))],
    )
    correction = evaluation.corrections.get()
    services.correction_report_progress(actor=province, correction_id=correction.pk,
                                        note="已完成两家")
    today = dt.date(2026, 11, 28)
    assert any(i.kind == "evaluation.correction" for i in todo_for(province, today=today))
    services.correction_close(actor=ministry, correction_id=correction.pk, note="整改到位")
    correction.refresh_from_db()
    assert not correction.is_open
    assert not any(i.kind == "evaluation.correction" for i in todo_for(province, today=today))
    with pytest.raises(ValidationError):
        services.correction_close(actor=ministry, correction_id=correction.pk, note="再次")


def test_an_evaluation_by_a_non_ministry_user_is_refused(province):
    with pytest.raises(PermissionDeniedError):
        services.evaluation_record(actor=province, province_code=PROVINCE, year=2023,
                                   score=Decimal(90), outcome="commended")
    assert Evaluation.objects.count() == 0


@pytest.mark.parametrize(
    ("kwargs", "field", "message"),
    [
        ({"score": Decimal(101)}, "score", services.MSG_SCORE_RANGE),
        ({"year": 2021}, "year", services.MSG_YEAR_RANGE),
        ({"outcome": "corrections"}, "corrections", services.MSG_CORRECTIONS_REQUIRED),
        ({"province_code": "369999"}, "province", services.MSG_PROVINCE_UNKNOWN),
    ],
)
def test_a_bad_evaluation_is_refused(ministry, kwargs, field, message):
    arguments = {"province_code": PROVINCE, "year": 2023, "score": Decimal(90),
                 "outcome": "commended", **kwargs}
    with pytest.raises(ValidationError) as info:
        services.evaluation_record(actor=ministry, **arguments)
    assert info.value.message_dict == {field: [str(message)]}
    assert Evaluation.objects.count() == 0


def test_unfiled_reports_are_overdue_on_the_province_to_do_list(province, ministry):
    items = todo_for(province, today=dt.date(2026, 11, 28))
    due = sorted(i.due for i in items if i.kind == "report.due")
    assert due == [dt.date(y, 12, 31) for y in (2022, 2023, 2024, 2025)]
    assert all(i.is_overdue(dt.date(2026, 11, 28)) for i in items if i.kind == "report.due")
    report = services.report_create(actor=province, province_code=PROVINCE, year=2024)
    report = services.report_update(actor=province, report_id=report.pk, version=report.version,
                                    summary="a", measures="b", problems="c", next_steps="d")
    services.report_submit(actor=province, report_id=report.pk, version=report.version)
    items = todo_for(province, today=dt.date(2026, 11, 28))
    assert dt.date(2024, 12, 31) not in [i.due for i in items if i.kind == "report.due"]
    review = [i for i in todo_for(ministry, today=dt.date(2026, 11, 28))
              if i.kind == "report.review"]
    assert len(review) == 1


def test_the_todo_api_lists_overdue_first(api, province):
    items = api(province).get("/todo").json()
    assert items
    assert items[0]["overdue"] is True
    assert {"kind", "title", "due", "url", "institution", "since"} <= set(items[0])


def test_a_task_is_marked_done_and_leaves_the_to_do_list(plan, province, other_province, api):
    task = services.plan_task_add(actor=province, plan_id=plan.pk, title="移交儿童",
                                  owner="处室", due_date=dt.date(2026, 12, 1))
    today = dt.date(2026, 11, 28)
    assert any(i.kind == "plan.task" for i in todo_for(province, today=today))
    response = api(province).post(f"/plans/tasks/{task.pk}/done", {"done_on": "2030-01-01"})
    assert response.status_code == 422  # in the future
    other = other_province
    assert api(other).post(f"/plans/tasks/{task.pk}/done",
                           {"done_on": "2026-11-01"}).status_code == 404
    assert api(province).post(f"/plans/tasks/{task.pk}/done",
                              {"done_on": "2026-11-01"}).status_code == 200
    assert not any(i.kind == "plan.task" for i in todo_for(province, today=today))


def test_an_attachment_is_uploaded_and_served_only_in_scope(plan, province, other_province,
                                                            ministry, web, settings, tmp_path):
    from django.core.files.uploadedfile import SimpleUploadedFile

    settings.MEDIA_ROOT = tmp_path
    client = web(province)
    response = client.post(f"/oversight/plans/{plan.pk}/", {"action": "attach"})
    assert response.status_code == 422  # no file: refused, the reason beside the field
    assert escape(str(services.MSG_ATTACHMENT_EMPTY)) in response.content.decode()
    assert plan.attachments.count() == 0
    upload = SimpleUploadedFile("路线图.pdf", b"%PDF-1.4 roadmap", "application/pdf")
    response = client.post(f"/oversight/plans/{plan.pk}/",
                           {"action": "attach", "name": "路线图", "file": upload})
    assert response.status_code == 302
    attachment = plan.attachments.get()
    download = client.get(f"/oversight/plans/attachments/{attachment.pk}/")
    assert b"".join(download.streaming_content) == b"%PDF-1.4 roadmap"
    assert download["Content-Disposition"].startswith("attachment")
    assert download["X-Content-Type-Options"] == "nosniff"
    assert "路线图" not in attachment.file.name  # stored under a name CWIS chose
    other = web(other_province)
    assert other.get(f"/oversight/plans/attachments/{attachment.pk}/").status_code == 404
    upload = SimpleUploadedFile("x.pdf", b"x", "application/pdf")
    assert web(ministry).post(f"/oversight/plans/{plan.pk}/",
                              {"action": "attach", "file": upload}).status_code == 403
