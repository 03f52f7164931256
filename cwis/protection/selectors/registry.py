"""Reads of the registry's people and risk flags: which townships have a supervisor and which
villages a director (coverage), the county's training of them, and the children flagged by
the risk rules (cwis.protection.flags).

A county's coverage reads its divisions (some 15 townships and 200 villages) and the
accounts tied to them through the division ids: a few small indexed queries at any national
size, so nothing is stored for it (ADR 0017). The flags of a county or township are one
count per rule over its community files (a county holds some 3,500 of ten million).
"""

import datetime as dt
from dataclasses import dataclass, field

from django.db.models import Count, Exists, OuterRef, Q, QuerySet

from cwis.accounts.models import User
from cwis.children import selectors as child_selectors
from cwis.children.choices import ChildStatus
from cwis.children.models import Child
from cwis.core.errors import NotFoundError
from cwis.core.models import Division, DivisionLevel
from cwis.core.permissions import Perm, Role, require
from cwis.core.scoping import actor_prefix, division_in_scope, scope
from cwis.protection.flags import RULES
from cwis.protection.models import TrainingAttendance, TrainingCourse

PEOPLE_ROLES = (Role.CHILD_SUPERVISOR, Role.CHILD_DIRECTOR)


def coverage_area(*, actor: User, county: str = "") -> str:
    """The area whose coverage the actor reads: their own county, township or village, or
    for an office above a county (6 digits) inside its jurisdiction."""
    require(actor, Perm.REGISTRY_COVERAGE)
    prefix = actor_prefix(actor)
    if prefix is None:
        raise NotFoundError()
    if len(prefix) >= 6:
        return prefix
    if len(county) == 6 and county.isdigit() and division_in_scope(actor, county) and (
            Division.objects.filter(code=county, level=DivisionLevel.COUNTY,
                                    valid_to__isnull=True).exists()):
        return county
    raise NotFoundError()


def _divisions(area: str, level: str) -> QuerySet[Division]:
    return Division.objects.filter(level=level, code__startswith=area, valid_to__isnull=True)


def area_people(*, area: str) -> QuerySet[User]:
    """The active supervisors and directors of the area (the area is already checked)."""
    ids = Division.objects.filter(
        level__in=(DivisionLevel.TOWNSHIP, DivisionLevel.VILLAGE), code__startswith=area,
        valid_to__isnull=True).order_by().values("id")
    return (User.objects.filter(role__in=PEOPLE_ROLES, is_active=True, division_id__in=ids)
            .select_related("division").order_by("division__code", "username"))


@dataclass
class TownshipCoverage:
    code: str
    name: str
    supervisors: list[User] = field(default_factory=list)
    villages: int = 0
    villages_with_director: int = 0

    @property
    def villages_without(self) -> int:
        return self.villages - self.villages_with_director


@dataclass
class VillageCoverage:
    code: str
    name: str
    directors: list[User] = field(default_factory=list)


@dataclass
class Coverage:
    area: str
    townships: list[TownshipCoverage]
    villages: list[VillageCoverage]  # of the township drilled into (else empty)

    @property
    def townships_without(self) -> list[TownshipCoverage]:
        return [t for t in self.townships if not t.supervisors]

    @property
    def villages_without(self) -> int:
        return sum(t.villages_without for t in self.townships)


def coverage(*, area: str, township: str = "") -> Coverage:
    """Townships with their supervisors and how many villages have a director; with
    `township` (inside the area), its villages with their directors."""
    people = list(area_people(area=area))
    supervisors: dict[str, list[User]] = {}
    directed: dict[str, list[User]] = {}
    for person in people:
        target = supervisors if person.role == Role.CHILD_SUPERVISOR else directed
        target.setdefault(person.division.code, []).append(person)
    townships = {t.code: TownshipCoverage(t.code, t.name, supervisors.get(t.code, []))
                 for t in _divisions(area[:9], DivisionLevel.TOWNSHIP).only("code", "name")}
    village_rows = list(_divisions(area, DivisionLevel.VILLAGE).values_list("code", "name"))
    for code, _name in village_rows:
        row = townships.get(code[:9])
        if row is not None:
            row.villages += 1
            row.villages_with_director += bool(directed.get(code))
    villages = []
    if township and township.startswith(area[:9]) and township in townships:
        villages = [VillageCoverage(code, name, directed.get(code, []))
                    for code, name in village_rows if code.startswith(township)]
    return Coverage(area, [townships[c] for c in sorted(townships)], villages)


