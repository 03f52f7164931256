import datetime as dt
from decimal import Decimal

import pytest
from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction

from cwis.children.choices import ChildStatus
from cwis.children.models import Placement
from cwis.core.errors import NotFoundError, PermissionDeniedError, StaleVersionError
from cwis.institutions.tests.factories import InstitutionFactory
from cwis.institutions.transformation import checklist
from cwis.transfers import services
from cwis.transfers.models import (
    ArchiveItem,
    ItemStatus,
    PropertyEntry,
    Transfer,
    TransferStatus,
)
from cwis.transfers.tests.factories import draft_kwargs

pytestmark = pytest.mark.django_db


def _messages(exc: pytest.ExceptionInfo, field: str) -> list[str]:
    return exc.value.message_dict[field]


def _sent(sides, child=None):
    t = services.transfer_draft(actor=sides.officer, **draft_kwargs(sides, child))
    services.transfer_approve(actor=sides.sending_director, transfer_id=t.pk)
    return services.transfer_send(actor=sides.officer, transfer_id=t.pk)


def test_a_transfer_goes_from_draft_to_received_and_moves_everything(sides):
    child = sides.children[0]
    services.property_entry_add(actor=sides.sending_director, child_id=child.pk, kind="cash",
                                description="压岁钱", amount="350.50", on=dt.date(2025, 2, 1))
    t = services.transfer_draft(actor=sides.officer, **draft_kwargs(sides))
    services.transfer_archive_add(actor=sides.officer, transfer_id=t.pk, kind="file",
                                  title="儿童档案", pages=40)
    missing = services.transfer_archive_add(actor=sides.officer, transfer_id=t.pk,
                                            kind="medical", title="体检记录", pages=3)
    services.transfer_approve(actor=sides.sending_director, transfer_id=t.pk)
    services.transfer_send(actor=sides.officer, transfer_id=t.pk, property_total="350.50")
    item = t.property_items.get()
    t = services.transfer_receive(actor=sides.receiving_director, transfer_id=t.pk,
                                  missing_archive_ids=[missing.pk],
                                  confirmed={item.pk: ("350.00", "少五角，已记录")})
    child.refresh_from_db()
    assert t.status == TransferStatus.RECEIVED
    assert child.current_institution == sides.receiver
    assert child.division_code == sides.receiver.division_code
    assert Placement.objects.get(child=child, ended_on__isnull=True).institution == sides.receiver
    assert sorted(ArchiveItem.objects.values_list("status", flat=True)) == [
        ItemStatus.MISSING, ItemStatus.RECEIVED]
    assert services.ledger_balance(child, sides.sender.pk) == []
    assert services.ledger_balance(child, sides.receiver.pk) == [
        ("cash", "压岁钱", Decimal("350.00"))]
    assert t.history.count() >= 4


def test_batch_drafts_every_child_to_the_assigned_receiver(sides):
    transfers = services.transfer_batch_draft(actor=sides.officer, institution_id=sides.sender.pk,
                                              planned_on=dt.date(2026, 3, 1), reason="转型")
    assert {t.child_id for t in transfers} == {c.pk for c in sides.children}
    assert {t.to_institution_id for t in transfers} == {sides.receiver.pk}
    with pytest.raises(ValidationError) as exc:
        services.transfer_batch_draft(actor=sides.officer, institution_id=sides.sender.pk,
                                      planned_on=dt.date(2026, 3, 1), reason="转型")
    assert _messages(exc, "institution") == [str(services.MSG_NO_CHILDREN)]


def test_it_refuses_a_child_already_in_transfer(sides):
    services.transfer_draft(actor=sides.officer, **draft_kwargs(sides))
    with pytest.raises(ValidationError) as exc:
        services.transfer_draft(actor=sides.officer, **draft_kwargs(sides))
    assert _messages(exc, "child") == [str(services.MSG_CHILD_IN_TRANSFER)]
    assert Transfer.objects.count() == 1


def test_the_database_keeps_one_open_transfer_per_child(sides):
    t = services.transfer_draft(actor=sides.officer, **draft_kwargs(sides))
    t.pk = None
    with pytest.raises(IntegrityError), transaction.atomic():
        t.save()


def test_it_refuses_a_child_who_left_care(sides):
    child = sides.children[0]
    Placement.objects.filter(child=child).update(ended_on=dt.date(2025, 1, 1))
    type(child).objects.filter(pk=child.pk).update(status=ChildStatus.LEFT_CARE)
    with pytest.raises(ValidationError) as exc:
        services.transfer_draft(actor=sides.officer, **draft_kwargs(sides))
    assert _messages(exc, "child") == [str(services.MSG_CHILD_NOT_IN_CARE)]
    assert not Transfer.objects.exists()


