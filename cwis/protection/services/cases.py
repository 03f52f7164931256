"""Every write of the county protection casework: open a case (intake and emergency
placement), correct its intake, record and confirm guardianship assessments, and the
reasoned opening of a case by an office above the county (written to the access log).

Each service checks the role, finds the record in scope (404 otherwise), validates everything
at once (all refusals beside their fields) and writes in one transaction with its history.
"""

import datetime as dt
from collections.abc import Mapping
from typing import Any

from django.conf import settings
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from cwis.accounts.models import User
from cwis.children.choices import LIVE_STATUSES
from cwis.children.models import Child
from cwis.children.services import rules
from cwis.core.audit import access_log_record
from cwis.core.concurrency import bump_version, check_version
from cwis.core.errors import PermissionDeniedError
from cwis.core.history import record_change
from cwis.core.permissions import Perm, require
from cwis.core.scoping import actor_prefix, get_scoped
from cwis.core.validators import MSG_DATE_FUTURE
from cwis.protection.models.cases import (
    Art92Situation,
    CaseAccessReason,
    CaseState,
    EmergencyPlacement,
    GuardianshipAssessment,
    ProtectionCase,
    Recommendation,
    ReporterKind,
)

MSG_CASE_ALREADY_OPEN = _("The child already has an open protection case: continue that one.")
MSG_FILE_NOT_LIVE = _("This file is closed (merged or entered in error): no case can be opened.")
MSG_NOT_COUNTY = _("Only the county's protection workers and officers open protection cases.")
MSG_CASE_CLOSED = _("The case is closed: nothing more can be recorded on it.")
MSG_TEXT_REQUIRED = _("Describe it.")
MSG_TIME_REQUIRED = _("Enter the date and time.")
MSG_TIME_FUTURE = _("This time is in the future.")
MSG_BEFORE_BIRTH = rules.MSG_BEFORE_BIRTH
MSG_OPENED_BEFORE_REPORT = _("The case cannot be opened before the child was reported.")
MSG_PLACED_BEFORE_REPORT = _("The placement cannot be before the child was reported.")
MSG_POLICE_REFERENCE = _("Give the police reference when the police brought the child.")
MSG_ASSESSED_BEFORE_OPENING = _("An assessment cannot be dated before the case was opened.")
MSG_REASSESS_AFTER = _("The reassessment date comes after the assessment.")
MSG_RECOMMENDATION_NOTE = _("Explain the recommendation.")
MSG_ALREADY_CONFIRMED = _("This assessment is already confirmed.")
MSG_CONFIRMED_READ_ONLY = _("A confirmed assessment no longer changes: record a new one.")
MSG_REASON_REQUIRED = _("Say why you need to open this case: it is written to the access log.")

# Intake fields a worker sets (open and correct); the rest the service sets.
INTAKE_FIELDS = ("opened_on", "situation", "reported_by", "reporter_name", "reported_at",
                 "circumstances", "police_reference", "safety_check", "placement",
                 "placed_at", "placement_note")
ASSESSMENT_FIELDS = ("assessed_on", "assessors", "guardian_situation", "guardian_capacity",
                     "risks", "child_views", "recommendation", "recommendation_note",
                     "reassess_on")
_CASE_TEXTS = ("circumstances", "safety_check")
_ASSESSMENT_TEXTS = ("guardian_situation", "guardian_capacity", "risks", "child_views")


def first_assessment_due(opened_on: dt.date) -> dt.date:
    return opened_on + dt.timedelta(days=settings.CWIS_CASE_FIRST_ASSESSMENT_DAYS)


def _assign(record, fields: tuple[str, ...], data: Mapping[str, Any]) -> None:
    unknown = set(data) - set(fields)
    if unknown:
        raise ValueError(f"not editable: {sorted(unknown)}")
    for field, value in data.items():
        setattr(record, field, value.strip() if isinstance(value, str) else value)
        if value is None and field in ("reporter_name", "police_reference", "placement_note",
                                       "assessors", "recommendation_note"):
            setattr(record, field, "")


def _check_time(errors: dict, field: str, value, now: dt.datetime) -> None:
    if value is None:
        rules.add_error(errors, field, MSG_TIME_REQUIRED)
    elif value > now:
        rules.add_error(errors, field, MSG_TIME_FUTURE)


