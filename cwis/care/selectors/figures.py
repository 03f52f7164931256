"""What the offices above read of care: which children in care have no plan in a line (a
province officer's "no rehabilitation plan" list), never a note. Scoped through the child
registry's list (cwis.core.scoping)."""

import datetime as dt
from collections.abc import Iterable, Mapping
from typing import Any

from django.db.models import Count, Exists, OuterRef, QuerySet
from django.db.models.functions import Substr
from django.utils import timezone

from cwis.accounts.models import User
from cwis.care.choices import CareLine, PlanStatus
from cwis.care.figures import FIGURES, CareFigure
from cwis.care.models import CarePlan
from cwis.care.selectors.pattern import check_line
from cwis.children import selectors as child_selectors
from cwis.children.choices import ChildStatus
from cwis.children.models import Child
from cwis.children.services import add_years
from cwis.core.errors import NotFoundError
from cwis.core.permissions import Perm, require

WITHOUT_REHABILITATION_PLAN = "care_without_rehabilitation_plan"

OPEN_PLAN = (PlanStatus.PENDING, PlanStatus.ACTIVE)
SCHOOL_AGE = (3, 17)  # kindergarten to the end of secondary school


def eligible_children(children: QuerySet[Child], line: str, *, today: dt.date
                      ) -> QuerySet[Child]:
    """The children a line is for: rehabilitation, children with a disability; education,
    children aged 3 to 17; medical care and social work, every child."""
    if line == CareLine.REHABILITATION:
        return children.exclude(disability_type="")
    if line == CareLine.EDUCATION:
        low, high = SCHOOL_AGE
        return children.filter(birth_date__gt=add_years(today, -(high + 1)),
                               birth_date__lte=add_years(today, -low))
    return children


def open_plan(line: str):
    return CarePlan.objects.filter(child=OuterRef("pk"), line=line, status__in=OPEN_PLAN)


def children_without_plan(*, actor: User, line: str, filters: Mapping[str, Any] | None = None,
                          today: dt.date | None = None) -> QuerySet[Child]:
    """Children in care in the actor's scope whom `line` is for and who have no open plan
    in it. `filters`: `division` (code prefix), `institution` (id). Names, sex, birth date
    and institution only: no clinical note is read."""
    require(actor, Perm.CARE_FIGURES)
    check_line(line)
    filters = filters or {}
    passed = {k: filters[k] for k in ("division", "institution") if filters.get(k)}
    children = child_selectors.child_list(actor=actor,
                                          filters={**passed, "status": ChildStatus.IN_CARE})
    children = eligible_children(children, line, today=today or timezone.localdate())
    return children.filter(~Exists(open_plan(line)))


def _figure_and_base(actor: User, key: str, prefix: str) -> tuple[CareFigure, QuerySet[Child]]:
    require(actor, Perm.CARE_FIGURES)
    figure = FIGURES.get(key)
    if figure is None:
        raise NotFoundError()
    children = child_selectors.child_list(actor=actor, filters={"division": prefix})
    return figure, children.exclude(status__in=(ChildStatus.MERGED,
                                                ChildStatus.ENTERED_IN_ERROR))


def figure_children(*, actor: User, key: str, prefix: str = "", day: dt.date,
                    year: int) -> QuerySet[Child]:
    """The children a care figure counts on `day`, in the actor's scope and the area
    `prefix`: the list a report's or the dashboard's figure drills down to. Names and
    institutions only."""
    figure, children = _figure_and_base(actor, key, prefix)
    return figure.children(children, day, year)


def figure_value(*, actor: User, key: str, prefix: str = "", day: dt.date,
                 year: int) -> int:
    """The figure itself, as the dashboard shows it: the length of `figure_children`'s list
    (or the figure's total), narrowed once (narrowing the list again repeated its join)."""
    figure, children = _figure_and_base(actor, key, prefix)
    return figure.value(children, day, year)


def figure_values_by_area(*, actor: User, keys: Iterable[str], day: dt.date, year: int,
                          width: int) -> dict[str, dict[str, int]]:
    """{area: {key: value}} of the figures `keys` that count children, for every area of
    `width` digits in the actor's scope (the child's own division, as in `figure_children`):
    one grouped query a figure. The "no rehabilitation plan" count is under
    WITHOUT_REHABILITATION_PLAN."""
    counts: dict[str, dict[str, int]] = {}

    def add(key: str, children: QuerySet[Child]) -> None:
        rows = (children.order_by().annotate(area=Substr("division_code", 1, width))
                .values("area").annotate(n=Count("id")))
        for row in rows:
            counts.setdefault(row["area"], {})[key] = row["n"]

    for key in keys:
        figure, children = _figure_and_base(actor, key, "")
        if figure.total is None:
            add(key, figure.children(children, day, year))
    add(WITHOUT_REHABILITATION_PLAN,
        children_without_plan(actor=actor, line=CareLine.REHABILITATION, today=day))
    return counts
