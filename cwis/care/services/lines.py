"""What each line adds to the pattern: medical visits with their costs by layer, insurance
enrolment (moved by the medical insurance office's answer), health checks (二(二));
rehabilitation assistance applications (二(三)); school places and student aid (二(四)).

Same rules as the pattern: scope first (404), the line's role (403), the version (409), every
refusal at once (422), one transaction, history attributed; nothing deleted.
"""

import datetime as dt
from collections.abc import Mapping
from decimal import Decimal
from typing import Any

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.translation import gettext_lazy as _

from cwis.accounts.models import User
from cwis.care.choices import AssistanceState, CareLine, EnrolmentState, VisitKind
from cwis.care.models import (
    COST_LAYERS,
    HealthCheck,
    InsuranceEnrolment,
    MedicalVisit,
    RehabAssistance,
    SchoolPlace,
    StudentAid,
)
from cwis.care.services import rules
from cwis.care.services.rules import add_error
from cwis.children.choices import InsuranceStatus
from cwis.children.models import Child
from cwis.children.services import add_years, internal
from cwis.core.concurrency import bump_version, check_version
from cwis.core.errors import PermissionDeniedError
from cwis.core.permissions import Perm, has_perm
from cwis.core.scoping import ALREADY_CHECKED, get_scoped

MSG_COSTS_SUM = _("The amounts paid (the four layers and the institution) must add up to the "
                  "total cost.")
MSG_DISCHARGE_BEFORE = _("The discharge cannot be before the admission.")
MSG_DISCHARGE_OUTPATIENT = _("An outpatient visit has no discharge date.")
MSG_NEGATIVE = _("An amount cannot be negative.")
MSG_OUTSIDE_WINDOW = _("Only a child whose parents cannot be found is enrolled outside the "
                       "enrolment window.")
MSG_ENROLMENT_ANSWERED = _("This enrolment has been answered already.")
MSG_ANSWER = _("Answer with enrolled or refused.")
MSG_ENROLLED_ON = _("Give the date the enrolment took effect.")
MSG_ENROLMENT_YEAR = _("The child already has an enrolment for this year.")
MSG_CHECK_DONE = _("This health check has been recorded already.")
MSG_ASSISTANCE_OPEN = _("An application is already waiting or approved.")
MSG_ASSISTANCE_AGE = _("Rehabilitation assistance is for children aged 0 to 6.")
MSG_ASSISTANCE_DISABILITY = _("Record the child's disability on the file first.")
MSG_ASSISTANCE_DECIDED = _("This application has been decided already.")
MSG_DECISION = _("Decide with approved or refused.")
MSG_PERIOD = _("Give the period of the assistance.")
MSG_PERIOD_ORDER = _("The period cannot end before it starts.")
MSG_AMOUNT = _("Give the amount approved.")
MSG_LEFT_BEFORE = _("The child cannot leave the school before enrolling.")
MSG_BEFORE_DECISION = _("The decision cannot be before the application.")
ASSISTANCE_AGE_LIMIT = 7  # 0 to 6 years old (国发〔2018〕20号)

VISIT_FIELDS = ("kind", "hospital", "started_on", "ended_on", "diagnosis", "treatment",
                "green_channel", "cost_total", *COST_LAYERS)
ENROLMENT_FIELDS = ("year", "scheme", "outside_window", "applied_on", "insurance_number")
CHECK_FIELDS = ("done_on", "done_at", "height_cm", "weight_kg", "findings")
ASSISTANCE_FIELDS = ("applied_on", "federation")
DECISION_FIELDS = ("state", "decided_on", "period_from", "period_to", "amount",
                   "decision_note")
PLACE_FIELDS = ("stage", "kind", "school", "enrolled_on", "roll_number", "note")
AID_FIELDS = ("year", "kind", "amount", "received_on", "note")
_LINKS = ("child", "outside_service", "staff")
# Health checks: infants four times a year, toddlers twice, older children once.
CHECK_INTERVALS = ((1, 91), (3, 182))
CHECK_INTERVAL_OLDER = 365


