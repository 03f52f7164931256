"""The property a child's institution keeps in trust for it: a ledger of lines per holding
institution, never changed (a handover writes a line out of the sender and one into the
receiver, see receipt.py)."""

import datetime as dt
from decimal import Decimal

from django.db import transaction
from django.db.models import Sum

from cwis.accounts.models import User
from cwis.children.choices import ChildStatus
from cwis.children.models import Child
from cwis.core.errors import field_error
from cwis.core.history import record_change
from cwis.core.permissions import Perm, require
from cwis.core.scoping import get_scoped
from cwis.core.validators import check_plausible_dates
from cwis.transfers.models import PropertyEntry, PropertyKind
from cwis.transfers.services.rules import (
    MSG_CHILD_NOT_IN_CARE,
    MSG_CHOOSE,
    MSG_TITLE_REQUIRED,
    parse_amount,
)


def ledger_balance(child: Child, institution_id: int) -> list[tuple[str, str, Decimal]]:
    """(kind, description, amount) still held for the child by the institution."""
    rows = (PropertyEntry.objects.filter(child=child, institution_id=institution_id)
            .values("kind", "description").annotate(total=Sum("amount"))
            .order_by("kind", "description"))
    return [(r["kind"], r["description"], r["total"]) for r in rows if r["total"]]


@transaction.atomic
def property_entry_add(*, actor: User, child_id: int, kind: str, description: str,
                       amount: Decimal | str, on: dt.date, note: str = "") -> PropertyEntry:
    """A line of the child's property ledger, held by its current institution."""
    require(actor, Perm.CHILD_EDIT)
    # Locked so that a receipt moving the child cannot slip in between: the line goes to
    # the institution that holds the child when it is written.
    child = get_scoped(Child.objects.all(), actor, pk=child_id, for_update=True)
    if child.status != ChildStatus.IN_CARE:
        raise field_error("child", MSG_CHILD_NOT_IN_CARE)
    if kind not in PropertyKind.values:
        raise field_error("kind", MSG_CHOOSE)
    if not (description or "").strip():
        raise field_error("description", MSG_TITLE_REQUIRED)
    check_plausible_dates({"on": on}, past={"on"})
    entry = PropertyEntry(child=child, institution_id=child.current_institution_id, kind=kind,
                          description=description.strip(),
                          amount=parse_amount(amount, "amount"), on=on, note=note)
    record_change(entry, actor)
    entry.save()
    return entry
