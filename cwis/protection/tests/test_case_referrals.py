"""Referrals (服务转介) on a protection case: sent -> accepted -> delivered -> closed, or
declined with a reason; each step by whom and when; the answer due on the to-do list and an
alert once overdue; refused steps, stale versions, out-of-scope and read-only users."""

import datetime as dt

import pytest
import time_machine
from django.core.exceptions import ValidationError
from django.utils.translation import gettext

from cwis.children.services import rules
from cwis.core.errors import NotFoundError, PermissionDeniedError, StaleVersionError
from cwis.core.todo import todo_for
from cwis.core.validators import MSG_DATE_FUTURE
from cwis.protection.models import Referral, ReferralState
from cwis.protection.services import cases as case_services
from cwis.protection.services import referrals as services
from cwis.protection.tests.factories import SHANGHAI, counselling, found_alone

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("frozen_today")]


def refusal(call) -> dict[str, list[str]]:
    with pytest.raises(ValidationError) as info:
        call()
    return info.value.message_dict


@pytest.fixture
def case(case_users):
    return case_services.case_open(actor=case_users.worker, child_id=case_users.child.pk,
                                   data=found_alone())


def send(actor, case, **overrides) -> Referral:
    return services.referral_send(actor=actor, case_id=case.pk, data=counselling(**overrides))


def referral_items(user) -> list:
    return [i for i in todo_for(user) if i.kind == "protection.referral_answer"]


def test_a_referral_goes_from_sent_to_closed_with_who_and_when(case_users, case):
    referral = send(case_users.worker, case)
    assert (referral.state, referral.sent_by, referral.answer_due) == (
        ReferralState.SENT, case_users.worker, dt.date(2026, 2, 15))  # 14 days (setting)
    referral = services.referral_answer(
        actor=case_users.officer, referral_id=referral.pk, version=1, accepted=True,
        answered_on=dt.date(2026, 2, 1), note="阳光社工站李老师电话确认")
    assert (referral.state, referral.answered_by, referral.version) == (
        ReferralState.ACCEPTED, case_users.officer, 2)
    referral = services.referral_deliver(
        actor=case_users.worker, referral_id=referral.pk, version=2,
        delivered_on=dt.date(2026, 2, 1), outcome="完成四次心理咨询，情绪稳定")
    assert (referral.state, referral.delivered_by) == (ReferralState.DELIVERED,
                                                       case_users.worker)
    referral = services.referral_close(
        actor=case_users.worker, referral_id=referral.pk, version=3,
        closed_on=dt.date(2026, 2, 1), note="无需继续咨询")
    assert (referral.state, referral.closed_by, referral.closing_note) == (
        ReferralState.CLOSED, case_users.worker, "无需继续咨询")
    assert referral.history.count() == 4
    assert referral_items(case_users.worker) == []


def test_the_answer_due_date_may_be_set_when_sent(case_users, case):
    referral = send(case_users.worker, case, answer_due=dt.date(2026, 2, 5))
    assert referral.answer_due == dt.date(2026, 2, 5)


def test_every_refusal_of_a_referral_is_given_at_once(case_users, case):
    errors = refusal(lambda: send(case_users.worker, case, sent_on=dt.date(2026, 2, 2),
                                  recipient_kind="army", department="", service="magic",
                                  recipient_name=" ", request=""))
    assert errors["sent_on"] == [str(MSG_DATE_FUTURE)]
    assert errors["recipient_kind"] == [str(rules.MSG_CHOOSE)]
    assert errors["department"] == [str(rules.MSG_CHOOSE)]
    assert errors["service"] == [str(rules.MSG_CHOOSE)]
    assert errors["recipient_name"] == [str(services.MSG_RECIPIENT_REQUIRED)]
    assert errors["request"] == [str(case_services.MSG_TEXT_REQUIRED)]
    errors = refusal(lambda: send(case_users.worker, case, sent_on=dt.date(2026, 1, 29)))
    assert errors["sent_on"] == [str(services.MSG_SENT_BEFORE_OPENING)]
    errors = refusal(lambda: send(case_users.worker, case, answer_due=dt.date(2026, 1, 30)))
    assert errors["answer_due"] == [str(services.MSG_DUE_AFTER_SENT)]
    assert not Referral.objects.exists()


def test_a_declined_referral_needs_its_reason_and_ends_there(case_users, case):
    referral = send(case_users.worker, case)
    errors = refusal(lambda: services.referral_answer(
        actor=case_users.worker, referral_id=referral.pk, version=1, accepted=False,
        answered_on=None, decline_reason=""))
    assert errors["answered_on"] == [str(rules.MSG_DATE_REQUIRED)]
    assert errors["decline_reason"] == [str(services.MSG_DECLINE_REASON)]
    errors = refusal(lambda: services.referral_answer(
        actor=case_users.worker, referral_id=referral.pk, version=1, accepted=None,
        answered_on=dt.date(2026, 1, 29)))
    assert errors["accepted"] == [str(rules.MSG_CHOOSE)]
    assert errors["answered_on"] == [str(services.MSG_BEFORE_PREVIOUS_STEP)]

    declined = services.referral_answer(
        actor=case_users.worker, referral_id=referral.pk, version=1, accepted=False,
        answered_on=dt.date(2026, 2, 1), decline_reason="本月名额已满")
    assert (declined.state, declined.decline_reason) == (ReferralState.DECLINED, "本月名额已满")
    errors = refusal(lambda: services.referral_deliver(
        actor=case_users.worker, referral_id=referral.pk, version=2,
        delivered_on=dt.date(2026, 2, 1), outcome="x"))
    assert errors["__all__"] == [str(services.MSG_DELIVER_NOT_ALLOWED % {
        "state": ReferralState.DECLINED.label})]


