"""Every write of the community children registry: register, update, visit, remove.

A community file is a `Child` with status `in_community`, placed in a township (9-digit) or
village (12-digit) division, with no institution. Identity, ID-number and duplicate rules
are the child registry's own (cwis.children.services.rules): one child, one file, duplicates
looked for across every live file, institutional ones included. Each service checks the
role, validates everything first and writes in one transaction.
"""

import copy
import datetime as dt
from collections.abc import Collection, Mapping
from typing import Any

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.translation import gettext_lazy as _

from cwis.accounts.models import User
from cwis.children.choices import (
    ChildStatus,
    DeadlineKind,
    DeadlineOutcome,
    DifficultyKind,
    GuardianKind,
    LeftBehindSituation,
    RegistryExitReason,
)
from cwis.children.models import Child
from cwis.children.services import closing, deadlines, internal, rules
from cwis.core.concurrency import bump_version, check_version
from cwis.core.history import record_change
from cwis.core.models import Division, DivisionLevel
from cwis.core.permissions import Perm, require
from cwis.core.scoping import division_in_scope, get_scoped
from cwis.core.validators import MSG_DATE_FUTURE
from cwis.protection.models import CommunityVisit, VisitMethod
from cwis.protection.services import registry

MSG_DIVISION_LEVEL = _("Choose a current township or village (9 or 12 digits).")
MSG_DIVISION_OUTSIDE = _("Choose a township or village inside your jurisdiction.")
MSG_NO_CATEGORY = _(
    "Tick at least one category: left-behind child, scattered orphan, de facto unsupported "
    "child or child in difficulty."
)
MSG_LEFT_BEHIND_AGE = _("A left-behind child is under 16 on the registration date.")
MSG_LEFT_BEHIND_SITUATION = _("Say why the child is left behind.")
MSG_DIFFICULTY_KIND = _("Say what kind of difficulty the child is in.")
MSG_REGISTERED_ON_REQUIRED = _("Give the registration date.")
MSG_BEFORE_BIRTH = rules.MSG_BEFORE_BIRTH
MSG_GUARDIAN_RELATION = _("Say who looks after the child.")
MSG_NOT_IN_REGISTRY = _("The child is not in the community registry.")
MSG_VISIT_BEFORE_REGISTRATION = _("A visit cannot be dated before the registration.")
MSG_SITUATION_REQUIRED = _("Describe how the child lives now.")
MSG_CHOOSE = rules.MSG_CHOOSE
MSG_REASON_REQUIRED = rules.MSG_REASON_REQUIRED
MSG_REMOVAL_BEFORE_REGISTRATION = _("The removal cannot be dated before the registration.")
MSG_NOTE_REQUIRED = _("Explain the reason in the note.")

# Fields of a community file a worker sets; the rest is set by the services.
COMMUNITY_FIELDS = frozenset(
    {
        "name", "former_names", "sex", "birth_date", "birth_date_estimated", "ethnicity",
        "citizen_id", "hukou_type", "hukou_address", "registered_on", "guardian_name",
        "guardian_relation", "guardian_phone", "home_address", "guardianship_note",
        "is_orphan", "is_de_facto_unsupported", "is_left_behind", "is_in_difficulty",
        "difficulty_kind", "left_behind_situation", "disability_type", "disability_grade",
        "disability_certificate", "health_summary", "insurance_status", "education_status",
        "school_name",
    }
)
# A child registered directly for a protection case (a child found alone, never seen
# before): the community fields and what the finding tells. Whatever else is unknown (an ID
# number, the exact birth date, who looks after the child) stays empty or estimated.
DIRECT_FIELDS = COMMUNITY_FIELDS | frozenset(
    {"found_on", "found_place", "found_circumstances", "police_case_number",
     "is_parents_not_found"}
)
# At least one of these makes a child one the registry is for (policy 三(二)).
REGISTRY_CATEGORIES = ("is_left_behind", "is_orphan", "is_de_facto_unsupported",
                       "is_in_difficulty")
