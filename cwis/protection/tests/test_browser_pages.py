"""Issue 13 in headless Chromium, on the community registry: a county officer picks the
village by name (cascading picker), gets every refusal in one round, keeps the picked place
on the refused form, types an ID number with the X key, and sees the place by name."""

import datetime as dt

import pytest
from django.utils import timezone
from playwright.sync_api import expect

from cwis.children.models import Child
from cwis.children.tests.test_browser import sign_in
from cwis.conftest import COUNTY_A
from cwis.core.permissions import Role
from cwis.protection.tests.factories import TOWNSHIP, VILLAGE, ensure_divisions

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_a_county_officer_registers_a_child_picking_the_village_by_name(live_server,
                                                                         make_user, page):
    ensure_divisions()
    make_user(Role.COUNTY_OFFICER, division_code=COUNTY_A, username="liu")
    sign_in(page, live_server, "liu")
    page.goto(f"{live_server.url}/community/new/")

    # the picker: the county's townships by name, then the township's villages
    page.wait_for_selector(".place-picker select[data-level=township]")
    assert not page.locator("select[name=division]").is_visible()  # the fallback, hidden
    page.select_option(".place-picker select[data-level=township]", label="莲塘镇")
    page.wait_for_selector(".place-picker select[data-level=village]")
    page.select_option(".place-picker select[data-level=village]", label="莲塘村委会")
    assert page.input_value("select[name=division]") == VILLAGE

    # a refused form: every refusal at once, the place still picked
    page.fill("#id_birth_date", (timezone.localdate() + dt.timedelta(days=3)).isoformat())
    page.check("#id_is_left_behind")
    page.click("#register-submit")
    page.wait_for_selector("#form-refusals")
    for field in ("name", "birth_date", "left_behind_situation", "guardian_relation"):
        assert page.locator(f"#error-{field}").is_visible(), field
    expect(page.locator("#error-registered_on")).to_have_count(0)  # no knock-on error
    page.wait_for_selector(".place-picker select[data-level=village]")
    assert page.input_value(".place-picker select[data-level=village]") == VILLAGE

    # the ID number's last character from the X key a number pad lacks
    page.fill("#id_citizen_id", "36012120180510123")
    page.click(".id-number-x")
    assert page.input_value("#id_citizen_id") == "36012120180510123X"
    page.fill("#id_citizen_id", "")

    page.fill("#id_name", "李留留")
    page.select_option("#id_sex", "male")
    page.fill("#id_birth_date", (timezone.localdate() - dt.timedelta(days=8 * 365)).isoformat())
    page.select_option("#id_left_behind_situation", "both_away")
    page.select_option("#id_guardian_relation", "grandparent")
    page.click("#register-submit")
    page.wait_for_selector("#child-name")
    assert "莲塘村委会" in page.locator("#child-place").inner_text()
    assert Child.objects.get(name="李留留").division_code == VILLAGE

    # the list: the place by name, the area filter a picker too
    page.goto(f"{live_server.url}/community/")
    assert "莲塘村委会" in page.locator("#community-table tbody tr").inner_text()
    page.wait_for_selector(".place-picker select[data-level=township]")
    page.select_option(".place-picker select[data-level=township]", label="莲塘镇")
    page.click("#community-filters button[type=submit]")
    page.wait_for_selector("#community-table")
    assert f"division={TOWNSHIP}" in page.url  # the filter is in the address: bookmarkable
    expect(page.locator("#community-table tbody tr")).to_have_count(1)
