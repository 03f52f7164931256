"""The pages around the cases in headless Chromium, in Chinese: a protection worker registers
a child found alone (the township picked by name) and lands on the case form, records a
policy talk, a workstation and a guidance visit; every page at 1366 and 375 px without
horizontal scrolling, English leftovers or blocking axe-core violations. Screenshots are left
in $CWIS_SHOTS (default /tmp/shots-around) to look at."""

import datetime as dt
import os
import tempfile
from pathlib import Path

import pytest
from playwright.sync_api import expect

from cwis.children.models import Child
from cwis.children.tests.test_browser import sign_in
from cwis.conftest import COUNTY_A, PREFECTURE
from cwis.core.permissions import Role
from cwis.core.tests.a11y import axe_violations, overflow, untranslated
from cwis.protection.models import GuidanceVisit, PolicyTalk, Workstation
from cwis.protection.services import county_work as services
from cwis.protection.tests.factories import TOWNSHIP, ensure_divisions, guidance, talk

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

SHOTS = Path(os.environ.get("CWIS_SHOTS", Path(tempfile.gettempdir()) / "shots-around"))


@pytest.fixture
def zh(browser):
    """`zh(width)`: a page in a Chinese browser of that width; closed after the test."""
    contexts = []

    def open_page(width: int):
        context = browser.new_context(locale="zh-CN", viewport={"width": width, "height": 900},
                                      is_mobile=width < 768, has_touch=width < 768)
        contexts.append(context)
        page = context.new_page()
        page.set_default_timeout(15_000)
        return page

    yield open_page
    for context in contexts:
        context.close()


def check(page, name: str) -> None:
    SHOTS.mkdir(parents=True, exist_ok=True)
    page.screenshot(path=str(SHOTS / f"{name}.png"), full_page=True)
    assert overflow(page) == 0, name
    assert untranslated(page) == [], name
    assert axe_violations(page) == [], name


def test_a_protection_worker_works_around_the_cases(live_server, make_user, zh):
    ensure_divisions()
    make_user(Role.PROTECTION_WORKER, division_code=COUNTY_A, username="zhou",
              display_name="周社工")
    page = zh(1366)
    sign_in(page, live_server, "zhou")

    # a child found alone: registered with a temporary name, then the case form
    page.goto(f"{live_server.url}/protection/cases/")
    page.click("#case-register-child")
    page.wait_for_selector(".place-picker select[data-level=township]")
    page.select_option(".place-picker select[data-level=township]", label="莲塘镇")
    page.fill("#id_name", "莲塘镇待查女童")
    page.select_option("#id_sex", "female")
    page.fill("#id_birth_date", "2020-07-01")
    page.check("#id_birth_date_estimated")
    page.fill("#id_found_place", "莲塘镇汽车站")
    check(page, "direct-register-1366")
    page.click("#register-submit")
    page.wait_for_selector("#case-form")
    child = Child.objects.get(name="莲塘镇待查女童")
    assert page.url.endswith(f"/protection/cases/open/{child.pk}/")
    assert child.division_code == TOWNSHIP

    # a policy talk
    page.goto(f"{live_server.url}/protection/talks/new/")
    page.fill("#id_held_on", (dt.date.today() - dt.timedelta(days=3)).isoformat())
    page.fill("#id_place", "莲塘小学礼堂")
    page.select_option("#id_audience_kind", "parents")
    page.fill("#id_audience_count", "120")
    page.fill("#id_topic", "未成年人保护法与家庭监护责任")
    page.fill("#id_speakers", "周社工")
    page.click("#work-submit")
    page.wait_for_selector("#talk")
    assert PolicyTalk.objects.count() == 1

    # a workstation, picked by name, and a guidance visit
    page.goto(f"{live_server.url}/protection/workstations/new/")
    page.wait_for_selector(".place-picker select[data-level=township]")
    page.select_option(".place-picker select[data-level=township]", label="莲塘镇")
    page.fill("#id_name", "莲塘镇未成年人保护工作站")
    page.select_option("#id_status", "active")
    page.fill("#id_set_up_on", "2025-03-01")
    page.fill("#id_staff_names", "黄督导、刘干事")
    page.fill("#id_staff_count", "2")
    check(page, "workstation-form-1366")
    page.click("#work-submit")
    page.wait_for_selector("#workstation")
    page.click("#guidance-new")
    page.fill("#id_visitors", "周社工")
    page.fill("#id_findings", "台账齐全")
    page.click("#work-submit")
    page.wait_for_selector("#guidance-visits")
    expect(page.locator("#guidance-visits tbody tr")).to_have_count(1)
    assert GuidanceVisit.objects.count() == 1
    assert Workstation.objects.count() == 1

    talk_id, station_id = PolicyTalk.objects.get().pk, Workstation.objects.get().pk
    pages = {"talks": "/protection/talks/", "talk": f"/protection/talks/{talk_id}/",
             "workstations": "/protection/workstations/",
             "workstation": f"/protection/workstations/{station_id}/",
             "guidance": "/protection/guidance/", "figures": "/protection/figures/"}
    for width in (1366, 375):
        if width == 375:
            page = zh(375)
            sign_in(page, live_server, "zhou")
        for name, url in pages.items():
            page.goto(f"{live_server.url}{url}")
            page.wait_for_selector("main h1")
            check(page, f"{name}-{width}")
        page.goto(f"{live_server.url}/protection/children/new/")
        page.wait_for_selector("#direct-register-form")
        check(page, f"direct-register-{width}-empty")


def test_the_prefecture_reads_the_figures_and_the_supervisor_their_workstation(
        live_server, make_user, zh):
    ensure_divisions()
    worker = make_user(Role.PROTECTION_WORKER, division_code=COUNTY_A)
    make_user(Role.PREFECTURE_OFFICER, division_code=PREFECTURE, username="pref")
    make_user(Role.CHILD_SUPERVISOR, division_code=TOWNSHIP, username="huang")
    services.talk_record(actor=worker, data=talk(held_on=dt.date.today()))
    station = services.workstation_register(actor=worker, data={
        "township": TOWNSHIP, "name": "莲塘镇未成年人保护工作站", "status": "active",
        "set_up_on": dt.date(2025, 3, 1), "staff_names": "黄督导", "staff_count": 1})
    services.guidance_visit_record(actor=worker, workstation_id=station.pk,
                                   data=guidance(visited_on=dt.date.today(),
                                                 follow_up_due=None, follow_up=""))
    page = zh(375)
    sign_in(page, live_server, "pref")
    page.goto(f"{live_server.url}/protection/figures/")
    expect(page.locator("#county-work-figures tbody tr")).to_have_count(1)
    assert "南昌县" in page.locator("#county-work-figures tbody").inner_text()
    check(page, "figures-prefecture-375")

    sign_in(page, live_server, "huang")
    page.goto(f"{live_server.url}/protection/workstations/{station.pk}/")
    page.wait_for_selector("#workstation")
    expect(page.locator("#workstation-edit")).to_have_count(0)
    check(page, "workstation-supervisor-375")
