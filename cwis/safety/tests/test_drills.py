"""Emergency plans, drills and the hazards they find, food safety: success, every refusal,
scope (404), the read-only caregiver and province (403), the alerts with frozen time, and
the pages and API."""

import datetime as dt
from zoneinfo import ZoneInfo

import pytest
import time_machine
from django.core.exceptions import ValidationError

from cwis.core.errors import NotFoundError, PermissionDeniedError
from cwis.core.todo import todo_for
from cwis.core.validators import MSG_DATE_FUTURE
from cwis.safety.models import Drill, EmergencyPlan, FoodSample, HazardState
from cwis.safety.selectors import drills as selectors
from cwis.safety.selectors import hazards as hazard_selectors
from cwis.safety.services import drills as services
from cwis.safety.services import food as food_services
from cwis.safety.services import hazards as hazard_services
from cwis.safety.services import rules
from cwis.safety.tests.factories import (
    certificate_data,
    drill_data,
    hazard_data,
    plan_data,
    sample_data,
)

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("frozen_today")]
SHANGHAI = ZoneInfo("Asia/Shanghai")


def refusal(call) -> dict[str, list[str]]:
    with pytest.raises(ValidationError) as info:
        call()
    return info.value.message_dict


def test_a_new_plan_replaces_the_current_one_of_its_kind(safety):
    old = services.plan_record(actor=safety.director, data=plan_data(
        approved_on=dt.date(2025, 1, 5), review_on=dt.date(2026, 1, 5)))
    new = services.plan_record(actor=safety.director, data=plan_data())
    old.refresh_from_db()
    assert old.replaced_on == dt.date(2026, 1, 5)
    assert list(selectors.plan_list(actor=safety.caregiver)) == [new]
    errors = refusal(lambda: services.plan_record(actor=safety.director, data=plan_data(
        kind="party", title="", approved_on=dt.date(2026, 3, 1),
        review_on=dt.date(2026, 2, 1))))
    assert errors["kind"] == [str(rules.MSG_CHOOSE)]
    assert errors["title"] == [str(rules.MSG_REQUIRED)]
    assert errors["approved_on"] == [str(MSG_DATE_FUTURE)]
    assert errors["review_on"] == [str(services.MSG_REVIEW_BEFORE_APPROVAL)]
    assert EmergencyPlan.objects.count() == 2


def test_a_drill_with_the_fire_service_finds_a_hazard_that_follows_the_same_flow(safety):
    drill = services.drill_record(actor=safety.director, data=drill_data())
    assert drill.with_fire_service
    hazard = services.drill_hazard_record(actor=safety.director, drill_id=drill.pk,
                                          data=hazard_data())
    assert (hazard.drill, hazard.inspection, hazard.found_on) == (drill, None, drill.held_on)
    assert list(hazard_selectors.hazard_list(actor=safety.officer)) == [hazard]
    hazard_services.hazard_fix_record(actor=safety.director, hazard_id=hazard.pk, version=1,
                                      fix_description="已清理", fixed_on=dt.date(2026, 2, 1))
    closed = hazard_services.hazard_check(actor=safety.officer, hazard_id=hazard.pk,
                                          version=2, accepted=True)
    assert closed.state == HazardState.CLOSED
    assert selectors.drill_list(actor=safety.director).get().hazard_count == 1


def test_every_refusal_of_a_drill_at_once(safety):
    other_plan = services.plan_record(actor=safety.other_director, data=plan_data())
    errors = refusal(lambda: services.drill_record(actor=safety.director, data=drill_data(
        plan_id=other_plan.pk, held_on=dt.date(2026, 2, 2), scenario="", participants="",
        participant_count=0, duration_minutes=None)))
    assert errors["plan_id"] == [str(services.MSG_PLAN)]
    assert errors["held_on"] == [str(MSG_DATE_FUTURE)]
    assert errors["scenario"] == [str(rules.MSG_CHOOSE)]
    assert errors["participants"] == [str(rules.MSG_REQUIRED)]
    assert errors["participant_count"] == [str(services.MSG_PARTICIPANTS)]
    assert errors["duration_minutes"] == [str(services.MSG_DURATION)]
    assert not Drill.objects.filter(institution=safety.institution).exists()


def test_scope_and_the_read_only_users(safety):
    drill = services.drill_record(actor=safety.director, data=drill_data())
    with pytest.raises(NotFoundError):
        selectors.drill_get(actor=safety.other_director, drill_id=drill.pk)
    with pytest.raises(NotFoundError):
        services.drill_hazard_record(actor=safety.other_director, drill_id=drill.pk,
                                     data=hazard_data())
    for reader in (safety.caregiver, safety.province):
        assert selectors.drill_get(actor=reader, drill_id=drill.pk) == drill
        with pytest.raises(PermissionDeniedError):
            services.drill_hazard_record(actor=reader, drill_id=drill.pk, data=hazard_data())
        with pytest.raises(PermissionDeniedError):
            food_services.sample_record(actor=reader, institution_id=safety.institution.pk,
                                        data=sample_data())


def test_the_drill_list_reads_a_page_in_a_fixed_number_of_queries(
        safety, django_assert_num_queries):
    for day in range(1, 6):
        services.drill_record(actor=safety.director,
                              data=drill_data(held_on=dt.date(2026, 1, day)))
    with django_assert_num_queries(1):
        rows = list(selectors.drill_list(actor=safety.officer)[:50])
        assert {d.institution.name for d in rows} == {safety.institution.name}