@pytest.mark.parametrize("receiver", [
    {"level": "county", "division_code": "360124"},
    {"level": "prefecture", "division_code": "360100", "kind": "minors_protection"},
    {"level": "prefecture", "division_code": "360100", "status": "closed"},
    {"level": "province", "division_code": "110000"},
])
def test_it_refuses_a_receiver_that_is_not_a_child_welfare_institution_of_the_right_level(
        sides, receiver):
    wrong = InstitutionFactory(**receiver)
    with pytest.raises(ValidationError) as exc:
        services.transfer_draft(actor=sides.officer,
                                **draft_kwargs(sides, to_institution_id=wrong.pk))
    assert _messages(exc, "to_institution") == [str(services.MSG_RECEIVER_KIND)]
    assert not Transfer.objects.exists()


def test_hukou_stays_only_with_a_reason(sides):
    with pytest.raises(ValidationError) as exc:
        services.transfer_draft(actor=sides.officer, **draft_kwargs(sides, hukou_decision="stay"))
    assert _messages(exc, "hukou_stay_reason") == [str(services.MSG_HUKOU_STAY_REASON)]
    t = services.transfer_draft(actor=sides.officer, **draft_kwargs(
        sides, hukou_decision="stay", hukou_stay_reason="户籍迁移将影响拆迁安置权益"))
    assert t.hukou_stay_reason


def test_the_declared_property_total_must_add_up(sides):
    child = sides.children[0]
    services.property_entry_add(actor=sides.sending_director, child_id=child.pk,
                                kind="deposit", description="存折", amount="1000",
                                on=dt.date(2025, 1, 1))
    t = services.transfer_draft(actor=sides.officer, **draft_kwargs(sides))
    services.transfer_approve(actor=sides.officer, transfer_id=t.pk)
    with pytest.raises(ValidationError) as exc:
        services.transfer_send(actor=sides.officer, transfer_id=t.pk, property_total="900")
    assert exc.value.error_dict["property_total"][0].message == services.MSG_PROPERTY_TOTAL
    t.refresh_from_db()
    assert t.status == TransferStatus.APPROVED
    assert not t.property_items.exists()


def test_a_confirmed_amount_that_differs_needs_a_note(sides):
    child = sides.children[0]
    services.property_entry_add(actor=sides.sending_director, child_id=child.pk,
                                kind="cash", description="现金", amount="100",
                                on=dt.date(2025, 1, 1))
    t = _sent(sides)
    item = t.property_items.get()
    with pytest.raises(ValidationError) as exc:
        services.transfer_receive(actor=sides.receiving_director, transfer_id=t.pk,
                                  confirmed={item.pk: ("90", "")})
    assert _messages(exc, f"property_{item.pk}") == [str(services.MSG_DIFFERENCE_NOTE)]
    t.refresh_from_db()
    child.refresh_from_db()
    assert t.status == TransferStatus.SENT
    assert child.current_institution == sides.sender
    assert PropertyEntry.objects.count() == 1


def test_steps_out_of_order_are_refused(sides):
    t = services.transfer_draft(actor=sides.officer, **draft_kwargs(sides))
    with pytest.raises(ValidationError) as exc:
        services.transfer_send(actor=sides.officer, transfer_id=t.pk)
    assert exc.value.error_dict["status"][0].message == services.MSG_OUT_OF_ORDER
    with pytest.raises(ValidationError):
        services.transfer_receive(actor=sides.receiving_director, transfer_id=t.pk)
    t.refresh_from_db()
    assert t.status == TransferStatus.DRAFTED


def test_a_second_receipt_is_refused_and_changes_nothing(sides):
    t = _sent(sides)
    services.transfer_receive(actor=sides.receiving_director, transfer_id=t.pk)
    placements = Placement.objects.count()
    with pytest.raises(ValidationError) as exc:
        services.transfer_receive(actor=sides.receiving_director, transfer_id=t.pk)
    assert _messages(exc, "status") == [str(services.MSG_ALREADY_RECEIVED)]
    assert Placement.objects.count() == placements


def test_only_the_addressed_institution_receives(sides):
    t = _sent(sides)
    with pytest.raises(ValidationError) as exc:
        services.transfer_receive(actor=sides.sending_director, transfer_id=t.pk)
    assert _messages(exc, "to_institution") == [str(services.MSG_NOT_ADDRESSED)]
    with pytest.raises(NotFoundError):
        services.transfer_receive(actor=sides.out_of_scope_director, transfer_id=t.pk)


