"""The upbringing assessment's writes (policy 二(一)), on the care pattern's rules: the
social worker (or the director) records it on a child in care, the director confirms it.
A confirmed assessment is due again a year later; it replaces the previous one; one
recommending adoption opens the child's adoption (cwis/care/services/adoption.py)."""

import calendar
import datetime as dt
from collections.abc import Mapping
from typing import Any

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.translation import gettext_lazy as _

from cwis.accounts.models import User
from cwis.care.choices import CareLine
from cwis.care.choices_adoption import (
    ADOPTABLE,
    AdoptionState,
    ChildWish,
    LegalStatus,
    UpbringingCloseReason,
    UpbringingPath,
    UpbringingStatus,
)
from cwis.care.models import AdoptionCase, UpbringingAssessment
from cwis.care.services import rules
from cwis.care.services.rules import add_error
from cwis.children.choices import ChildStatus
from cwis.children.models import Child
from cwis.children.services import add_years
from cwis.core.concurrency import bump_version, check_version
from cwis.core.permissions import Perm, require
from cwis.core.scoping import get_scoped

FIELDS = ("occasion", "assessed_on", "situation", "legal_status", "legal_note", "health",
          "attachment", "wish", "wishes", "path", "reasons")
# The child's consent to adoption is asked from this age (Civil Code art. 1104).
CONSENT_AGE = 8
# The line whose profession writes the assessment (with the director): social work.
LINE = CareLine.SOCIAL_WORK
_LINKS = ("child", "assessor", "confirmed_by")

MSG_NOT_ADOPTABLE = _("A child whose legal status does not allow adoption cannot be "
                      "recommended for adoption.")
MSG_NOTICE_NOT_OVER = _("The public search notice for this child's parents has not ended: "
                        "the parents cannot yet be taken as not found.")
MSG_WISH_REQUIRED = _("A child of 8 or more is asked: record whether the child agrees.")
MSG_WISH_DISAGREES = _("The child does not agree to adoption: adoption cannot be "
                       "recommended.")
MSG_WISHES_TEXT = _("Write what the child said.")
MSG_ALREADY_PENDING = _("An assessment of this child already awaits the director's "
                        "confirmation: change that one.")
MSG_NOT_PENDING = _("Only an assessment awaiting confirmation can be changed or confirmed.")


def age_on(child: Child, day: dt.date) -> int:
    years = day.year - child.birth_date.year
    return years - ((day.month, day.day) < (child.birth_date.month, child.birth_date.day))


def _check(assessment: UpbringingAssessment) -> None:
    errors = rules.record_errors(assessment, exclude=_LINKS)
    child = assessment.child
    rules.check_after_birth(errors, child, "assessed_on", assessment.assessed_on)
    day = assessment.assessed_on if isinstance(assessment.assessed_on, dt.date) else None
    if day is not None and "wish" not in errors and age_on(child, day) >= CONSENT_AGE:
        if assessment.wish == ChildWish.TOO_YOUNG:
            add_error(errors, "wish", MSG_WISH_REQUIRED)
        if not assessment.wishes:
            add_error(errors, "wishes", MSG_WISHES_TEXT)
    if assessment.path == UpbringingPath.ADOPTION and "path" not in errors:
        if assessment.legal_status and assessment.legal_status not in ADOPTABLE:
            add_error(errors, "path", MSG_NOT_ADOPTABLE)
        if assessment.wish == ChildWish.DISAGREES:
            add_error(errors, "path", MSG_WISH_DISAGREES)
    if (assessment.legal_status == LegalStatus.PARENTS_NOT_FOUND and day is not None
            and not notice_over(child, day)):
        add_error(errors, "legal_status", MSG_NOTICE_NOT_OVER)
    rules.raise_errors(errors)


def notice_over(child: Child, day: dt.date) -> bool:
    """Has the public search notice for the child's parents run its time (the children
    app's 30-day notice, CWIS_SEARCH_NOTICE_DAYS) by `day`? A child admitted formally has."""
    if child.formally_admitted_on is not None:
        return True
    start = child.search_notice_on
    return start is not None and start + dt.timedelta(days=settings.CWIS_SEARCH_NOTICE_DAYS) <= day