def _check_times(case: ProtectionCase, errors: dict) -> None:
    """Reported, then placed and opened: none in the future."""
    now = timezone.now()
    _check_time(errors, "reported_at", case.reported_at, now)
    _check_time(errors, "placed_at", case.placed_at, now)
    reported = case.reported_at if "reported_at" not in errors else None
    if reported and case.placed_at and "placed_at" not in errors and case.placed_at < reported:
        rules.add_error(errors, "placed_at", MSG_PLACED_BEFORE_REPORT)
    if (reported and case.opened_on and "opened_on" not in errors
            and case.opened_on < timezone.localtime(reported).date()):
        rules.add_error(errors, "opened_on", MSG_OPENED_BEFORE_REPORT)


def _check_intake(case: ProtectionCase, child: Child) -> None:
    errors: dict[str, list] = {}
    if case.opened_on is None:
        rules.add_error(errors, "opened_on", rules.MSG_DATE_REQUIRED)
    elif case.opened_on > rules.today():
        rules.add_error(errors, "opened_on", MSG_DATE_FUTURE)
    elif case.opened_on < child.birth_date:
        rules.add_error(errors, "opened_on", MSG_BEFORE_BIRTH)
    for field, choices in (("situation", Art92Situation), ("reported_by", ReporterKind),
                           ("placement", EmergencyPlacement)):
        if getattr(case, field) not in choices.values:
            rules.add_error(errors, field, rules.MSG_CHOOSE)
    _check_times(case, errors)
    for field in _CASE_TEXTS:
        if not getattr(case, field):
            rules.add_error(errors, field, MSG_TEXT_REQUIRED)
    if case.reported_by == ReporterKind.POLICE and not case.police_reference:
        rules.add_error(errors, "police_reference", MSG_POLICE_REFERENCE)
    rules.raise_errors(errors)


def _county(actor: User) -> str:
    """The county a case belongs to: the actor's own (only county roles write cases)."""
    prefix = actor_prefix(actor) or ""
    if len(prefix) != 6:
        raise PermissionDeniedError(MSG_NOT_COUNTY)
    return prefix


def open_case_for_update(actor: User, case_id: int) -> ProtectionCase:
    case = get_scoped(ProtectionCase.objects.select_related("child"), actor, pk=case_id,
                      for_update=True)
    if case.state != CaseState.OPEN:
        rules.raise_errors({"__all__": [MSG_CASE_CLOSED]})
    return case


@transaction.atomic
def case_open(*, actor: User, child_id: int, data: Mapping[str, Any]) -> ProtectionCase:
    """Open a case on the child's one file (a community child or a child in care of the
    county): intake and emergency placement; the first assessment falls due
    CWIS_CASE_FIRST_ASSESSMENT_DAYS after the opening. One open case per child."""
    require(actor, Perm.CASE_WRITE)
    county = _county(actor)
    # The file's row is locked: two workers opening a case for the same child wait in turn.
    child = get_scoped(Child.objects.all(), actor, pk=child_id, for_update=True)
    if child.status not in LIVE_STATUSES:
        rules.raise_errors({"__all__": [MSG_FILE_NOT_LIVE]})
    if child.protection_cases.filter(state=CaseState.OPEN).exists():
        rules.raise_errors({"__all__": [MSG_CASE_ALREADY_OPEN]})
    case = ProtectionCase(child=child, county_code=county, opened_by=actor)
    _assign(case, INTAKE_FIELDS, data)
    _check_intake(case, child)
    case.first_assessment_due = first_assessment_due(case.opened_on)
    record_change(case, actor, reason=str(_("Case opened")))
    case.save()
    return case


@transaction.atomic
def case_update(*, actor: User, case_id: int, version: int,
                data: Mapping[str, Any]) -> ProtectionCase:
    """Correct the intake or the emergency placement of an open case; 409 when stale."""
    require(actor, Perm.CASE_WRITE)
    case = open_case_for_update(actor, case_id)
    check_version(case, version)
    _assign(case, INTAKE_FIELDS, data)
    _check_intake(case, case.child)
    if not case.assessments.exists():
        case.first_assessment_due = first_assessment_due(case.opened_on)
    bump_version(case, actor)
    record_change(case, actor)
    case.save()
    return case


# ------------------------------------------------------------- guardianship assessment


