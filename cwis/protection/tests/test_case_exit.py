"""The exit of a protection case: return to the guardian or entrust to relatives with
follow-up visits (the last one closes the case), every refusal, who may act."""

import datetime as dt
from zoneinfo import ZoneInfo

import pytest
import time_machine
from django.core.exceptions import ValidationError
from django.utils.translation import gettext

from cwis.children.services import rules
from cwis.core.errors import NotFoundError, PermissionDeniedError, StaleVersionError
from cwis.core.todo import todo_for
from cwis.core.validators import MSG_DATE_FUTURE
from cwis.protection.models import CaseFollowUp, CaseOutcome, CaseState, Recommendation
from cwis.protection.selectors import cases as case_selectors
from cwis.protection.selectors import exits as exit_selectors
from cwis.protection.services import cases as services
from cwis.protection.services import exits
from cwis.protection.tests.factories import found_alone, guardian_able

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("frozen_today")]
SHANGHAI = ZoneInfo("Asia/Shanghai")


def refusal(call) -> dict[str, list[str]]:
    with pytest.raises(ValidationError) as info:
        call()
    return info.value.message_dict


def ready_case(case_users, *, recommendation=Recommendation.RETURN_TO_GUARDIAN,
               confirm: bool = True):
    case = services.case_open(actor=case_users.worker, child_id=case_users.child.pk,
                              data=found_alone())
    assessment = services.assessment_record(actor=case_users.worker, case_id=case.pk,
                                            data=guardian_able(recommendation=recommendation))
    if confirm:
        services.assessment_confirm(actor=case_users.officer, assessment_id=assessment.pk,
                                    version=1)
    case.refresh_from_db()
    return case


def go_home(actor, case, **overrides):
    kwargs = {"actor": actor, "case_id": case.pk, "version": case.version,
              "outcome": CaseOutcome.RETURNED, "exit_on": dt.date(2026, 2, 1),
              "follow_up_months": 4, "visit_every_months": 2}
    kwargs.update(overrides)
    return exits.case_exit_home(**kwargs)


def visit(actor, follow_up, on, **overrides):
    kwargs = {"actor": actor, "follow_up_id": follow_up.pk, "version": follow_up.version,
              "visited_on": on, "method": "home", "situation": "与父亲同住，按时上学"}
    kwargs.update(overrides)
    return exits.follow_up_record(**kwargs)


def follow_up_items(user) -> list:
    return [i for i in todo_for(user) if i.kind == "protection.follow_up"]


def test_follow_up_dates_run_every_so_many_months_to_the_end_of_the_period():
    assert exits.follow_up_dates(dt.date(2026, 2, 1), 6, 2) == [
        dt.date(2026, 4, 1), dt.date(2026, 6, 1), dt.date(2026, 8, 1)]
    assert exits.follow_up_dates(dt.date(2026, 1, 31), 5, 2) == [
        dt.date(2026, 3, 31), dt.date(2026, 5, 31), dt.date(2026, 6, 30)]
    assert exits.follow_up_dates(dt.date(2025, 11, 30), 3, 3) == [dt.date(2026, 2, 28)]


def test_the_child_returns_home_and_the_last_follow_up_visit_closes_the_case(case_users):
    case = ready_case(case_users)
    case = go_home(case_users.worker, case)
    assert (case.outcome, case.state, case.exit_by) == (
        CaseOutcome.RETURNED, CaseState.OPEN, case_users.worker)
    visits = list(case.follow_ups.all())
    assert [v.due_on for v in visits] == [dt.date(2026, 4, 1), dt.date(2026, 6, 1)]
    # The to-do of the county's case workers and of the child's village and township.
    for user in (case_users.worker, case_users.officer, case_users.village_director,
                 case_users.supervisor):
        assert [i.due for i in follow_up_items(user)] == [dt.date(2026, 4, 1),
                                                          dt.date(2026, 6, 1)]
    assert follow_up_items(case_users.out_of_scope) == []
    assert follow_up_items(case_users.province) == []

    with time_machine.travel(dt.datetime(2026, 4, 2, 10, tzinfo=SHANGHAI), tick=False):
        first = follow_up_items(case_users.village_director)[0]
        assert first.is_overdue(dt.date(2026, 4, 2))
        visit(case_users.village_director, visits[0], dt.date(2026, 4, 2))
    case.refresh_from_db()
    assert case.state == CaseState.OPEN
    with time_machine.travel(dt.datetime(2026, 6, 1, 10, tzinfo=SHANGHAI), tick=False):
        visit(case_users.worker, visits[1], dt.date(2026, 6, 1))
    case.refresh_from_db()
    assert (case.state, case.closed_on, case.closed_by, case.outcome) == (
        CaseState.CLOSED, dt.date(2026, 6, 1), case_users.worker, CaseOutcome.RETURNED)
    assert follow_up_items(case_users.worker) == []
    kinds = [e.kind for e in case_selectors.case_timeline(case=case)]
    assert kinds[-4:] == ["exit", "follow_up", "follow_up", "closed"]
    assert case.history.first().history_change_reason == gettext("Case closed")


