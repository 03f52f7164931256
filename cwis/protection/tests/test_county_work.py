"""Policy talks, township workstations and guidance visits: who records them, every
refusal, version checks, scope (404 outside the county), the supervisor's read of their own
workstation and the year's figures per area."""

import datetime as dt

import pytest
from django.core.exceptions import ValidationError
from django.utils import translation

from cwis.children.services import rules
from cwis.conftest import COUNTY_A, COUNTY_B
from cwis.core.errors import NotFoundError, PermissionDeniedError, StaleVersionError
from cwis.core.permissions import Role
from cwis.core.todo import todo_for
from cwis.core.validators import MSG_DATE_FUTURE
from cwis.protection.models import GuidanceVisit, PolicyTalk, Workstation
from cwis.protection.selectors import county_work as selectors
from cwis.protection.services import county_work as services
from cwis.protection.tests.factories import (
    OTHER_TOWNSHIP,
    TOWNSHIP,
    guidance,
    talk,
    workstation,
)

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("frozen_today")]


def refusal(call) -> dict[str, list[str]]:
    with pytest.raises(ValidationError) as info:
        call()
    return info.value.message_dict


# ------------------------------------------------------------------------ policy talks


def test_a_worker_records_a_talk_of_the_county_and_corrects_it(case_users):
    recorded = services.talk_record(actor=case_users.worker, data=talk())
    assert recorded.county_code == COUNTY_A
    assert recorded.history.first().history_user == case_users.worker

    saved = services.talk_update(actor=case_users.officer, talk_id=recorded.pk, version=1,
                                 data={"audience_count": 130})
    assert (saved.audience_count, saved.version) == (130, 2)
    assert list(selectors.talk_list(actor=case_users.worker)) == [saved]


def test_every_refusal_of_a_talk_is_given_at_once(case_users):
    errors = refusal(lambda: services.talk_record(actor=case_users.worker, data=talk(
        held_on=dt.date(2026, 2, 2), place=" ", topic="", speakers="", audience_kind="crowd",
        audience_count=0)))
    assert errors["held_on"] == [str(MSG_DATE_FUTURE)]
    assert errors["place"] == errors["topic"] == errors["speakers"] == [
        str(services.MSG_TEXT_REQUIRED)]
    assert errors["audience_kind"] == [str(rules.MSG_CHOOSE)]
    assert errors["audience_count"] == [str(services.MSG_AUDIENCE_COUNT)]
    errors = refusal(lambda: services.talk_record(actor=case_users.worker,
                                                  data=talk(held_on=None)))
    assert errors["held_on"] == [str(rules.MSG_DATE_REQUIRED)]
    assert not PolicyTalk.objects.exists()


def test_a_stale_talk_is_refused_and_another_county_gets_not_found(case_users):
    recorded = services.talk_record(actor=case_users.worker, data=talk())
    services.talk_update(actor=case_users.worker, talk_id=recorded.pk, version=1,
                         data={"place": "莲塘中学"})
    with pytest.raises(StaleVersionError):
        services.talk_update(actor=case_users.officer, talk_id=recorded.pk, version=1,
                             data={"place": "别处"})
    with pytest.raises(NotFoundError):
        services.talk_update(actor=case_users.out_of_scope, talk_id=recorded.pk, version=2,
                             data={"place": "别处"})
    with pytest.raises(NotFoundError):
        selectors.talk_get(actor=case_users.out_of_scope, talk_id=recorded.pk)
    with pytest.raises(NotFoundError):  # the offices above read counts, not the talk
        selectors.talk_get(actor=case_users.prefecture, talk_id=recorded.pk)


@pytest.mark.parametrize("who", ["supervisor", "village_director", "province", "prefecture",
                                 "ministry"])
def test_read_only_roles_record_no_talk(case_users, who):
    with pytest.raises(PermissionDeniedError):
        services.talk_record(actor=getattr(case_users, who), data=talk())


# ---------------------------------------------------------------------- workstations