def _check_assessment(assessment: GuardianshipAssessment, case: ProtectionCase) -> None:
    errors: dict[str, list] = {}
    on = assessment.assessed_on
    if on is None:
        rules.add_error(errors, "assessed_on", rules.MSG_DATE_REQUIRED)
    elif on > rules.today():
        rules.add_error(errors, "assessed_on", MSG_DATE_FUTURE)
    elif on < case.opened_on:
        rules.add_error(errors, "assessed_on", MSG_ASSESSED_BEFORE_OPENING)
    for field in _ASSESSMENT_TEXTS:
        if not getattr(assessment, field):
            rules.add_error(errors, field, MSG_TEXT_REQUIRED)
    if assessment.recommendation not in Recommendation.values:
        rules.add_error(errors, "recommendation", rules.MSG_CHOOSE)
    elif (assessment.recommendation == Recommendation.OTHER
          and not assessment.recommendation_note):
        rules.add_error(errors, "recommendation_note", MSG_RECOMMENDATION_NOTE)
    if assessment.reassess_on is None:
        rules.add_error(errors, "reassess_on", rules.MSG_DATE_REQUIRED)
    elif on is not None and assessment.reassess_on <= on:
        rules.add_error(errors, "reassess_on", MSG_REASSESS_AFTER)
    rules.raise_errors(errors)


@transaction.atomic
def assessment_record(*, actor: User, case_id: int,
                      data: Mapping[str, Any]) -> GuardianshipAssessment:
    """Record a guardianship assessment by the actor (with whoever else assessed); it waits
    for the county officer's confirmation; its reassessment date is the next deadline."""
    require(actor, Perm.CASE_WRITE)
    case = open_case_for_update(actor, case_id)
    assessment = GuardianshipAssessment(case=case, assessed_by=actor)
    _assign(assessment, ASSESSMENT_FIELDS, data)
    _check_assessment(assessment, case)
    record_change(assessment, actor, reason=str(_("Assessment recorded")))
    assessment.save()
    return assessment


def _assessment_for_update(actor: User, assessment_id: int) -> GuardianshipAssessment:
    assessment = get_scoped(GuardianshipAssessment.objects.select_related("case"), actor,
                            pk=assessment_id, for_update=True)
    if assessment.case.state != CaseState.OPEN:
        rules.raise_errors({"__all__": [MSG_CASE_CLOSED]})
    return assessment


@transaction.atomic
def assessment_update(*, actor: User, assessment_id: int, version: int,
                      data: Mapping[str, Any]) -> GuardianshipAssessment:
    """Correct an assessment not yet confirmed; 409 when stale."""
    require(actor, Perm.CASE_WRITE)
    assessment = _assessment_for_update(actor, assessment_id)
    check_version(assessment, version)
    if assessment.confirmed_on is not None:
        rules.raise_errors({"__all__": [MSG_CONFIRMED_READ_ONLY]})
    _assign(assessment, ASSESSMENT_FIELDS, data)
    _check_assessment(assessment, assessment.case)
    bump_version(assessment, actor)
    record_change(assessment, actor)
    assessment.save()
    return assessment


@transaction.atomic
def assessment_confirm(*, actor: User, assessment_id: int,
                       version: int) -> GuardianshipAssessment:
    """The county officer confirms the assessment as read (a separate step); 409 when the
    assessment changed since the officer read it."""
    require(actor, Perm.CASE_CONFIRM_ASSESSMENT)
    assessment = _assessment_for_update(actor, assessment_id)
    check_version(assessment, version)
    if assessment.confirmed_on is not None:
        rules.raise_errors({"__all__": [MSG_ALREADY_CONFIRMED]})
    assessment.confirmed_on, assessment.confirmed_by = rules.today(), actor
    bump_version(assessment, actor)
    record_change(assessment, actor, reason=str(_("Assessment confirmed")))
    assessment.save()
    return assessment


# ----------------------------------------------------------------- reasoned access


@transaction.atomic
def case_open_with_reason(*, actor: User, case_id: int, reason: str,
                          request=None) -> ProtectionCase:
    """An office above the county (prefecture, province) opens a case of its jurisdiction:
    only with a stated reason, written to the access log with the read."""
    require(actor, Perm.CASE_VIEW_WITH_REASON)
    case = get_scoped(ProtectionCase.objects.select_related("child"), actor, pk=case_id)
    reason = (reason or "").strip()
    if not reason:
        rules.raise_errors({"reason": [MSG_REASON_REQUIRED]})
    access = access_log_record(actor=actor, object_type="protection_case", object_id=case.pk,
                               division_code=case.county_code, request=request,
                               action="view_with_reason")
    CaseAccessReason.objects.create(access=access, reason=reason)
    return case
