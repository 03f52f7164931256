"""Placement on reaching adulthood (成年后安置, policy 二(五)): the adulthood plan and its
paths and steps, the outcome of each path, and the follow-up contacts after leaving care.

The plan takes the care pattern's shape and rules (services/pattern.py, services/rules.py):
written by the social worker from the 16th birthday (`CWIS_ADULTHOOD_PLAN_AGE`), approved by
the director, closed with the file; the refusals are the pattern's where they are the same.
"""

import datetime as dt
from collections.abc import Mapping
from typing import Any

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.translation import gettext_lazy as _

from cwis.accounts.models import User
from cwis.care.choices import CloseReason, PlanStatus
from cwis.care.choices_family import LEAVING_PATH, PATH_STEPS, PathState, StepKind, SupportMode
from cwis.care.models import AdulthoodFollowUp, AdulthoodPath, AdulthoodPlan, AdulthoodStep
from cwis.care.services import rules
from cwis.care.services.pattern import plan_close
from cwis.care.services.rules import add_error
from cwis.children.choices import ChildStatus, LeaveReason
from cwis.children.models import Child
from cwis.children.services import add_years
from cwis.core.concurrency import bump_version, check_version
from cwis.core.permissions import Perm, require
from cwis.core.scoping import get_scoped

MSG_TOO_YOUNG = _("An adulthood plan starts from the child's 16th birthday.")
MSG_PLAN_OPEN = _("The child already has an open adulthood plan.")
MSG_NO_PATH = _("Add at least one path before the plan is approved.")
MSG_PATH_OPEN = _("The plan already has this path in progress.")
MSG_STEP_KIND = _("This step does not belong to this path.")
MSG_PATH_CLOSED = _("This path has its outcome: it can no longer change.")
MSG_STEP_DONE = _("This step is already done.")
MSG_OUTCOME_STATE = _("Choose the outcome: achieved, not achieved or dropped.")
MSG_OUTCOME_TEXT = _("Say what the outcome is.")
MSG_SUPPORT_MODE = _("Say whether the support is centralised or at home.")
MSG_SUPPORT_INSTITUTION = _("Name the support institution.")
MSG_FOLLOW_UP_DONE = _("This follow-up is already recorded.")
MSG_BEFORE_LEAVING = _("This date is before the young adult left care.")

PLAN_FIELDS = ("evaluation", "wishes", "responsible_id", "starts_on", "review_due_on")
PLAN_SUBSTANCE = ("evaluation", "wishes")
PATH_FIELDS = ("kind", "department", "contact", "target_on", "priority", "support_mode",
               "support_institution")
STEP_FIELDS = ("kind", "due_on", "note")
OUTCOME_FIELDS = ("state", "outcome", "outcome_on", "support_mode", "support_institution")
FOLLOW_UP_FIELDS = ("done_on", "how", "situation")
_LINKS = ("child", "responsible", "approved_by", "plan", "path", "path_taken", "done_by")


def plan_age() -> int:
    return settings.CWIS_ADULTHOOD_PLAN_AGE


def _plan_locked(actor: User, plan_id: int) -> AdulthoodPlan:
    plan = get_scoped(AdulthoodPlan.objects.select_related("child"), actor, pk=plan_id,
                      for_update=True)
    return plan


def _check_plan_open(plan: AdulthoodPlan) -> None:
    if plan.child.status != ChildStatus.IN_CARE:
        raise ValidationError(rules.MSG_FILE_CLOSED, code="file_closed")
    if plan.status == PlanStatus.CLOSED:
        raise ValidationError(rules.MSG_PLAN_CLOSED, code="closed")


def _check_plan(plan: AdulthoodPlan) -> None:
    errors = rules.record_errors(plan, exclude=_LINKS)
    child = plan.child
    if (plan.starts_on and plan.starts_on < add_years(child.birth_date, plan_age())
            and "starts_on" not in errors):
        add_error(errors, "starts_on", MSG_TOO_YOUNG)
    if (plan.starts_on and plan.review_due_on and plan.review_due_on < plan.starts_on
            and "review_due_on" not in errors):
        add_error(errors, "review_due_on", rules.MSG_REVIEW_BEFORE_START)
    responsible = (User.objects.filter(pk=plan.responsible_id).first()
                   if plan.responsible_id else None)
    rules.responsible_errors(errors, child, None, responsible)
    rules.raise_errors(errors)