def test_a_worker_registers_a_workstation_and_the_supervisor_reads_it(case_users, make_user):
    station = services.workstation_register(actor=case_users.worker, data=workstation())
    assert (station.county_code, station.township_code) == (COUNTY_A, TOWNSHIP)

    assert selectors.workstation_get(actor=case_users.supervisor,
                                     workstation_id=station.pk) == station
    assert list(selectors.workstation_list(actor=case_users.supervisor)) == [station]
    assert not selectors.workstation_actions(actor=case_users.supervisor,
                                             workstation=station).edit
    with pytest.raises(PermissionDeniedError):
        services.workstation_update(actor=case_users.supervisor, workstation_id=station.pk,
                                    version=1, data={"staff_count": 3})
    # Another township's supervisor and the village director see nothing of it.
    other = make_user(Role.CHILD_SUPERVISOR, division_code=OTHER_TOWNSHIP)
    for user in (other, case_users.village_director, case_users.out_of_scope):
        with pytest.raises(NotFoundError):
            selectors.workstation_get(actor=user, workstation_id=station.pk)


def test_every_refusal_of_a_workstation_is_given_at_once(case_users):
    errors = refusal(lambda: services.workstation_register(actor=case_users.worker, data=(
        workstation(township=OTHER_TOWNSHIP, name="", set_up_on=None, staff_names=""))))
    assert errors["township"] == [str(services.MSG_TOWNSHIP)]
    assert errors["name"] == [str(services.MSG_TEXT_REQUIRED)]
    assert errors["set_up_on"] == [str(services.MSG_SET_UP_REQUIRED)]
    assert errors["staff_names"] == [str(services.MSG_STAFF_NAMED)]
    errors = refusal(lambda: services.workstation_register(actor=case_users.worker, data=(
        workstation(township="360121", status="open", set_up_on=dt.date(2026, 3, 1),
                    staff_count=-1))))
    assert errors["township"] == [str(services.MSG_TOWNSHIP)]  # a county is no township
    assert errors["status"] == [str(rules.MSG_CHOOSE)]
    assert errors["set_up_on"] == [str(MSG_DATE_FUTURE)]
    assert errors["staff_count"] == [str(services.MSG_STAFF_COUNT)]
    assert not Workstation.objects.exists()


def test_a_planned_workstation_needs_no_date_and_a_township_has_one_workstation(case_users):
    services.workstation_register(actor=case_users.worker, data=workstation(
        status="planned", set_up_on=None, staff_names="", staff_count=0))
    errors = refusal(lambda: services.workstation_register(actor=case_users.officer,
                                                           data=workstation()))
    assert errors["township"] == [str(services.MSG_TOWNSHIP_TAKEN)]


def test_a_stale_workstation_edit_is_refused(case_users):
    station = services.workstation_register(actor=case_users.worker, data=workstation())
    saved = services.workstation_update(actor=case_users.officer, workstation_id=station.pk,
                                        version=1, data={"status": "suspended"})
    assert saved.status == "suspended"
    with pytest.raises(StaleVersionError):
        services.workstation_update(actor=case_users.worker, workstation_id=station.pk,
                                    version=1, data={"staff_count": 5})
    with pytest.raises(NotFoundError):
        services.workstation_update(actor=case_users.out_of_scope, workstation_id=station.pk,
                                    version=2, data={"staff_count": 5})


# ------------------------------------------------------------------- guidance visits


def test_the_county_records_and_corrects_a_guidance_visit(case_users):
    station = services.workstation_register(actor=case_users.worker, data=workstation())
    visit = services.guidance_visit_record(actor=case_users.worker,
                                           workstation_id=station.pk, data=guidance())
    assert visit.workstation == station
    saved = services.guidance_visit_update(actor=case_users.officer, visit_id=visit.pk,
                                           version=1, data={"follow_up_due": None})
    assert saved.follow_up_due is None
    with pytest.raises(StaleVersionError):
        services.guidance_visit_update(actor=case_users.worker, visit_id=visit.pk, version=1,
                                       data={"findings": "改"})
    assert list(selectors.guidance_visit_list(actor=case_users.supervisor)) == [saved]
    assert list(selectors.guidance_visit_list(actor=case_users.out_of_scope)) == []


def test_every_refusal_of_a_guidance_visit_is_given_at_once(case_users):
    station = services.workstation_register(actor=case_users.worker, data=workstation())
    errors = refusal(lambda: services.guidance_visit_record(
        actor=case_users.worker, workstation_id=station.pk, data=guidance(
            visited_on=dt.date(2025, 2, 1), visitors="", findings="",
            follow_up="", follow_up_due=dt.date(2025, 1, 1))))
    assert errors["visited_on"] == [str(services.MSG_VISIT_BEFORE_SET_UP)]
    assert errors["visitors"] == errors["findings"] == [str(services.MSG_TEXT_REQUIRED)]
    assert errors["follow_up_due"] == [str(services.MSG_FOLLOW_UP_DUE)]
    assert errors["follow_up"] == [str(services.MSG_FOLLOW_UP_WHAT)]
    errors = refusal(lambda: services.guidance_visit_record(
        actor=case_users.worker, workstation_id=station.pk,
        data=guidance(visited_on=dt.date(2026, 2, 5))))
    assert errors["visited_on"] == [str(MSG_DATE_FUTURE)]
    assert not GuidanceVisit.objects.exists()


