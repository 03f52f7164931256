import pytest
from django.utils.html import escape

from cwis.conftest import OTHER_PROVINCE, PROVINCE
from cwis.core.errors import MSG_STALE_VERSION
from cwis.core.permissions import Role
from cwis.oversight import services
from cwis.oversight.models import ReportStatus, YearlyReport

pytestmark = pytest.mark.django_db


@pytest.fixture
def province(make_user):
    return make_user(Role.PROVINCE_OFFICER, division_code=PROVINCE)


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


def test_other_provinces_get_404(province, web, make_user):
    report = services.report_create(actor=province, province_code=PROVINCE, year=2024)
    other = web(make_user(Role.PROVINCE_OFFICER, division_code=OTHER_PROVINCE))
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
