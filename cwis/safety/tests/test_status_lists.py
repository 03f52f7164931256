"""The Excel lists of the institutions' fire safety (for the fire service) and food safety
(for market supervision), and the same rows in the API: figures per institution, the scope
(the director's own row, the county's institutions, not another county's), and the roles
that do not read safety records."""

import datetime as dt
import io

import pytest
from openpyxl import load_workbook

from cwis.core.permissions import Role
from cwis.safety.services import drills, food
from cwis.safety.tests.factories import (
    HazardFactory,
    certificate_data,
    drill_data,
    plan_data,
    sample_data,
)

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("frozen_today")]


@pytest.fixture
def records(safety):
    a = safety.institution
    HazardFactory(inspection__institution=a, due_on=dt.date(2026, 1, 31))  # overdue
    HazardFactory(inspection__institution=a, area="food", level="major")
    HazardFactory(inspection__institution=safety.users.institution_b)
    drills.drill_record(actor=safety.director, data=drill_data())
    drills.plan_record(actor=safety.director, data=plan_data())
    food.certificate_record(actor=safety.director, data=certificate_data())
    food.certificate_record(actor=safety.director, data=certificate_data(
        kind="canteen_licence", holder="食堂", number="JY136", expires_on=dt.date(2028, 1, 1)))
    food.sample_record(actor=safety.director, data=sample_data())
    return a


def rows(response) -> list[tuple]:
    sheet = load_workbook(io.BytesIO(b"".join(response.streaming_content))).active
    return [tuple(c.value for c in row) for row in sheet.iter_rows()]


def test_the_fire_service_list_gives_each_institution_drills_plan_and_fire_hazards(
        safety, web, records):
    response = web(safety.officer).get("/safety/status/fire.xlsx")
    assert response.status_code == 200
    header, *body = rows(response)
    assert len(body) == 1
    assert records.name in body[0]
    line = dict(zip(header, body[0], strict=True))
    review = next(v for k, v in line.items() if "2027" in str(v))
    assert str(review).startswith("2027-01-05")
    food_list = rows(web(safety.officer).get("/safety/status/food.xlsx"))
    assert len(food_list) == 2
    assert records.name in food_list[1]
    assert food_list[0] != header


def test_the_api_gives_the_same_rows_per_department(safety, api, records):
    fire = api(safety.officer).get("/safety/status", department="fire").json()["items"]
    assert [(r["name"], r["drills_year"], r["drills_with_department"], r["hazards_open"],
             r["hazards_overdue"]) for r in fire] == [(records.name, 1, 1, 1, 1)]
    assert fire[0]["plan_review_on"] == "2027-01-05"
    food_rows = api(safety.director).get("/safety/status", department="food").json()["items"]
    assert [(r["health_valid"], r["health_expired"], r["sample_days"], r["hazards_major"],
             r["licence_expires_on"]) for r in food_rows] == [(1, 0, 1, 1, "2028-01-01")]
    assert api(safety.officer).get("/safety/status", department="x").status_code == 422


def test_each_reader_sees_only_the_institutions_of_their_scope(safety, api, web, records,
                                                              make_user):
    other = api(safety.other_director).get("/safety/status", department="fire").json()
    assert [r["name"] for r in other["items"]] == [safety.users.institution_b.name]
    province = api(safety.province).get("/safety/status", department="food").json()
    assert {r["name"] for r in province["items"]} == {records.name,
                                                      safety.users.institution_b.name}
    partner = make_user(Role.PARTNER_VIEWER, division_code="360000")
    assert web(partner).get("/safety/status/fire.xlsx").status_code == 403
    assert web(safety.officer).get("/safety/status/other.xlsx").status_code == 404