LEFT_BEHIND_AGE_LIMIT = 16


def visit_due(on: dt.date) -> dt.date:
    return on + dt.timedelta(days=settings.CWIS_COMMUNITY_VISIT_DAYS)


def follow_up_due(on: dt.date) -> dt.date:
    return on + dt.timedelta(days=settings.CWIS_COMMUNITY_FOLLOW_UP_DAYS)


# ------------------------------------------------------------------------- validation


def _division(actor: User, code: str, errors: dict) -> Division | None:
    """The current township or village `code`, inside the actor's jurisdiction."""
    division = Division.objects.filter(
        code=code, valid_to__isnull=True,
        level__in=[DivisionLevel.TOWNSHIP, DivisionLevel.VILLAGE],
    ).first() if code.isdigit() else None
    if division is None:
        rules.add_error(errors, "division", MSG_DIVISION_LEVEL)
    elif not division_in_scope(actor, code):
        rules.add_error(errors, "division", MSG_DIVISION_OUTSIDE)
        return None
    return division


def _assign(child: Child, data: Mapping[str, Any],
            allowed: frozenset[str] = COMMUNITY_FIELDS) -> None:
    unknown = set(data) - allowed
    if unknown:
        raise ValueError(f"not editable: {sorted(unknown)}")
    for field, value in data.items():
        if isinstance(value, str):
            setattr(child, field, value.strip())
        elif value is None and field in rules.TEXT_FIELDS:
            setattr(child, field, "")
        else:
            setattr(child, field, value)
    child.citizen_id = (child.citizen_id or "").strip().upper().replace(" ", "")
    if child.disability_grade == "":
        child.disability_grade = None
    # A category's detail goes with the category.
    if not child.is_left_behind:
        child.left_behind_situation = ""
    if not child.is_in_difficulty:
        child.difficulty_kind = ""
    # The family has been the guardian since birth; the civil affairs office is not.
    child.guardian_kind = GuardianKind.OTHER
    child.guardianship_situation = ""
    child.guardianship_since = child.birth_date or child.guardianship_since
    rules.set_search_keys(child)


def _check_community(child: Child, errors: dict, today: dt.date, *,
                     for_case: bool = False) -> None:
    """The registry's rules. A child registered for a case (`for_case`) need not fit a
    registry category nor have someone looking after them (a child found alone): the case
    says why the county holds the file; a category ticked still needs its detail."""
    if not for_case and not any(getattr(child, field) for field in REGISTRY_CATEGORIES):
        rules.add_error(errors, "categories", MSG_NO_CATEGORY)
    registered = child.registered_on
    birth = rules.birth_known(child, errors)  # a refused birth date is not compared with
    if registered is None:
        rules.add_error(errors, "registered_on", MSG_REGISTERED_ON_REQUIRED)
    elif registered > today:
        rules.add_error(errors, "registered_on", MSG_DATE_FUTURE)
    elif birth and registered < birth:
        rules.add_error(errors, "registered_on", MSG_BEFORE_BIRTH)
    if child.is_left_behind:
        if child.left_behind_situation not in LeftBehindSituation.values:
            rules.add_error(errors, "left_behind_situation", MSG_LEFT_BEHIND_SITUATION)
        if (registered and birth and registered
                >= rules.add_years(birth, LEFT_BEHIND_AGE_LIMIT)):
            rules.add_error(errors, "is_left_behind", MSG_LEFT_BEHIND_AGE)
    if child.is_in_difficulty and child.difficulty_kind not in DifficultyKind.values:
        rules.add_error(errors, "difficulty_kind", MSG_DIFFICULTY_KIND)
    if not for_case and not child.guardian_relation:
        rules.add_error(errors, "guardian_relation", MSG_GUARDIAN_RELATION)


