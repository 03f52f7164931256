import datetime as dt

import pytest
from django.utils import translation
from django.utils.html import escape

from cwis.conftest import PROVINCE
from cwis.core.errors import MSG_STALE_VERSION
from cwis.oversight import services
from cwis.oversight.forms import MSG_CORRECTION_LINE
from cwis.oversight.models import Evaluation, PlanStatus, ReportStatus, YearlyReport
from cwis.oversight.tests.factories import CorrectionFactory, ImplementationPlanFactory

pytestmark = pytest.mark.django_db


def test_a_province_opens_fills_and_submits_a_report_through_the_pages(province, web):
    client = web(province)
    response = client.post("/oversight/reports/", {"year": "2024"})
    report = YearlyReport.objects.get()
    assert response["Location"] == f"/oversight/reports/{report.pk}/"
    page = client.get(response["Location"]).content.decode()
    assert 'data-key="institutions_child_welfare"' in page

    response = client.post(f"/oversight/reports/{report.pk}/", {
        "action": "submit", "version": report.version, "summary": "进展", "measures": "",
        "problems": "", "next_steps": ""})
    assert response.status_code == 422  # refused: incomplete, shown on the page
    assert "不完整" in response.content.decode() or "incomplete" in response.content.decode()
    report.refresh_from_db()
    assert report.status == ReportStatus.DRAFT
    assert report.summary == ""  # nothing half-written

    response = client.post(f"/oversight/reports/{report.pk}/", {
        "action": "submit", "version": report.version, "summary": "进展", "measures": "措施",
        "problems": "问题", "next_steps": "计划"})
    assert response.status_code == 302
    report.refresh_from_db()
    assert report.status == ReportStatus.SUBMITTED


def test_a_stale_edit_is_refused_with_a_message(province, web):
    report = services.report_create(actor=province, province_code=PROVINCE, year=2024)
    client = web(province)
    form = {"action": "save", "version": report.version, "summary": "A", "measures": "",
            "problems": "", "next_steps": ""}
    assert client.post(f"/oversight/reports/{report.pk}/", form).status_code == 302
    response = client.post(f"/oversight/reports/{report.pk}/", {**form, "summary": "B"})
    assert response.status_code == 422
    page = response.content.decode()
    assert 'id="form-errors"' in page
    assert escape(str(MSG_STALE_VERSION)) in page
    report.refresh_from_db()
    assert report.summary == "A"


def test_other_provinces_get_404(province, other_province, web):
    report = services.report_create(actor=province, province_code=PROVINCE, year=2024)
    other = web(other_province)
    assert other.get(f"/oversight/reports/{report.pk}/").status_code == 404
    assert other.get(f"/oversight/reports/{report.pk}/export.docx").status_code == 404


def test_the_downloads_are_word_and_excel(province, web):
    report = services.report_create(actor=province, province_code=PROVINCE, year=2024)
    client = web(province)
    docx = client.get(f"/oversight/reports/{report.pk}/export.docx")
    assert docx.content[:2] == b"PK"
    assert "wordprocessingml" in docx["Content-Type"]
    xlsx = client.get(f"/oversight/reports/{report.pk}/export.xlsx")
    assert xlsx.content[:2] == b"PK"
    assert "spreadsheetml" in xlsx["Content-Type"]
    assert client.get(f"/oversight/reports/{report.pk}/export.pdf").status_code == 404


def test_a_county_officer_cannot_open_a_report(scope_users, web):
    response = web(scope_users.in_scope).post("/oversight/reports/", {"year": "2024"})
    assert response.status_code == 403
    assert YearlyReport.objects.count() == 0


def test_the_todo_page_lists_the_overdue_reports(province, web):
    page = web(province).get("/oversight/todo/").content.decode()
    assert page.count("/oversight/reports/?year=") == 4


def test_a_plan_is_submitted_through_its_page_once_it_has_a_task(province, web):
    plan = ImplementationPlanFactory()
    client = web(province)
    url = f"/oversight/plans/{plan.pk}/"
    response = client.post(url, {"action": "submit", "version": plan.version})
    assert response.status_code == 422  # refused, the reason at the top of the page
    assert escape(str(services.MSG_PLAN_NEEDS_TASKS)) in response.content.decode()
    response = client.post(url, {"action": "task", "title": "完成县级机构儿童移交",
                                 "owner": "儿童福利处", "due_date": "2023-12-31"})
    assert response.status_code == 302
    assert client.post(url, {"action": "submit", "version": plan.version}).status_code == 302
    plan.refresh_from_db()
    assert plan.status == PlanStatus.SUBMITTED
    with translation.override("zh-hans"):
        history = client.get(url).content.decode().split('id="history"')[1]
        assert escape(province.display_name) in history
        assert escape(str(PlanStatus.SUBMITTED.label)) in history  # the status change