ADMIN = (Perm.CARE_APPROVE,)  # the director may also keep the administrative records


def _locked(model, actor: User, pk: int, perms: tuple[Perm, ...]):
    """A record of the child's file, in scope (404), locked, for a role in `perms` (403),
    while the file is open (422)."""
    record = get_scoped(model.objects.select_related("child"), actor, pk=pk, for_update=True)
    rules.require_any(actor, perms)
    if getattr(record, "outside_service_id", None) is None and not record.child.is_open:
        raise ValidationError(rules.MSG_FILE_CLOSED, code="file_closed")
    return record


def _money_errors(errors: dict, record, fields) -> None:
    for field in fields:
        value = getattr(record, field)
        if value is not None and field not in errors and Decimal(value) < 0:
            add_error(errors, field, MSG_NEGATIVE)


# ----------------------------------------------------------------------- medical visits


def _check_visit(visit: MedicalVisit) -> None:
    errors = rules.record_errors(visit, exclude=_LINKS)
    rules.check_after_birth(errors, visit.child, "started_on", visit.started_on)
    if visit.kind == VisitKind.OUTPATIENT and visit.ended_on:
        add_error(errors, "ended_on", MSG_DISCHARGE_OUTPATIENT)
    elif visit.ended_on and visit.started_on and visit.ended_on < visit.started_on and (
            "ended_on" not in errors):
        add_error(errors, "ended_on", MSG_DISCHARGE_BEFORE)
    _money_errors(errors, visit, ("cost_total", *COST_LAYERS))
    if not errors:
        paid = sum(Decimal(getattr(visit, f) or 0) for f in COST_LAYERS)
        if paid != Decimal(visit.cost_total or 0):
            add_error(errors, "cost_total", MSG_COSTS_SUM)
    rules.raise_errors(errors)


@transaction.atomic
def medical_visit_record(*, actor: User, child_id: int | None, data: Mapping[str, Any],
                         service_id: int | None = None) -> MedicalVisit:
    """An outpatient visit or a hospital stay, with the cost split across the four layers
    (basic medical insurance, critical-illness insurance, medical assistance, charity) and
    what the institution paid; the five add up to the total."""
    child, service = rules.target(actor, child_id=child_id, line=CareLine.MEDICAL,
                                  service_id=service_id)
    visit = MedicalVisit(child=child, outside_service=service, staff=actor)
    rules.assign(visit, data, VISIT_FIELDS)
    _check_visit(visit)
    rules.save(visit, actor)
    return visit


@transaction.atomic
def medical_visit_update(*, actor: User, visit_id: int, version: int,
                         data: Mapping[str, Any], reason: str = "") -> MedicalVisit:
    visit = _locked(MedicalVisit, actor, visit_id, (Perm.CARE_MEDICAL,))
    check_version(visit, version)
    if visit.entered_in_error:
        raise ValidationError(rules.MSG_ALREADY_IN_ERROR, code="in_error")
    rules.assign(visit, data, VISIT_FIELDS)
    _check_visit(visit)
    bump_version(visit, actor)
    rules.save(visit, actor, reason)
    return visit


@transaction.atomic
def medical_visit_mark_error(*, actor: User, visit_id: int, version: int, reason: str
                             ) -> MedicalVisit:
    visit = _locked(MedicalVisit, actor, visit_id, (Perm.CARE_MEDICAL,))
    check_version(visit, version)
    if visit.entered_in_error:
        raise ValidationError(rules.MSG_ALREADY_IN_ERROR, code="in_error")
    if not (reason or "").strip():
        raise ValidationError({"reason": [rules.MSG_REASON_REQUIRED]})
    visit.entered_in_error = reason.strip()[:300]
    bump_version(visit, actor)
    rules.save(visit, actor, reason)
    return visit


# ------------------------------------------------------------------ insurance enrolment