def test_steps_out_of_order_are_refused(case_users, case):
    referral = send(case_users.worker, case)
    errors = refusal(lambda: services.referral_deliver(
        actor=case_users.worker, referral_id=referral.pk, version=1,
        delivered_on=dt.date(2026, 2, 1), outcome="x"))
    assert errors["__all__"] == [str(services.MSG_DELIVER_NOT_ALLOWED % {
        "state": ReferralState.SENT.label})]
    errors = refusal(lambda: services.referral_close(
        actor=case_users.worker, referral_id=referral.pk, version=1,
        closed_on=dt.date(2026, 2, 1), note="x"))
    assert errors["__all__"] == [str(services.MSG_CLOSE_NOT_ALLOWED % {
        "state": ReferralState.SENT.label})]
    services.referral_answer(actor=case_users.worker, referral_id=referral.pk, version=1,
                             accepted=True, answered_on=dt.date(2026, 2, 1))
    errors = refusal(lambda: services.referral_answer(
        actor=case_users.worker, referral_id=referral.pk, version=2, accepted=True,
        answered_on=dt.date(2026, 2, 1)))
    assert errors["__all__"] == [str(services.MSG_ANSWER_NOT_ALLOWED % {
        "state": ReferralState.ACCEPTED.label})]
    errors = refusal(lambda: services.referral_deliver(
        actor=case_users.worker, referral_id=referral.pk, version=2, delivered_on=None,
        outcome=" "))
    assert errors["delivered_on"] == [str(rules.MSG_DATE_REQUIRED)]
    assert errors["outcome"] == [str(services.MSG_OUTCOME_REQUIRED)]
    assert Referral.objects.get().state == ReferralState.ACCEPTED


def test_a_stale_step_is_refused(case_users, case):
    referral = send(case_users.worker, case)
    services.referral_answer(actor=case_users.worker, referral_id=referral.pk, version=1,
                             accepted=True, answered_on=dt.date(2026, 2, 1))
    with pytest.raises(StaleVersionError):
        services.referral_deliver(actor=case_users.officer, referral_id=referral.pk,
                                  version=1, delivered_on=dt.date(2026, 2, 1), outcome="x")
    assert Referral.objects.get().delivered_on is None


def test_out_of_scope_and_other_roles_cannot_refer_or_answer(case_users, case):
    with pytest.raises(NotFoundError):
        send(case_users.out_of_scope, case)
    for user in (case_users.prefecture, case_users.province, case_users.village_director,
                 case_users.supervisor, case_users.ministry):
        with pytest.raises(PermissionDeniedError):
            send(user, case)
    referral = send(case_users.worker, case)
    with pytest.raises(NotFoundError):
        services.referral_answer(actor=case_users.out_of_scope, referral_id=referral.pk,
                                 version=1, accepted=True, answered_on=dt.date(2026, 2, 1))
    with pytest.raises(PermissionDeniedError):
        services.referral_answer(actor=case_users.prefecture, referral_id=referral.pk,
                                 version=1, accepted=True, answered_on=dt.date(2026, 2, 1))
    assert Referral.objects.get().state == ReferralState.SENT


def test_an_unanswered_referral_is_on_the_to_do_list_and_overdue_after_its_date(
        case_users, case):
    send(case_users.worker, case)
    items = referral_items(case_users.officer)
    assert [(i.due, i.is_overdue(dt.date(2026, 2, 1))) for i in items] == [
        (dt.date(2026, 2, 15), False)]
    assert "王小安" in items[0].title
    assert "阳光社工站" in items[0].title
    assert items[0].url == f"/protection/cases/{case.pk}/"
    for user in (case_users.village_director, case_users.supervisor, case_users.out_of_scope,
                 case_users.prefecture, case_users.ministry):
        assert referral_items(user) == []
    with time_machine.travel(dt.datetime(2026, 2, 16, 9, 0, tzinfo=SHANGHAI), tick=False):
        items = referral_items(case_users.worker)
        assert [i.is_overdue(dt.date(2026, 2, 16)) for i in items] == [True]


def test_nothing_more_is_recorded_on_a_closed_case(case_users, case):
    referral = send(case_users.worker, case)
    type(case).objects.filter(pk=case.pk).update(state="closed")
    errors = refusal(lambda: send(case_users.worker, case))
    assert errors["__all__"] == [str(case_services.MSG_CASE_CLOSED)]
    errors = refusal(lambda: services.referral_answer(
        actor=case_users.worker, referral_id=referral.pk, version=1, accepted=True,
        answered_on=dt.date(2026, 2, 1)))
    assert errors["__all__"] == [str(case_services.MSG_CASE_CLOSED)]
    assert referral_items(case_users.worker) == []


def test_each_step_is_in_the_case_history(case_users, case):
    from cwis.protection.selectors.cases import case_history

    referral = send(case_users.worker, case)
    services.referral_answer(actor=case_users.worker, referral_id=referral.pk, version=1,
                             accepted=False, answered_on=dt.date(2026, 2, 1),
                             decline_reason="名额已满")
    reasons = [row.history_change_reason for row in referral.history.order_by("history_id")]
    assert reasons == [gettext("Referral sent"), gettext("Referral declined")]
    assert len(case_history(case=case)) >= 3  # the case's opening and the two steps
