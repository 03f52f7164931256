"""The writes every line shares: assessment -> plan -> approval -> sessions -> review.

Each service finds its record in the actor's scope (404), checks the role of the line
(403) and the version the client read (409), validates everything at once (422) and writes
in one transaction with the history row naming the actor (and the reason, when given).
"""

import datetime as dt
from collections.abc import Mapping
from typing import Any

from django.core.exceptions import ValidationError
from django.db import transaction

from cwis.accounts.models import User
from cwis.care.choices import CloseReason, PlanStatus, ProviderKind
from cwis.care.models import CareAssessment, CarePlan, CareReview, CareSession
from cwis.care.services import rules
from cwis.care.services.rules import add_error
from cwis.children.choices import ChildStatus
from cwis.core.concurrency import bump_version, check_version
from cwis.core.errors import PermissionDeniedError
from cwis.core.permissions import Perm, has_perm, require
from cwis.core.scoping import get_scoped
from cwis.safety.selectors.organisations import organisation_for_provider

ASSESSMENT_FIELDS = ("assessed_on", "method", "findings", "needs")
PLAN_FIELDS = ("assessment_id", "goals", "services", "frequency", "session_interval_days",
               "responsible_id", "starts_on", "review_due_on")
# Changing what a plan promises sends it back to the director; dates and the responsible
# staff member may change on an approved plan.
PLAN_SUBSTANCE = ("goals", "services", "frequency", "session_interval_days")
SESSION_FIELDS = ("held_on", "staff_id", "provider_kind", "provider_name",
                  "provider_organisation_id", "duration_minutes", "activity", "progress",
                  "remote")
REVIEW_FIELDS = ("reviewed_on", "goals_met", "outcome", "next_step")
_LINKS = ("child", "outside_service", "assessor", "responsible", "approved_by", "assessment",
          "plan", "staff", "reviewer", "provider_organisation")


def _check_open(record) -> None:
    """A record may change while its child is in care, or its outside service is open."""
    service = record.outside_service
    if service is not None:
        if not service.is_live:
            raise ValidationError(rules.MSG_SERVICE_NOT_OPEN, code="service_not_open")
    elif record.child.status != ChildStatus.IN_CARE:
        raise ValidationError(rules.MSG_FILE_CLOSED, code="file_closed")


def _locked(model, actor: User, pk: int):
    return get_scoped(model.objects.select_related("child", "outside_service"), actor, pk=pk,
                      for_update=True)


# ------------------------------------------------------------------------- assessments


def _check_assessment(assessment: CareAssessment) -> None:
    errors = rules.record_errors(assessment, exclude=_LINKS)
    rules.check_after_birth(errors, assessment.child, "assessed_on", assessment.assessed_on)
    rules.raise_errors(errors)


@transaction.atomic
def assessment_record(*, actor: User, child_id: int | None, line: str,
                      data: Mapping[str, Any], service_id: int | None = None
                      ) -> CareAssessment:
    """Record what the child needs in `line` (findings, needs, the method or tool used)."""
    child, service = rules.target(actor, child_id=child_id, line=line, service_id=service_id)
    assessment = CareAssessment(child=child, line=line, outside_service=service,
                                assessor=actor)
    rules.assign(assessment, data, ASSESSMENT_FIELDS)
    _check_assessment(assessment)
    rules.save(assessment, actor)
    return assessment


@transaction.atomic
def assessment_update(*, actor: User, assessment_id: int, version: int,
                      data: Mapping[str, Any], reason: str = "") -> CareAssessment:
    assessment = _locked(CareAssessment, actor, assessment_id)
    require(actor, rules.line_perm(assessment.line))
    check_version(assessment, version)
    _check_open(assessment)
    if assessment.closed_on is not None:
        raise ValidationError(rules.MSG_PLAN_CLOSED, code="closed")
    rules.assign(assessment, data, ASSESSMENT_FIELDS)
    _check_assessment(assessment)
    bump_version(assessment, actor)
    rules.save(assessment, actor, reason)
    return assessment


