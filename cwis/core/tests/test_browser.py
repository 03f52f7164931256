"""Sign in through the real login page in headless Chromium, switch language, see home."""

import pytest

from cwis.conftest import COUNTY_A
from cwis.core.permissions import Role

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_a_county_officer_signs_in_switches_to_english_and_sees_home(
    live_server, make_user, page
):
    make_user(
        Role.COUNTY_OFFICER, division_code=COUNTY_A, username="liu", display_name="刘股长"
    )
    page.goto(f"{live_server.url}/")
    assert page.locator("h1").inner_text() == "登录"

    page.fill("#id_username", "liu")
    page.fill("#id_password", "wrong-password")
    page.click("button[type=submit]")
    assert "正确的用户名和密码" in page.locator("#login-error").inner_text()

    page.fill("#id_username", "liu")
    page.fill("#id_password", "pw-for-tests-123")
    page.click("button[type=submit]")
    page.wait_for_selector("#welcome")
    assert "刘股长" in page.locator("#welcome").inner_text()
    assert page.locator("#user-role").inner_text() == "县级民政部门工作人员"
    assert page.locator("#user-division").inner_text() == "南昌县 (360121)"
    assert page.locator("#todo-empty").is_visible()

    page.select_option("#language-form select", "en")
    page.wait_for_selector("text=Welcome, 刘股长")
    assert page.locator("#user-role").inner_text() == "County civil affairs officer"
    page.reload()  # the choice sticks
    assert page.locator("#todo-empty").inner_text().startswith("Nothing to do")
