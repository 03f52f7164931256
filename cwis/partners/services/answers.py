"""The department's answer for each child: on the page, through the API or by uploading
the request's Excel list back. Answers are idempotent: the same answer sent again changes
nothing; a different answer to a child already answered is refused (the first stands).

An Excel upload is all or nothing: every row is checked first and the refusal names each
bad row and column; nothing is written while any row is bad (docs/partners.md)."""

import datetime as dt
from collections.abc import Mapping, Sequence
from dataclasses import dataclass

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone

from cwis.accounts.models import User
from cwis.core.concurrency import bump_version
from cwis.core.history import record_change
from cwis.core.permissions import Perm, require
from cwis.core.scoping import get_scoped
from cwis.core.validators import MSG_DATE_FUTURE
from cwis.partners.models import (
    AnswerChannel,
    ItemStatus,
    PartnerRequest,
    PartnerRequestItem,
    RequestStatus,
)
from cwis.partners.services.effects import apply_answer
from cwis.partners.services.rules import (
    MSG_ALREADY_ANSWERED,
    MSG_ANSWER_DATE,
    MSG_BEFORE_SENT,
    MSG_EMPTY_UPLOAD,
    MSG_OUTCOME,
    MSG_REFERENCE,
    MSG_REFUSAL_REASON,
    MSG_ROW,
    MSG_UNKNOWN_ROW,
)


@dataclass(frozen=True)
class Answer:
    outcome: str
    on: dt.date | None
    reference: str = ""
    detail: str = ""
    reason: str = ""

    @classmethod
    def of(cls, data: Mapping) -> "Answer":
        return cls(outcome=(data.get("outcome") or "").strip(), on=data.get("on"),
                   reference=(data.get("reference") or "").strip()[:100],
                   detail=(data.get("detail") or "").strip()[:200],
                   reason=(data.get("reason") or "").strip()[:300])


def answer_errors(answer: Answer, request: PartnerRequest,
                  today: dt.date) -> dict[str, list]:
    errors: dict[str, list] = {}
    if answer.outcome not in (ItemStatus.DONE, ItemStatus.REFUSED):
        errors.setdefault("outcome", []).append(MSG_OUTCOME)
    if answer.on is None:
        errors.setdefault("on", []).append(MSG_ANSWER_DATE)
    elif answer.on > today:
        errors.setdefault("on", []).append(MSG_DATE_FUTURE)
    elif answer.on < request.sent_on:
        errors.setdefault("on", []).append(MSG_BEFORE_SENT)
    if answer.outcome == ItemStatus.DONE and not answer.reference:
        errors.setdefault("reference", []).append(MSG_REFERENCE)
    if answer.outcome == ItemStatus.REFUSED and not answer.reason:
        errors.setdefault("reason", []).append(MSG_REFUSAL_REASON)
    return errors


def _same(item: PartnerRequestItem, answer: Answer) -> bool:
    return (item.status == answer.outcome and item.answered_on == answer.on
            and item.reference == answer.reference
            and item.refusal_reason == (answer.reason if answer.outcome == ItemStatus.REFUSED
                                        else ""))


def _write(item: PartnerRequestItem, answer: Answer, *, actor: User, channel: str) -> bool:
    """Record the answer on a locked item; False when it was already given (nothing
    changes). A different answer to an answered item is refused."""
    if item.status != ItemStatus.OPEN:
        if _same(item, answer):
            return False
        raise ValidationError({"outcome": [MSG_ALREADY_ANSWERED]})
    item.status, item.answered_on = answer.outcome, answer.on
    item.reference = answer.reference
    item.detail = answer.detail
    item.refusal_reason = answer.reason if answer.outcome == ItemStatus.REFUSED else ""
    item.answered_by, item.channel = actor, channel
    bump_version(item, actor)
    record_change(item, actor)
    item.save()
    apply_answer(item, actor=actor)
    return True


def _close_when_answered(request: PartnerRequest, *, actor: User, on: dt.date) -> None:
    if request.items.filter(status=ItemStatus.OPEN).exists():
        return
    request.status, request.answered_on = RequestStatus.ANSWERED, on
    record_change(request, actor)
    request.save(update_fields=["status", "answered_on", "updated_by", "updated_at"])


@transaction.atomic
def item_answer(*, actor: User, item_id: int, data: Mapping,
                channel: str = AnswerChannel.PAGE,
                today: dt.date | None = None) -> tuple[PartnerRequestItem, bool]:
    """Answer one child; returns the item and whether anything changed."""
    today = today or timezone.localdate()
    item = get_scoped(PartnerRequestItem.objects.select_related("request"), actor,
                      pk=item_id, for_update=True)
    require(actor, Perm.PARTNER_ANSWER)
    answer = Answer.of(data)
    errors = answer_errors(answer, item.request, today)
    if errors:
        raise ValidationError(errors)
    changed = _write(item, answer, actor=actor, channel=channel)
    if changed:
        _close_when_answered(item.request, actor=actor, on=today)
    return item, changed


@transaction.atomic
def request_answers_import(*, actor: User, request_id: int, rows: Sequence[Mapping],
                           today: dt.date | None = None) -> int:
    """The answers of an uploaded list: `rows` are {"row", "item", "outcome", "on",
    "reference", "detail", "reason", "labels"} (rows left blank are skipped before).
    Every row is checked before any is written; returns how many answers changed."""
    today = today or timezone.localdate()
    request = get_scoped(PartnerRequest.objects.all(), actor, pk=request_id, for_update=True)
    require(actor, Perm.PARTNER_ANSWER)
    if not rows:
        raise ValidationError({"file": [MSG_EMPTY_UPLOAD]})
    items = {i.pk: i for i in request.items.select_for_update()}
    messages, checked = [], []
    for row in rows:
        item = items.get(row.get("item"))
        labels = row.get("labels", {})
        if item is None:
            messages.append(MSG_ROW % {"row": row["row"], "column": labels.get("item", ""),
                                       "message": MSG_UNKNOWN_ROW})
            continue
        answer = Answer.of(row)
        errors = answer_errors(answer, request, today)
        if not errors and item.status != ItemStatus.OPEN and not _same(item, answer):
            errors = {"outcome": [MSG_ALREADY_ANSWERED]}
        messages.extend(MSG_ROW % {"row": row["row"], "column": labels.get(field, field),
                                   "message": message}
                        for field, field_messages in errors.items()
                        for message in field_messages)
        checked.append((item, answer))
    if messages:
        raise ValidationError({"file": messages})
    changed = sum(_write(item, answer, actor=actor, channel=AnswerChannel.EXCEL)
                  for item, answer in checked)
    if changed:
        _close_when_answered(request, actor=actor, on=today)
    return changed