@transaction.atomic
def adulthood_plan_create(*, actor: User, child_id: int, data: Mapping[str, Any]
                          ) -> AdulthoodPlan:
    """The placement evaluation and the child's wishes; paths are added next, and the
    director approves the plan."""
    child = get_scoped(Child.objects.all(), actor, pk=child_id, for_update=True)
    require(actor, Perm.CARE_ADULTHOOD)
    if child.status != ChildStatus.IN_CARE:
        raise ValidationError(rules.MSG_FILE_CLOSED, code="file_closed")
    if child.adulthood_plans.exclude(status=PlanStatus.CLOSED).exists():
        raise ValidationError(MSG_PLAN_OPEN, code="plan_open")
    plan = AdulthoodPlan(child=child, status=PlanStatus.PENDING, submitted_on=rules.today())
    rules.assign(plan, {"responsible_id": actor.pk, **data}, PLAN_FIELDS)
    _check_plan(plan)
    rules.save(plan, actor)
    return plan


@transaction.atomic
def adulthood_plan_update(*, actor: User, plan_id: int, version: int,
                          data: Mapping[str, Any], reason: str = "") -> AdulthoodPlan:
    """Change the plan; a changed evaluation or wish sends an approved plan back to the
    director (as a care plan's goals do)."""
    plan = _plan_locked(actor, plan_id)
    require(actor, Perm.CARE_ADULTHOOD)
    check_version(plan, version)
    _check_plan_open(plan)
    before = {f: getattr(plan, f) for f in PLAN_SUBSTANCE}
    rules.assign(plan, data, PLAN_FIELDS)
    _check_plan(plan)
    if plan.status == PlanStatus.ACTIVE and any(
            getattr(plan, f) != before[f] for f in PLAN_SUBSTANCE):
        plan.status, plan.approved_by, plan.approved_on = PlanStatus.PENDING, None, None
        plan.submitted_on = rules.today()
    bump_version(plan, actor)
    rules.save(plan, actor, reason)
    return plan


@transaction.atomic
def adulthood_plan_approve(*, actor: User, plan_id: int, version: int) -> AdulthoodPlan:
    plan = _plan_locked(actor, plan_id)
    require(actor, Perm.CARE_APPROVE)
    check_version(plan, version)
    _check_plan_open(plan)
    if plan.status != PlanStatus.PENDING:
        raise ValidationError(rules.MSG_PLAN_NOT_PENDING, code="not_pending")
    if not plan.paths.exists():
        raise ValidationError(MSG_NO_PATH, code="no_path")
    plan.status, plan.approved_by, plan.approved_on = PlanStatus.ACTIVE, actor, rules.today()
    bump_version(plan, actor)
    rules.save(plan, actor)
    return plan


@transaction.atomic
def adulthood_plan_withdraw(*, actor: User, plan_id: int, version: int,
                            reason: str) -> AdulthoodPlan:
    plan = _plan_locked(actor, plan_id)
    require(actor, Perm.CARE_ADULTHOOD)
    check_version(plan, version)
    _check_plan_open(plan)
    if not (reason or "").strip():
        raise ValidationError({"reason": [rules.MSG_REASON_REQUIRED]})
    plan_close(plan, on=rules.today(), why=CloseReason.WITHDRAWN, actor=actor,
               note=reason.strip())
    return plan


# ------------------------------------------------------------------ paths and steps


def next_due(path: AdulthoodPath) -> dt.date | None:
    """The earliest due date of the path's steps not done, else its target date; none once
    it has its outcome."""
    if path.state != PathState.OPEN:
        return None
    pending = [d for d in path.steps.filter(done_on__isnull=True).values_list(
        "due_on", flat=True)] if path.pk else []
    return min([*pending, path.target_on]) if pending else path.target_on


def _refresh_due(path: AdulthoodPath, actor: User) -> None:
    path.next_due_on = next_due(path)
    bump_version(path, actor)
    rules.save(path, actor)


