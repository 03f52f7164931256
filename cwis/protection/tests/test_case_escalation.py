"""Overdue case deadlines escalated to the offices above the county (DESIGN.md rule 6): past
CWIS_ESCALATION_DAYS the prefecture and province get one item per deadline naming the case
number and county only, leading to the reasoned-access page; before that, and for the
ministry, village and township, nothing."""

import datetime as dt

import pytest
import time_machine
from django.test import override_settings

from cwis.core.todo import todo_for
from cwis.protection.services import cases as case_services
from cwis.protection.services import conferences as conference_services
from cwis.protection.services import referrals as referral_services
from cwis.protection.tests.factories import SHANGHAI, counselling, found_alone

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("frozen_today")]

DAYS = {"protection.first_assessment": 14, "protection.reassessment": 30,
        "protection.decision": 10, "protection.referral_answer": 5}


@pytest.fixture
def case(case_users):
    case = case_services.case_open(actor=case_users.worker, child_id=case_users.child.pk,
                                   data=found_alone())
    conference_services.conference_record(
        actor=case_users.worker, case_id=case.pk, held_on=dt.date(2026, 1, 31),
        situation="父亲失联", participants=[{"department": "police", "name": "张警官"}],
        decisions=[{"action": "寻找父亲", "department": "police", "responsible": "张警官",
                    "due_on": dt.date(2026, 2, 10)}])
    referral_services.referral_send(actor=case_users.worker, case_id=case.pk,
                                    data=counselling())  # answer due 2026-02-15
    return case


def escalated(user, on: dt.date) -> list:
    with time_machine.travel(dt.datetime(on.year, on.month, on.day, 9, 0, tzinfo=SHANGHAI),
                             tick=False):
        return [i for i in todo_for(user) if i.kind.startswith("protection.")]


@pytest.fixture(autouse=True)
def escalation_days(settings):
    settings.CWIS_ESCALATION_DAYS = {**settings.CWIS_ESCALATION_DAYS, **DAYS}


def test_overdue_items_reach_the_prefecture_by_case_number_only_past_the_point(
        case_users, case):
    # 2026-02-20: the decision (due 02-10) is 10 days overdue, not past 10; nothing yet.
    assert escalated(case_users.prefecture, dt.date(2026, 2, 20)) == []
    # 2026-02-21: the decision and the referral (due 02-15, 6 days) are escalated.
    items = escalated(case_users.prefecture, dt.date(2026, 2, 21))
    assert sorted(i.kind for i in items) == ["protection.decision",
                                             "protection.referral_answer"]
    for item in items:
        assert f"{case.pk}" in item.title
        assert "南昌县" in item.title
        assert "王小安" not in item.title
        assert "寻找父亲" not in item.title
        assert item.url == f"/protection/cases/{case.pk}/"
        assert item.institution == "南昌县"
    # 2026-03-16: the first assessment (due 03-01) is past its 14 days too.
    kinds = sorted(i.kind for i in escalated(case_users.province, dt.date(2026, 3, 16)))
    assert kinds == ["protection.decision", "protection.first_assessment",
                     "protection.referral_answer"]


def test_the_ministry_the_village_and_another_county_get_no_escalated_item(case_users, case):
    for user in (case_users.ministry, case_users.village_director, case_users.supervisor,
                 case_users.out_of_scope):
        assert escalated(user, dt.date(2026, 3, 16)) == []


def test_an_item_done_in_time_is_not_escalated(case_users, case):
    decision = case.conferences.get().decisions.get()
    with time_machine.travel(dt.datetime(2026, 2, 12, 9, 0, tzinfo=SHANGHAI), tick=False):
        conference_services.decision_done(actor=case_users.worker, decision_id=decision.pk,
                                          version=1, done_on=dt.date(2026, 2, 12),
                                          note="已找到")
    kinds = [i.kind for i in escalated(case_users.prefecture, dt.date(2026, 2, 21))]
    assert kinds == ["protection.referral_answer"]


@override_settings()
def test_a_kind_without_an_escalation_point_stays_counts_only(case_users, case, settings):
    settings.CWIS_ESCALATION_DAYS = {**settings.CWIS_ESCALATION_DAYS,
                                     "protection.decision": None,
                                     "protection.referral_answer": None}
    assert escalated(case_users.prefecture, dt.date(2026, 2, 21)) == []


def test_the_case_workers_still_see_their_own_items(case_users, case):
    kinds = {i.kind for i in escalated(case_users.worker, dt.date(2026, 2, 21))}
    assert {"protection.decision", "protection.referral_answer",
            "protection.first_assessment"} <= kinds
    titles = [i.title for i in escalated(case_users.worker, dt.date(2026, 2, 21))]
    assert any("王小安" in t for t in titles)
