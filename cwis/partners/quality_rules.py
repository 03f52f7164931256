"""Data-quality rules: each a registered function with a label that finds the files a
person would fix (issue 18). A rule reads the whole country in a few set queries and
yields `(child_id, division_code, other_id, detail)`; the scan (jobs.py) stores what they
find as `Finding` rows, and the page reads them scoped to the user's jurisdiction.

A new rule: `@rule("key", _("Label"))` on a function `(today) -> Iterable[Hit]`.
"""

import datetime as dt
from collections.abc import Callable, Iterable
from dataclasses import dataclass

from django.conf import settings
from django.db.models import Count, Exists, Min, OuterRef, Q
from django.db.models.functions import Coalesce, Substr
from django.utils.translation import gettext_lazy as _

from cwis.children.choices import LIVE_STATUSES, ChildStatus
from cwis.children.models import Child, DuplicateDismissal, Placement
from cwis.children.services.rules import add_years

Hit = tuple[int, str, int | None, str]
FAR_FUTURE = dt.date(9999, 12, 31)
ADULT_IN_CARE_YEARS = 22  # past the adulthood placement: no child in care is this old
LEFT_BEHIND_MAX_AGE = 16  # a left-behind child is under 16 (国发〔2016〕13号)
ADULT = 18


@dataclass(frozen=True)
class Rule:
    key: str
    label: object
    find: Callable[[dt.date], Iterable[Hit]]


RULES: dict[str, Rule] = {}


def rule(key: str, label) -> Callable:
    def register(find: Callable[[dt.date], Iterable[Hit]]):
        RULES[key] = Rule(key, label, find)
        return find

    return register


@rule("no_id_number", _("In care without an ID number after the deadline"))
def no_id_number(today: dt.date) -> Iterable[Hit]:
    cutoff = today - dt.timedelta(days=settings.CWIS_QUALITY_ID_NUMBER_DAYS)
    rows = (Child.objects.filter(status=ChildStatus.IN_CARE, citizen_id_hash="")
            .annotate(first_intake=Min("intakes__intake_on"))
            .filter(first_intake__lt=cutoff).values_list("pk", "division_code"))
    for pk, code in rows.iterator():
        yield pk, code, None, ""


@rule("impossible_age", _("Age impossible for the category"))
def impossible_age(today: dt.date) -> Iterable[Hit]:
    rows = Child.objects.filter(
        Q(status=ChildStatus.IN_COMMUNITY, birth_date__lte=add_years(today, -ADULT))
        | Q(status=ChildStatus.IN_CARE, birth_date__lte=add_years(today, -ADULT_IN_CARE_YEARS))
        | Q(status__in=LIVE_STATUSES, birth_date__gt=today)
    ).values_list("pk", "division_code", "birth_date")
    for pk, code, born in rows.iterator():
        yield pk, code, None, born.isoformat()


@rule("left_behind_over_16", _("Left-behind child aged 16 or over"))
def left_behind_over_16(today: dt.date) -> Iterable[Hit]:
    rows = Child.objects.filter(
        status=ChildStatus.IN_COMMUNITY, is_left_behind=True,
        birth_date__lte=add_years(today, -LEFT_BEHIND_MAX_AGE),
    ).values_list("pk", "division_code", "birth_date")
    for pk, code, born in rows.iterator():
        yield pk, code, None, born.isoformat()


@rule("overlapping_placements", _("Placements overlapping in time"))
def overlapping_placements(today: dt.date) -> Iterable[Hit]:
    other = Placement.objects.filter(child=OuterRef("child"), pk__gt=OuterRef("pk")).annotate(
        until=Coalesce("ended_on", FAR_FUTURE)
    ).filter(started_on__lt=OuterRef("until"), until__gt=OuterRef("started_on"))
    rows = (Placement.objects.annotate(until=Coalesce("ended_on", FAR_FUTURE))
            .filter(Exists(other), child__status__in=LIVE_STATUSES)
            .values_list("child_id", "child__division_code", "started_on").distinct())
    seen = set()
    for child_id, code, started in rows.iterator():
        if child_id not in seen:
            seen.add(child_id)
            yield child_id, code, None, started.isoformat()


@rule("no_visit_for_a_year", _("Community child not visited for a year"))
def no_visit_for_a_year(today: dt.date) -> Iterable[Hit]:
    from cwis.protection.models import CommunityVisit

    cutoff = today - dt.timedelta(days=settings.CWIS_QUALITY_NO_VISIT_DAYS)
    recent = CommunityVisit.objects.filter(child=OuterRef("pk"), visited_on__gte=cutoff)
    rows = Child.objects.filter(status=ChildStatus.IN_COMMUNITY, registered_on__lt=cutoff
                                ).exclude(Exists(recent)).values_list("pk", "division_code")
    for pk, code in rows.iterator():
        yield pk, code, None, ""


@rule("possible_duplicate", _("Two live files that look like one child"))
def possible_duplicate(today: dt.date) -> Iterable[Hit]:
    """Same sex, birth date and county, and the same pinyin of the name: 李晓花 and 李小花
    read lixiaohua both (homophones), across care and community files."""
    live = Child.objects.filter(status__in=LIVE_STATUSES).exclude(name_pinyin="").annotate(
        county=Substr("division_code", 1, 6))
    groups = (live.values("name_pinyin", "sex", "birth_date", "county")
              .annotate(n=Count("pk")).filter(n__gt=1))
    dismissed = set(DuplicateDismissal.objects.values_list("child_id", "other_id"))
    for group in groups.iterator():
        files = list(live.filter(name_pinyin=group["name_pinyin"], sex=group["sex"],
                                 birth_date=group["birth_date"],
                                 division_code__startswith=group["county"])
                     .order_by("pk").values_list("pk", "division_code", "name"))
        first = files[0]
        for pk, code, name in files[1:]:
            if (first[0], pk) in dismissed or (pk, first[0]) in dismissed:
                continue
            yield pk, code, first[0], f"{name} / {first[2]}"


def rule_label(key: str):
    found = RULES.get(key)
    return found.label if found else key

