"""The county institution's training of the township child supervisors and village child
directors (业务培训, policy 三(二)): courses and who attended.

The county's protection workers and officers record them, for their own county; the
attendees are supervisors and directors whose township or village is in that county.
"""

from collections.abc import Collection, Mapping
from decimal import Decimal, InvalidOperation
from typing import Any

from django.db import transaction
from django.utils.translation import gettext_lazy as _

from cwis.accounts.models import User
from cwis.children.services import rules
from cwis.core.concurrency import bump_version, check_version
from cwis.core.history import record_change
from cwis.core.permissions import Perm, Role, require
from cwis.core.scoping import get_scoped
from cwis.core.validators import MSG_DATE_FUTURE
from cwis.protection.models import TrainingAttendance, TrainingCourse
from cwis.protection.services.cases import _county

MSG_HOURS = _("Give the course's hours (more than 0, at most 200).")
MSG_PLACE_OR_ONLINE = _("Give the place, or tick that the course was online.")
MSG_ATTENDEES_REQUIRED = _("Choose at least one supervisor or director who attended.")
MSG_ATTENDEE_OUTSIDE = _(
    "Only the county's township supervisors and village directors can be recorded."
)

COURSE_FIELDS = ("topic", "held_on", "hours", "trainer", "place", "online", "note")
MAX_HOURS = Decimal(200)


def _assign(course: TrainingCourse, data: Mapping[str, Any]) -> None:
    unknown = set(data) - set(COURSE_FIELDS)
    if unknown:
        raise ValueError(f"not editable: {sorted(unknown)}")
    for name, value in data.items():
        if value is None and name in ("place", "note"):
            value = ""
        setattr(course, name, value.strip() if isinstance(value, str) else value)
    course.online = bool(course.online)


def _check(course: TrainingCourse) -> None:
    errors: dict[str, list] = {}
    for name in ("topic", "trainer"):
        if not getattr(course, name):
            rules.add_error(errors, name, rules.MSG_REQUIRED)
    if course.held_on is None:
        rules.add_error(errors, "held_on", rules.MSG_DATE_REQUIRED)
    elif course.held_on > rules.today():
        rules.add_error(errors, "held_on", MSG_DATE_FUTURE)
    try:
        hours = Decimal(str(course.hours))
    except (InvalidOperation, TypeError, ValueError):
        hours = None
    if hours is None or not hours.is_finite() or not Decimal(0) < hours <= MAX_HOURS:
        rules.add_error(errors, "hours", MSG_HOURS)
    else:
        course.hours = hours.quantize(Decimal("0.1"))
    if not course.online and not course.place:
        rules.add_error(errors, "place", MSG_PLACE_OR_ONLINE)
    rules.raise_errors(errors)


@transaction.atomic
def training_course_record(*, actor: User, data: Mapping[str, Any],
                           attendee_ids: Collection[int] = ()) -> TrainingCourse:
    """Record a course the county gave (topic, date, hours, trainer, place or online) and,
    if given, who attended."""
    require(actor, Perm.TRAINING_RECORD)
    course = TrainingCourse(county_code=_county(actor))
    _assign(course, data)
    _check(course)
    record_change(course, actor, reason=str(_("Training course recorded")))
    course.save()
    if attendee_ids:
        _attend(course, attendee_ids, actor)
    return course


@transaction.atomic
def training_course_update(*, actor: User, course_id: int, version: int,
                           data: Mapping[str, Any]) -> TrainingCourse:
    """Correct a course; 409 when someone saved it after the `version` the client read."""
    require(actor, Perm.TRAINING_RECORD)
    course = get_scoped(TrainingCourse.objects.all(), actor, pk=course_id, for_update=True)
    check_version(course, version)
    _assign(course, data)
    _check(course)
    bump_version(course, actor)
    record_change(course, actor)
    course.save()
    return course


@transaction.atomic
def training_attendance_record(*, actor: User, course_id: int,
                               attendee_ids: Collection[int]) -> list[TrainingAttendance]:
    """Add the supervisors and directors who attended (one already recorded is kept once)."""
    require(actor, Perm.TRAINING_RECORD)
    course = get_scoped(TrainingCourse.objects.all(), actor, pk=course_id, for_update=True)
    return _attend(course, attendee_ids, actor)


def _attend(course: TrainingCourse, attendee_ids: Collection[int],
            actor: User) -> list[TrainingAttendance]:
    ids = {int(pk) for pk in attendee_ids}
    if not ids:
        rules.raise_errors({"attendees": [MSG_ATTENDEES_REQUIRED]})
    people = list(User.objects.filter(
        pk__in=ids, role__in=(Role.CHILD_SUPERVISOR, Role.CHILD_DIRECTOR),
        division__code__startswith=course.county_code))
    if len(people) != len(ids):
        rules.raise_errors({"attendees": [MSG_ATTENDEE_OUTSIDE]})
    known = set(course.attendances.values_list("person_id", flat=True))
    return TrainingAttendance.objects.bulk_create(
        TrainingAttendance(course=course, person=person, recorded_by=actor)
        for person in people if person.pk not in known)
