"""Inspections and hazards to closure: who records them, every refusal (a hazard closed
without a fix; the fix checked by who recorded it), scope (404 out of it), the read-only
caregiver and the offices above, and the deadlines on the to-do list with frozen time."""

import datetime as dt
from zoneinfo import ZoneInfo

import pytest
import time_machine
from django.core.exceptions import ValidationError

from cwis.core.errors import NotFoundError, PermissionDeniedError, StaleVersionError
from cwis.core.todo import todo_for
from cwis.core.validators import MSG_DATE_FUTURE
from cwis.safety.models import Hazard, HazardState, Inspection
from cwis.safety.selectors import hazards as selectors
from cwis.safety.services import hazards as services
from cwis.safety.services import rules
from cwis.safety.tests.factories import HazardFactory, hazard_data, inspection_data

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("frozen_today")]
SHANGHAI = ZoneInfo("Asia/Shanghai")


def refusal(call) -> dict[str, list[str]]:
    with pytest.raises(ValidationError) as info:
        call()
    return info.value.message_dict


def refused(call) -> list[str]:
    with pytest.raises(ValidationError) as info:
        call()
    return info.value.messages


def found_hazard(safety, **changes) -> Hazard:
    inspection = services.inspection_record(actor=safety.director, data=inspection_data())
    return services.hazard_record(actor=safety.director, inspection_id=inspection.pk,
                                  data=hazard_data(**changes))


def test_a_director_records_a_check_and_its_hazard_gets_the_levels_deadline(safety, settings):
    settings.CWIS_SAFETY_HAZARD_FIX_DAYS = {"general": 30, "major": 7}
    inspection = services.inspection_record(actor=safety.director, data=inspection_data())
    assert inspection.institution == safety.institution
    assert inspection.history.first().history_user == safety.director
    general = services.hazard_record(actor=safety.director, inspection_id=inspection.pk,
                                     data=hazard_data())
    major = services.hazard_record(actor=safety.director, inspection_id=inspection.pk,
                                   data=hazard_data(level="major"))
    assert (general.found_on, general.due_on) == (dt.date(2026, 1, 30), dt.date(2026, 3, 1))
    assert major.due_on == dt.date(2026, 2, 6)
    assert general.state == HazardState.OPEN


def test_a_county_officer_records_an_office_inspection_of_an_institution_in_the_county(safety):
    inspection = services.inspection_record(
        actor=safety.officer, institution_id=safety.institution.pk,
        data=inspection_data(kind="office", frequency="special"))
    assert inspection.institution == safety.institution
    with pytest.raises(NotFoundError):  # another county's institution
        services.inspection_record(actor=safety.officer,
                                   institution_id=safety.users.institution_b.pk,
                                   data=inspection_data(kind="office"))


def test_every_refusal_of_an_inspection_and_a_hazard_is_given_at_once(safety):
    errors = refusal(lambda: services.inspection_record(actor=safety.director, data={
        "kind": "office", "frequency": "hourly", "areas": ["kitchen"],
        "inspected_on": dt.date(2026, 2, 2), "inspectors": " "}))
    assert errors["kind"] == [str(services.MSG_KIND_FOR_ROLE)]
    assert errors["frequency"] == [str(rules.MSG_CHOOSE)]
    assert errors["areas"] == [str(rules.MSG_AREAS)]
    assert errors["inspected_on"] == [str(MSG_DATE_FUTURE)]
    assert errors["inspectors"] == [str(rules.MSG_REQUIRED)]
    assert not Inspection.objects.exists()

    inspection = services.inspection_record(actor=safety.director, data=inspection_data())
    errors = refusal(lambda: services.hazard_record(
        actor=safety.director, inspection_id=inspection.pk,
        data={"area": "", "level": "major", "description": "", "responsible": "",
              "due_on": dt.date(2026, 3, 1)}))
    assert errors["area"] == [str(rules.MSG_CHOOSE)]
    assert errors["description"] == errors["responsible"] == [str(rules.MSG_REQUIRED)]
    assert errors["due_on"] == [str(services.MSG_DUE_AFTER_LIMIT % {"date": "2026-02-06"})]
    errors = refusal(lambda: services.hazard_record(
        actor=safety.director, inspection_id=inspection.pk,
        data=hazard_data(due_on=dt.date(2026, 1, 1))))
    assert errors["due_on"] == [str(services.MSG_DUE_BEFORE_FOUND)]
    assert not Hazard.objects.exists()