@transaction.atomic
def insurance_enrolment_record(*, actor: User, child_id: int, data: Mapping[str, Any]
                               ) -> InsuranceEnrolment:
    """The institution applies to enrol the child for a year; a child whose parents cannot
    be found may be enrolled outside the enrolment window (policy 二(二)). The medical
    insurance office's answer moves it (`insurance_enrolment_answer`)."""
    child, _service = rules.target(actor, child_id=child_id, line=CareLine.MEDICAL,
                                   perms=ADMIN)
    enrolment = InsuranceEnrolment(child=child, state=EnrolmentState.APPLIED)
    rules.assign(enrolment, data, ENROLMENT_FIELDS)
    errors = rules.record_errors(enrolment, exclude=_LINKS)
    rules.check_after_birth(errors, child, "applied_on", enrolment.applied_on)
    if enrolment.outside_window and not child.is_parents_not_found:
        add_error(errors, "outside_window", MSG_OUTSIDE_WINDOW)
    if enrolment.year and child.insurance_enrolments.filter(
            year=enrolment.year, state__in=(EnrolmentState.APPLIED,
                                            EnrolmentState.ENROLLED)).exists():
        add_error(errors, "year", MSG_ENROLMENT_YEAR)
    rules.raise_errors(errors)
    rules.save(enrolment, actor)
    if child.insurance_status != InsuranceStatus.ENROLLED:
        internal.child_insurance_record(actor=actor, child=child,
                                        status=InsuranceStatus.PENDING,
                                        on=enrolment.applied_on)
    return enrolment


@transaction.atomic
def insurance_enrolment_answer(*, actor: User, enrolment_id: int, version: int, state: str,
                               answered_on: dt.date, enrolled_on: dt.date | None = None,
                               insurance_number: str = "", note: str = ""
                               ) -> InsuranceEnrolment:
    """Record the medical insurance office's answer: enrolled (from a date, with the number)
    or refused. The child's file follows (and its identity and insurance deadline)."""
    enrolment = _locked(InsuranceEnrolment, actor, enrolment_id,
                        (Perm.CARE_MEDICAL, *ADMIN))
    check_version(enrolment, version)
    return enrolment_answer_locked(actor=actor, enrolment=enrolment, state=state,
                                   answered_on=answered_on, enrolled_on=enrolled_on,
                                   insurance_number=insurance_number, note=note)


def enrolment_answer_locked(*, actor: User, enrolment: InsuranceEnrolment, state: str,
                            answered_on: dt.date, enrolled_on: dt.date | None,
                            insurance_number: str, note: str) -> InsuranceEnrolment:
    """The answer itself, on an enrolment the caller found and locked (the partners' import
    of the medical insurance office's answers composes it)."""
    if enrolment.state != EnrolmentState.APPLIED:
        raise ValidationError(MSG_ENROLMENT_ANSWERED, code="answered")
    errors: dict[str, list] = {}
    if state not in (EnrolmentState.ENROLLED, EnrolmentState.REFUSED):
        add_error(errors, "state", MSG_ANSWER)
    if state == EnrolmentState.ENROLLED and enrolled_on is None:
        add_error(errors, "enrolled_on", MSG_ENROLLED_ON)
    enrolment.state, enrolment.answered_on = state, answered_on
    enrolment.enrolled_on = enrolled_on if state == EnrolmentState.ENROLLED else None
    enrolment.insurance_number = (insurance_number or enrolment.insurance_number).strip()
    enrolment.answer_note = (note or "").strip()
    for field, messages in rules.record_errors(enrolment, exclude=_LINKS).items():
        errors.setdefault(field, []).extend(messages)
    rules.check_not_future(errors, "answered_on", answered_on)
    rules.raise_errors(errors)
    bump_version(enrolment, actor)
    rules.save(enrolment, actor)
    child = get_scoped(Child.objects.all(), ALREADY_CHECKED, pk=enrolment.child_id,
                       for_update=True)
    status = (InsuranceStatus.ENROLLED if state == EnrolmentState.ENROLLED
              else InsuranceStatus.NOT_ENROLLED)
    internal.child_insurance_record(actor=actor, child=child, status=status,
                                    on=enrolled_on or answered_on)
    return enrolment