# ------------------------------------------------------------------------------- plans


def _check_plan(plan: CarePlan) -> None:
    errors = rules.record_errors(plan, exclude=_LINKS)
    child = plan.child
    rules.check_after_birth(errors, child, "starts_on", plan.starts_on)
    if (plan.starts_on and plan.review_due_on and plan.review_due_on < plan.starts_on
            and "review_due_on" not in errors):
        add_error(errors, "review_due_on", rules.MSG_REVIEW_BEFORE_START)
    responsible = (User.objects.filter(pk=plan.responsible_id).first()
                   if plan.responsible_id else None)
    rules.responsible_errors(errors, child, plan.outside_service, responsible)
    if plan.assessment_id is not None and not CareAssessment.objects.filter(
            pk=plan.assessment_id, child_id=child.pk, line=plan.line).exists():
        add_error(errors, "assessment_id", rules.MSG_ASSESSMENT)
    if plan.session_interval_days == 0:
        plan.session_interval_days = None
    rules.raise_errors(errors)


@transaction.atomic
def plan_create(*, actor: User, child_id: int | None, line: str, data: Mapping[str, Any],
                service_id: int | None = None) -> CarePlan:
    """Write a plan; it waits for the director's approval before sessions are recorded."""
    child, service = rules.target(actor, child_id=child_id, line=line, service_id=service_id)
    plan = CarePlan(child=child, line=line, outside_service=service,
                    status=PlanStatus.PENDING, submitted_on=rules.today())
    fields = {"responsible_id": actor.pk, **data}
    rules.assign(plan, fields, PLAN_FIELDS)
    _check_plan(plan)
    rules.save(plan, actor)
    return plan


@transaction.atomic
def plan_update(*, actor: User, plan_id: int, version: int, data: Mapping[str, Any],
                reason: str = "") -> CarePlan:
    """Change a plan. A changed goal, service or frequency sends an approved plan back to
    the director."""
    plan = _locked(CarePlan, actor, plan_id)
    require(actor, rules.line_perm(plan.line))
    check_version(plan, version)
    _check_open(plan)
    if plan.status == PlanStatus.CLOSED:
        raise ValidationError(rules.MSG_PLAN_CLOSED, code="closed")
    before = {f: getattr(plan, f) for f in PLAN_SUBSTANCE}
    rules.assign(plan, data, PLAN_FIELDS)
    _check_plan(plan)
    if plan.status == PlanStatus.ACTIVE and any(
            getattr(plan, f) != v for f, v in before.items()):
        plan.status, plan.approved_by, plan.approved_on = PlanStatus.PENDING, None, None
        plan.submitted_on, plan.next_session_due = rules.today(), None
    elif plan.status == PlanStatus.ACTIVE:
        plan.next_session_due = _next_session_due(plan)
    bump_version(plan, actor)
    rules.save(plan, actor, reason)
    return plan


@transaction.atomic
def plan_approve(*, actor: User, plan_id: int, version: int) -> CarePlan:
    """The director approves a plan awaiting approval; its sessions can now be recorded.
    A plan of a service to a child outside is approved by the delivering institution."""
    plan = _locked(CarePlan, actor, plan_id)
    require(actor, Perm.CARE_APPROVE)
    service = plan.outside_service
    if service is not None and service.provider_id != actor.institution_id:
        raise PermissionDeniedError()
    check_version(plan, version)
    _check_open(plan)
    if plan.status != PlanStatus.PENDING:
        raise ValidationError(rules.MSG_PLAN_NOT_PENDING, code="not_pending")
    plan.status, plan.approved_by, plan.approved_on = PlanStatus.ACTIVE, actor, rules.today()
    plan.next_session_due = _next_session_due(plan)
    bump_version(plan, actor)
    rules.save(plan, actor)
    return plan


