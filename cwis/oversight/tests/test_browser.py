"""A province files its 2024 report through the pages and the ministry accepts it; both see
their dashboards and drill down to a record."""

import pytest
from django.core.management import call_command

from cwis.oversight.models import ReportStatus, YearlyReport

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def sign_in(page, base: str, username: str) -> None:
    page.goto(f"{base}/login/")
    page.fill("#id_username", username)
    page.fill("#id_password", "cwis-demo")
    page.click("button[type=submit]")
    page.wait_for_selector("#welcome")


def test_province_files_the_2024_report_and_the_ministry_accepts_it(live_server, page):
    call_command("demo", no_serve=True)
    base = live_server.url

    sign_in(page, base, "demo-province")
    page.goto(f"{base}/oversight/dashboard/")
    assert "江西省" in page.locator("#dashboard-title").inner_text()
    page.click("#drilldown >> text=南昌市")
    page.wait_for_selector("text=南昌市")
    page.locator("#panel-institutions .figure-link").first.click()
    page.wait_for_selector("#institution-table, table")
    assert "/institutions/" in page.url

    page.goto(f"{base}/oversight/reports/")
    page.select_option("select[name=year]", "2024")
    page.click("button:has-text(\"新建报告\")")
    page.wait_for_selector("#figures")
    page.fill("textarea[name=summary]", "全省推进顺利")
    page.fill("textarea[name=measures]", "完成南昌县儿童移交")
    page.fill("textarea[name=problems]", "专业人员不足")
    page.fill("textarea[name=next_steps]", "2025年全面完成转型")
    page.click("button[value=submit]")
    page.wait_for_selector("#report-status")
    assert page.locator("#report-status").inner_text() == "已报送民政部"

    page.context.clear_cookies()
    sign_in(page, base, "demo-ministry")
    page.goto(f"{base}/oversight/dashboard/")
    assert "全国" in page.locator("#dashboard-title").inner_text()
    page.goto(f"{base}/oversight/todo/")
    page.click("text=审核江西省 2024年度工作进展报告")
    page.click("button[value=accept]")
    page.wait_for_selector("#report-status")
    assert page.locator("#report-status").inner_text() == "已通过"
    report = YearlyReport.objects.get(year=2024)
    assert report.status == ReportStatus.ACCEPTED
