"""Who changed a record, when and why: the one helper that writes it, the one that reads it.

Every versioned model keeps django-simple-history rows. Services call `record_change`
before saving so the row names the actor and the reason; pages show `history_entries`
with `{% include "history.html" %}`.
"""

import datetime as dt
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from typing import Any

from django.db import models
from django.utils.translation import gettext_lazy as _

# simple-history's change-reason column holds 100 characters.
REASON_MAX_LENGTH = 100
# Bookkeeping fields that change with every save: never shown as a change.
SKIPPED_FIELDS = ("version", "updated_at", "updated_by", "created_at", "created_by")


def record_change(instance: models.Model, actor, reason: str = "") -> None:
    """Attribute the next save of `instance` to `actor`, with `reason` in its history row."""
    if hasattr(instance, "updated_by_id"):
        instance.updated_by = actor
    if getattr(instance, "pk", None) is None and hasattr(instance, "created_by_id"):
        instance.created_by = actor
    instance._history_user = actor
    if reason:
        instance._change_reason = str(reason)[:REASON_MAX_LENGTH]


@dataclass
class HistoryChange:
    field: str
    old: str
    new: str


@dataclass
class HistoryEntry:
    when: dt.datetime
    user: str
    created: bool
    reason: str
    record: str = ""  # which record, where one list shows several (a file and its parts)
    changes: list[HistoryChange] = field(default_factory=list)


class _Display:
    """Readable values of historical fields; related records named once per call."""

    def __init__(self) -> None:
        self._names: dict[tuple[type, Any], str] = {}

    def __call__(self, model_field: models.Field, value) -> str:
        if value is None or value == "":
            return "—"
        if model_field.choices:
            return str(dict(model_field.flatchoices).get(value, value))
        if isinstance(model_field, models.BooleanField):
            return str(_("yes") if value else _("no"))
        if model_field.is_relation:
            return self._related(model_field.related_model, value)
        if isinstance(model_field, models.FileField):
            return str(_("(file)"))
        if isinstance(value, dt.datetime):
            return value.strftime("%Y-%m-%d %H:%M")
        if isinstance(value, dt.date):
            return value.isoformat()
        return str(value)

    def _related(self, model: type[models.Model], pk) -> str:
        key = (model, pk)
        if key not in self._names:
            obj = model._default_manager.filter(pk=pk).first()
            self._names[key] = str(obj) if obj is not None else f"#{pk}"
        return self._names[key]


def history_entries(
    records: Iterable,
    *,
    label: Callable[[Any], str] | None = None,
    reasons: dict[str, Any] | None = None,
    skip: Iterable[str] = (),
    limit: int | None = None,
) -> list[HistoryEntry]:
    """Readable history, newest first, from historical records given oldest first.

    Records of several models (or several rows) may be mixed: each is compared with the
    previous record of the same row. `label(record)` names the row in a mixed list;
    `reasons` maps stored reason codes to their translated text.
    """
    skipped = [*SKIPPED_FIELDS, *skip]
    display = _Display()
    previous: dict[tuple[type, Any], Any] = {}
    entries: list[HistoryEntry] = []
    for record in records:
        key = (type(record), record.id)
        before = previous.get(key)
        previous[key] = record
        reason = record.history_change_reason or ""
        entry = HistoryEntry(
            when=record.history_date,
            user=str(record.history_user) if record.history_user_id else str(_("system")),
            created=before is None or record.history_type == "+",
            reason=str((reasons or {}).get(reason, reason)),
            record=label(record) if label else "",
        )
        if not entry.created:
            model = record.instance_type
            delta = record.diff_against(before, excluded_fields=skipped)
            entry.changes = [
                HistoryChange(
                    field=str(model._meta.get_field(change.field).verbose_name),
                    old=display(model._meta.get_field(change.field), change.old),
                    new=display(model._meta.get_field(change.field), change.new),
                )
                for change in delta.changes
            ]
        entries.append(entry)
    entries.reverse()
    return entries[:limit] if limit is not None else entries


def history_of(instance: models.Model, *, limit: int = 50, **kwargs) -> list[HistoryEntry]:
    """The history of one record, newest first (at most `limit` entries)."""
    records = list(
        instance.history.select_related("history_user")
        .order_by("-history_date", "-history_id")[: limit + 1]
    )
    records.reverse()
    # The oldest record read serves only as the base of the first change shown.
    entries = history_entries(records, **kwargs)
    return entries[:limit]
