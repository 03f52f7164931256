"""In headless Chromium: a village child director on a phone opens the children to visit this
week from the home page; a province officer reads the dashboard's registry panel, drills
down to a county and switches the trends to months."""

import datetime as dt

import pytest
from django.utils import timezone

from cwis.children.choices import DeadlineKind
from cwis.children.tests.factories import ChildDeadlineFactory, CommunityChildFactory
from cwis.children.tests.test_browser import sign_in
from cwis.conftest import PROVINCE
from cwis.core.permissions import Role
from cwis.protection.tests.factories import VILLAGE, ensure_divisions

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


@pytest.fixture
def registry():
    ensure_divisions()
    today = timezone.localdate()
    due = CommunityChildFactory(division_code=VILLAGE, name="李本周")
    CommunityChildFactory(division_code=VILLAGE, name="王下月")
    ChildDeadlineFactory(child=due, kind=DeadlineKind.COMMUNITY_VISIT,
                         due_on=today - dt.timedelta(days=1),
                         started_on=today - dt.timedelta(days=91))


def test_a_village_director_opens_the_children_to_visit_from_home(live_server, make_user,
                                                                  page, registry):
    make_user(Role.CHILD_DIRECTOR, division_code=VILLAGE, username="xu")
    page.set_viewport_size({"width": 375, "height": 800})
    sign_in(page, live_server, "xu")
    assert page.evaluate("document.documentElement.scrollWidth") <= 375 + 1
    figure = page.locator("#figure-visit_week")
    assert figure.get_attribute("data-value") == "1"
    assert page.locator("#figure-registry").get_attribute("data-value") == "2"
    figure.click()
    page.wait_for_url("**/community/?due_week=1")
    listed = page.locator("main").inner_text()
    assert "李本周" in listed
    assert "王下月" not in listed
    assert page.locator("#due_week").is_checked()  # the filter shows, kept in the URL
    width = page.evaluate("document.documentElement.scrollWidth")
    assert width <= 375 + 1


def test_a_province_officer_drills_down_the_registry_and_reads_trends(live_server, make_user,
                                                                     page, registry):
    make_user(Role.PROVINCE_OFFICER, division_code=PROVINCE, username="zhao")
    sign_in(page, live_server, "zhao")
    page.goto(f"{live_server.url}/oversight/dashboard/")
    panel = page.locator("#panel-community")
    assert "2" in panel.inner_text()
    page.locator("#community-areas a", has_text="南昌市").first.click()
    page.wait_for_url("**division=360100")
    page.locator("#community-areas a", has_text="南昌县").first.click()
    page.wait_for_url("**division=360121")
    assert page.locator("#community-areas").inner_text().count("莲塘镇") == 1
    page.click("#trend-month")
    page.wait_for_url("**trend=month")
    assert "division=360121" in page.url
    assert page.locator("#trend-registry td").count() == 13  # 12 months and the sparkline
    assert page.locator("#trend-registry polyline").count() == 1
