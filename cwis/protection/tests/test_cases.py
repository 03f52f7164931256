"""Protection cases: opening one (intake and emergency placement), correcting it, who sees
it, and the first assessment's deadline on the to-do list."""

import datetime as dt

import pytest
import time_machine
from django.core.exceptions import ValidationError

from cwis.children.services import rules
from cwis.children.tests.factories import ChildFactory
from cwis.core.audit_records import action_label, describe_entries
from cwis.core.errors import NotFoundError, PermissionDeniedError, StaleVersionError
from cwis.core.models import AccessLog
from cwis.core.todo import todo_for
from cwis.core.validators import MSG_DATE_FUTURE
from cwis.protection.models import CaseAccessReason, ProtectionCase
from cwis.protection.selectors import cases as selectors
from cwis.protection.services import cases as services
from cwis.protection.tests.factories import SHANGHAI, found_alone

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("frozen_today")]


def refusal(call) -> dict[str, list[str]]:
    with pytest.raises(ValidationError) as info:
        call()
    return info.value.message_dict


def open_case(actor, child, **overrides) -> ProtectionCase:
    return services.case_open(actor=actor, child_id=child.pk, data=found_alone(**overrides))


def test_a_protection_worker_opens_a_case_with_its_first_assessment_deadline(case_users):
    case = open_case(case_users.worker, case_users.child)

    assert case.county_code == "360121"
    assert case.state == "open"
    assert case.opened_by == case_users.worker
    assert case.first_assessment_due == dt.date(2026, 3, 1)  # 30 days after 2026-01-30
    assert case.history.first().history_user == case_users.worker


def test_the_county_officer_opens_a_case_for_a_child_in_care_of_the_county(case_users,
                                                                           scope_users):
    child = ChildFactory(current_institution=scope_users.institution_a)
    case = open_case(case_users.officer, child, placement="relatives")
    assert case.child == child
    assert case.placement == "relatives"


def test_every_refusal_of_the_intake_is_given_at_once(case_users):
    errors = refusal(lambda: open_case(
        case_users.worker, case_users.child, opened_on=dt.date(2026, 2, 5), situation="",
        reported_by="neighbour", circumstances=" ", safety_check="", placement="hotel",
        reported_at=None, placed_at=dt.datetime(2026, 3, 1, tzinfo=SHANGHAI)))

    assert errors["opened_on"] == [str(MSG_DATE_FUTURE)]
    assert errors["situation"] == errors["reported_by"] == errors["placement"] == [
        str(rules.MSG_CHOOSE)]
    assert errors["circumstances"] == errors["safety_check"] == [str(services.MSG_TEXT_REQUIRED)]
    assert errors["reported_at"] == [str(services.MSG_TIME_REQUIRED)]
    assert errors["placed_at"] == [str(services.MSG_TIME_FUTURE)]
    assert not ProtectionCase.objects.exists()


def test_times_in_the_wrong_order_and_a_missing_police_reference_are_refused(case_users):
    errors = refusal(lambda: open_case(
        case_users.worker, case_users.child, opened_on=dt.date(2026, 1, 29),
        placed_at=dt.datetime(2026, 1, 30, 7, 0, tzinfo=SHANGHAI), police_reference=""))

    assert errors["opened_on"] == [str(services.MSG_OPENED_BEFORE_REPORT)]
    assert errors["placed_at"] == [str(services.MSG_PLACED_BEFORE_REPORT)]
    assert errors["police_reference"] == [str(services.MSG_POLICE_REFERENCE)]


def test_a_child_has_one_open_case_at_a_time(case_users):
    open_case(case_users.worker, case_users.child)
    errors = refusal(lambda: open_case(case_users.officer, case_users.child))
    assert errors["__all__"] == [str(services.MSG_CASE_ALREADY_OPEN)]


def test_a_file_entered_in_error_gets_no_case(case_users):
    case_users.child.status = "entered_in_error"
    case_users.child.save()
    errors = refusal(lambda: open_case(case_users.worker, case_users.child))
    assert errors["__all__"] == [str(services.MSG_FILE_NOT_LIVE)]


def test_only_county_case_workers_open_a_case(case_users):
    for user in (case_users.village_director, case_users.supervisor, case_users.prefecture,
                 case_users.province, case_users.ministry):
        with pytest.raises(PermissionDeniedError):
            open_case(user, case_users.child)


def test_another_county_gets_not_found(case_users):
    with pytest.raises(NotFoundError):
        open_case(case_users.out_of_scope, case_users.child)
    case = open_case(case_users.worker, case_users.child)
    with pytest.raises(NotFoundError):
        selectors.case_get(actor=case_users.out_of_scope, case_id=case.pk)
    with pytest.raises(NotFoundError):
        services.case_update(actor=case_users.out_of_scope, case_id=case.pk, version=1,
                             data={"placement": "relatives"})
    assert list(selectors.case_list(actor=case_users.out_of_scope)) == []


def test_the_intake_is_corrected_with_the_version_read(case_users):
    case = open_case(case_users.worker, case_users.child)
    case = services.case_update(actor=case_users.officer, case_id=case.pk, version=1,
                                data={"placement": "foster_family",
                                      "placement_note": "张家寄养"})
    assert (case.placement, case.version) == ("foster_family", 2)
    assert case.history.count() == 2