def test_a_closed_case_no_longer_changes_and_a_new_case_may_follow(case_users):
    case = go_home(case_users.worker, ready_case(case_users), follow_up_months=1,
                   visit_every_months=1)
    visit(case_users.worker, case.follow_ups.get(), dt.date(2026, 2, 1))
    case.refresh_from_db()
    assert case.state == CaseState.CLOSED
    assert refusal(lambda: services.assessment_record(
        actor=case_users.worker, case_id=case.pk, data=guardian_able())) == {
        "__all__": [str(services.MSG_CASE_CLOSED)]}
    assert refusal(lambda: go_home(case_users.worker, case)) == {
        "__all__": [str(services.MSG_CASE_CLOSED)]}
    assert refusal(lambda: services.case_update(
        actor=case_users.worker, case_id=case.pk, version=case.version, data={})) == {
        "__all__": [str(services.MSG_CASE_CLOSED)]}
    again = services.case_open(actor=case_users.worker, child_id=case_users.child.pk,
                               data=found_alone())
    assert again.pk != case.pk
    closed = case_selectors.case_list(actor=case_users.worker, filters={"state": "closed"})
    assert list(closed) == [case]


def test_entrusting_to_relatives_names_them(case_users):
    case = ready_case(case_users, recommendation=Recommendation.ENTRUST_RELATIVES)
    assert refusal(lambda: go_home(case_users.worker, case,
                                   outcome=CaseOutcome.ENTRUSTED)) == {
        "note": [str(exits.MSG_RELATIVES)]}
    case = go_home(case_users.worker, case, outcome=CaseOutcome.ENTRUSTED,
                   note="舅舅王大明，莲塘村五组")
    assert case.outcome == CaseOutcome.ENTRUSTED
    assert case.follow_ups.count() == 2


def test_the_exit_follows_a_confirmed_assessment_recommending_it(case_users):
    unconfirmed = ready_case(case_users, confirm=False)
    assert refusal(lambda: go_home(case_users.worker, unconfirmed)) == {
        "outcome": [str(exits.MSG_NOT_RECOMMENDED)]}


def test_every_refusal_of_the_exit_is_given_at_once(case_users):
    case = ready_case(case_users, recommendation=Recommendation.ENTRUST_RELATIVES)
    assert refusal(lambda: go_home(case_users.worker, case, exit_on=dt.date(2026, 2, 2),
                                   follow_up_months=30)) == {
        "outcome": [str(exits.MSG_NOT_RECOMMENDED)],
        "exit_on": [str(MSG_DATE_FUTURE)],
        "follow_up_months": [str(exits.MSG_FOLLOW_UP_MONTHS)],
    }
    assert refusal(lambda: go_home(case_users.worker, case, outcome=CaseOutcome.ENTRUSTED,
                                   note="舅舅", exit_on=dt.date(2026, 1, 30),
                                   visit_every_months=5)) == {
        "exit_on": [str(exits.MSG_EXIT_BEFORE_ASSESSMENT)],
        "visit_every_months": [str(exits.MSG_VISIT_EVERY)],
    }
    assert refusal(lambda: go_home(case_users.worker, case, outcome="adoption",
                                   exit_on=None)) == {"outcome": [str(rules.MSG_CHOOSE)]}
    assert not CaseFollowUp.objects.exists()


