"""Sending a request: a list of children for one purpose, to one department of the
sender's area."""

import datetime as dt
from collections.abc import Mapping, Sequence

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone

from cwis.accounts.models import User
from cwis.children.models import Child
from cwis.core.history import record_change
from cwis.core.permissions import Perm, require
from cwis.partners.kinds import KINDS
from cwis.partners.models import ItemStatus, PartnerRequest, PartnerRequestItem
from cwis.partners.selectors import (
    referral_candidates,
    request_candidates,
    transfer_candidates,
)
from cwis.partners.services.rules import (
    MSG_ALREADY_REQUESTED,
    MSG_DEPARTMENT,
    MSG_KIND,
    MSG_NO_AREA,
    MSG_NO_CHILDREN,
    MSG_NOT_CANDIDATE,
)
from cwis.transfers.services.internal import transfer_hukou_requested


@transaction.atomic
def request_send(*, actor: User, kind: str, department: str, child_ids: Sequence[int],
                 notes: Mapping[int, str] | None = None, note: str = "",
                 today: dt.date | None = None) -> PartnerRequest:
    """Send the chosen children to the department of the sender's own area. Every refusal
    at once; nothing written when any."""
    require(actor, Perm.PARTNER_SEND)
    today = today or timezone.localdate()
    notes = notes or {}
    errors: dict[str, list] = {}
    if actor.division_id is None:
        errors.setdefault("department", []).append(MSG_NO_AREA)
    spec = KINDS.get(kind)
    if spec is None:
        errors.setdefault("kind", []).append(MSG_KIND)
    elif department not in spec.departments:
        errors.setdefault("department", []).append(MSG_DEPARTMENT)
    ids = list(dict.fromkeys(int(i) for i in child_ids))
    if not ids:
        errors.setdefault("children", []).append(MSG_NO_CHILDREN)
    if errors or spec is None:
        raise ValidationError(errors)
    chosen, sources = _chosen(actor, kind, department, ids, today)
    _check_children(kind, ids, chosen)
    request = PartnerRequest(kind=kind, department=department, sent_on=today, sent_by=actor,
                             division_code=actor.division.code, note=note.strip())
    record_change(request, actor)
    request.save()
    for child_id in ids:
        item = PartnerRequestItem(request=request, child=chosen[child_id],
                                  note=(notes.get(child_id) or "").strip()[:300],
                                  **sources.get(child_id, {}))
        record_change(item, actor)
        item.save()
        if item.transfer_id:
            transfer_hukou_requested(actor=actor, transfer_id=item.transfer_id, on=today)
    return request


def _chosen(actor: User, kind: str, department: str, ids: list[int],
            today: dt.date) -> tuple[dict[int, Child], dict[int, dict]]:
    """The chosen children that may be listed (in scope, called for by their records), and
    the record each one's item carries (a hukou migration's transfer, a referral)."""
    if KINDS[kind].from_transfer:
        rows = transfer_candidates(actor=actor, waiting=True).filter(child_id__in=ids)
        return ({t.child_id: t.child for t in rows},
                {t.child_id: {"transfer_id": t.pk} for t in rows})
    if KINDS[kind].from_referral:
        referrals = referral_candidates(actor=actor, department=department,
                                        waiting=True).filter(
            case__child_id__in=ids)
        found: dict[int, dict] = {}
        children: dict[int, Child] = {}
        for referral in referrals:
            children.setdefault(referral.case.child_id, referral.case.child)
            found.setdefault(referral.case.child_id, {"referral_id": referral.pk})
        return children, found
    children = request_candidates(actor=actor, kind=kind, today=today,
                                  waiting=True).filter(pk__in=ids)
    return {c.pk: c for c in children}, {}


def _check_children(kind: str, ids: list[int], chosen: dict[int, Child]) -> None:
    messages = []
    for child_id in ids:
        if child_id not in chosen:
            messages.append(MSG_NOT_CANDIDATE % {"child": child_id})
    waiting = (PartnerRequestItem.objects.filter(
        child_id__in=list(chosen), request__kind=kind, status=ItemStatus.OPEN)
        .values_list("child__name", flat=True))
    messages.extend(MSG_ALREADY_REQUESTED % {"child": name} for name in waiting)
    if messages:
        raise ValidationError({"children": messages})