# ---------------------------------------------------------------------------- training


def _courses(actor: User) -> QuerySet[TrainingCourse]:
    """The courses the actor reads: those of the jurisdiction; for a township supervisor,
    their county's (the courses they are trained in are the county's, not the township's)."""
    prefix = actor_prefix(actor)
    if prefix is not None and len(prefix) > 6:
        return TrainingCourse.objects.filter(county_code=prefix[:6])
    return scope(TrainingCourse.objects.all(), actor)


def course_list(*, actor: User, year: int | None = None) -> QuerySet[TrainingCourse]:
    require(actor, Perm.REGISTRY_COVERAGE)
    courses = _courses(actor)
    if year:
        courses = courses.filter(held_on__year=year)
    return courses.annotate(attended=Count("attendances")).order_by("-held_on", "-id")


def course_get(*, actor: User, course_id: int) -> TrainingCourse:
    require(actor, Perm.REGISTRY_COVERAGE)
    course = _courses(actor).filter(pk=course_id).first()
    if course is None:
        raise NotFoundError()
    return course


def course_attendees(*, course: TrainingCourse) -> QuerySet[TrainingAttendance]:
    return course.attendances.select_related("person", "person__division").order_by(
        "person__division__code", "person__username")


def person_get(*, actor: User, person_id: int) -> User:
    """A supervisor or director of the actor's area (404 otherwise)."""
    require(actor, Perm.REGISTRY_COVERAGE)
    prefix = actor_prefix(actor)
    person = (User.objects.select_related("division")
              .filter(pk=person_id, role__in=PEOPLE_ROLES).first())
    if prefix is None or person is None or person.division is None or not (
            person.division.code.startswith(prefix)):
        raise NotFoundError()
    return person


def person_trainings(*, person: User) -> QuerySet[TrainingCourse]:
    """The courses the person attended, latest first: their training history."""
    return TrainingCourse.objects.filter(attendances__person=person).order_by("-held_on", "-id")


def untrained(*, area: str, year: int) -> QuerySet[User]:
    """The area's supervisors and directors with no course attended in `year`."""
    attended = TrainingAttendance.objects.filter(person=OuterRef("pk"),
                                                 course__held_on__year=year)
    return area_people(area=area).filter(~Exists(attended))


def training_figures(*, area: str, year: int) -> dict[str, int]:
    """People of the area and how many had no training in the year, by role."""
    attended = TrainingAttendance.objects.filter(person=OuterRef("pk"),
                                                 course__held_on__year=year)
    people = area_people(area=area).order_by().annotate(trained=Exists(attended))
    counts = people.aggregate(
        supervisors=Count("id", filter=Q(role=Role.CHILD_SUPERVISOR)),
        directors=Count("id", filter=Q(role=Role.CHILD_DIRECTOR)),
        supervisors_untrained=Count("id", filter=Q(role=Role.CHILD_SUPERVISOR, trained=False)),
        directors_untrained=Count("id", filter=Q(role=Role.CHILD_DIRECTOR, trained=False)))
    return counts


# ------------------------------------------------------------------------------- flags


def flag_counts(*, actor: User, today: dt.date, prefix: str | None = None) -> dict[str, int]:
    """{rule code: files on the registry in scope (under `prefix`) it flags}: one count
    per rule."""
    require(actor, Perm.CHILD_VIEW)
    files = child_selectors.child_list(
        actor=actor, filters={"status": ChildStatus.IN_COMMUNITY, "division": prefix})
    files = files.order_by()
    return {code: rule.flagged(files, today).count() for code, rule in RULES.items()}


def flagged(files: QuerySet[Child], *, flag: str, today: dt.date) -> QuerySet[Child]:
    """`files` that the rule `flag` flags (all of them for an unknown rule: no filter)."""
    found = RULES.get(flag)
    return found.flagged(files, today) if found else files