def test_a_hazard_is_fixed_by_one_person_and_closed_by_another(safety):
    hazard = found_hazard(safety)
    fixed = services.hazard_fix_record(actor=safety.director, hazard_id=hazard.pk, version=1,
                                       fix_description="杂物已清理，张贴禁止堆放标识",
                                       fixed_on=dt.date(2026, 1, 31))
    assert (fixed.state, fixed.fixed_by) == (HazardState.FIXED, safety.director)
    closed = services.hazard_check(actor=safety.officer, hazard_id=hazard.pk, version=2,
                                   accepted=True)
    assert (closed.state, closed.checked_by, closed.checked_on) == (
        HazardState.CLOSED, safety.officer, dt.date(2026, 2, 1))


def test_a_hazard_without_a_fix_is_not_closed(safety):
    hazard = found_hazard(safety)
    assert refused(lambda: services.hazard_check(
        actor=safety.officer, hazard_id=hazard.pk, version=1, accepted=True)) == [
        str(services.MSG_NO_FIX)]
    assert Hazard.objects.get().state == HazardState.OPEN


def test_who_recorded_the_fix_does_not_check_it(safety):
    hazard = found_hazard(safety)
    services.hazard_fix_record(actor=safety.director, hazard_id=hazard.pk, version=1,
                               fix_description="已清理", fixed_on=dt.date(2026, 2, 1))
    assert refused(lambda: services.hazard_check(
        actor=safety.director, hazard_id=hazard.pk, version=2, accepted=True)) == [
        str(services.MSG_SAME_PERSON)]
    assert Hazard.objects.get().state == HazardState.FIXED


def test_a_refused_fix_opens_the_hazard_again_and_says_why(safety):
    hazard = found_hazard(safety)
    services.hazard_fix_record(actor=safety.director, hazard_id=hazard.pk, version=1,
                               fix_description="已清理", fixed_on=dt.date(2026, 2, 1))
    errors = refusal(lambda: services.hazard_check(
        actor=safety.officer, hazard_id=hazard.pk, version=2, accepted=False))
    assert errors["note"] == [str(services.MSG_REFUSAL_REASON)]
    again = services.hazard_check(actor=safety.officer, hazard_id=hazard.pk, version=2,
                                  accepted=False, note="出口外侧仍有杂物")
    assert (again.state, again.fixed_by, again.check_note) == (HazardState.OPEN, None,
                                                               "出口外侧仍有杂物")


def test_every_refusal_of_a_fix_and_a_stale_version(safety):
    hazard = found_hazard(safety)
    errors = refusal(lambda: services.hazard_fix_record(
        actor=safety.director, hazard_id=hazard.pk, version=1, fix_description=" ",
        fixed_on=dt.date(2026, 1, 1)))
    assert errors["fix_description"] == [str(rules.MSG_REQUIRED)]
    assert errors["fixed_on"] == [str(services.MSG_FIX_BEFORE_FOUND)]
    with pytest.raises(StaleVersionError):
        services.hazard_fix_record(actor=safety.director, hazard_id=hazard.pk, version=7,
                                   fix_description="已清理", fixed_on=dt.date(2026, 2, 1))


def test_out_of_scope_gets_not_found_and_readers_cannot_write(safety):
    hazard = found_hazard(safety)
    with pytest.raises(NotFoundError):
        selectors.hazard_get(actor=safety.other_director, hazard_id=hazard.pk)
    with pytest.raises(NotFoundError):
        services.hazard_fix_record(actor=safety.other_director, hazard_id=hazard.pk,
                                   version=1, fix_description="x", fixed_on=None)
    for reader in (safety.caregiver, safety.province):
        assert selectors.hazard_get(actor=reader, hazard_id=hazard.pk) == hazard
        with pytest.raises(PermissionDeniedError):
            services.hazard_fix_record(actor=reader, hazard_id=hazard.pk, version=1,
                                       fix_description="已清理", fixed_on=dt.date(2026, 2, 1))
        with pytest.raises(PermissionDeniedError):
            services.inspection_record(actor=reader, institution_id=safety.institution.pk,
                                       data=inspection_data())
    assert list(selectors.hazard_list(actor=safety.other_director)) == []


