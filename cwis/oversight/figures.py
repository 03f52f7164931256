"""The figures a yearly progress report is prefilled with, as of 31 December of its year.

Each figure is a function (province prefix, moment) -> int, registered with its section and
label. Figures are computed from the history tables (django-simple-history `as_of`), so a
report filed in March still shows the state at the year's end. Modules add their figures
here (the oversight module reads from the others; nobody else computes report figures).
"""

import datetime as dt
from collections.abc import Callable
from contextvars import ContextVar
from dataclasses import dataclass

from django.db.models import Count, Q, Sum
from django.utils.functional import Promise
from django.utils.translation import gettext_lazy as _

from cwis.accounts.models import User
from cwis.core.permissions import Role
from cwis.institutions.models import Institution, InstitutionKind, InstitutionLevel

STATISTICS = "statistics"
REFORM = "reform"
SECTIONS = {
    STATISTICS: _("Civil affairs statistics"),
    REFORM: _("Quality improvement and transformation"),
}

Compute = Callable[[str, dt.datetime], int]
# The list a figure counts, for the area prefix and the year: the URL a report links it to.
Drill = Callable[[str, int], str]


@dataclass(frozen=True)
class Figure:
    key: str
    label: Promise
    section: str
    compute: Compute
    drill: Drill | None = None


_FIGURES: dict[str, Figure] = {}


def register(key: str, label: Promise, section: str, *, drill: Drill | None = None
             ) -> Callable[[Compute], Compute]:
    def decorator(func: Compute) -> Compute:
        _FIGURES[key] = Figure(key=key, label=label, section=section, compute=func,
                               drill=drill)
        return func

    return decorator


def section_register(key: str, label: Promise) -> None:
    """A section of the report a module's figures go in (after the ones above)."""
    SECTIONS.setdefault(key, label)


def figure_list() -> list[Figure]:
    return list(_FIGURES.values())


def year_end(year: int) -> dt.datetime:
    """The last moment of 31 December of `year`, China Standard Time."""
    from zoneinfo import ZoneInfo

    return dt.datetime(year, 12, 31, 23, 59, 59, tzinfo=ZoneInfo("Asia/Shanghai"))


def compute(key: str, *, prefix: str, moment: dt.datetime) -> int:
    """One registered figure for the area `prefix`."""
    return int(_FIGURES[key].compute(prefix, moment))


def compute_all(*, prefix: str, moment: dt.datetime) -> dict[str, int]:
    """Every registered figure for the area `prefix` ('' for the whole country)."""
    token = _registry_memo.set({})
    try:
        return {figure.key: int(figure.compute(prefix, moment)) for figure in _FIGURES.values()}
    finally:
        _registry_memo.reset(token)


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


# ---------------------------------------------------------------- children (placement timeline)


def _in_care_at(prefix: str, moment: dt.datetime):
    """Children living in an institution of the area at `moment`, from the residence timeline
    (a placement open on that day), so later moves do not rewrite the year's figures."""
    from cwis.children.models import Child, Placement

    day = moment.date()
    open_then = Placement.objects.filter(
        started_on__lte=day, institution__division_code__startswith=prefix
    ).filter(Q(ended_on__isnull=True) | Q(ended_on__gt=day))
    return Child.objects.filter(pk__in=open_then.values("child_id")).exclude(
        status__in=("merged", "entered_in_error")
    )


def _left_in_year(prefix: str, moment: dt.datetime, reason: str):
    from cwis.children.models import Child

    return Child.objects.filter(
        leave_reason=reason, left_care_on__year=moment.year,
        intakes__institution__division_code__startswith=prefix,
    ).exclude(status__in=("merged", "entered_in_error")).distinct()


@register("children_in_care", _("Children in care at year end"), STATISTICS)
def _children_in_care(prefix: str, moment: dt.datetime) -> int:
    return _in_care_at(prefix, moment).count()


@register("orphans_in_care", _("Orphans in institutions"), STATISTICS)
def _orphans(prefix: str, moment: dt.datetime) -> int:
    return _in_care_at(prefix, moment).filter(is_orphan=True).count()


@register("orphans_in_care_with_id", _("Orphans in institutions with identity information"),
          STATISTICS)
def _orphans_with_id(prefix: str, moment: dt.datetime) -> int:
    return _in_care_at(prefix, moment).filter(is_orphan=True).exclude(citizen_id="").count()


@register("orphans_in_care_without_id",
          _("Orphans in institutions without identity information"), STATISTICS)
def _orphans_without_id(prefix: str, moment: dt.datetime) -> int:
    return _in_care_at(prefix, moment).filter(is_orphan=True, citizen_id="").count()


@register("parents_not_found_in_care", _("Children whose parents cannot be found, in care"),
          STATISTICS)
def _parents_not_found(prefix: str, moment: dt.datetime) -> int:
    return _in_care_at(prefix, moment).filter(is_parents_not_found=True).count()


@register("de_facto_unsupported_in_care", _("De facto unsupported children in care"),
          STATISTICS)