def test_out_of_scope_and_read_only_users_are_refused(sides):
    with pytest.raises(NotFoundError):
        services.transfer_draft(actor=sides.out_of_scope, **draft_kwargs(sides))
    with pytest.raises(PermissionDeniedError):
        services.transfer_draft(actor=sides.overseer, **draft_kwargs(sides))
    t = services.transfer_draft(actor=sides.officer, **draft_kwargs(sides))
    with pytest.raises(NotFoundError):
        services.transfer_approve(actor=sides.out_of_scope, transfer_id=t.pk)
    with pytest.raises(PermissionDeniedError):
        services.transfer_approve(actor=sides.overseer, transfer_id=t.pk)
    with pytest.raises(ValidationError):  # the receiver sees it but may not approve it
        services.transfer_approve(actor=sides.receiving_director, transfer_id=t.pk)
    t.refresh_from_db()
    assert t.status == TransferStatus.DRAFTED


def test_cancel_and_return_need_a_reason(sides):
    t = services.transfer_draft(actor=sides.officer, **draft_kwargs(sides))
    with pytest.raises(ValidationError) as exc:
        services.transfer_cancel(actor=sides.officer, transfer_id=t.pk, reason=" ")
    assert _messages(exc, "reason") == [str(services.MSG_REASON_REQUIRED)]
    services.transfer_cancel(actor=sides.officer, transfer_id=t.pk, reason="儿童由亲属领回")
    t2 = _sent(sides)
    services.transfer_return(actor=sides.receiving_director, transfer_id=t2.pk, reason="床位已满")
    t2.refresh_from_db()
    assert t2.status == TransferStatus.RETURNED
    assert t2.child.current_institution == sides.sender
    assert {e.key: e.done for e in checklist(sides.sender)}["children_transferred"] is False


def test_plan_edits_check_the_version(sides):
    t = services.transfer_draft(actor=sides.officer, **draft_kwargs(sides))
    services.transfer_update_plan(actor=sides.officer, transfer_id=t.pk,
                                  expected_version=t.version, plan_told="告知将去市福利院上学",
                                  counselling_before=2)
    with pytest.raises(StaleVersionError):
        services.transfer_update_plan(actor=sides.officer, transfer_id=t.pk,
                                      expected_version=t.version, plan_told="x")


def test_the_checklist_reads_done_once_every_child_is_received(sides):
    for child in sides.children:
        services.property_entry_add(actor=sides.sending_director, child_id=child.pk,
                                    kind="cash", description="现金", amount="10",
                                    on=dt.date(2025, 1, 1))
    transfers = services.transfer_batch_draft(actor=sides.officer, institution_id=sides.sender.pk,
                                              planned_on=dt.date(2026, 3, 1), reason="转型")
    for t in transfers:
        services.transfer_archive_add(actor=sides.officer, transfer_id=t.pk, kind="file",
                                      title="档案")
        services.transfer_approve(actor=sides.officer, transfer_id=t.pk)
        services.transfer_send(actor=sides.officer, transfer_id=t.pk)
    items = {e.key: e for e in checklist(sides.sender)}
    assert not items["children_transferred"].done
    assert not items["archives_handed_over"].done
    assert not items["property_handed_over"].done
    for t in transfers:
        services.transfer_receive(actor=sides.receiving_director, transfer_id=t.pk)
    items = {e.key: e for e in checklist(sides.sender)}
    assert items["children_transferred"].done
    assert items["archives_handed_over"].done
    assert items["property_handed_over"].done


def test_hukou_migration_is_reported_by_the_receiver(sides):
    t = _sent(sides)
    services.transfer_receive(actor=sides.receiving_director, transfer_id=t.pk)
    t = services.transfer_hukou_report(actor=sides.receiving_director, transfer_id=t.pk,
                                       status="done", on=dt.date(2026, 1, 10))
    assert t.hukou_status == "done"


def test_the_receiver_reaches_the_child_only_through_the_transfer(sides):
    from cwis.children import selectors as child_selectors

    t = _sent(sides)
    with pytest.raises(NotFoundError):
        child_selectors.child_get(actor=sides.receiving_director, child_id=t.child_id)
    services.transfer_receive(actor=sides.receiving_director, transfer_id=t.pk)
    assert child_selectors.child_get(actor=sides.receiving_director, child_id=t.child_id)
    with pytest.raises(NotFoundError):  # the sender no longer sees the child's file
        child_selectors.child_get(actor=sides.sending_director, child_id=t.child_id)


def test_a_batch_outside_ones_jurisdiction_is_not_found(sides):
    with pytest.raises(NotFoundError):
        services.transfer_batch_draft(actor=sides.out_of_scope, institution_id=sides.sender.pk,
                                      planned_on=dt.date(2026, 3, 1), reason="转型")
    assert not Transfer.objects.exists()
