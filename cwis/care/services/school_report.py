"""The yearly school-age report (适龄儿童报备, policy 二(四)): the institution's list of
school-age children able to attend ordinary school, sent to the local education department.

A teacher (or the director) opens the year's report, prefilled with the children in care of
school age on 1 September; removes those who cannot attend ordinary school and adds others;
then records the day it was reported. A reported list no longer changes.
"""

import datetime as dt
from collections.abc import Mapping
from typing import Any

from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.utils.translation import gettext_lazy as _

from cwis.accounts.models import User
from cwis.care.choices import ReportState, SchoolStage
from cwis.care.models import SchoolAgeReport, SchoolAgeReportEntry
from cwis.care.services import rules
from cwis.care.services.rules import add_error
from cwis.children.choices import ChildStatus
from cwis.children.models import Child
from cwis.children.services import add_years
from cwis.core.concurrency import bump_version, check_version
from cwis.core.errors import field_error
from cwis.core.permissions import Perm
from cwis.core.scoping import get_scoped, scope

MSG_REPORT_EXISTS = _("The institution has a report for this year already.")
MSG_REPORTED = _("This list was reported: it no longer changes.")
MSG_NOT_IN_INSTITUTION = _("Choose a child in the institution's care.")
MSG_ON_LIST = _("The child is on the list already.")
MSG_NO_INSTITUTION = _("Your account belongs to no institution.")
MSG_EMPTY = _("The list is empty: add the children to report.")
WRITERS = (Perm.CARE_EDUCATION, Perm.CARE_APPROVE)
# Age on 1 September -> the stage proposed for the coming school year.
STAGES = ((6, SchoolStage.KINDERGARTEN), (12, SchoolStage.PRIMARY),
          (15, SchoolStage.JUNIOR_SECONDARY), (18, SchoolStage.SENIOR_SECONDARY))
YOUNGEST = 3


def school_year_start(year: int) -> dt.date:
    return dt.date(year, 9, 1)


def proposed_stage(birth: dt.date, year: int) -> str | None:
    """The stage a child of this birth date enters in the school year starting in `year`."""
    start = school_year_start(year)
    if start < add_years(birth, YOUNGEST):
        return None
    for age, stage in STAGES:
        if start < add_years(birth, age):
            return stage
    return None


@transaction.atomic
def school_report_create(*, actor: User, year: int, department: str, note: str = ""
                         ) -> SchoolAgeReport:
    """Open the year's report of the actor's institution, prefilled with its children in
    care who are of school age on 1 September."""
    rules.require_any(actor, WRITERS)
    if actor.institution_id is None:
        raise ValidationError(MSG_NO_INSTITUTION, code="no_institution")
    report = SchoolAgeReport(institution_id=actor.institution_id, year=year,
                             department=(department or "").strip(), note=(note or "").strip())
    errors = rules.record_errors(report, exclude=("institution",))
    if year and SchoolAgeReport.objects.filter(institution_id=actor.institution_id,
                                               year=year).exists():
        add_error(errors, "year", MSG_REPORT_EXISTS)
    rules.raise_errors(errors)
    try:
        with transaction.atomic():
            rules.save(report, actor)
    except IntegrityError as exc:  # another teacher opened it meanwhile
        raise field_error("year", MSG_REPORT_EXISTS) from exc
    children = scope(Child.objects.filter(status=ChildStatus.IN_CARE,
                                          current_institution_id=actor.institution_id),
                     actor).order_by("birth_date", "id")
    entries = []
    for child in children:
        stage = proposed_stage(child.birth_date, year)
        if stage is not None:
            entries.append(SchoolAgeReportEntry(report=report, child=child, stage=stage))
    SchoolAgeReportEntry.objects.bulk_create(entries)
    return report


def _draft(actor: User, report_id: int, version: int) -> SchoolAgeReport:
    report = get_scoped(SchoolAgeReport.objects.all(), actor, pk=report_id, for_update=True)
    rules.require_any(actor, WRITERS)
    check_version(report, version)
    if report.state != ReportState.DRAFT:
        raise ValidationError(MSG_REPORTED, code="reported")
    return report


def _touch(report: SchoolAgeReport, actor: User, reason: str = "") -> None:
    bump_version(report, actor)
    rules.save(report, actor, reason)


@transaction.atomic
def school_report_add(*, actor: User, report_id: int, version: int, child_id: int,
                      stage: str, note: str = "") -> SchoolAgeReportEntry:
    report = _draft(actor, report_id, version)
    child = Child.objects.filter(pk=child_id, status=ChildStatus.IN_CARE,
                                 current_institution_id=report.institution_id).first()
    errors: dict[str, list] = {}
    if child is None:
        add_error(errors, "child_id", MSG_NOT_IN_INSTITUTION)
    elif report.entries.filter(child=child).exists():
        add_error(errors, "child_id", MSG_ON_LIST)
    entry = SchoolAgeReportEntry(report=report, child=child, stage=stage,
                                 note=(note or "").strip())
    for field, messages in rules.record_errors(entry, exclude=("report", "child")).items():
        errors.setdefault(field, []).extend(messages)
    rules.raise_errors(errors)
    entry.save()
    _touch(report, actor, str(child))
    return entry


@transaction.atomic
def school_report_remove(*, actor: User, report_id: int, version: int, child_id: int,
                         reason: str) -> SchoolAgeReport:
    """Take a child off the draft list (cannot attend ordinary school), with the reason."""
    report = _draft(actor, report_id, version)
    if not (reason or "").strip():
        raise ValidationError({"reason": [rules.MSG_REASON_REQUIRED]})
    entry = report.entries.filter(child_id=child_id).first()
    if entry is None:
        raise ValidationError({"child_id": [MSG_NOT_IN_INSTITUTION]})
    entry._change_reason, entry._history_user = reason.strip()[:100], actor
    entry.delete()  # a draft line, not the child's data; its history row keeps the reason
    _touch(report, actor, reason)
    return report


@transaction.atomic
def school_report_mark_reported(*, actor: User, report_id: int, version: int,
                                reported_on: dt.date, data: Mapping[str, Any] | None = None
                                ) -> SchoolAgeReport:
    """Record the day the list went to the education department; it no longer changes."""
    report = _draft(actor, report_id, version)
    if data:
        rules.assign(report, data, ("department", "note"))
    report.state, report.reported_on = ReportState.REPORTED, reported_on
    errors = rules.record_errors(report, exclude=("institution",))
    if reported_on is None and "reported_on" not in errors:
        add_error(errors, "reported_on", rules.MSG_DATE_REQUIRED)
    if not report.entries.exists():
        add_error(errors, "reported_on", MSG_EMPTY)
    rules.raise_errors(errors)
    _touch(report, actor)
    return report