def _de_facto(prefix: str, moment: dt.datetime) -> int:
    return _in_care_at(prefix, moment).filter(is_de_facto_unsupported=True).count()


@register("disabled_in_care", _("Children with a disability in care"), STATISTICS)
def _disabled(prefix: str, moment: dt.datetime) -> int:
    return _in_care_at(prefix, moment).exclude(disability_type="").count()


@register("adoptions", _("Children placed for adoption during the year"), STATISTICS)
def _adoptions(prefix: str, moment: dt.datetime) -> int:
    return _left_in_year(prefix, moment, "adoption").count()


@register("adoptions_disabled", _("of which children with a disability"), STATISTICS)
def _adoptions_disabled(prefix: str, moment: dt.datetime) -> int:
    return _left_in_year(prefix, moment, "adoption").exclude(disability_type="").count()


@register("adoptions_girls", _("of which girls"), STATISTICS)
def _adoptions_girls(prefix: str, moment: dt.datetime) -> int:
    return _left_in_year(prefix, moment, "adoption").filter(sex="female").count()


@register("family_style_care", _("Children in family-style residences at year end"), REFORM)
def _family_style(prefix: str, moment: dt.datetime) -> int:
    from cwis.children.models import Placement

    day = moment.date()
    return Placement.objects.filter(
        kind="family_residence", started_on__lte=day,
        institution__division_code__startswith=prefix,
    ).filter(Q(ended_on__isnull=True) | Q(ended_on__gt=day)).values("child_id").distinct().count()


@register("school_enrolled", _("Children in care enrolled in school"), REFORM)
def _school(prefix: str, moment: dt.datetime) -> int:
    enrolled = ("preschool", "primary", "junior_secondary", "senior_secondary", "vocational",
                "special", "higher")
    return _in_care_at(prefix, moment).filter(education_status__in=enrolled).count()


@register("adult_placements", _("Young people placed on reaching adulthood"), REFORM)
def _adult_placements(prefix: str, moment: dt.datetime) -> int:
    return _left_in_year(prefix, moment, "adulthood").count()


# ------------------------------------------------------------- the community registry

# One pass over the area's registry gives all its figures; compute_all keeps the result for
# the duration of one prefill (a province's registry is hundreds of thousands of files).
_registry_memo: ContextVar[dict | None] = ContextVar("registry_memo", default=None)


def memoized(key: tuple, compute: Callable[[], dict[str, int]]) -> dict[str, int]:
    """`compute()` once per `key` during one `compute_all`: figures that one query gives
    together (a module's counts for the area) read it once per prefill."""
    memo = _registry_memo.get()
    if memo is None:
        return compute()
    if key not in memo:
        memo[key] = compute()
    return memo[key]


def _registry_counts(prefix: str, moment: dt.datetime) -> dict[str, int]:
    """Files in the area's community registry on the day, by category, as the categories
    stood that day: the dated category periods (cwis.protection CategoryPeriod, ADR 0017)
    open on the day, read from their own index, not the files' history."""
    return memoized(("registry", prefix, moment), lambda: _registry_count(prefix, moment))


def _registry_count(prefix: str, moment: dt.datetime) -> dict[str, int]:
    from cwis.protection.models import CategoryPeriod

    day = moment.date()
    return CategoryPeriod.objects.filter(
        division_code__startswith=prefix, started_on__lte=day,
    ).filter(Q(ended_on__isnull=True) | Q(ended_on__gt=day)).aggregate(
        left_behind=Count("pk", filter=Q(category="left_behind")),
        orphans=Count("pk", filter=Q(category="orphan")),
        de_facto=Count("pk", filter=Q(category="de_facto")),
        in_difficulty=Count("pk", filter=Q(category="in_difficulty")),
        poverty=Count("pk", filter=Q(category="in_difficulty", detail="poverty")),
    )


@register("community_left_behind", _("Rural left-behind children registered at year end"),
          STATISTICS)
def _community_left_behind(prefix: str, moment: dt.datetime) -> int:
    return _registry_counts(prefix, moment)["left_behind"]


@register("community_scattered_orphans", _("Scattered orphans registered at year end"),
          STATISTICS)
def _community_orphans(prefix: str, moment: dt.datetime) -> int:
    return _registry_counts(prefix, moment)["orphans"]


@register("community_de_facto_unsupported",
          _("De facto unsupported children living in the community at year end"), STATISTICS)
def _community_de_facto(prefix: str, moment: dt.datetime) -> int:
    return _registry_counts(prefix, moment)["de_facto"]


@register("community_in_difficulty", _("Children in difficulty registered at year end"),
          STATISTICS)
def _community_in_difficulty(prefix: str, moment: dt.datetime) -> int:
    return _registry_counts(prefix, moment)["in_difficulty"]


@register("community_in_difficulty_poverty", _("of which in difficulty through family poverty"),
          STATISTICS)
def _community_poverty(prefix: str, moment: dt.datetime) -> int:
    return _registry_counts(prefix, moment)["poverty"]
