"""The issue's "done when", through the pages in headless Chromium: a caregiver registers a
found infant, sees the two deadlines on the to-do list, finds the child by pinyin initials
and edits the file; the director records leaving care."""

import datetime as dt

import pytest
from django.utils import timezone
from playwright.sync_api import expect

from cwis.children.models import Child
from cwis.conftest import PREFECTURE, TEST_PASSWORD
from cwis.core.models import AccessLog
from cwis.core.permissions import Role
from cwis.institutions.tests.factories import InstitutionFactory

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def sign_in(page, live_server, username: str) -> None:
    page.context.clear_cookies()
    page.goto(f"{live_server.url}/login/")
    page.fill("#id_username", username)
    page.fill("#id_password", TEST_PASSWORD)
    page.click("button[type=submit]")
    page.wait_for_selector("#welcome")


def test_a_found_infant_is_registered_found_edited_and_leaves_care(live_server, make_user,
                                                                    page):
    home = InstitutionFactory(name="南昌市儿童福利院", division_code=PREFECTURE,
                              level="prefecture")
    make_user(Role.CAREGIVER, institution=home, username="wu", display_name="吴阿姨")
    make_user(Role.DIRECTOR, institution=home, username="zhou", display_name="周院长")
    today = timezone.localdate()

    # The caregiver registers the infant through the form.
    sign_in(page, live_server, "wu")
    page.click("#nav-children")
    page.click("#register-link")
    page.fill("#id_intake_on", today.isoformat())
    page.select_option("#id_intake_category", "found_child")
    page.select_option("#id_legal_basis", "m2026_1_1")
    page.fill("#id_received_from", "南昌市公安局青山湖分局")
    page.fill("#id_name", "党思安")
    page.select_option("#id_sex", "female")
    page.fill("#id_birth_date", (today - dt.timedelta(days=12)).isoformat())
    page.check("#id_birth_date_estimated")
    page.fill("#id_found_on", (today - dt.timedelta(days=1)).isoformat())
    page.fill("#id_found_place", "南昌市青山湖区火车站")
    page.select_option("#id_guardian_kind", "long_term")
    page.select_option("#id_guardianship_situation", "mpl94_1")
    page.fill("#id_guardianship_since", today.isoformat())
    page.check("#id_is_orphan")
    page.check("#id_is_parents_not_found")
    page.click("#register-submit")
    page.wait_for_selector("#child-name")
    assert page.locator("#child-name").inner_text() == "党思安"
    child = Child.objects.get(name="党思安")
    assert page.locator("#missing-documents").is_visible()

    # The two deadlines are on the home page's to-do list.
    page.click("a.navbar-brand")
    page.wait_for_selector("#todo-list")  # count() does not wait for the page to load
    todo = page.locator("#todo-list")
    rows = todo.locator(f"a[href='/children/{child.pk}/']")
    expect(rows).to_have_count(3)  # search notice, identity and insurance, missing documents
    text = todo.inner_text()
    assert (today + dt.timedelta(days=30)).isoformat() in text
    assert (today + dt.timedelta(days=15)).isoformat() in text
    assert "寻亲公告期满" in text
    assert "核实身份和基本医保参保状态" in text

    # Found again by the pinyin initials of 党思安.
    page.click("#nav-children")
    page.fill("#q", "dsa")
    page.click("#child-filters button[type=submit]")
    page.wait_for_selector("#child-table")
    expect(page.locator("#child-table tbody tr")).to_have_count(1)
    page.click("#child-table >> text=党思安")
    page.wait_for_selector("#child-name")

    # The caregiver edits the file: identity checked, insurance enrolled.
    page.click("#edit-link")
    page.select_option("#id_identity_status", "unidentifiable")
    page.select_option("#id_insurance_status", "enrolled")
    page.fill("#id_insurance_checked_on", today.isoformat())
    page.fill("#id_health_summary", "足月女婴，体重 3.0 kg")
    page.click("#edit-submit")
    page.wait_for_selector("#child-name")
    page.click("#tab-health")
    assert "已参保" in page.locator("#insurance").inner_text()
    expect(page.locator("#leave-link")).to_have_count(0)  # a caregiver does not record leaving

    # The director records leaving care: the parents were found.
    sign_in(page, live_server, "zhou")
    page.goto(f"{live_server.url}/children/{child.pk}/")
    page.click("#leave-link")
    page.fill("#id_on", today.isoformat())
    page.select_option("#id_reason", "family")
    page.fill("#id_destination", "生父母 王某、李某")
    page.fill("#id_note", "经DNA比对确认亲子关系")
    page.click("#action-submit")
    page.wait_for_selector("#left-care")
    assert page.locator("#child-status").inner_text() == "已离院"

    child.refresh_from_db()
    assert child.status == "left_care"
    assert child.insurance_status == "enrolled"
    assert AccessLog.objects.filter(object_type="child", object_id=str(child.pk)).count() >= 4
