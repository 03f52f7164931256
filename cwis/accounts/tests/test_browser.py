"""Signing in with a second factor, and a lockout, in headless Chromium."""

import pytest

from cwis.accounts.tests.helpers import enrol, totp_code
from cwis.conftest import COUNTY_A, TEST_PASSWORD
from cwis.core.permissions import Role

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def sign_in(page, url, username, password):
    page.goto(f"{url}/login/")
    page.fill("#id_username", username)
    page.fill("#id_password", password)
    page.click("button[type=submit]")


def test_an_enrolled_officer_signs_in_with_password_then_code(live_server, make_user, page):
    user = make_user(Role.COUNTY_OFFICER, division_code=COUNTY_A, username="liu",
                     display_name="刘股长")
    device = enrol(user)
    sign_in(page, live_server.url, "liu", TEST_PASSWORD)
    page.wait_for_selector("#id_code")
    assert page.locator("h1").inner_text() == "两步验证登录"
    page.fill("#id_code", totp_code(device))
    page.click("#code-submit")
    page.wait_for_selector("#welcome")
    assert "刘股长" in page.locator("#welcome").inner_text()


def test_the_sign_in_page_says_the_account_is_locked(live_server, make_user, page, settings):
    settings.CWIS_LOCKOUT_ACCOUNT_LIMIT = settings.AXES_FAILURE_LIMIT = 2
    make_user(Role.COUNTY_OFFICER, division_code=COUNTY_A, username="liu")
    sign_in(page, live_server.url, "liu", "wrong")
    sign_in(page, live_server.url, "liu", "wrong")
    sign_in(page, live_server.url, "liu", TEST_PASSWORD)
    assert "登录失败次数过多" in page.locator("#login-error").inner_text()