def test_a_planned_workstation_is_not_visited(case_users):
    station = services.workstation_register(actor=case_users.worker, data=workstation(
        status="planned", set_up_on=None))
    errors = refusal(lambda: services.guidance_visit_record(
        actor=case_users.worker, workstation_id=station.pk, data=guidance()))
    assert errors["__all__"] == [str(services.MSG_VISIT_PLANNED)]


def test_a_guidance_visit_is_refused_out_of_scope_and_to_read_only_roles(case_users):
    station = services.workstation_register(actor=case_users.worker, data=workstation())
    with pytest.raises(NotFoundError):
        services.guidance_visit_record(actor=case_users.out_of_scope,
                                       workstation_id=station.pk, data=guidance())
    for user in (case_users.supervisor, case_users.province):
        with pytest.raises(PermissionDeniedError):
            services.guidance_visit_record(actor=user, workstation_id=station.pk,
                                           data=guidance())


# --------------------------------------------------------------------------- figures


def test_the_years_figures_are_counted_per_area(case_users, make_user):
    worker_b = make_user(Role.PROTECTION_WORKER, division_code=COUNTY_B)
    services.talk_record(actor=case_users.worker, data=talk())
    services.talk_record(actor=case_users.worker, data=talk(audience_count=30))
    services.talk_record(actor=case_users.worker, data=talk(held_on=dt.date(2025, 12, 1)))
    services.talk_record(actor=worker_b, data=talk(audience_count=50))
    station = services.workstation_register(actor=case_users.worker, data=workstation())
    services.guidance_visit_record(actor=case_users.worker, workstation_id=station.pk,
                                   data=guidance())
    services.guidance_visit_record(actor=case_users.worker, workstation_id=station.pk,
                                   data=guidance(visited_on=dt.date(2026, 1, 25)))
    services.workstation_register(actor=worker_b, data=workstation(
        township=OTHER_TOWNSHIP, name="民和镇工作站"))

    def figures(user, year=2026):
        return {r.area: (r.talks, r.audience, r.workstations, r.guided, r.visits)
                for r in selectors.county_work_figures(actor=user, year=year)}

    assert figures(case_users.prefecture) == {COUNTY_A: (2, 150, 1, 1, 2),
                                              COUNTY_B: (1, 50, 1, 0, 0)}
    assert figures(case_users.province) == {"3601": (3, 200, 2, 1, 2)}
    assert figures(case_users.ministry) == {"36": (3, 200, 2, 1, 2)}
    assert figures(case_users.worker) == {COUNTY_A: (2, 150, 1, 1, 2)}
    assert figures(case_users.worker, 2025) == {COUNTY_A: (1, 120, 1, 0, 0)}
    assert figures(case_users.supervisor) == {}  # a township has its station, not figures


# ---------------------------------------------------------------------------- to-do


def follow_ups(user) -> list[tuple[str, dt.date]]:
    return [(i.title, i.due) for i in todo_for(user)
            if i.kind == "protection.guidance_follow_up"]


def test_a_guidance_follow_up_is_on_the_county_to_do_until_the_next_visit(case_users):
    station = services.workstation_register(actor=case_users.worker, data=workstation())
    services.guidance_visit_record(actor=case_users.worker, workstation_id=station.pk,
                                   data=guidance())
    expected = [("莲塘镇未成年人保护工作站: 三月前完成剩余村儿童主任培训 (guidance follow-up)",
                 dt.date(2026, 3, 31))]
    with translation.override("en"):
        assert follow_ups(case_users.worker) == expected
        assert follow_ups(case_users.officer) == expected
        for user in (case_users.supervisor, case_users.out_of_scope, case_users.prefecture):
            assert follow_ups(user) == []
        services.guidance_visit_record(actor=case_users.worker, workstation_id=station.pk,
                                       data=guidance(visited_on=dt.date(2026, 1, 28),
                                                     follow_up="", follow_up_due=None))
        assert follow_ups(case_users.worker) == []
