"""Through the pages in headless Chromium: a village child director registers a left-behind
child and records a visit; the county officer finds the child in the registry."""

import datetime as dt

import pytest
from django.utils import timezone
from playwright.sync_api import expect

from cwis.children.models import Child
from cwis.children.tests.test_browser import sign_in
from cwis.conftest import COUNTY_A
from cwis.core.permissions import Role
from cwis.protection.tests.factories import VILLAGE, ensure_divisions

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_a_village_director_registers_and_visits_and_the_county_sees_it(live_server,
                                                                         make_user, page):
    ensure_divisions()
    make_user(Role.CHILD_DIRECTOR, division_code=VILLAGE, username="xu",
              display_name="徐主任")
    make_user(Role.COUNTY_OFFICER, division_code=COUNTY_A, username="liu",
              display_name="刘股长")
    today = timezone.localdate()

    # The village child director registers a left-behind boy.
    sign_in(page, live_server, "xu")
    page.click("#nav-community")
    page.click("#register-link")
    assert page.input_value("#id_division") == VILLAGE
    page.fill("#id_name", "李留留")
    page.select_option("#id_sex", "male")
    page.fill("#id_birth_date", (today - dt.timedelta(days=8 * 365)).isoformat())
    page.fill("#id_home_address", "莲塘村三组12号")
    page.check("#id_is_left_behind")
    page.click("#register-submit")
    # Refused: the situation and who looks after the child are missing, shown beside them.
    page.wait_for_selector("#error-left_behind_situation")
    assert page.locator("#error-guardian_relation").is_visible()
    page.select_option("#id_left_behind_situation", "both_away")
    page.select_option("#id_guardian_relation", "grandparent")
    page.fill("#id_guardian_name", "李奶奶")
    page.click("#register-submit")
    page.wait_for_selector("#child-name")
    assert page.locator("#child-name").inner_text() == "李留留"
    due = (today + dt.timedelta(days=90)).isoformat()
    assert due in page.locator("#visit-due").inner_text()

    # The director records a home visit; the next visit falls due 90 days later.
    page.click("#visit-link")
    page.fill("#id_situation", "与奶奶同住，按时上学")
    page.fill("#id_needs", "冬衣")
    page.click("#action-submit")
    page.wait_for_selector("#visits")
    assert "与奶奶同住" in page.locator("#visits").inner_text()

    # The visit deadline is on the director's to-do list.
    page.click("a.navbar-brand")
    page.wait_for_selector("#todo-list")  # count() does not wait for the page to load
    child = Child.objects.get(name="李留留")
    expect(page.locator(f"#todo-list a[href='/community/{child.pk}/']")).to_have_count(1)

    # The county officer finds the child in the registry of the county.
    sign_in(page, live_server, "liu")
    page.click("#nav-community")
    page.wait_for_selector("#community-table")
    page.fill("#q", "lll")
    page.click("#community-filters button[type=submit]")
    page.wait_for_selector("#community-table")
    expect(page.locator("#community-table tbody tr")).to_have_count(1)
    row = page.locator("#community-table tbody tr").inner_text()
    assert "李留留" in row
    assert "农村留守儿童" in row
    expect(page.locator("#register-link")).to_have_count(1)
    child.refresh_from_db()
    assert (child.status, child.division_code) == ("in_community", VILLAGE)
