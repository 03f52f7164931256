"""Supervisors and directors: coverage of the county's townships and villages, training
courses and attendance, each person's history and who had no training this year."""

import datetime as dt
from decimal import Decimal

import pytest
from django.core.exceptions import ValidationError

from cwis.core.errors import NotFoundError, PermissionDeniedError, StaleVersionError
from cwis.core.permissions import Role
from cwis.core.validators import MSG_DATE_FUTURE
from cwis.protection.selectors import registry as selectors
from cwis.protection.services import training
from cwis.protection.tests.factories import OTHER_TOWNSHIP, OTHER_VILLAGE, TOWNSHIP, VILLAGE

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("frozen_today")]

COURSE = {"topic": "儿童主任工作实务", "held_on": dt.date(2026, 1, 20), "hours": Decimal("3.5"),
          "trainer": "县救助保护机构 周老师", "place": "县民政局会议室", "online": False}


def refusal(call) -> dict[str, list[str]]:
    with pytest.raises(ValidationError) as info:
        call()
    return info.value.message_dict


def test_coverage_shows_townships_and_villages_without_their_worker(community, make_user):
    make_user(Role.CHILD_SUPERVISOR, division_code=OTHER_TOWNSHIP)  # county B: not counted
    area = selectors.coverage_area(actor=community.county_officer)
    found = selectors.coverage(area=area, township=TOWNSHIP)
    township = next(t for t in found.townships if t.code == TOWNSHIP)
    assert [p.pk for p in township.supervisors] == [community.supervisor.pk]
    assert (township.villages, township.villages_with_director) == (2, 1)
    assert found.villages_without == 1
    assert OTHER_TOWNSHIP not in [t.code for t in found.townships]
    villages = {v.code: [p.pk for p in v.directors] for v in found.villages}
    assert villages == {VILLAGE: [community.village_director.pk], OTHER_VILLAGE: []}


def test_an_office_above_reads_a_county_of_its_own_and_nothing_outside(community):
    assert selectors.coverage_area(actor=community.overseer, county="360121") == "360121"
    with pytest.raises(NotFoundError):
        selectors.coverage_area(actor=community.overseer, county="430121")
    with pytest.raises(NotFoundError):
        selectors.coverage_area(actor=community.overseer)
    assert selectors.coverage_area(actor=community.supervisor) == TOWNSHIP
    with pytest.raises(PermissionDeniedError):
        selectors.coverage_area(actor=community.village_director)


def test_the_county_records_a_course_with_its_attendance(community):
    course = training.training_course_record(
        actor=community.county_officer, data=COURSE,
        attendee_ids=[community.village_director.pk, community.supervisor.pk])
    assert course.county_code == "360121"
    assert list(selectors.person_trainings(person=community.supervisor)) == [course]
    assert selectors.training_figures(area="360121", year=2026) == {
        "supervisors": 1, "directors": 1, "supervisors_untrained": 0,
        "directors_untrained": 0}
    assert selectors.training_figures(area="360121", year=2025)["directors_untrained"] == 1
    # Recording someone again keeps one attendance.
    training.training_attendance_record(actor=community.county_officer, course_id=course.pk,
                                        attendee_ids=[community.supervisor.pk])
    assert course.attendances.count() == 2


def test_a_course_refuses_every_bad_field_at_once(community):
    errors = refusal(lambda: training.training_course_record(
        actor=community.county_officer,
        data={**COURSE, "topic": " ", "hours": Decimal(0), "place": "",
              "held_on": dt.date(2026, 3, 1)}))
    assert errors == {"topic": [str(training.rules.MSG_REQUIRED)],
                      "hours": [str(training.MSG_HOURS)],
                      "place": [str(training.MSG_PLACE_OR_ONLINE)],
                      "held_on": [str(MSG_DATE_FUTURE)]}
    online = training.training_course_record(actor=community.county_officer,
                                             data={**COURSE, "place": "", "online": True})
    assert online.online


def test_attendance_refuses_people_outside_the_county_and_none(community, make_user):
    course = training.training_course_record(actor=community.county_officer, data=COURSE)
    stranger = make_user(Role.CHILD_SUPERVISOR, division_code=OTHER_TOWNSHIP)
    errors = refusal(lambda: training.training_attendance_record(
        actor=community.county_officer, course_id=course.pk,
        attendee_ids=[community.supervisor.pk, stranger.pk]))
    assert errors == {"attendees": [str(training.MSG_ATTENDEE_OUTSIDE)]}
    errors = refusal(lambda: training.training_attendance_record(
        actor=community.county_officer, course_id=course.pk,
        attendee_ids=[community.county_officer.pk]))
    assert errors == {"attendees": [str(training.MSG_ATTENDEE_OUTSIDE)]}
    errors = refusal(lambda: training.training_attendance_record(
        actor=community.county_officer, course_id=course.pk, attendee_ids=[]))
    assert errors == {"attendees": [str(training.MSG_ATTENDEES_REQUIRED)]}
    assert not course.attendances.exists()


def test_training_is_the_countys_own(community):
    course = training.training_course_record(actor=community.county_officer, data=COURSE)
    with pytest.raises(PermissionDeniedError):
        training.training_course_record(actor=community.supervisor, data=COURSE)
    with pytest.raises(PermissionDeniedError):
        training.training_course_record(actor=community.overseer, data=COURSE)
    with pytest.raises(NotFoundError):
        training.training_course_update(actor=community.out_of_scope, course_id=course.pk,
                                        version=course.version, data={"topic": "x"})
    with pytest.raises(StaleVersionError):
        training.training_course_update(actor=community.county_officer, course_id=course.pk,
                                        version=course.version - 1, data={"topic": "x"})
    with pytest.raises(NotFoundError):
        selectors.person_get(actor=community.out_of_scope, person_id=community.supervisor.pk)
    assert list(selectors.course_list(actor=community.overseer)) == [course]
    assert list(selectors.course_list(actor=community.out_of_scope)) == []
