"""The safety pages added for checklists, photos, plan files, the child's Incidents tab and
the incidents by kind, in Chinese at 1280 px and on a 375 px phone: no horizontal scrolling,
no English UI string, no serious axe-core violation; a director records a checklist that
finds a fault. Screenshots are left in $CWIS_SHOTS (default /tmp/shots-safety)."""

import datetime as dt
import io
import os
import tempfile
from pathlib import Path
from zoneinfo import ZoneInfo

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from PIL import Image

from cwis.children.tests.factories import ChildFactory
from cwis.children.tests.test_browser import sign_in
from cwis.conftest import COUNTY_A
from cwis.core.permissions import Role
from cwis.core.tests.a11y import axe_violations, overflow, untranslated
from cwis.institutions.tests.factories import InstitutionFactory
from cwis.safety.models import ChecklistResult
from cwis.safety.services import checklists, drills, hazards, incidents
from cwis.safety.tests.factories import hazard_data, inspection_data, plan_data

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]
SHOTS = Path(os.environ.get("CWIS_SHOTS", Path(tempfile.gettempdir()) / "shots-safety"))


@pytest.fixture(autouse=True)
def _media_root(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path / "media"


def png() -> SimpleUploadedFile:
    out = io.BytesIO()
    Image.new("RGB", (64, 48), "orange").save(out, format="PNG")
    return SimpleUploadedFile("exit.png", out.getvalue(), content_type="image/png")


@pytest.fixture
def records(make_user):
    home = InstitutionFactory(name="南昌县儿童福利院", division_code=COUNTY_A, level="county")
    director = make_user(Role.DIRECTOR, institution=home, username="zhou")
    make_user(Role.PREFECTURE_OFFICER, division_code="360100", username="chen")
    today = dt.date.today()
    inspection = hazards.inspection_record(actor=director, data=inspection_data(
        inspected_on=today))
    hazard = hazards.hazard_record(actor=director, inspection_id=inspection.pk,
                                   data=hazard_data())
    checklists.inspection_photo_add(actor=director, inspection_id=inspection.pk,
                                    image=png(), caption="二楼东侧安全出口", hazard_id=hazard.pk)
    drills.plan_record(actor=director, data=plan_data(approved_on=today,
                                                      review_on=today + dt.timedelta(days=365)))
    child = ChildFactory(current_institution=home, name="安小宁")
    incidents.incident_record(actor=director, child_ids=[child.pk], data={
        "kind": "injury", "serious": False,
        "occurred_at": dt.datetime.now(ZoneInfo("Asia/Shanghai")) - dt.timedelta(hours=2),
        "what_happened": "户外活动时摔伤左臂，已送医"})
    return inspection, child


def check(page, name: str) -> None:
    SHOTS.mkdir(parents=True, exist_ok=True)
    page.screenshot(path=str(SHOTS / f"{name}.png"), full_page=True)
    assert overflow(page) == 0, name
    assert untranslated(page) == [], name
    assert axe_violations(page) == [], name


@pytest.mark.parametrize("width", [1280, 375])
def test_the_new_safety_pages_read_well_in_chinese(browser, live_server, records, width):
    inspection, child = records
    context = browser.new_context(locale="zh-CN", viewport={"width": width, "height": 900})
    page = context.new_page()
    page.set_default_timeout(60_000)  # a busy machine is slow to answer
    sign_in(page, live_server, "zhou")
    pages = {
        "inspection": f"/safety/inspections/{inspection.pk}/",
        "checklist": f"/safety/inspections/{inspection.pk}/checklist/",
        "photo-new": f"/safety/inspections/{inspection.pk}/photos/new/",
        "plans": "/safety/plans/",
        "plan-new": "/safety/plans/new/",
        "hazards": "/safety/hazards/",
        "child-incidents": f"/safety/children/{child.pk}/incidents/",
    }
    for name, path in pages.items():
        page.goto(f"{live_server.url}{path}")
        check(page, f"{name}-{width}")
    # The director records the checklist: the first item fails, with what was found.
    page.goto(f"{live_server.url}/safety/inspections/{inspection.pk}/checklist/")
    page.locator(".checklist-item input[value=fails]").first.check()
    page.click("#checklist-submit")
    assert page.locator(".field-error").count() == 1
    page.locator(".checklist-item input[type=text]").first.fill("二楼东侧出口堆放杂物")
    page.click("#checklist-submit")
    page.wait_for_selector("#checklist-table")
    assert page.locator("#checklist-table .text-bg-danger").count() == 1
    check(page, f"inspection-recorded-{width}")
    sign_in(page, live_server, "chen")
    page.goto(f"{live_server.url}/safety/incidents/figures/")
    check(page, f"incident-figures-{width}")
    context.close()
    assert ChecklistResult.objects.filter(result="fails").count() == 1
