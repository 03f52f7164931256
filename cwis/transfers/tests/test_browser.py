"""The demo's county institution 南昌县儿童福利院 is emptied into 南昌市儿童福利院 through the
pages, in headless Chromium: the county officer drafts the batch, approves and sends; the
receiving director receives; the transformation checklist then reads the handover done."""

import pytest
from django.core.management import call_command
from playwright.sync_api import expect

from cwis.demo_base import DEMO_PASSWORD
from cwis.institutions.models import Institution

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def _sign_in(page, live_server, username):
    page.context.clear_cookies()
    page.context.add_cookies([{"name": "cwis_language", "value": "en",
                               "url": live_server.url}])
    page.goto(f"{live_server.url}/login/")
    page.fill("#id_username", username)
    page.fill("#id_password", DEMO_PASSWORD)
    page.click("button[type=submit]")


def _each_row(page, url, button):
    """Open every listed transfer in turn and press `button` on it."""
    while True:
        page.goto(url)
        rows = page.locator(".transfer-row a")
        if rows.count() == 0:
            return
        rows.first.click()
        page.click(f"#{button}")
        page.wait_for_selector(".alert-success")


def test_the_demo_county_institution_is_emptied_into_its_receiver(live_server, page):
    call_command("demo", no_serve=True)
    county = Institution.objects.get(name="南昌县儿童福利院")
    page.on("dialog", lambda dialog: dialog.accept())  # "send / receive? cannot be undone"

    _sign_in(page, live_server, "demo-county-a")
    page.click("#nav-transfers")
    page.click("#batch-link")
    page.select_option("#id_institution", label="南昌县儿童福利院")
    page.fill("#id_planned_on", "2026-12-01")
    page.fill("#id_reason", "县级儿童福利机构转型")
    page.click("#batch-submit")
    page.wait_for_selector(".alert-success")
    expect(page.locator(".transfer-row")).to_have_count(2)

    # the plan fitted to one child, then approve and send both
    page.locator(".transfer-row a").first.click()
    page.fill("#id_plan_told", "院长提前讲解，带孩子看新家的照片")
    page.fill("#id_counselling_before", "2")
    page.click("#plan-submit")
    page.wait_for_selector(".alert-success")
    page.fill("#archive-form input[name=title]", "儿童档案")
    page.click("#archive-submit")
    page.wait_for_selector("#archives .archive-item")
    _each_row(page, f"{live_server.url}/transfers/?status=drafted", "approve-button")
    _each_row(page, f"{live_server.url}/transfers/?status=approved", "send-button")

    _sign_in(page, live_server, "demo-director")
    page.goto(f"{live_server.url}/transfers/arriving/")
    expect(page.locator(".transfer-row")).to_have_count(3)  # 南昌县's two and 进贤县's 国小慧
    _each_row(page, f"{live_server.url}/transfers/arriving/", "receive-button")

    _sign_in(page, live_server, "demo-province")
    page.goto(f"{live_server.url}/institutions/{county.pk}/transformation/")
    for key in ("children_transferred", "archives_handed_over", "property_handed_over"):
        assert "done" in page.locator(f"[data-key={key}]").get_attribute("class"), key
