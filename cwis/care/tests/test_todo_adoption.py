"""Upbringing assessment and adoption deadlines on the to-do list, with frozen time: due at
intake and yearly, the director's confirmation, an adoption with no progress, the visits
after it; the office above sees an item only once it is escalated."""

import datetime as dt
import re
from zoneinfo import ZoneInfo

import pytest
import time_machine

from cwis.care.models import AdoptionCase
from cwis.care.services import upbringing
from cwis.care.tests.permanency import assessment_data
from cwis.children.tests.factories import ChildFactory
from cwis.core.todo import todo_for

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("frozen_today")]

KINDS = ("care.upbringing_due", "care.upbringing_confirm", "care.adoption_stalled",
         "care.adoption_follow_up")


def items(user) -> list[tuple[str, str, dt.date]]:
    return sorted((i.kind, re.split("[:：]", i.title)[0], i.due) for i in todo_for(user)
                  if i.kind in KINDS)


def travel(day: dt.date):
    return time_machine.travel(dt.datetime(day.year, day.month, day.day, 10, 0,
                                           tzinfo=ZoneInfo("Asia/Shanghai")), tick=False)


def test_due_at_intake_then_yearly_and_escalated_to_the_office_above(perm):
    # 林小语: guardian since 10 December, assessment due 9 January (overdue on 1 February);
    # 陈小安: guardian since 10 January, due 9 February (within the notice).
    perm.child.guardianship_since = dt.date(2025, 12, 10)
    perm.child.save()
    ChildFactory(current_institution=perm.institution, name="陈小安",
                 guardianship_since=dt.date(2026, 1, 10))
    overdue = ("care.upbringing_due", "林小语", dt.date(2026, 1, 9))
    coming = ("care.upbringing_due", "陈小安", dt.date(2026, 2, 9))
    assert items(perm.director) == [overdue, coming]
    assert items(perm.social_worker) == [overdue, coming]
    assert items(perm.caregiver) == []
    assert items(perm.other_social_worker) == []
    # Past the escalation point (30 days) from 9 February: the office above, one by one.
    assert items(perm.province) == items(perm.prefecture) == []
    with travel(dt.date(2026, 2, 10)):
        assert items(perm.province) == [overdue]
        assert items(perm.ministry) == [overdue]

    assessment = upbringing.upbringing_record(actor=perm.social_worker,
                                              child_id=perm.child.pk, data=assessment_data())
    assert ("care.upbringing_confirm", "林小语", dt.date(2026, 2, 8)) in items(perm.director)
    assert all(kind != "care.upbringing_confirm" for kind, *_ in items(perm.social_worker))
    upbringing.upbringing_confirm(actor=perm.director, assessment_id=assessment.pk,
                                  version=assessment.version)
    assert items(perm.director) == [coming]
    # A year on, the next assessment falls due (shown 30 days ahead).
    with travel(dt.date(2026, 12, 20)):
        assert ("care.upbringing_due", "林小语", dt.date(2027, 1, 20)) not in items(
            perm.director)
    with travel(dt.date(2026, 12, 22)):
        assert ("care.upbringing_due", "林小语", dt.date(2027, 1, 20)) in items(perm.director)


def test_an_adoption_with_no_progress(perm):
    assessment = upbringing.upbringing_record(actor=perm.social_worker,
                                              child_id=perm.child.pk, data=assessment_data())
    upbringing.upbringing_confirm(actor=perm.director, assessment_id=assessment.pk,
                                  version=assessment.version)
    case = AdoptionCase.objects.get()
    stalled = ("care.adoption_stalled", "林小语", dt.date(2026, 8, 1))
    assert stalled not in items(perm.director)
    with travel(dt.date(2026, 7, 10)):
        assert stalled in items(perm.director)
        assert stalled in items(perm.social_worker)
        assert stalled not in items(perm.province)
    with travel(dt.date(2026, 9, 5)):  # overdue past the escalation point
        assert stalled in items(perm.province)
    with travel(dt.date(2026, 7, 10)):  # a step moves the date on
        from cwis.care.services import adoption

        adoption.adoption_list(actor=perm.social_worker, case_id=case.pk,
                               version=case.version, listed_on=dt.date(2026, 7, 10))
        assert all(kind != "care.adoption_stalled" for kind, *_ in items(perm.director))
