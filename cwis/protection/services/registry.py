"""Keeping the registry true (动态更新): the dated categories of a community file, a change
of guardian, a category closed by a change of situation, and a child who left civil affairs
care going back to the registry on the same file.

`periods_sync` is called by every registry service that changes a file's categories, in the
same transaction, so that the yearly figures (cwis.oversight.figures) count the categories as
they stood on 31 December from `CategoryPeriod` rows alone (ADR 0017).
"""

import datetime as dt
from collections.abc import Mapping
from typing import Any

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from cwis.accounts.models import User
from cwis.children.choices import ChildStatus, DeadlineKind, LeaveReason
from cwis.children.models import Child
from cwis.children.services import deadlines, rules
from cwis.core.concurrency import bump_version, check_version
from cwis.core.permissions import Perm, require
from cwis.core.scoping import get_scoped
from cwis.core.validators import MSG_DATE_FUTURE
from cwis.protection.models import (
    CATEGORY_COLUMNS,
    CategoryEndReason,
    CategoryPeriod,
    GuardianChange,
    RegistryCategory,
)

MSG_CATEGORY_NOT_HELD = _("The child is not in this category now.")
MSG_CATEGORY_END_BEFORE_START = _("The category cannot end before it began (%(date)s).")
MSG_CATEGORY_LAST = _(
    "This is the child's only category: take the child off the registry instead."
)
MSG_RETURN_NOT_LEFT_CARE = _(
    "Only a child who left civil affairs care to the family can go back to the registry."
)
MSG_RETURN_BEFORE_LEAVING = _("The return cannot be dated before the child left care.")
MSG_NOTE_REQUIRED = _("Explain the reason in the note.")

# What the family-side fields of a returning child are (the rest of the file is kept).
RETURN_FIELDS = frozenset({
    "registered_on", "guardian_name", "guardian_relation", "guardian_phone", "home_address",
    "is_orphan", "is_de_facto_unsupported", "is_left_behind", "is_in_difficulty",
    "difficulty_kind", "left_behind_situation", "education_status", "school_name",
})


def _held(child: Child) -> dict[str, str]:
    """The categories the file holds now, with their detail."""
    held = {}
    for category, column in CATEGORY_COLUMNS.items():
        if getattr(child, column):
            held[category] = (child.difficulty_kind
                              if category == RegistryCategory.IN_DIFFICULTY else "")
    return held


def periods_sync(child: Child, *, on: dt.date, actor: User,
                 reason: str = CategoryEndReason.CORRECTED, note: str = "") -> None:
    """Make the open periods match the file's categories on `on`: a category no longer
    ticked ends (with `reason`), a new one starts, a moved file's periods follow it."""
    held = _held(child)
    now = timezone.now()
    for period in CategoryPeriod.objects.filter(child=child, ended_on__isnull=True):
        if held.get(period.category) == period.detail:
            held.pop(period.category)
            if period.division_code != child.division_code:
                period.division_code = child.division_code
                period.save(update_fields=["division_code"])
            continue
        period.ended_on = max(on, period.started_on)
        period.end_reason, period.note = reason, note[:500]
        period.save(update_fields=["ended_on", "end_reason", "note"])
    CategoryPeriod.objects.bulk_create(
        CategoryPeriod(child=child, category=category, detail=detail,
                       division_code=child.division_code, started_on=on, created_at=now,
                       created_by=actor)
        for category, detail in held.items()
    )


def periods_close_all(child: Child, *, on: dt.date) -> None:
    """The file left the registry (removed, taken into care): every open period ends."""
    CategoryPeriod.objects.filter(child=child, ended_on__isnull=True).update(
        ended_on=on, end_reason=CategoryEndReason.LEFT_REGISTRY)


def guardian_change_note(child: Child, *, relation_before: str, name_before: str,
                         actor: User) -> None:
    """Record that who looks after the child changed (a risk flag until the next visit)."""
    if (relation_before, name_before) == (child.guardian_relation, child.guardian_name):
        return
    GuardianChange.objects.create(
        child=child, changed_on=rules.today(), relation_before=relation_before,
        relation_after=child.guardian_relation, name_before=name_before,
        name_after=child.guardian_name, recorded_by=actor)


