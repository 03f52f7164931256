"""A province officer walks from the province page to a county institution's checklist, in
headless Chromium."""

import pytest
from playwright.sync_api import expect

from cwis.children.tests.factories import ChildFactory
from cwis.conftest import COUNTY_A, COUNTY_B, PREFECTURE, PROVINCE, TEST_PASSWORD
from cwis.core.permissions import Role
from cwis.institutions.models import CountyReceiver, IntegrationFactKind
from cwis.institutions.tests.factories import (
    InstitutionFactory,
    ReceiverFactory,
    StaffFactory,
    TransformationFactory,
)

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_a_province_officer_goes_from_the_province_page_to_a_transformation_checklist(
    live_server, make_user, page
):
    make_user(Role.PROVINCE_OFFICER, division_code=PROVINCE, username="li")
    prefecture = InstitutionFactory(name="南昌市儿童福利院", level="prefecture",
                                    division_code=PREFECTURE)
    InstitutionFactory(name="江西省儿童福利院", level="province", division_code=PROVINCE)
    county = InstitutionFactory(name="南昌县儿童福利院", division_code=COUNTY_A,
                                kind="in_transformation")
    plan = TransformationFactory(institution=county, state="handing_over")
    plan.facts.create(kind=IntegrationFactKind.PREMISES, effective_on="2024-11-01",
                      description="原福利院综合楼")
    StaffFactory(institution=county)
    ChildFactory(current_institution=county)  # one child still to hand over
    ReceiverFactory(county_code=COUNTY_A, receiver=prefecture)

    page.context.add_cookies([{"name": "cwis_language", "value": "en",
                               "url": live_server.url}])
    page.goto(f"{live_server.url}/login/")
    page.fill("#id_username", "li")
    page.fill("#id_password", TEST_PASSWORD)
    page.click("button[type=submit]")
    page.click("nav >> text=Province layout")

    page.wait_for_selector("#layout-chart[data-ready='1'] canvas")
    assert "江西省" in page.locator("#province-title").inner_text()
    assert page.locator("#child-welfare-count").inner_text() == "2"  # province, prefecture

    # Set where 进贤县's children go, in place (HTMX redraws the row).
    row_b = page.locator(f"#county-{COUNTY_B}")
    row_b.locator("select[name=receiver_id]").select_option(label="南昌市儿童福利院")
    row_b.locator("button[type=submit]").click()
    page.wait_for_selector(f"#county-{COUNTY_B} >> text=Saved.")
    assert CountyReceiver.objects.get(division_code=COUNTY_B).receiver == prefecture

    row_a = page.locator(f"#county-{COUNTY_A}")
    assert "Handing over" in row_a.inner_text()
    row_a.locator("a.county-institution", has_text="南昌县儿童福利院").click()

    page.wait_for_selector("#checklist")
    assert page.locator("#transformation-state").inner_text() == "Handing over"
    assert page.locator("#receiver").inner_text() == "南昌市儿童福利院"
    items = page.locator("#checklist .checklist-item")
    expect(items).to_have_count(6)
    premises = page.locator("[data-key=premises_integrated]")
    assert "done" in premises.get_attribute("class")
    assert "原福利院综合楼" in premises.inner_text()
    staff = page.locator("[data-key=staff_integrated]")
    assert "open" in staff.get_attribute("class")
    assert "1 staff member has no decided outcome." in staff.inner_text()
    assert "1 child is still in its care." in page.locator(
        "[data-key=children_transferred]").inner_text()
    assert "0 of 0 files received" in page.locator(
        "[data-key=archives_handed_over]").inner_text()
    assert page.locator("#open-count").inner_text() == "5 open"

    page.click("#complete-button")
    page.wait_for_selector("#transition-errors")
    assert "cannot be completed" in page.locator("#transition-errors").inner_text()