def _validate(actor: User, child: Child, code: str | None, today: dt.date, *,
              for_case: bool = False) -> None:
    """All the file's errors at once, so a form shows them together."""
    errors: dict[str, list] = {}
    if code is not None:
        division = _division(actor, code, errors)
        if division is not None:
            child.division_code = division.code
    for field, messages in rules.file_errors(child, today=today).items():
        for message in messages:
            rules.add_error(errors, field, message)
    _check_community(child, errors, today, for_case=for_case)
    rules.id_unique_errors(child, errors)
    rules.raise_errors(errors)


def _check_in_registry(child: Child) -> None:
    if child.status != ChildStatus.IN_COMMUNITY:
        raise ValidationError(MSG_NOT_IN_REGISTRY, code="not_in_registry")


# ---------------------------------------------------------------------- registration


@transaction.atomic
def community_register(
    *, actor: User, data: Mapping[str, Any], dismissed_duplicates: Collection[int] = ()
) -> Child:
    """Open the community file of a child found in screening (摸底排查、登记建档).

    `data` holds `COMMUNITY_FIELDS` and `division` (the township or village code). Refuses
    an ID number that has a live file; raises `PossibleDuplicateError` while live files with
    the same name, sex and birth date (in care or in the community) are not dismissed.
    """
    require(actor, Perm.COMMUNITY_REGISTER)
    fields = dict(data)
    code = str(fields.pop("division", "") or "").strip()
    today = rules.today()
    child = Child(created_by=actor, updated_by=actor, status=ChildStatus.IN_COMMUNITY,
                  current_institution=None, division_code="")
    _assign(child, fields)
    _validate(actor, child, code, today)
    dismissed = rules.duplicates_check(actor=actor, child=child, dismissed=dismissed_duplicates)
    rules.child_save(child, actor=actor)
    rules.duplicates_dismiss(actor=actor, child=child, others=dismissed)
    deadlines.deadline_open(child, DeadlineKind.COMMUNITY_VISIT, start=child.registered_on,
                            due=visit_due(child.registered_on), actor=actor)
    registry.periods_sync(child, on=child.registered_on, actor=actor)
    return child


def community_check(*, actor: User, data: Mapping[str, Any], child: Child | None = None
                    ) -> None:
    """The refusals `community_register` (no `child`) or `community_update` (`child`, a
    file in scope on the registry) would give `data`, raised as they would, writing nothing:
    a screening import's preview. `child` itself is left as it was."""
    require(actor, Perm.COMMUNITY_REGISTER)
    fields = dict(data)
    code = str(fields.pop("division", "") or "").strip()
    target = copy.copy(child) if child is not None else Child(
        status=ChildStatus.IN_COMMUNITY, current_institution=None, division_code="")
    _assign(target, fields)
    _validate(actor, target, code if child is None or code else None, rules.today())
    if child is None:
        rules.duplicates_check(actor=actor, child=target, dismissed=())


@transaction.atomic
def child_register_for_case(
    *, actor: User, data: Mapping[str, Any], dismissed_duplicates: Collection[int] = ()
) -> Child:
    """Open the file of a child the county takes up directly for a protection case (a
    child found alone, never seen before), so that the case can be opened on it.

    The county's protection workers and officers only. The file is a community file of the
    township or village where the child was found or lives (`division`), with the same
    identity, ID-number and duplicate rules as every other registration (the same finding
    counts as a possible duplicate too). An unidentified child needs only a name (a
    temporary one will do), the sex, a birth date (ticked as estimated) and the place; the
    ID number, the guardian and the categories are given when known. No registry visit falls
    due: the case carries the child's deadlines.
    """
    require(actor, Perm.CASE_WRITE)
    fields = dict(data)
    code = str(fields.pop("division", "") or "").strip()
    today = rules.today()
    child = Child(created_by=actor, updated_by=actor, status=ChildStatus.IN_COMMUNITY,
                  current_institution=None, division_code="")
    _assign(child, fields, DIRECT_FIELDS)
    _validate(actor, child, code, today, for_case=True)
    dismissed = rules.duplicates_check(actor=actor, child=child, dismissed=dismissed_duplicates)
    rules.child_save(child, actor=actor, reason=str(_("Registered for a protection case")))
    rules.duplicates_dismiss(actor=actor, child=child, others=dismissed)
    registry.periods_sync(child, on=child.registered_on, actor=actor)
    return child


