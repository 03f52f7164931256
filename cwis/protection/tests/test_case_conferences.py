"""Case conferences: participants by department, decisions with who does what by when, each
on the to-do list until marked done with a note."""

import datetime as dt

import pytest
import time_machine
from django.core.exceptions import ValidationError

from cwis.children.services import rules
from cwis.core.errors import NotFoundError, PermissionDeniedError, StaleVersionError
from cwis.core.todo import todo_for
from cwis.core.validators import MSG_DATE_FUTURE
from cwis.protection.models import CaseConference, ConferenceDecision
from cwis.protection.services import cases as case_services
from cwis.protection.services import conferences as services
from cwis.protection.tests.factories import SHANGHAI, found_alone

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("frozen_today")]

PARTICIPANTS = [{"department": "school", "name": "莲塘小学李老师", "role": "班主任"},
                {"department": "police", "name": "莲塘派出所张警官", "role": ""}]
DECISIONS = [
    {"action": "安排心理辅导", "department": "social_organisation", "responsible": "阳光社工站",
     "due_on": dt.date(2026, 2, 10)},
    {"action": "联系父亲返乡", "department": "village_committee", "responsible": "王主任",
     "due_on": dt.date(2026, 2, 20)},
]


def refusal(call) -> dict[str, list[str]]:
    with pytest.raises(ValidationError) as info:
        call()
    return info.value.message_dict


@pytest.fixture
def case(case_users):
    return case_services.case_open(actor=case_users.worker, child_id=case_users.child.pk,
                                   data=found_alone())


def hold(actor, case, **overrides) -> CaseConference:
    args = {"held_on": dt.date(2026, 1, 31), "situation": "儿童已安置在机构，父亲仍失联",
            "participants": PARTICIPANTS, "decisions": DECISIONS, **overrides}
    return services.conference_record(actor=actor, case_id=case.pk, **args)


def decision_items(user) -> list[tuple[str, dt.date]]:
    return [(i.title, i.due) for i in todo_for(user) if i.kind == "protection.decision"]


def test_a_conference_is_recorded_with_its_decisions_on_the_to_do_list(case_users, case):
    conference = hold(case_users.worker, case)
    assert [p.department for p in conference.participants.all()] == ["school", "police"]
    assert [d.due_on for d in conference.decisions.all()] == [dt.date(2026, 2, 10),
                                                               dt.date(2026, 2, 20)]
    items = decision_items(case_users.officer)
    assert [due for _title, due in items] == [dt.date(2026, 2, 10), dt.date(2026, 2, 20)]
    assert "安排心理辅导" in items[0][0]
    for user in (case_users.village_director, case_users.prefecture, case_users.out_of_scope):
        assert decision_items(user) == []


def test_every_refusal_of_a_conference_is_given_at_once(case_users, case):
    errors = refusal(lambda: hold(
        case_users.worker, case, held_on=dt.date(2026, 2, 3), situation=" ",
        participants=[{"department": "army", "name": ""}],
        decisions=[{"action": "", "department": "", "responsible": "", "due_on": None}]))
    assert errors["held_on"] == [str(MSG_DATE_FUTURE)]
    assert errors["situation"] == [str(case_services.MSG_TEXT_REQUIRED)]
    assert errors["participants.0.department"] == [str(rules.MSG_CHOOSE)]
    assert errors["participants.0.name"] == [str(services.MSG_NAME_REQUIRED)]
    assert errors["decisions.0.action"] == [str(case_services.MSG_TEXT_REQUIRED)]
    assert errors["decisions.0.department"] == [str(rules.MSG_CHOOSE)]
    assert errors["decisions.0.responsible"] == [str(services.MSG_WHO_REQUIRED)]
    assert errors["decisions.0.due_on"] == [str(rules.MSG_DATE_REQUIRED)]
    assert not CaseConference.objects.exists()


def test_a_conference_needs_a_participant_and_dates_in_order(case_users, case):
    errors = refusal(lambda: hold(
        case_users.worker, case, participants=[],
        decisions=[{**DECISIONS[0], "due_on": dt.date(2026, 1, 30)}]))
    assert errors["participants"] == [str(services.MSG_NO_PARTICIPANTS)]
    assert errors["decisions.0.due_on"] == [str(services.MSG_DUE_BEFORE_CONFERENCE)]
    errors = refusal(lambda: hold(case_users.worker, case, held_on=dt.date(2026, 1, 29)))
    assert errors["held_on"] == [str(services.MSG_HELD_BEFORE_OPENING)]


def test_a_decision_is_marked_done_with_a_note(case_users, case):
    decision = hold(case_users.worker, case).decisions.first()
    errors = refusal(lambda: services.decision_done(
        actor=case_users.worker, decision_id=decision.pk, version=1, done_on=None, note=""))
    assert errors["done_on"] == [str(rules.MSG_DATE_REQUIRED)]
    assert errors["note"] == [str(case_services.MSG_TEXT_REQUIRED)]

    done = services.decision_done(actor=case_users.worker, decision_id=decision.pk,
                                  version=1, done_on=dt.date(2026, 2, 1), note="已约定每周一次")
    assert (done.done_on, done.done_by, done.version) == (dt.date(2026, 2, 1),
                                                          case_users.worker, 2)
    assert [due for _t, due in decision_items(case_users.worker)] == [dt.date(2026, 2, 20)]
    errors = refusal(lambda: services.decision_done(
        actor=case_users.worker, decision_id=decision.pk, version=2,
        done_on=dt.date(2026, 2, 1), note="再次"))
    assert errors["__all__"] == [str(services.MSG_ALREADY_DONE)]


def test_a_stale_decision_is_refused(case_users, case):
    decision = hold(case_users.worker, case).decisions.first()
    decision.version = 2  # someone else changed it since it was read
    decision.save(update_fields=["version"])
    with pytest.raises(StaleVersionError):
        services.decision_done(actor=case_users.officer, decision_id=decision.pk, version=1,
                               done_on=dt.date(2026, 2, 1), note="完成")
    assert ConferenceDecision.objects.get(pk=decision.pk).done_on is None


def test_out_of_scope_and_read_only_users_cannot_hold_or_close(case_users, case):
    with pytest.raises(NotFoundError):
        hold(case_users.out_of_scope, case)
    for user in (case_users.province, case_users.village_director):
        with pytest.raises(PermissionDeniedError):
            hold(user, case)
    decision = hold(case_users.worker, case).decisions.first()
    with pytest.raises(NotFoundError):
        services.decision_done(actor=case_users.out_of_scope, decision_id=decision.pk,
                               version=1, done_on=dt.date(2026, 2, 1), note="x")
    with pytest.raises(PermissionDeniedError):
        services.decision_done(actor=case_users.prefecture, decision_id=decision.pk,
                               version=1, done_on=dt.date(2026, 2, 1), note="x")


def test_an_overdue_decision_is_overdue_on_the_to_do_list(case_users, case):
    hold(case_users.worker, case)
    with time_machine.travel(dt.datetime(2026, 2, 12, 9, 0, tzinfo=SHANGHAI), tick=False):
        items = [i for i in todo_for(case_users.worker) if i.kind == "protection.decision"]
        assert [i.is_overdue(dt.date(2026, 2, 12)) for i in items] == [True, False]
