"""What the offices above read of care: which children in care have no plan in a line (a
province officer's "no rehabilitation plan" list), never a note. Scoped through the child
registry's list (cwis.core.scoping)."""

import datetime as dt
from collections.abc import Mapping
from typing import Any

from django.db.models import Exists, OuterRef, QuerySet
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
