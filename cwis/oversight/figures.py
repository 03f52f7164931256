"""The figures a yearly progress report is prefilled with, as of 31 December of its year.

Each figure is a function (province prefix, moment) -> int, registered with its section and
label. Figures are computed from the history tables (django-simple-history `as_of`), so a
report filed in March still shows the state at the year's end. Modules add their figures
here (the oversight module reads from the others; nobody else computes report figures).
"""

import datetime as dt
from collections.abc import Callable
from dataclasses import dataclass

from django.db.models import Sum
from django.utils.functional import Promise
from django.utils.translation import gettext_lazy as _

from cwis.accounts.models import User
from cwis.accounts.roles import Role
from cwis.institutions.models import Institution, InstitutionKind, InstitutionLevel

STATISTICS = "statistics"
REFORM = "reform"
SECTIONS = {
    STATISTICS: _("Civil affairs statistics"),
    REFORM: _("Quality improvement and transformation"),
}

Compute = Callable[[str, dt.datetime], int]


@dataclass(frozen=True)
class Figure:
    key: str
    label: Promise
    section: str
    compute: Compute


_FIGURES: dict[str, Figure] = {}


def register(key: str, label: Promise, section: str) -> Callable[[Compute], Compute]:
    def decorator(func: Compute) -> Compute:
        _FIGURES[key] = Figure(key=key, label=label, section=section, compute=func)
        return func

    return decorator


def figure_list() -> list[Figure]:
    return list(_FIGURES.values())


def year_end(year: int) -> dt.datetime:
    """The last moment of 31 December of `year`, China Standard Time."""
    from zoneinfo import ZoneInfo

    return dt.datetime(year, 12, 31, 23, 59, 59, tzinfo=ZoneInfo("Asia/Shanghai"))


def compute_all(*, prefix: str, moment: dt.datetime) -> dict[str, int]:
    """Every registered figure for the area `prefix` ('' for the whole country)."""
    return {figure.key: int(figure.compute(prefix, moment)) for figure in _FIGURES.values()}


def _institutions(prefix: str, moment: dt.datetime):
    return Institution.history.as_of(moment).filter(
        division_code__startswith=prefix, status="operating"
    )


@register("institutions_child_welfare", _("Child welfare institutions"), STATISTICS)
def _child_welfare(prefix: str, moment: dt.datetime) -> int:
    return _institutions(prefix, moment).filter(kind=InstitutionKind.CHILD_WELFARE).count()


@register(
    "institutions_minors_protection", _("Minors' rescue and protection institutions"), STATISTICS
)
def _minors_protection(prefix: str, moment: dt.datetime) -> int:
    return _institutions(prefix, moment).filter(kind=InstitutionKind.MINORS_PROTECTION).count()


@register("beds", _("Beds in child welfare institutions"), STATISTICS)
def _beds(prefix: str, moment: dt.datetime) -> int:
    institutions = _institutions(prefix, moment).filter(kind=InstitutionKind.CHILD_WELFARE)
    return institutions.aggregate(total=Sum("beds"))["total"] or 0


def _active_users(prefix: str, moment: dt.datetime, role: str) -> int:
    users = User.history.as_of(moment).filter(role=role, is_active=True)
    return users.filter(division__code__startswith=prefix).count()


@register("child_supervisors", _("Child supervisors (township)"), STATISTICS)
def _supervisors(prefix: str, moment: dt.datetime) -> int:
    return _active_users(prefix, moment, Role.CHILD_SUPERVISOR)


@register("child_directors", _("Child directors (village)"), STATISTICS)
def _directors(prefix: str, moment: dt.datetime) -> int:
    return _active_users(prefix, moment, Role.CHILD_DIRECTOR)


@register("county_institutions_transformed", _("County institutions transformed"), REFORM)
def _transformed(prefix: str, moment: dt.datetime) -> int:
    county = _institutions(prefix, moment).filter(level=InstitutionLevel.COUNTY)
    return county.filter(kind=InstitutionKind.MINORS_PROTECTION).count()


@register(
    "county_child_welfare_remaining",
    _("County child welfare institutions not yet transformed"),
    REFORM,
)
def _remaining(prefix: str, moment: dt.datetime) -> int:
    county = _institutions(prefix, moment).filter(level=InstitutionLevel.COUNTY)
    return county.filter(
        kind__in=[InstitutionKind.CHILD_WELFARE, InstitutionKind.IN_TRANSFORMATION]
    ).count()