@transaction.atomic
def community_category_close(*, actor: User, child_id: int, version: int, category: str,
                             on: dt.date | None, reason: str, note: str = "") -> Child:
    """A change of situation ends one category of a community file (a parent came home, the
    family left poverty) with the date and reason; the file stays on the registry in its
    other categories."""
    from cwis.protection.services import _check_in_registry

    require(actor, Perm.COMMUNITY_REGISTER)
    child = get_scoped(Child.objects.all(), actor, pk=child_id, for_update=True)
    _check_in_registry(child)
    check_version(child, version)
    errors: dict[str, list] = {}
    held = _held(child)
    period = CategoryPeriod.objects.filter(child=child, category=category,
                                           ended_on__isnull=True).first()
    if category not in held:
        rules.add_error(errors, "category", MSG_CATEGORY_NOT_HELD)
    elif len(held) == 1:
        rules.add_error(errors, "category", MSG_CATEGORY_LAST)
    if reason not in CategoryEndReason.values or reason == CategoryEndReason.LEFT_REGISTRY:
        rules.add_error(errors, "reason", rules.MSG_REASON_REQUIRED)
    elif reason == CategoryEndReason.OTHER and not note.strip():
        rules.add_error(errors, "note", MSG_NOTE_REQUIRED)
    start = period.started_on if period else child.registered_on
    if on is None:
        rules.add_error(errors, "on", rules.MSG_DATE_REQUIRED)
    elif on > rules.today():
        rules.add_error(errors, "on", MSG_DATE_FUTURE)
    elif start and on < start:
        rules.add_error(errors, "on", MSG_CATEGORY_END_BEFORE_START % {"date": start})
    rules.raise_errors(errors)
    setattr(child, CATEGORY_COLUMNS[RegistryCategory(category)], False)
    if category == RegistryCategory.LEFT_BEHIND:
        child.left_behind_situation = ""
    if category == RegistryCategory.IN_DIFFICULTY:
        child.difficulty_kind = ""
    bump_version(child, actor)
    label = f"{RegistryCategory(category).label}: {CategoryEndReason(reason).label}"
    rules.child_save(child, actor=actor, reason=label)
    periods_sync(child, on=on, actor=actor, reason=reason, note=note.strip())
    return child


@transaction.atomic
def community_return(*, actor: User, child_id: int, version: int, division: str,
                     data: Mapping[str, Any]) -> Child:
    """A child who left civil affairs care to the family (returned home, reunified) goes
    back to the community registry on the same file: identity, intakes, placements, visits
    and history stay; the registry part opens again from `registered_on` (the reverse of
    taking a community child into care)."""
    from cwis.protection import services as community

    require(actor, Perm.COMMUNITY_REGISTER)
    child = get_scoped(Child.objects.all(), actor, pk=child_id, for_update=True)
    if child.status != ChildStatus.LEFT_CARE or child.leave_reason != LeaveReason.FAMILY:
        rules.raise_errors({"__all__": [MSG_RETURN_NOT_LEFT_CARE]})
    check_version(child, version)
    fields = dict(data)
    unknown = set(fields) - RETURN_FIELDS
    if unknown:
        raise ValueError(f"not editable: {sorted(unknown)}")
    community._assign(child, fields)
    errors: dict[str, list] = {}
    if child.registered_on and child.left_care_on and child.registered_on < child.left_care_on:
        rules.add_error(errors, "registered_on", MSG_RETURN_BEFORE_LEAVING)
    try:
        community._validate(actor, child, division.strip(), rules.today())
    except ValidationError as refused:
        for field, messages in refused.message_dict.items():
            for message in messages:
                rules.add_error(errors, field, message)
    rules.raise_errors(errors)
    child.status, child.current_institution = ChildStatus.IN_COMMUNITY, None
    child.registry_closed_on, child.registry_exit_reason = None, ""
    bump_version(child, actor)
    rules.child_save(child, actor=actor, reason=str(_("Back on the community registry")))
    deadlines.deadline_open(child, DeadlineKind.COMMUNITY_VISIT, start=child.registered_on,
                            due=community.visit_due(child.registered_on), actor=actor)
    periods_sync(child, on=child.registered_on, actor=actor)
    return child