def test_a_stale_version_is_refused(case_users):
    case = open_case(case_users.worker, case_users.child)
    services.case_update(actor=case_users.officer, case_id=case.pk, version=1,
                         data={"placement": "relatives"})
    with pytest.raises(StaleVersionError):
        services.case_update(actor=case_users.worker, case_id=case.pk, version=1,
                             data={"placement": "foster_family"})
    assert ProtectionCase.objects.get().placement == "relatives"


def test_the_county_reads_its_cases_and_the_offices_above_only_count_them(case_users):
    case = open_case(case_users.worker, case_users.child)

    assert selectors.case_get(actor=case_users.officer, case_id=case.pk) == case
    assert list(selectors.case_list(actor=case_users.worker)) == [case]
    for user in (case_users.prefecture, case_users.province, case_users.ministry):
        with pytest.raises(NotFoundError):
            selectors.case_get(actor=user, case_id=case.pk)
        assert list(selectors.case_list(actor=user)) == []
        assert selectors.case_counts(actor=user) == [{"county_code": "360121",
                                                      "open_cases": 1}]
    assert selectors.case_counts(actor=case_users.out_of_scope) == []


def test_the_prefecture_opens_a_case_only_with_a_reason_written_to_the_access_log(case_users):
    case = open_case(case_users.worker, case_users.child)
    assert selectors.case_needs_reason(actor=case_users.prefecture, case_id=case.pk)

    errors = refusal(lambda: services.case_open_with_reason(
        actor=case_users.prefecture, case_id=case.pk, reason="  "))
    assert errors["reason"] == [str(services.MSG_REASON_REQUIRED)]
    assert not AccessLog.objects.filter(object_type="protection_case").exists()

    opened = services.case_open_with_reason(actor=case_users.prefecture, case_id=case.pk,
                                            reason="督办信访件")
    assert opened == case
    log = AccessLog.objects.get(object_type="protection_case")
    assert (log.user, log.action, log.object_id, log.division_code) == (
        case_users.prefecture, "view_with_reason", str(case.pk), "360121")
    assert CaseAccessReason.objects.get(access=log).reason == "督办信访件"
    # The access log page names the entry: the action, the case by number and child, a link.
    [entry] = describe_entries([log])
    assert entry.action == str(action_label("view_with_reason")) != "view_with_reason"
    assert entry.record == f"个案第{case.pk}号 · {case_users.child.name}"
    assert entry.url == f"/protection/cases/{case.pk}/"


def test_the_ministry_and_other_provinces_cannot_open_a_case_even_with_a_reason(
        case_users, make_user):
    from cwis.conftest import OTHER_PROVINCE

    case = open_case(case_users.worker, case_users.child)
    with pytest.raises(PermissionDeniedError):
        services.case_open_with_reason(actor=case_users.ministry, case_id=case.pk,
                                       reason="抽查")
    with pytest.raises(NotFoundError):
        selectors.case_needs_reason(actor=case_users.ministry, case_id=case.pk)
    other = make_user("province_officer", division_code=OTHER_PROVINCE)
    with pytest.raises(NotFoundError):
        services.case_open_with_reason(actor=other, case_id=case.pk, reason="抽查")


def test_village_and_township_workers_see_only_that_a_case_is_open(case_users):
    child = case_users.child
    assert not selectors.child_has_open_case(actor=case_users.village_director, child=child)
    case = open_case(case_users.worker, child)

    for user in (case_users.village_director, case_users.supervisor):
        assert selectors.child_has_open_case(actor=user, child=child)
        assert selectors.case_open_for_child(actor=user, child=child) is None
        assert list(selectors.case_list(actor=user)) == []
        assert selectors.case_counts(actor=user) == []
        with pytest.raises(NotFoundError):
            selectors.case_get(actor=user, case_id=case.pk)
        with pytest.raises(NotFoundError):
            selectors.case_needs_reason(actor=user, case_id=case.pk)


def test_the_first_assessment_is_on_the_workers_to_do_list_and_overdue_later(case_users):
    case = open_case(case_users.worker, case_users.child)

    items = [i for i in todo_for(case_users.worker) if i.kind == "protection.first_assessment"]
    assert [(i.due, i.url) for i in items] == [(dt.date(2026, 3, 1),
                                                f"/protection/cases/{case.pk}/")]
    assert not items[0].is_overdue(dt.date(2026, 2, 1))

    with time_machine.travel(dt.datetime(2026, 3, 2, 10, 0, tzinfo=SHANGHAI), tick=False):
        late = [i for i in todo_for(case_users.officer)
                if i.kind == "protection.first_assessment"]
    assert late[0].is_overdue(dt.date(2026, 3, 2))
    for user in (case_users.village_director, case_users.prefecture, case_users.out_of_scope):
        assert not [i for i in todo_for(user) if i.kind.startswith("protection.")]
    assert [c.pk for c in selectors.case_list(actor=case_users.worker,
                                              filters={"overdue": True},
                                              today=dt.date(2026, 3, 2))] == [case.pk]
