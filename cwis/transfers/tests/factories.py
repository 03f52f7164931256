"""Factories of the transfers module, and the keyword arguments of a draft."""

import datetime as dt
from decimal import Decimal

import factory

from cwis.accounts.tests.factories import UserFactory
from cwis.children.tests.factories import ChildFactory
from cwis.institutions.models import InstitutionLevel
from cwis.institutions.tests.factories import InstitutionFactory
from cwis.transfers.models import (
    ArchiveItem,
    ArchiveKind,
    PropertyEntry,
    PropertyHandoverItem,
    PropertyKind,
    Transfer,
    TransferStatus,
)

REASON = "县级儿童福利机构转型，儿童集中养育"


class TransferFactory(factory.django.DjangoModelFactory):
    """A drafted transfer of a child in care (in 南昌县) to 南昌市's institution. Pass
    `status=...` and the dates of the steps for a transfer further on."""

    class Meta:
        model = Transfer

    child = factory.SubFactory(ChildFactory)
    from_institution = factory.LazyAttribute(lambda o: o.child.current_institution)
    to_institution = factory.SubFactory(InstitutionFactory, level=InstitutionLevel.PREFECTURE,
                                        division_code="360100")
    from_division_code = factory.LazyAttribute(lambda o: o.from_institution.division_code)
    to_division_code = factory.LazyAttribute(lambda o: o.to_institution.division_code)
    status = TransferStatus.DRAFTED
    reason = REASON
    planned_on = dt.date(2026, 3, 1)


class ArchiveItemFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = ArchiveItem

    transfer = factory.SubFactory(TransferFactory)
    kind = ArchiveKind.FILE
    title = factory.Sequence(lambda n: f"儿童档案第{n}卷")
    pages = 20


class PropertyEntryFactory(factory.django.DjangoModelFactory):
    """A line of the ledger, held for the child by its current institution."""

    class Meta:
        model = PropertyEntry

    child = factory.SubFactory(ChildFactory)
    institution = factory.LazyAttribute(lambda o: o.child.current_institution)
    kind = PropertyKind.CASH
    description = "压岁钱"
    amount = Decimal("100.00")
    on = dt.date(2025, 1, 1)
    created_by = factory.SubFactory(UserFactory)


class PropertyHandoverItemFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = PropertyHandoverItem

    transfer = factory.SubFactory(TransferFactory, status=TransferStatus.SENT)
    kind = PropertyKind.CASH
    description = "压岁钱"
    sent_amount = Decimal("100.00")


def draft_kwargs(sides, child=None, **overrides) -> dict:
    """Keyword arguments of services.transfer_draft (without the actor)."""
    kwargs = {
        "child_id": (child or sides.children[0]).pk,
        "to_institution_id": sides.receiver.pk,
        "reason": REASON,
        "planned_on": dt.date(2026, 3, 1),
        "hukou_decision": "move",
    }
    kwargs.update(overrides)
    return kwargs