# ------------------------------------------------------------------------ health checks


def check_interval(child: Child, on: dt.date) -> int:
    for years, days in CHECK_INTERVALS:
        if on < add_years(child.birth_date, years):
            return days
    return CHECK_INTERVAL_OLDER


@transaction.atomic
def health_check_schedule(*, actor: User, child_id: int, due_on: dt.date) -> HealthCheck:
    """Set when the child's next health check is due (one is due at a time)."""
    child, _service = rules.target(actor, child_id=child_id, line=CareLine.MEDICAL)
    check = HealthCheck(child=child, due_on=due_on)
    errors = rules.record_errors(check, exclude=_LINKS)
    rules.check_after_birth(errors, child, "due_on", due_on)
    rules.raise_errors(errors)
    for due in child.health_checks.select_for_update().filter(done_on__isnull=True,
                                                              cancelled_reason=""):
        due.cancelled_reason = str(_("Replaced by a new due date."))
        bump_version(due, actor)
        rules.save(due, actor)
    rules.save(check, actor)
    return check


@transaction.atomic
def health_check_record(*, actor: User, check_id: int, version: int,
                        data: Mapping[str, Any]) -> HealthCheck:
    """Record a due check as done; the next one falls due (quarterly under one year, twice
    a year to three, then yearly)."""
    check = _locked(HealthCheck, actor, check_id, (Perm.CARE_MEDICAL,))
    check_version(check, version)
    if check.done_on is not None or check.cancelled_reason:
        raise ValidationError(MSG_CHECK_DONE, code="done")
    rules.assign(check, data, CHECK_FIELDS)
    errors = rules.record_errors(check, exclude=_LINKS)
    if check.done_on is None and "done_on" not in errors:
        add_error(errors, "done_on", rules.MSG_DATE_REQUIRED)
    rules.check_after_birth(errors, check.child, "done_on", check.done_on)
    rules.raise_errors(errors)
    bump_version(check, actor)
    rules.save(check, actor)
    following = check.done_on + dt.timedelta(days=check_interval(check.child, check.done_on))
    rules.save(HealthCheck(child=check.child, due_on=following), actor)
    return check


# ------------------------------------------------------------ rehabilitation assistance


def assistance_eligible(child: Child, on: dt.date) -> list[tuple[str, object]]:
    """Why the child cannot be applied for (field, message), empty when eligible."""
    problems: list[tuple[str, object]] = []
    if not child.disability_type:
        problems.append(("applied_on", MSG_ASSISTANCE_DISABILITY))
    if on >= add_years(child.birth_date, ASSISTANCE_AGE_LIMIT):
        problems.append(("applied_on", MSG_ASSISTANCE_AGE))
    return problems


@transaction.atomic
def assistance_apply(*, actor: User, child_id: int, data: Mapping[str, Any]
                     ) -> RehabAssistance:
    """The institution, as guardian, applies to the county disabled persons' federation for
    rehabilitation assistance for a disabled child aged 0-6 (残疾儿童康复救助)."""
    child, _service = rules.target(actor, child_id=child_id, line=CareLine.REHABILITATION,
                                   perms=ADMIN)
    application = RehabAssistance(child=child, state=AssistanceState.APPLIED)
    rules.assign(application, data, ASSISTANCE_FIELDS)
    errors = rules.record_errors(application, exclude=_LINKS)
    if application.applied_on and "applied_on" not in errors:
        for field, message in assistance_eligible(child, application.applied_on):
            add_error(errors, field, message)
    if child.rehab_assistance.filter(state__in=(AssistanceState.APPLIED,
                                                AssistanceState.APPROVED)).exists():
        add_error(errors, "applied_on", MSG_ASSISTANCE_OPEN)
    rules.raise_errors(errors)
    rules.save(application, actor)
    return application