@transaction.atomic
def plan_withdraw(*, actor: User, plan_id: int, version: int, reason: str) -> CarePlan:
    """Close a plan without a review (written by mistake, replaced): it is kept, closed."""
    plan = _locked(CarePlan, actor, plan_id)
    if not (rules.may_write(actor, plan.line) or has_perm(actor, Perm.CARE_APPROVE)):
        raise PermissionDeniedError()
    check_version(plan, version)
    if plan.status == PlanStatus.CLOSED:
        raise ValidationError(rules.MSG_PLAN_CLOSED, code="closed")
    if not (reason or "").strip():
        raise ValidationError({"reason": [rules.MSG_REASON_REQUIRED]})
    plan_close(plan, on=rules.today(), why=CloseReason.WITHDRAWN, actor=actor,
               note=reason.strip())
    return plan


def plan_close(plan: CarePlan, *, on: dt.date, why: str, actor: User, note: str = "") -> None:
    """Close an open plan (locked by the caller): the version moves on."""
    plan.status, plan.closed_on, plan.close_reason = PlanStatus.CLOSED, on, why
    plan.close_note, plan.next_session_due = note[:500], None
    bump_version(plan, actor)
    rules.save(plan, actor, str(CloseReason(why).label))


def _next_session_due(plan: CarePlan) -> dt.date | None:
    """The latest valid session (or the approval, before any) plus the plan's interval."""
    if plan.status != PlanStatus.ACTIVE or not plan.session_interval_days:
        return None
    latest = (plan.sessions.filter(entered_in_error="").order_by("-held_on")
              .values_list("held_on", flat=True).first()) if plan.pk else None
    start = latest or max(plan.starts_on, plan.approved_on or plan.starts_on)
    return start + dt.timedelta(days=plan.session_interval_days if latest else 0)


def _session_due_refresh(plan: CarePlan) -> None:
    due = _next_session_due(plan)
    if due != plan.next_session_due:
        plan.next_session_due = due
        plan.save(update_fields=["next_session_due", "updated_at"])


# ---------------------------------------------------------------------------- sessions


def _check_session(session: CareSession, plan: CarePlan) -> None:
    errors = rules.record_errors(session, exclude=_LINKS)
    if session.held_on and session.held_on < plan.starts_on and "held_on" not in errors:
        add_error(errors, "held_on", rules.MSG_BEFORE_PLAN)
    if session.provider_kind and not session.provider_name:
        add_error(errors, "provider_name", rules.MSG_PROVIDER_NAME)
    if session.provider_name and not session.provider_kind:
        add_error(errors, "provider_kind", rules.MSG_NO_PROVIDER)
    if session.staff_id is not None:
        staff = User.objects.filter(pk=session.staff_id).first()
        rules.responsible_errors(errors, plan.child, plan.outside_service, staff,
                                 field="staff_id")
    rules.raise_errors(errors)


def _provider_organisation(actor: User, session: CareSession) -> None:
    """A provider chosen from the registry of social organisations (in the actor's scope)
    names the session's provider: its kind and name follow from the registry."""
    if session.provider_organisation_id is None:
        return
    organisation = organisation_for_provider(actor=actor,
                                             organisation_id=session.provider_organisation_id)
    if organisation is None:
        raise ValidationError({"provider_organisation_id": [rules.MSG_PROVIDER_ORGANISATION]})
    session.provider_kind = (ProviderKind.VOLUNTEERS if organisation.kind == "volunteer_group"
                             else ProviderKind.ORGANISATION)
    session.provider_name = organisation.name


@transaction.atomic
def session_record(*, actor: User, plan_id: int, data: Mapping[str, Any]) -> CareSession:
    """Record a session on an approved plan: by the actor, another member of staff, or an
    outside provider named in `provider_name`."""
    plan = _locked(CarePlan, actor, plan_id)
    require(actor, rules.line_perm(plan.line))
    _check_open(plan)
    if plan.status != PlanStatus.ACTIVE:
        raise ValidationError(rules.MSG_PLAN_NOT_ACTIVE, code="plan_not_active")
    session = CareSession(plan=plan, child=plan.child, line=plan.line,
                          outside_service=plan.outside_service)
    fields = dict(data)
    if "staff_id" not in fields and not (fields.get("provider_name")
                                         or fields.get("provider_organisation_id")):
        fields["staff_id"] = actor.pk
    rules.assign(session, fields, SESSION_FIELDS)
    _provider_organisation(actor, session)
    _check_session(session, plan)
    rules.save(session, actor)
    _session_due_refresh(plan)
    return session