def _support_errors(errors: dict[str, list], path: AdulthoodPath, *, required: bool) -> None:
    if path.kind != "extreme_poverty":
        path.support_mode, path.support_institution = "", ""
        return
    if required and not path.support_mode:
        add_error(errors, "support_mode", MSG_SUPPORT_MODE)
    if path.support_mode == SupportMode.CENTRALISED and required and not path.support_institution:
        add_error(errors, "support_institution", MSG_SUPPORT_INSTITUTION)


@transaction.atomic
def adulthood_path_add(*, actor: User, plan_id: int, data: Mapping[str, Any]
                       ) -> AdulthoodPath:
    """A path of the plan, with the department that answers for it and the date its
    outcome is expected. Adding one to an approved plan does not need a new approval."""
    plan = _plan_locked(actor, plan_id)
    require(actor, Perm.CARE_ADULTHOOD)
    _check_plan_open(plan)
    path = AdulthoodPath(plan=plan, child=plan.child)
    rules.assign(path, data, PATH_FIELDS)
    errors = rules.record_errors(path, exclude=_LINKS)
    if plan.paths.filter(kind=path.kind, state=PathState.OPEN).exists() and "kind" not in errors:
        add_error(errors, "kind", MSG_PATH_OPEN)
    _support_errors(errors, path, required=False)
    rules.raise_errors(errors)
    path.next_due_on = path.target_on
    rules.save(path, actor)
    return path


def _path_locked(actor: User, path_id: int) -> AdulthoodPath:
    path = get_scoped(AdulthoodPath.objects.select_related("plan", "child"), actor,
                      pk=path_id, for_update=True)
    require(actor, Perm.CARE_ADULTHOOD)
    return path


def _check_path_open(path: AdulthoodPath) -> None:
    path.plan.child = path.child
    _check_plan_open(path.plan)
    if path.state != PathState.OPEN:
        raise ValidationError(MSG_PATH_CLOSED, code="path_closed")


@transaction.atomic
def adulthood_step_add(*, actor: User, path_id: int, data: Mapping[str, Any]
                       ) -> AdulthoodStep:
    """A step of the path (vocational training, registration, an application...) due by a
    date; the path's next date follows."""
    path = _path_locked(actor, path_id)
    _check_path_open(path)
    step = AdulthoodStep(path=path, child=path.child)
    rules.assign(step, data, STEP_FIELDS)
    errors = rules.record_errors(step, exclude=_LINKS)
    if (step.kind and step.kind != StepKind.OTHER
            and step.kind not in PATH_STEPS.get(path.kind, ()) and "kind" not in errors):
        add_error(errors, "kind", MSG_STEP_KIND)
    rules.raise_errors(errors)
    rules.save(step, actor)
    _refresh_due(path, actor)
    return step


@transaction.atomic
def adulthood_step_done(*, actor: User, step_id: int, version: int, done_on: dt.date,
                        note: str = "") -> AdulthoodStep:
    step = get_scoped(AdulthoodStep.objects.select_related("path__plan", "child"), actor,
                      pk=step_id, for_update=True)
    require(actor, Perm.CARE_ADULTHOOD)
    check_version(step, version)
    path = AdulthoodPath.objects.select_for_update().select_related("plan", "child").get(
        pk=step.path_id)
    _check_path_open(path)
    if step.done_on is not None:
        raise ValidationError(MSG_STEP_DONE, code="step_done")
    errors: dict[str, list] = {}
    if done_on is None:
        add_error(errors, "done_on", rules.MSG_DATE_REQUIRED)
    rules.check_not_future(errors, "done_on", done_on)
    rules.check_after_birth(errors, step.child, "done_on", done_on)
    rules.raise_errors(errors)
    step.done_on = done_on
    if note.strip():
        step.note = note.strip()
    bump_version(step, actor)
    rules.save(step, actor)
    _refresh_due(path, actor)
    return step


