"""The to-do list: deadlines other modules store, gathered per user (DESIGN.md rule 6).

A module registers a provider: a function that takes the actor and `today` and returns the
`TodoItem`s that actor must act on or oversee, already scoped. The oversight module renders
the list; the foundation only keeps the registry, so every module adds its own deadlines.
"""

import datetime as dt
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from typing import TYPE_CHECKING

from django.conf import settings
from django.utils import timezone

if TYPE_CHECKING:
    from cwis.accounts.models import User


@dataclass(frozen=True)
class TodoItem:
    kind: str  # machine name, e.g. "child.search_notice"
    title: str  # translated, human readable
    due: dt.date
    url: str  # the record to act on
    institution: str = ""  # name of the institution concerned, for the roll-up
    since: dt.date | None = None  # when the item appeared

    def is_overdue(self, today: dt.date) -> bool:
        return self.due < today


Provider = Callable[[object, dt.date], Iterable[TodoItem]]
_PROVIDERS: list[Provider] = []


def register(provider: Provider) -> Provider:
    if provider not in _PROVIDERS:
        _PROVIDERS.append(provider)
    return provider


# A county's scope prefix is six digits; a shorter one (or '') covers several counties.
COUNTY_PREFIX_LENGTH = 6


def counts_only(actor: "User") -> bool:
    """An office above the county (prefecture, province, ministry): it sees the routine
    deadlines of the places below as counts per area, and an item one by one only once it
    is escalated (DESIGN.md rule 6)."""
    from cwis.core.scoping import actor_prefix

    prefix = actor_prefix(actor)
    return prefix is not None and len(prefix) < COUNTY_PREFIX_LENGTH


def escalation_cutoff(kind: str, today: dt.date) -> dt.date | None:
    """Routine items of `kind` due before this day are escalated; None: never one by one
    (CWIS_ESCALATION_DAYS)."""
    days = settings.CWIS_ESCALATION_DAYS.get(kind)
    return None if days is None else today - dt.timedelta(days=days)


def is_escalated(item: TodoItem, today: dt.date) -> bool:
    """Does `item` reach an office above the county? A kind without an escalation point is
    not a routine deadline of the places below (the office's own work): always."""
    if item.kind not in settings.CWIS_ESCALATION_DAYS:
        return True
    cutoff = escalation_cutoff(item.kind, today)
    return cutoff is not None and item.due < cutoff


def todo_for(actor: "User", *, today: dt.date | None = None) -> list[TodoItem]:
    """Every item for `actor`, overdue first, then by due date. An office above the county
    gets the routine items only once escalated (the providers filter too; this is the rule)."""
    today = today or timezone.localdate()
    items = [item for provider in _PROVIDERS for item in provider(actor, today)]
    if counts_only(actor):
        items = [item for item in items if is_escalated(item, today)]
    return sorted(items, key=lambda item: (not item.is_overdue(today), item.due, item.title))
