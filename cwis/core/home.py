"""The home page's figures and quick actions, per role (issue 13 point 11).

A module registers a provider: a function that takes the actor and `today` and returns a
`HomePanel` (or None when the role has nothing of that module's to show). Figures come from
the module's selectors, already scoped, in a bounded number of aggregate queries whatever
the size of the jurisdiction. The offices above the county read routine deadlines here as
counts per area (`AreaTable`), not one by one (DESIGN.md rule 6, cwis.core.todo).
"""

import datetime as dt
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from typing import TYPE_CHECKING

from django.conf import settings
from django.core.cache import cache

if TYPE_CHECKING:
    from cwis.accounts.models import User


# The next level down from a scope prefix of this length (country, province, prefecture,
# county, township): the areas a table of counts per area has rows for.
SUBAREA_WIDTH = {0: 2, 2: 4, 4: 6, 6: 9, 9: 12}


@dataclass(frozen=True)
class Figure:
    key: str
    label: str  # translated
    value: int
    url: str = ""  # the list the figure counts
    alert: bool = False  # shown as a warning when not zero (overdue, behind plan)


@dataclass(frozen=True)
class Action:
    label: str
    url: str


@dataclass(frozen=True)
class AreaRow:
    code: str
    name: str
    values: list[int]
    url: str = ""  # the area's own page (its dashboard or list)


@dataclass(frozen=True)
class AreaTable:
    """Counts per area below the actor's: one row per area, one column per kind."""

    columns: list[str]
    rows: list[AreaRow]

    @property
    def totals(self) -> list[int]:
        return [sum(row.values[i] for row in self.rows) for i in range(len(self.columns))]


@dataclass
class HomePanel:
    key: str
    title: str
    figures: list[Figure] = field(default_factory=list)
    actions: list[Action] = field(default_factory=list)
    table: AreaTable | None = None
    order: int = 50  # panels are shown by this, then by key
    as_of: dt.datetime | None = None  # stored figures (cwis.core.area_figures): their time


Provider = Callable[["User", dt.date], HomePanel | None]
_PROVIDERS: list[Provider] = []


def register(provider: Provider) -> Provider:
    if provider not in _PROVIDERS:
        _PROVIDERS.append(provider)
    return provider


def home_panels(actor: "User", *, today: dt.date) -> list[HomePanel]:
    panels: Iterable[HomePanel | None] = (provider(actor, today) for provider in _PROVIDERS)
    return sorted((p for p in panels if p is not None), key=lambda p: (p.order, p.key))


def cached_figures(key: str, compute: Callable[[], object]) -> object:
    """`compute()`, kept CWIS_FIGURES_CACHE_SECONDS in the cache under `key` (a key that
    names the figure, the area prefix and the day). 0 seconds: computed every time."""
    seconds = settings.CWIS_FIGURES_CACHE_SECONDS
    if seconds <= 0:
        return compute()
    return cache.get_or_set(f"cwis:figures:{key}", compute, seconds)