def test_the_hazard_list_filters_overdue_and_by_area(safety):
    overdue = HazardFactory(inspection__institution=safety.institution,
                            due_on=dt.date(2026, 1, 31))
    HazardFactory(inspection__institution=safety.institution)
    HazardFactory(inspection__institution=safety.users.institution_b,
                  due_on=dt.date(2026, 1, 31))
    today = dt.date(2026, 2, 1)
    assert list(selectors.hazard_list(actor=safety.director, filters={"state": "overdue"},
                                      today=today)) == [overdue]
    assert selectors.hazard_list(actor=safety.prefecture, filters={
        "state": "overdue", "division": "360121"}, today=today).count() == 1
    assert selectors.hazard_list(actor=safety.prefecture, filters={"state": "overdue"},
                                 today=today).count() == 2


def test_the_hazard_list_reads_a_page_in_a_fixed_number_of_queries(
        safety, django_assert_num_queries):
    for _ in range(5):
        HazardFactory(inspection__institution=safety.institution)
    with django_assert_num_queries(1):
        rows = list(selectors.hazard_list(actor=safety.officer)[:50])
        assert {h.institution.name for h in rows} == {safety.institution.name}


# ------------------------------------------------------------------------ to-do list


def todo(user, on: dt.date) -> list:
    with time_machine.travel(dt.datetime(on.year, on.month, on.day, 9, 0, tzinfo=SHANGHAI),
                             tick=False):
        return [i for i in todo_for(user) if i.kind.startswith("safety.hazard")]


def test_an_overdue_hazard_is_on_the_directors_list_and_escalates_past_the_point(
        safety, settings):
    settings.CWIS_ESCALATION_DAYS = {**settings.CWIS_ESCALATION_DAYS, "safety.hazard": 14}
    hazard = HazardFactory(inspection__institution=safety.institution,
                           due_on=dt.date(2026, 2, 10))
    items = todo(safety.director, dt.date(2026, 2, 1))
    assert [(i.kind, i.due) for i in items] == [("safety.hazard", dt.date(2026, 2, 10))]
    assert not items[0].is_overdue(dt.date(2026, 2, 1))
    assert todo(safety.director, dt.date(2026, 2, 11))[0].is_overdue(dt.date(2026, 2, 11))
    assert todo(safety.officer, dt.date(2026, 2, 11))[0].url.endswith(f"/{hazard.pk}/")
    # The offices above: not before 14 days overdue, then one item; never the caregiver.
    assert todo(safety.prefecture, dt.date(2026, 2, 24)) == []
    assert [i.kind for i in todo(safety.prefecture, dt.date(2026, 2, 25))] == ["safety.hazard"]
    assert [i.kind for i in todo(safety.province, dt.date(2026, 2, 25))] == ["safety.hazard"]
    assert todo(safety.caregiver, dt.date(2026, 2, 25)) == []
    assert todo(safety.other_director, dt.date(2026, 2, 25)) == []


def test_a_major_hazard_reaches_the_offices_above_at_once(safety):
    HazardFactory(inspection__institution=safety.institution, level="major",
                  due_on=dt.date(2026, 2, 6))
    assert [i.kind for i in todo(safety.prefecture, dt.date(2026, 2, 1))] == [
        "safety.hazard_major"]


def test_a_fix_waits_for_its_check_on_the_list_and_a_closed_hazard_leaves_it(safety):
    hazard = found_hazard(safety)
    services.hazard_fix_record(actor=safety.director, hazard_id=hazard.pk, version=1,
                               fix_description="已清理", fixed_on=dt.date(2026, 2, 1))
    assert [i.kind for i in todo(safety.officer, dt.date(2026, 2, 2))] == [
        "safety.hazard_check"]
    services.hazard_check(actor=safety.officer, hazard_id=hazard.pk, version=2, accepted=True)
    assert todo(safety.officer, dt.date(2026, 2, 2)) == []
    assert todo(safety.director, dt.date(2026, 2, 2)) == []
