"""A receipt is checked once (role and scope, through the transfer) and then receives,
moves the child, settles the manifest and the ledger without checking again."""

import functools
import sys
from decimal import Decimal

import pytest

from cwis.children.models import Placement
from cwis.core import permissions, scoping
from cwis.core.permissions import Perm
from cwis.transfers import services
from cwis.transfers.models import ItemStatus, PropertyEntry, Transfer, TransferStatus
from cwis.transfers.tests.factories import (
    ArchiveItemFactory,
    PropertyEntryFactory,
    PropertyHandoverItemFactory,
    TransferFactory,
)

pytestmark = pytest.mark.django_db


def calls_of(monkeypatch, module, name: str) -> list[tuple]:
    """Record the calls of `module.name` wherever it is called from: the function is
    replaced in its own module and in every CWIS module that imported it by name."""
    original = getattr(module, name)
    calls: list[tuple] = []

    @functools.wraps(original)
    def recorded(*args, **kwargs):
        calls.append(args)
        return original(*args, **kwargs)

    for module_name, loaded in list(sys.modules.items()):
        if module_name.startswith("cwis") and getattr(loaded, name, None) is original:
            monkeypatch.setattr(loaded, name, recorded)
    return calls


@pytest.fixture
def sent(sides) -> Transfer:
    """A sent transfer with a file on its manifest and a ledger line handed over."""
    child = sides.children[0]
    PropertyEntryFactory(child=child, amount=Decimal("350.50"), created_by=sides.officer)
    transfer = TransferFactory(child=child, to_institution=sides.receiver,
                               status=TransferStatus.SENT)
    ArchiveItemFactory(transfer=transfer)
    PropertyHandoverItemFactory(transfer=transfer, sent_amount=Decimal("350.50"))
    return transfer


def test_a_receipt_checks_role_and_scope_once(sides, sent, monkeypatch):
    requires = calls_of(monkeypatch, permissions, "require")
    scopes = calls_of(monkeypatch, scoping, "scope")
    services.transfer_receive(actor=sides.receiving_director, transfer_id=sent.pk)
    assert [perm for _actor, perm in requires] == [Perm.TRANSFER_RECEIVE]
    assert [queryset.model for queryset, _actor in scopes] == [Transfer]
    # ... and did all it composes: moved the child, settled the manifest and the ledger
    sent.refresh_from_db()
    assert sent.status == TransferStatus.RECEIVED
    assert sent.child.current_institution == sides.receiver
    assert Placement.objects.get(child=sent.child, ended_on__isnull=True).institution == (
        sides.receiver)
    assert sent.archive_items.get().status == ItemStatus.RECEIVED
    assert services.ledger_balance(sent.child, sides.receiver.pk) == [
        ("cash", "压岁钱", Decimal("350.50"))]
    assert services.ledger_balance(sent.child, sides.sender.pk) == []


def test_the_receipts_history_names_the_receiver(sides, sent):
    services.transfer_receive(actor=sides.receiving_director, transfer_id=sent.pk)
    assert sent.history.latest().history_user == sides.receiving_director
    assert sent.archive_items.get().history.latest().history_user == sides.receiving_director
    entry = PropertyEntry.objects.get(institution=sides.receiver)
    assert entry.created_by == sides.receiving_director
    assert entry.history.get().history_user == sides.receiving_director