def _locked_session(actor: User, session_id: int, version: int) -> CareSession:
    session = get_scoped(CareSession.objects.select_related("child", "outside_service",
                                                            "plan"),
                         actor, pk=session_id, for_update=True)
    require(actor, rules.line_perm(session.line))
    check_version(session, version)
    _check_open(session)
    if session.entered_in_error:
        raise ValidationError(rules.MSG_ALREADY_IN_ERROR, code="in_error")
    return session


@transaction.atomic
def session_update(*, actor: User, session_id: int, version: int, data: Mapping[str, Any],
                   reason: str = "") -> CareSession:
    session = _locked_session(actor, session_id, version)
    rules.assign(session, data, SESSION_FIELDS)
    _provider_organisation(actor, session)
    _check_session(session, session.plan)
    bump_version(session, actor)
    rules.save(session, actor, reason)
    _session_due_refresh(session.plan)
    return session


@transaction.atomic
def session_mark_error(*, actor: User, session_id: int, version: int, reason: str
                       ) -> CareSession:
    """A session recorded by mistake is kept, marked with the reason, and no longer counts."""
    session = _locked_session(actor, session_id, version)
    reason = (reason or "").strip()
    if not reason:
        raise ValidationError({"reason": [rules.MSG_REASON_REQUIRED]})
    session.entered_in_error = reason[:300]
    bump_version(session, actor)
    rules.save(session, actor, reason)
    _session_due_refresh(session.plan)
    return session


# ----------------------------------------------------------------------------- reviews


def _check_review(review: CareReview, plan: CarePlan) -> None:
    errors = rules.record_errors(review, exclude=_LINKS)
    if review.reviewed_on and review.reviewed_on < plan.starts_on and (
            "reviewed_on" not in errors):
        add_error(errors, "reviewed_on", rules.MSG_BEFORE_PLAN)
    rules.raise_errors(errors)


@transaction.atomic
def review_record(*, actor: User, plan_id: int, version: int, data: Mapping[str, Any]
                  ) -> CareReview:
    """Review an approved plan: the outcome, whether its goals were met, what next. The
    review closes the plan (a new plan follows when the review says so)."""
    plan = _locked(CarePlan, actor, plan_id)
    require(actor, rules.line_perm(plan.line))
    check_version(plan, version)
    _check_open(plan)
    if plan.status != PlanStatus.ACTIVE:
        raise ValidationError(rules.MSG_PLAN_NOT_ACTIVE, code="plan_not_active")
    review = CareReview(plan=plan, child=plan.child, line=plan.line,
                        outside_service=plan.outside_service, reviewer=actor)
    rules.assign(review, data, REVIEW_FIELDS)
    _check_review(review, plan)
    rules.save(review, actor)
    plan_close(plan, on=review.reviewed_on, why=CloseReason.REVIEWED, actor=actor)
    return review


@transaction.atomic
def review_update(*, actor: User, review_id: int, version: int, data: Mapping[str, Any],
                  reason: str = "") -> CareReview:
    review = get_scoped(CareReview.objects.select_related("child", "outside_service", "plan"),
                        actor, pk=review_id, for_update=True)
    require(actor, rules.line_perm(review.line))
    check_version(review, version)
    _check_open(review)
    rules.assign(review, {k: v for k, v in data.items() if k != "reviewed_on"},
                 REVIEW_FIELDS)
    _check_review(review, review.plan)
    bump_version(review, actor)
    rules.save(review, actor, reason)
    return review