@transaction.atomic
def upbringing_record(*, actor: User, child_id: int, data: Mapping[str, Any]
                      ) -> UpbringingAssessment:
    """Record a child's upbringing assessment; it waits for the director's confirmation."""
    child, _service = rules.target(actor, child_id=child_id, line=LINE,
                                   perms=(Perm.CARE_APPROVE,))
    if UpbringingAssessment.objects.filter(child=child,
                                           status=UpbringingStatus.PENDING).exists():
        raise ValidationError(MSG_ALREADY_PENDING, code="pending")
    assessment = UpbringingAssessment(child=child, assessor=actor)
    rules.assign(assessment, data, FIELDS)
    _check(assessment)
    rules.save(assessment, actor)
    return assessment


def _locked(actor: User, assessment_id: int) -> UpbringingAssessment:
    return get_scoped(UpbringingAssessment.objects.select_related("child"), actor,
                      pk=assessment_id, for_update=True)


def _check_open(assessment: UpbringingAssessment) -> None:
    if assessment.child.status != ChildStatus.IN_CARE:
        raise ValidationError(rules.MSG_FILE_CLOSED, code="file_closed")
    if assessment.status != UpbringingStatus.PENDING:
        raise ValidationError(MSG_NOT_PENDING, code="not_pending")


@transaction.atomic
def upbringing_update(*, actor: User, assessment_id: int, version: int,
                      data: Mapping[str, Any], reason: str = "") -> UpbringingAssessment:
    """Change an assessment before the director confirms it."""
    assessment = _locked(actor, assessment_id)
    rules.require_any(actor, (rules.line_perm(LINE), Perm.CARE_APPROVE))
    check_version(assessment, version)
    _check_open(assessment)
    rules.assign(assessment, data, FIELDS)
    _check(assessment)
    bump_version(assessment, actor)
    rules.save(assessment, actor, reason)
    return assessment


@transaction.atomic
def upbringing_confirm(*, actor: User, assessment_id: int, version: int
                       ) -> UpbringingAssessment:
    """The director confirms the assessment: it becomes the child's current one (the
    previous closes), due again a year after it was made; adoption recommended opens the
    child's adoption, another path withdraws an adoption not yet matched."""
    assessment = _locked(actor, assessment_id)
    require(actor, Perm.CARE_APPROVE)
    check_version(assessment, version)
    _check_open(assessment)
    today = rules.today()
    for previous in UpbringingAssessment.objects.select_for_update().filter(
            child=assessment.child, status=UpbringingStatus.CONFIRMED):
        close(previous, on=today, why=UpbringingCloseReason.SUPERSEDED, actor=actor)
    assessment.status, assessment.confirmed_by = UpbringingStatus.CONFIRMED, actor
    assessment.confirmed_on = today
    assessment.next_due_on = add_years(assessment.assessed_on, 1)
    bump_version(assessment, actor)
    rules.save(assessment, actor)
    _follow_path(assessment, actor, today)
    return assessment


def _follow_path(assessment: UpbringingAssessment, actor: User, today: dt.date) -> None:
    open_case = AdoptionCase.objects.select_for_update().filter(
        child=assessment.child, state__in=(AdoptionState.RECOMMENDED, AdoptionState.LISTED,
                                           AdoptionState.MATCHED)).first()
    if assessment.path == UpbringingPath.ADOPTION:
        if open_case is None:
            case = AdoptionCase(child=assessment.child, assessment=assessment, opened_on=today,
                                progress_due_on=progress_due(today))
            rules.save(case, actor)
        else:
            open_case.assessment = assessment
            bump_version(open_case, actor)
            rules.save(open_case, actor)
    elif open_case is not None and open_case.state != AdoptionState.MATCHED:
        open_case.state, open_case.closed_on = AdoptionState.WITHDRAWN, today
        open_case.close_note = str(UpbringingPath(assessment.path).label)
        open_case.progress_due_on = None
        bump_version(open_case, actor)
        rules.save(open_case, actor, open_case.close_note)


def close(assessment: UpbringingAssessment, *, on: dt.date, why: str, actor: User) -> None:
    """Close an open assessment (locked by the caller): kept as it was."""
    assessment.status, assessment.closed_on, assessment.close_reason = (
        UpbringingStatus.CLOSED, on, why)
    bump_version(assessment, actor)
    rules.save(assessment, actor, str(UpbringingCloseReason(why).label))


def add_months(day: dt.date, months: int) -> dt.date:
    month = day.month - 1 + months
    year, month = day.year + month // 12, month % 12 + 1
    return dt.date(year, month, min(day.day, calendar.monthrange(year, month)[1]))


def progress_due(day: dt.date) -> dt.date:
    """A step of the child's adoption is due this long after the last one."""
    return add_months(day, settings.CWIS_ADOPTION_PROGRESS_MONTHS)