@transaction.atomic
def assistance_decide(*, actor: User, application_id: int, version: int,
                      data: Mapping[str, Any]) -> RehabAssistance:
    """Record the federation's decision: approved (period and amount) or refused."""
    application = _locked(RehabAssistance, actor, application_id,
                          (Perm.CARE_REHABILITATION, *ADMIN))
    check_version(application, version)
    if application.state != AssistanceState.APPLIED:
        raise ValidationError(MSG_ASSISTANCE_DECIDED, code="decided")
    rules.assign(application, data, DECISION_FIELDS)
    errors = rules.record_errors(application, exclude=_LINKS)
    if application.state not in (AssistanceState.APPROVED, AssistanceState.REFUSED):
        errors["state"] = [MSG_DECISION]
    if application.decided_on is None and "decided_on" not in errors:
        add_error(errors, "decided_on", rules.MSG_DATE_REQUIRED)
    elif application.decided_on and application.decided_on < application.applied_on:
        add_error(errors, "decided_on", MSG_BEFORE_DECISION)
    if application.state == AssistanceState.APPROVED:
        _approval_errors(errors, application)
    rules.raise_errors(errors)
    bump_version(application, actor)
    rules.save(application, actor)
    return application


def _approval_errors(errors: dict, application: RehabAssistance) -> None:
    start, end = application.period_from, application.period_to
    if start is None or end is None:
        add_error(errors, "period_from", MSG_PERIOD)
    elif end < start:
        add_error(errors, "period_to", MSG_PERIOD_ORDER)
    if application.amount is None:
        add_error(errors, "amount", MSG_AMOUNT)
    _money_errors(errors, application, ("amount",))


# ------------------------------------------------------------------ schooling and aid


@transaction.atomic
def school_place_record(*, actor: User, child_id: int | None, data: Mapping[str, Any],
                        service_id: int | None = None) -> SchoolPlace:
    """Where the child goes to school: stage, kind (ordinary school, special school, the
    institution's own class, teaching at home), school, enrolment date, school-roll number."""
    child, service = rules.target(actor, child_id=child_id, line=CareLine.EDUCATION,
                                  service_id=service_id)
    place = SchoolPlace(child=child, outside_service=service)
    rules.assign(place, data, PLACE_FIELDS)
    errors = rules.record_errors(place, exclude=_LINKS)
    rules.check_after_birth(errors, child, "enrolled_on", place.enrolled_on)
    rules.raise_errors(errors)
    rules.save(place, actor)
    return place


@transaction.atomic
def school_place_update(*, actor: User, place_id: int, version: int,
                        data: Mapping[str, Any], reason: str = "") -> SchoolPlace:
    """Correct the school place or record that the child left the school (`left_on`)."""
    place = _locked(SchoolPlace, actor, place_id, (Perm.CARE_EDUCATION,))
    check_version(place, version)
    rules.assign(place, data, (*PLACE_FIELDS, "left_on"))
    errors = rules.record_errors(place, exclude=_LINKS)
    if place.left_on and place.enrolled_on and place.left_on < place.enrolled_on and (
            "left_on" not in errors):
        add_error(errors, "left_on", MSG_LEFT_BEFORE)
    rules.raise_errors(errors)
    bump_version(place, actor)
    rules.save(place, actor, reason)
    return place


@transaction.atomic
def student_aid_record(*, actor: User, child_id: int, data: Mapping[str, Any]) -> StudentAid:
    """Student aid the child received (学生资助)."""
    child, _service = rules.target(actor, child_id=child_id, line=CareLine.EDUCATION,
                                   perms=ADMIN)
    aid = StudentAid(child=child)
    rules.assign(aid, data, AID_FIELDS)
    errors = rules.record_errors(aid, exclude=_LINKS)
    _money_errors(errors, aid, ("amount",))
    rules.raise_errors(errors)
    rules.save(aid, actor)
    return aid


def require_line_or_director(actor: User, line: str) -> None:
    if not (rules.may_write(actor, line) or has_perm(actor, Perm.CARE_APPROVE)):
        raise PermissionDeniedError()