def test_food_samples_keep_enough_for_long_enough_once_per_meal(safety, settings):
    settings.CWIS_SAFETY_SAMPLE_GRAMS, settings.CWIS_SAFETY_SAMPLE_HOURS = 125, 48
    food_services.sample_record(actor=safety.director, data=sample_data())
    errors = refusal(lambda: food_services.sample_record(actor=safety.director, data=sample_data(
        grams_per_dish=100, kept_hours=24, dishes="")))
    assert errors["grams_per_dish"] == [str(food_services.MSG_GRAMS % {"grams": 125})]
    assert errors["kept_hours"] == [str(food_services.MSG_HOURS % {"hours": 48})]
    assert errors["dishes"] == [str(rules.MSG_REQUIRED)]
    assert errors["meal"] == [str(food_services.MSG_SAMPLE_TAKEN)]
    assert FoodSample.objects.count() == 1


def test_a_new_certificate_replaces_the_holders_old_one(safety):
    old = food_services.certificate_record(actor=safety.director, data=certificate_data())
    new = food_services.certificate_record(actor=safety.director, data=certificate_data(
        number="JK2026-0003", issued_on=dt.date(2026, 1, 20), expires_on=dt.date(2027, 1, 20)))
    assert list(selectors.certificate_list(actor=safety.director)) == [new]
    old.refresh_from_db()
    assert old.replaced_on == dt.date(2026, 1, 20)
    errors = refusal(lambda: food_services.certificate_record(
        actor=safety.director, data=certificate_data(expires_on=dt.date(2025, 1, 1))))
    assert errors["expires_on"] == [str(food_services.MSG_EXPIRY)]


def todo(user, on: dt.date) -> list:
    with time_machine.travel(dt.datetime(on.year, on.month, on.day, 9, 0, tzinfo=SHANGHAI),
                             tick=False):
        return sorted((i.kind, i.due) for i in todo_for(user) if i.kind.startswith("safety."))


def test_no_drill_for_months_an_expiring_certificate_and_a_plan_review_are_alerts(
        safety, settings):
    settings.CWIS_SAFETY_DRILL_MONTHS = 6
    settings.CWIS_SAFETY_CERTIFICATE_NOTICE_DAYS = 30
    services.drill_record(actor=safety.director, data=drill_data(held_on=dt.date(2025, 9, 1)))
    food_services.certificate_record(actor=safety.director, data=certificate_data())
    services.plan_record(actor=safety.director, data=plan_data(review_on=dt.date(2026, 2, 10)))
    assert todo(safety.director, dt.date(2026, 1, 1)) == []
    assert todo(safety.director, dt.date(2026, 2, 1)) == [
        ("safety.certificate", dt.date(2026, 2, 20)), ("safety.drill", dt.date(2026, 3, 1)),
        ("safety.plan_review", dt.date(2026, 2, 10))]
    # The county officer sees its institutions' too (B has never drilled: due at once).
    kinds = todo(safety.officer, dt.date(2026, 2, 1))
    assert ("safety.drill", dt.date(2026, 2, 1)) not in kinds  # B is in another county
    assert todo(safety.prefecture, dt.date(2026, 6, 1)) == []  # routine: counts only
    assert todo(safety.caregiver, dt.date(2026, 6, 1)) == []


def test_the_pages_and_api_of_drills_plans_and_food(safety, web, api):
    client = web(safety.director)
    response = client.post("/safety/drills/new/", {
        "held_on": "2026-02-01", "scenario": "fire", "with_fire_service": "on",
        "participants": "全体", "participant_count": "80", "duration_minutes": "20"})
    drill = Drill.objects.get()
    assert response.url == f"/safety/drills/{drill.pk}/"
    response = client.post(f"/safety/drills/{drill.pk}/hazards/new/", {
        "area": "fire", "level": "major", "description": "安全出口堵塞", "responsible": "王"})
    assert response.status_code == 302
    assert 'id="drill-hazard-new"' in client.get(f"/safety/drills/{drill.pk}/").content.decode()
    assert client.post("/safety/drills/new/", {"scenario": "fire"}).status_code == 422
    for url in ("/safety/drills/", "/safety/plans/", "/safety/food/"):
        assert client.get(url).status_code == 200
    assert web(safety.other_director).get(f"/safety/drills/{drill.pk}/").status_code == 404
    assert web(safety.caregiver).get("/safety/food/samples/new/").status_code == 403
    assert web(safety.officer).post("/safety/plans/new/", {
        "institution_id": safety.institution.pk, **{k: str(v) for k, v in plan_data().items()}
    }).status_code == 302

    director = api(safety.director)
    assert director.post("/safety/food/samples", {
        k: str(v) for k, v in sample_data().items()}).status_code == 201
    assert director.post("/safety/food/certificates", {
        k: str(v) for k, v in certificate_data().items()}).status_code == 201
    response = director.post(f"/safety/drills/{drill.pk}/hazards", hazard_data())
    assert response.status_code == 201
    assert response.json()["drill_id"] == drill.pk
    assert api(safety.caregiver).post("/safety/drills", drill_data(
        held_on="2026-01-31")).status_code == 403
    assert api(safety.other_director).get(f"/safety/drills/{drill.pk}").status_code == 404
    assert len(api(safety.province).get("/safety/plans").json()["items"]) == 1
