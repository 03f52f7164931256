"""The to-do list: deadlines other modules store, gathered per user (DESIGN.md rule 6).

A module registers a provider: a function that takes the actor and `today` and returns the
`TodoItem`s that actor must act on or oversee, already scoped. The oversight module renders
the list; the foundation only keeps the registry, so every module adds its own deadlines.
"""

import datetime as dt
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from typing import TYPE_CHECKING

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


def todo_for(actor: "User", *, today: dt.date | None = None) -> list[TodoItem]:
    """Every item for `actor`, overdue first, then by due date."""
    today = today or timezone.localdate()
    items = [item for provider in _PROVIDERS for item in provider(actor, today)]
    return sorted(items, key=lambda item: (not item.is_overdue(today), item.due, item.title))