def test_a_correction_needs_a_note_on_the_evaluation_page(province, web):
    correction = CorrectionFactory()
    client = web(province)
    url = f"/oversight/corrections/{correction.pk}/progress/"
    response = client.post(url, {"note": " "})
    assert response.status_code == 422
    assert 'id="error-note"' in response.content.decode()
    assert escape(str(services.MSG_NOTE_REQUIRED)) in response.content.decode()
    response = client.post(url, {"note": "已制定整改方案"})
    assert response["Location"] == f"/oversight/evaluations/{correction.evaluation_id}/"
    correction.refresh_from_db()
    assert correction.progress_note == "已制定整改方案"
    assert correction.history.latest().history_user == province


def test_another_province_cannot_act_on_a_correction(other_province, web):
    correction = CorrectionFactory()
    response = web(other_province).post(f"/oversight/corrections/{correction.pk}/close/",
                                        {"note": "x"})
    assert response.status_code == 404
    correction.refresh_from_db()
    assert correction.is_open


def test_an_evaluation_with_a_correction_line_without_a_date_is_refused(ministry, web):
    client = web(ministry)
    form = {"province": PROVINCE, "year": "2024", "score": "78.5", "outcome": "corrections",
            "comment": "", "corrections": "加快转型进度"}
    response = client.post("/oversight/evaluations/", form)
    assert response.status_code == 422
    assert 'id="error-corrections"' in response.content.decode()
    assert escape(str(MSG_CORRECTION_LINE)) in response.content.decode()
    response = client.post("/oversight/evaluations/",
                           {**form, "corrections": "2025-06-30 加快转型进度"})
    assert response.status_code == 302
    evaluation = Evaluation.objects.get()
    assert [(c.description, c.due_date) for c in evaluation.corrections.all()] == [
        ("加快转型进度", dt.date(2025, 6, 30))]


def test_the_task_form_reads_a_year_first_date_and_shows_it_back_as_iso(province, web):
    plan = ImplementationPlanFactory()
    client = web(province)
    url = f"/oversight/plans/{plan.pk}/"
    response = client.post(url, {"action": "task", "title": "", "owner": "儿童福利处",
                                 "due_date": "2023/12/31"})
    assert response.status_code == 422
    page = response.content.decode()
    assert 'name="due_date" value="2023-12-31"' in page
    assert 'id="form-refusals"' in page  # the top of the form names the field
    response = client.post(url, {"action": "task", "title": "移交", "owner": "儿童福利处",
                                 "due_date": "2023/12/31"})
    assert response.status_code == 302
    assert plan.tasks.get().due_date == dt.date(2023, 12, 31)


def test_a_correction_line_may_write_its_date_with_slashes(ministry, web):
    response = web(ministry).post("/oversight/evaluations/", {
        "province": PROVINCE, "year": "2024", "score": "78.5", "outcome": "corrections",
        "comment": "", "corrections": "2025/06/30 加快转型进度"})
    assert response.status_code == 302
    assert Evaluation.objects.get().corrections.get().due_date == dt.date(2025, 6, 30)


def test_a_new_report_proposes_the_first_year_without_one(province, other_province, web):
    from cwis.oversight.tests.factories import YearlyReportFactory

    YearlyReportFactory(year=2022)
    YearlyReportFactory(year=2023)
    page = web(province).get("/oversight/reports/").content.decode()
    assert '<option value="2024" selected>' in page
    # another province's reports do not count
    page = web(other_province).get("/oversight/reports/").content.decode()
    assert '<option value="2022" selected>' in page
    YearlyReportFactory(year=2024)
    YearlyReportFactory(year=2025)
    page = web(province).get("/oversight/reports/").content.decode()
    assert 'id="reports-complete"' in page


def _said(response) -> list[str]:
    """The messages the page shown after the redirect says."""
    assert response.redirect_chain, "the action did not end with a redirect"
    return [str(m) for m in response.context["messages"]]


def test_every_report_action_ends_with_a_message(province, ministry, web):
    from cwis.oversight.views import DONE

    client = web(province)
    response = client.post("/oversight/reports/", {"year": "2024"}, follow=True)
    report = YearlyReport.objects.get()
    assert any("2024" in m for m in _said(response))
    texts = {"summary": "进展", "measures": "措施", "problems": "问题", "next_steps": "计划"}
    for action in ("save", "refresh", "submit"):
        report.refresh_from_db()
        response = client.post(f"/oversight/reports/{report.pk}/", {
            "action": action, "version": report.version, **texts}, follow=True)
        assert _said(response) == [str(DONE["report"][action])]
    response = web(ministry).post(f"/oversight/reports/{report.pk}/",
                                  {"action": "accept", "comment": "好"}, follow=True)
    assert _said(response) == [str(DONE["report"]["accept"])]


def test_plan_and_evaluation_actions_end_with_a_message(province, ministry, web):
    from cwis.oversight.views import DONE

    plan = ImplementationPlanFactory()
    response = web(province).post(f"/oversight/plans/{plan.pk}/", {
        "action": "task", "title": "移交", "owner": "儿童福利处", "due_date": "2023-12-31"},
        follow=True)
    assert _said(response) == [str(DONE["plan"]["task"])]
    response = web(ministry).post("/oversight/evaluations/", {
        "province": PROVINCE, "year": "2024", "score": "78.5", "outcome": "corrections",
        "comment": "", "corrections": "2025-06-30 加快转型进度"}, follow=True)
    assert len(_said(response)) == 1