@transaction.atomic
def community_update(
    *, actor: User, child_id: int, version: int, data: Mapping[str, Any]
) -> Child:
    """Change a community file (动态更新); `division` moves it to another township or village
    in scope. `version` is the one the client read; an older one is refused."""
    require(actor, Perm.COMMUNITY_REGISTER)
    child = get_scoped(Child.objects.all(), actor, pk=child_id, for_update=True)
    _check_in_registry(child)
    check_version(child, version)
    fields = dict(data)
    code = str(fields.pop("division")).strip() if "division" in fields else None
    registered = child.registered_on
    guardian = child.guardian_relation, child.guardian_name
    _assign(child, fields)
    _validate(actor, child, code, rules.today())
    bump_version(child, actor)
    rules.child_save(child, actor=actor)
    if child.registered_on != registered:
        _redate_first_visit(child, actor)
    registry.periods_sync(child, on=max(rules.today(), child.registered_on), actor=actor)
    registry.guardian_change_note(child, relation_before=guardian[0], name_before=guardian[1],
                                  actor=actor)
    return child


def _redate_first_visit(child: Child, actor: User) -> None:
    """A corrected registration date moves the first visit's deadline (none after a visit)."""
    if child.community_visits.exists():
        return
    for deadline in child.deadlines.filter(kind=DeadlineKind.COMMUNITY_VISIT,
                                           closed_on__isnull=True):
        deadline.started_on = deadline.visible_from = child.registered_on
        deadline.due_on = visit_due(child.registered_on)
        record_change(deadline, actor)
        deadline.save(update_fields=["started_on", "visible_from", "due_on", "updated_by",
                                     "updated_at"])


# ---------------------------------------------------------------------------- visits


@transaction.atomic
def community_visit_record(
    *, actor: User, child_id: int, data: Mapping[str, Any]
) -> CommunityVisit:
    """Record a visit; the visit deadline is done and the next one runs from the latest visit.
    A visit that finds the child needs follow-up puts the next step on the to-do list (a
    follow-up deadline); the next visit on or after that one's date does it."""
    require(actor, Perm.COMMUNITY_VISIT)
    child = get_scoped(Child.objects.all(), actor, pk=child_id, for_update=True)
    _check_in_registry(child)
    visit = CommunityVisit(
        child=child, visited_by=actor, created_by=actor, updated_by=actor,
        visited_on=data.get("visited_on"), method=data.get("method") or "",
        situation=(data.get("situation") or "").strip(), needs=(data.get("needs") or "").strip(),
        follow_up_needed=bool(data.get("follow_up_needed")),
        note=(data.get("note") or "").strip(),
    )
    _check_visit(child, visit)
    record_change(visit, actor)
    visit.save()
    latest = max(visit.visited_on, *child.community_visits.values_list("visited_on", flat=True))
    deadlines.deadline_close(child, DeadlineKind.COMMUNITY_VISIT, on=visit.visited_on,
                             outcome=DeadlineOutcome.DONE, actor=actor)
    deadlines.deadline_open(child, DeadlineKind.COMMUNITY_VISIT, start=latest,
                            due=visit_due(latest), actor=actor)
    _follow_up(child, visit, actor)
    return visit


def _follow_up(child: Child, visit: CommunityVisit, actor: User) -> None:
    """The follow-up an earlier visit asked for is done by this one; this visit may ask for
    the next."""
    for deadline in child.deadlines.filter(kind=DeadlineKind.COMMUNITY_FOLLOW_UP,
                                           closed_on__isnull=True,
                                           started_on__lte=visit.visited_on):
        deadline.closed_on, deadline.outcome = visit.visited_on, DeadlineOutcome.DONE
        record_change(deadline, actor)
        deadline.save(update_fields=["closed_on", "outcome", "updated_by", "updated_at"])
    if visit.follow_up_needed:
        deadlines.deadline_open(child, DeadlineKind.COMMUNITY_FOLLOW_UP,
                                start=visit.visited_on, due=follow_up_due(visit.visited_on),
                                actor=actor)