@transaction.atomic
def adulthood_path_outcome(*, actor: User, path_id: int, version: int,
                           data: Mapping[str, Any]) -> AdulthoodPath:
    """The outcome of the path: achieved (the job, the unit, the school, the support, the
    housing), not achieved, or dropped; the path no longer falls due."""
    path = _path_locked(actor, path_id)
    check_version(path, version)
    _check_path_open(path)
    rules.assign(path, data, OUTCOME_FIELDS)
    errors = rules.record_errors(path, exclude=_LINKS)
    if path.state not in (PathState.ACHIEVED, PathState.NOT_ACHIEVED, PathState.DROPPED):
        errors["state"] = [MSG_OUTCOME_STATE]
    if not path.outcome and "outcome" not in errors:
        add_error(errors, "outcome", MSG_OUTCOME_TEXT)
    if path.outcome_on is None and "outcome_on" not in errors:
        add_error(errors, "outcome_on", rules.MSG_DATE_REQUIRED)
    rules.check_not_future(errors, "outcome_on", path.outcome_on)
    _support_errors(errors, path, required=path.state == PathState.ACHIEVED)
    rules.raise_errors(errors)
    path.next_due_on = None
    bump_version(path, actor)
    rules.save(path, actor)
    return path


# ------------------------------------------------------------------- leaving care


def adulthood_close_with_file(*, child: Child, on: dt.date, actor: User) -> None:
    """The file closed (registered with cwis.children.services.closing): the open plan
    closes with it, kept as it was."""
    for plan in AdulthoodPlan.objects.select_for_update().filter(child=child).exclude(
            status=PlanStatus.CLOSED):
        plan_close(plan, on=max(on, plan.starts_on), why=CloseReason.LEFT_CARE, actor=actor)


def adulthood_left_care(*, child: Child, on: dt.date, actor: User) -> None:
    """The child left care (registered with cwis.children.services.closing, after the
    leaving is recorded): at adulthood, the plan records the path the child took and the
    follow-up contacts fall due (`CWIS_ADULTHOOD_FOLLOW_UP_MONTHS`)."""
    if child.leave_reason != LeaveReason.ADULTHOOD:
        return
    plan = AdulthoodPlan.objects.select_for_update().filter(child=child).order_by(
        "-starts_on", "-id").first()
    kind = LEAVING_PATH.get(child.adult_placement)
    if plan is not None and kind is not None:
        preference = {PathState.ACHIEVED: 0, PathState.OPEN: 1}
        paths = sorted(plan.paths.filter(kind=kind), key=lambda p: (
            preference.get(p.state, 2), -p.pk))
        path = paths[0] if paths else None
        if path is not None and plan.path_taken_id != path.pk:
            plan.path_taken = path
            bump_version(plan, actor)
            rules.save(plan, actor, str(child.get_adult_placement_display()))
    for months in settings.CWIS_ADULTHOOD_FOLLOW_UP_MONTHS:
        follow_up = AdulthoodFollowUp(plan=plan, child=child, months=months,
                                      due_on=add_months(on, months))
        rules.save(follow_up, actor)


def add_months(day: dt.date, months: int) -> dt.date:
    month0 = day.month - 1 + months
    year, month = day.year + month0 // 12, month0 % 12 + 1
    for last in (31, 30, 29, 28):
        try:
            return dt.date(year, month, min(day.day, last))
        except ValueError:
            continue
    raise ValueError(day)


@transaction.atomic
def adulthood_follow_up_record(*, actor: User, follow_up_id: int, version: int,
                               data: Mapping[str, Any]) -> AdulthoodFollowUp:
    """The contact made: when, how, how the young adult is doing."""
    follow_up = get_scoped(AdulthoodFollowUp.objects.select_related("child"), actor,
                           pk=follow_up_id, for_update=True)
    require(actor, Perm.CARE_ADULTHOOD)
    check_version(follow_up, version)
    if follow_up.done_on is not None:
        raise ValidationError(MSG_FOLLOW_UP_DONE, code="done")
    rules.assign(follow_up, data, FOLLOW_UP_FIELDS)
    errors = rules.record_errors(follow_up, exclude=_LINKS)
    if follow_up.done_on is None and "done_on" not in errors:
        add_error(errors, "done_on", rules.MSG_DATE_REQUIRED)
    rules.check_not_future(errors, "done_on", follow_up.done_on)
    left = follow_up.child.left_care_on
    if follow_up.done_on and left and follow_up.done_on < left and "done_on" not in errors:
        add_error(errors, "done_on", MSG_BEFORE_LEAVING)
    if not follow_up.situation and "situation" not in errors:
        add_error(errors, "situation", MSG_OUTCOME_TEXT)
    rules.raise_errors(errors)
    follow_up.done_by = actor
    bump_version(follow_up, actor)
    rules.save(follow_up, actor)
    return follow_up