def test_the_exit_is_recorded_once_and_a_stale_version_is_refused(case_users):
    case = ready_case(case_users)
    with pytest.raises(StaleVersionError):
        go_home(case_users.worker, case, version=case.version - 1)
    case = go_home(case_users.worker, case)
    assert refusal(lambda: go_home(case_users.worker, case)) == {
        "__all__": [str(exits.MSG_EXIT_RECORDED)]}


def test_a_child_in_another_institutions_care_leaves_it_there_first(case_users):
    """Only the county's protection institution's care ends with the case's exit
    (test_case_exit_from_care.py); another institution records the leaving itself."""
    from cwis.children.models import Child
    from cwis.institutions.tests.factories import InstitutionFactory

    case = ready_case(case_users)
    for other in (InstitutionFactory(kind="child_welfare"),
                  InstitutionFactory(kind="minors_protection", division_code="360124")):
        Child.objects.filter(pk=case.child_id).update(status="in_care",
                                                      current_institution=other)
        assert refusal(lambda: go_home(case_users.worker, case)) == {
            "__all__": [str(exits.MSG_CHILD_IN_CARE)]}


def test_who_may_record_the_exit(case_users):
    case = ready_case(case_users)
    for user in (case_users.province, case_users.village_director, case_users.ministry):
        with pytest.raises(PermissionDeniedError):
            go_home(user, case)
    with pytest.raises(NotFoundError):
        go_home(case_users.out_of_scope, case)
    assert go_home(case_users.officer, case).outcome == CaseOutcome.RETURNED


def test_every_refusal_of_a_follow_up_visit(case_users):
    case = go_home(case_users.worker, ready_case(case_users))
    first = case.follow_ups.first()
    assert refusal(lambda: visit(case_users.supervisor, first, dt.date(2026, 1, 31),
                                 method="", situation=" ")) == {
        "visited_on": [str(exits.MSG_VISIT_BEFORE_EXIT)],
        "method": [str(rules.MSG_CHOOSE)],
        "situation": [str(services.MSG_TEXT_REQUIRED)],
    }
    assert refusal(lambda: visit(case_users.supervisor, first, dt.date(2026, 2, 2))) == {
        "visited_on": [str(MSG_DATE_FUTURE)]}
    assert refusal(lambda: visit(case_users.supervisor, first, None)) == {
        "visited_on": [str(rules.MSG_DATE_REQUIRED)]}
    visit(case_users.supervisor, first, dt.date(2026, 2, 1))
    first.refresh_from_db()
    assert refusal(lambda: visit(case_users.worker, first, dt.date(2026, 2, 1))) == {
        "__all__": [str(exits.MSG_VISIT_DONE)]}
    with pytest.raises(StaleVersionError):
        visit(case_users.worker, first, dt.date(2026, 2, 1), version=first.version - 1)


def test_who_may_record_a_follow_up_visit(case_users, make_user):
    from cwis.core.permissions import Role
    from cwis.protection.tests.factories import OTHER_VILLAGE

    case = go_home(case_users.worker, ready_case(case_users))
    first = case.follow_ups.first()
    other_village = make_user(Role.CHILD_DIRECTOR, division_code=OTHER_VILLAGE)
    for user in (case_users.out_of_scope, other_village):
        with pytest.raises(NotFoundError):
            visit(user, first, dt.date(2026, 2, 1))
    for user in (case_users.province, case_users.ministry, case_users.prefecture):
        with pytest.raises(PermissionDeniedError):
            visit(user, first, dt.date(2026, 2, 1))


def test_the_village_worker_sees_the_follow_up_and_the_open_case_not_its_content(case_users):
    case = go_home(case_users.worker, ready_case(case_users))
    director = case_users.village_director
    assert case_selectors.child_has_open_case(actor=director, child=case.child)
    assert [v.due_on for v in exit_selectors.child_follow_ups(actor=director,
                                                              child=case.child)] == [
        dt.date(2026, 4, 1), dt.date(2026, 6, 1)]
    assert exit_selectors.follow_up_get(actor=director,
                                        follow_up_id=case.follow_ups.first().pk)
    with pytest.raises(NotFoundError):
        case_selectors.case_get(actor=director, case_id=case.pk)
    with pytest.raises(NotFoundError):
        case_selectors.assessment_get(actor=director,
                                      assessment_id=case.assessments.get().pk)
    assert list(case_selectors.case_list(actor=director)) == []