def _check_visit(child: Child, visit: CommunityVisit) -> None:
    errors: dict[str, list] = {}
    if visit.visited_on is None:
        rules.add_error(errors, "visited_on", rules.MSG_DATE_REQUIRED)
    elif visit.visited_on > rules.today():
        rules.add_error(errors, "visited_on", MSG_DATE_FUTURE)
    elif visit.visited_on < child.registered_on:
        rules.add_error(errors, "visited_on", MSG_VISIT_BEFORE_REGISTRATION)
    if visit.method not in VisitMethod.values:
        rules.add_error(errors, "method", MSG_CHOOSE)
    if not visit.situation:
        rules.add_error(errors, "situation", MSG_SITUATION_REQUIRED)
    rules.raise_errors(errors)


# ---------------------------------------------------------------------------- removal


@transaction.atomic
def community_remove(
    *, actor: User, child_id: int, version: int, reason: str, on: dt.date, note: str = ""
) -> Child:
    """Take the child off the registry with the date and reason; the file is kept."""
    require(actor, Perm.COMMUNITY_REGISTER)
    child = get_scoped(Child.objects.all(), actor, pk=child_id, for_update=True)
    _check_in_registry(child)
    check_version(child, version)
    errors: dict[str, list] = {}
    if reason not in RegistryExitReason.values:
        rules.add_error(errors, "reason", MSG_REASON_REQUIRED)
    if on is None:
        rules.add_error(errors, "on", MSG_CHOOSE)
    elif on > rules.today():
        rules.add_error(errors, "on", MSG_DATE_FUTURE)
    elif on < child.registered_on:
        rules.add_error(errors, "on", MSG_REMOVAL_BEFORE_REGISTRATION)
    if reason == RegistryExitReason.OTHER and not note.strip():
        rules.add_error(errors, "note", MSG_NOTE_REQUIRED)
    rules.raise_errors(errors)
    closing.file_closed(child, on=on, actor=actor)
    registry.periods_close_all(child, on=on)
    child.status, child.registry_closed_on, child.registry_exit_reason = (
        ChildStatus.OFF_REGISTER, on, reason)
    child.closed_reason = note.strip()[:500]
    bump_version(child, actor)
    rules.child_save(child, actor=actor, reason=str(RegistryExitReason(reason).label))
    return child


# ------------------------------------------------------------------- into civil affairs care


@transaction.atomic
def community_take_into_care(
    *, actor: User, child_id: int, version: int, institution_id: int, intake_on: dt.date,
    intake_category: str, legal_basis: str, guardian_kind: str, guardianship_situation: str,
    guardianship_note: str = "", legal_basis_note: str = "", received_from: str = "",
    intake_note: str = "", bed: str = "",
) -> Child:
    """Take a community child into civil affairs care (temporary or long-term guardianship)
    through the intake of the child registry, keeping the one file: the same identity, its
    history and visits. The file leaves the registry (reason: taken into care) and becomes
    the institution's. The institution must be in the actor's jurisdiction (a county office
    or protection worker taking a child into its protection institution)."""
    require(actor, Perm.COMMUNITY_REGISTER)
    child = get_scoped(Child.objects.all(), actor, pk=child_id, for_update=True)
    _check_in_registry(child)
    check_version(child, version)
    institution = rules.institution_in_scope(actor, institution_id)
    if intake_on is not None:
        registry.periods_close_all(child, on=intake_on)
    return internal.child_take_into_care(
        actor=actor, child=child, institution=institution, intake_on=intake_on,
        intake_category=intake_category, legal_basis=legal_basis, guardian_kind=guardian_kind,
        guardianship_situation=guardianship_situation, guardianship_note=guardianship_note,
        legal_basis_note=legal_basis_note, received_from=received_from,
        intake_note=intake_note, bed=bed,
    )
