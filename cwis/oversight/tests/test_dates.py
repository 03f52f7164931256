"""Every date oversight takes (plan tasks due and done, corrections due) must be plausible:
0001-01-01 or 9999-12-31 answers 422 with the field's message, never 500, and nothing is
stored."""

import datetime as dt

import pytest
from django.utils.html import escape

from cwis.conftest import PROVINCE
from cwis.core.validators import MSG_DATE_FUTURE, MSG_DATE_TOO_EARLY, MSG_DATE_TOO_LATE
from cwis.oversight import services
from cwis.oversight.models import Correction, Evaluation, PlanTask

pytestmark = pytest.mark.django_db

IMPLAUSIBLE = {"0001-01-01": MSG_DATE_TOO_EARLY, "9999-12-31": MSG_DATE_TOO_LATE}


def messages(response, field: str) -> list[str]:
    return [e["msg"] for e in response.json()["detail"] if e["loc"] == ["body", field]]


@pytest.fixture
def plan(province):
    return services.plan_create(actor=province, province_code=PROVINCE, title="江西省实施方案")


@pytest.mark.parametrize("day", IMPLAUSIBLE)
def test_a_plan_task_due_on_an_implausible_date_is_refused(plan, province, api, day):
    response = api(province).post(f"/plans/{plan.pk}/tasks",
                                  {"title": "移交儿童", "owner": "处室", "due_date": day})
    assert response.status_code == 422, response.content
    assert messages(response, "due_date") == [str(IMPLAUSIBLE[day])]
    assert not PlanTask.objects.exists()


@pytest.mark.parametrize(("day", "message"), [("0001-01-01", MSG_DATE_TOO_EARLY),
                                              ("9999-12-31", MSG_DATE_FUTURE)])
def test_a_plan_task_done_on_an_implausible_date_is_refused(plan, province, api, day, message):
    task = services.plan_task_add(actor=province, plan_id=plan.pk, title="移交儿童",
                                  owner="处室", due_date=dt.date(2026, 12, 1))
    response = api(province).post(f"/plans/tasks/{task.pk}/done", {"done_on": day})
    assert response.status_code == 422, response.content
    assert messages(response, "done_on") == [str(message)]
    task.refresh_from_db()
    assert task.done_on is None


@pytest.mark.parametrize("day", IMPLAUSIBLE)
def test_a_correction_due_on_an_implausible_date_is_refused(ministry, api, day):
    response = api(ministry).post("/evaluations", {
        "province": PROVINCE, "year": 2024, "score": "78.5", "outcome": "corrections",
        "corrections": [{"description": "加快转型进度", "due_date": day}]})
    assert response.status_code == 422, response.content
    assert messages(response, "corrections") == [str(IMPLAUSIBLE[day])]
    assert not Evaluation.objects.exists()
    assert not Correction.objects.exists()


def test_the_evaluation_page_refuses_a_correction_due_in_year_one(ministry, web):
    response = web(ministry).post("/oversight/evaluations/", {
        "province": PROVINCE, "year": "2024", "score": "78.5", "outcome": "corrections",
        "comment": "", "corrections": "0001-01-01 加快转型进度"})
    assert response.status_code == 422
    assert 'id="error-corrections"' in response.content.decode()
    assert escape(str(MSG_DATE_TOO_EARLY)) in response.content.decode()
    assert not Evaluation.objects.exists()
