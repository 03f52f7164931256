"""A refused form reports every refusal at once, without knock-on errors, and says when a
chosen file must be chosen again (issue 13, point 2)."""

import datetime as dt
import re
from zoneinfo import ZoneInfo

import pytest
import time_machine
from django.core.files.uploadedfile import SimpleUploadedFile

from cwis.children.models import Child
from cwis.children.services import rules
from cwis.children.tests.test_pages import PNG, register_form, text

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("frozen_today")]
ERROR = re.compile(r'id="error-([a-z_0-9]+)"')


def refused_fields(page: str) -> set[str]:
    return set(ERROR.findall(page))


def test_an_empty_intake_a_bad_id_number_and_a_future_birth_date_are_refused_together(
        staff, web):
    form = {**register_form(staff.users.institution_a, intake_on="", legal_basis="", name="",
                            birth_date="2026-03-01", citizen_id="360121201503081231"),
            "institution": ""}
    response = web(staff.caregiver).post("/children/new/", form)
    assert response.status_code == 422
    page = text(response)
    assert {"institution", "intake_on", "legal_basis", "name", "birth_date",
            "citizen_id"} <= refused_fields(page)
    assert 'id="form-refusals"' in page
    assert Child.objects.count() == 0


def test_a_future_birth_date_raises_no_error_on_dates_the_user_did_not_touch(staff, web):
    page = text(web(staff.caregiver).post("/children/new/", register_form(
        staff.users.institution_a, birth_date="2026-03-01")))
    # found on 2026-01-04 and guardianship since 2026-01-06: before this (wrong) birth date,
    # but the birth date is the one refused
    assert refused_fields(page) == {"birth_date"}


def test_the_required_fields_keep_their_mark(staff, web):
    page = text(web(staff.caregiver).get("/children/new/"))
    label = page.split('for="id_name"')[1].split("</label>")[0]
    assert 'class="text-danger">*' in label


def test_a_chosen_photo_that_was_not_kept_must_be_chosen_again(staff, web):
    photo = SimpleUploadedFile("小宁.png", PNG, content_type="image/png")
    response = web(staff.caregiver).post("/children/new/", {
        **register_form(staff.users.institution_a, name=""), "photo": photo})
    assert response.status_code == 422
    page = text(response)
    assert 'id="again-photo"' in page
    assert "小宁.png" in page
    assert 'id="again-photo"' not in text(web(staff.caregiver).get("/children/new/"))


def test_the_model_says_required_not_null():
    errors = rules.model_errors(Child(), exclude=["division_code", "current_institution"])
    assert errors["birth_date"] == [rules.MSG_REQUIRED]
    assert errors["name"] == [rules.MSG_REQUIRED]


def test_a_new_intake_proposes_today_and_the_legal_basis_in_force_today(staff, web):
    from cwis.children.legal import LEGAL_BASES

    with time_machine.travel(dt.datetime(2026, 6, 1, 10, 0, tzinfo=ZoneInfo("Asia/Shanghai")),
                             tick=False):
        page = text(web(staff.caregiver).get("/children/new/"))
    assert 'name="intake_on" value="2026-06-01"' in page
    selected = re.search(r'<option value="([a-z0-9_]+)"[^>]*selected', page.split(
        'name="legal_basis"')[1]).group(1)
    # not the 2018 measures, out of force since 1 April 2026
    assert LEGAL_BASES[selected].in_force_on(dt.date(2026, 6, 1))
    # every basis carries its dates and coverage for the page's script
    assert 'data-from="2026-04-01"' in page


def test_the_proposed_legal_basis_follows_the_text_in_force(staff, web):
    from cwis.children.forms import intake_initial

    assert intake_initial(dt.date(2026, 4, 1))["legal_basis"] == "m2026_1_1"
    assert intake_initial(dt.date(2026, 3, 31))["legal_basis"] == "m2018_9_1"
    assert intake_initial(dt.date(2026, 5, 1), "temporary_ward",
                          "temporary")["legal_basis"] == "m2026_2_2"
