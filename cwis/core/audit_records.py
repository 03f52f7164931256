"""How the access log names what was read: each app registers its record types (a child, a
transfer, a care plan) with a label and a function that names and links a batch of them, and
the actions it logs with their labels. Core imports no app, so the apps register here, from
their `AppConfig.ready()`.

A page of the log names its records with one query per record type on the page (each type's
`describe` takes every id of that type at once), so the number of queries is bounded by the
number of registered types, never by the number of rows.
"""

from collections import defaultdict
from collections.abc import Callable, Iterable
from dataclasses import dataclass

from django.utils.functional import Promise
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from cwis.core.models import AccessLog

# ids (the log's object_id text) -> {id: (readable label, link or None)}; ids it cannot name
# (a record since removed) are left out and shown by their type and number.
Describe = Callable[[list[str]], dict[str, tuple[str, str | None]]]


@dataclass(frozen=True)
class RecordKind:
    object_type: str
    label: Promise
    describe: Describe | None = None


_KINDS: dict[str, RecordKind] = {}

_ACTIONS: dict[str, Promise] = {
    "view": _("Viewed"),
    "edit": _("Opened to change"),
    "print": _("Printed"),
    "export": _("Exported"),
    "list": _("Viewed a list"),
    "duplicate_check": _("Shown as a possible duplicate"),
}


def register_record_kind(object_type: str, label: Promise,
                         describe: Describe | None = None) -> None:
    _KINDS[object_type] = RecordKind(object_type, label, describe)


def register_access_action(action: str, label: Promise) -> None:
    _ACTIONS[action] = label


def record_kind_choices() -> list[tuple[str, str]]:
    return sorted(((k.object_type, str(k.label)) for k in _KINDS.values()),
                  key=lambda choice: choice[1])


def action_choices() -> list[tuple[str, str]]:
    return sorted(((key, str(label)) for key, label in _ACTIONS.items()),
                  key=lambda choice: choice[1])


def action_label(action: str) -> str:
    label = _ACTIONS.get(action)
    return str(label) if label is not None else gettext("Other (%(code)s)") % {"code": action}


def record_kind_label(object_type: str) -> str:
    kind = _KINDS.get(object_type)
    return str(kind.label) if kind is not None else gettext("Other record")


def int_ids(ids: Iterable[str]) -> list[int]:
    """The ids that are numbers (a list's entry holds a word, e.g. "export")."""
    return [int(i) for i in ids if i.isdigit()]


@dataclass
class DescribedEntry:
    """An access log entry as the page shows it."""

    entry: AccessLog
    action: str
    kind: str
    record: str
    url: str | None


def describe_entries(entries: Iterable[AccessLog]) -> list[DescribedEntry]:
    """Each entry with its action and record named, one query per record type."""
    entries = list(entries)
    ids: dict[str, set[str]] = defaultdict(set)
    for entry in entries:
        ids[entry.object_type].add(entry.object_id)
    named: dict[str, dict[str, tuple[str, str | None]]] = {}
    for object_type, type_ids in ids.items():
        kind = _KINDS.get(object_type)
        named[object_type] = kind.describe(sorted(type_ids)) if kind and kind.describe else {}
    described = []
    for entry in entries:
        kind = record_kind_label(entry.object_type)
        label, url = named[entry.object_type].get(entry.object_id, (None, None))
        if label is None:
            label = kind if not entry.object_id.isdigit() else gettext(
                "%(kind)s no. %(id)s") % {"kind": kind, "id": entry.object_id}
        described.append(DescribedEntry(entry, action_label(entry.action), kind, label, url))
    return described
