"""Writes of emotional care and psychological intervention (精神关怀) on a protection case:
record a session (who delivered it, what was done, risk notes and level), make an
intervention plan for a child flagged at risk, and review the plan (the next review date,
or none: the plan ends)."""

import datetime as dt
from collections.abc import Mapping
from typing import Any

from django.db import transaction
from django.utils.translation import gettext_lazy as _

from cwis.accounts.models import User
from cwis.children.services import rules
from cwis.core.concurrency import bump_version, check_version
from cwis.core.history import record_change
from cwis.core.permissions import Perm, require
from cwis.core.scoping import get_scoped
from cwis.core.validators import MSG_DATE_FUTURE
from cwis.protection.models.cases import CaseState
from cwis.protection.models.emotional_care import (
    CareSession,
    InterventionPlan,
    InterventionReview,
    RiskLevel,
)
from cwis.protection.services.cases import MSG_CASE_CLOSED, MSG_TEXT_REQUIRED, open_case_for_update

MSG_BEFORE_OPENING = _("This date cannot be before the case was opened.")
MSG_WHO_DELIVERED = _("Say who delivered it.")
MSG_RISK_NOTES = _("Describe the risk you saw.")
MSG_WHO_CARRIES_OUT = _("Say who carries out the plan.")
MSG_REVIEW_AFTER = _("The review date comes after this date.")
MSG_PLAN_OPEN = _("The child already has an intervention plan in force: review it instead.")
MSG_PLAN_ENDED = _("This plan has ended: make a new one if the child is at risk again.")
MSG_REVIEW_BEFORE_PLAN = _("A review cannot be dated before the plan was made.")

SESSION_FIELDS = ("held_on", "delivered_by", "content", "risk_level", "risk_notes")
PLAN_FIELDS = ("made_on", "goals", "measures", "responsible", "review_on")


def _text(data: Mapping[str, Any], key: str) -> str:
    return (data.get(key) or "").strip()


def _check_on(errors: dict, field: str, value: dt.date | None, not_before: dt.date,
              message=MSG_BEFORE_OPENING) -> None:
    if value is None:
        rules.add_error(errors, field, rules.MSG_DATE_REQUIRED)
    elif value > rules.today():
        rules.add_error(errors, field, MSG_DATE_FUTURE)
    elif value < not_before:
        rules.add_error(errors, field, message)


def _only(data: Mapping[str, Any], fields: tuple[str, ...]) -> None:
    unknown = set(data) - set(fields)
    if unknown:
        raise ValueError(f"not editable: {sorted(unknown)}")


@transaction.atomic
def care_session_record(*, actor: User, case_id: int, data: Mapping[str, Any]) -> CareSession:
    """Record a session of emotional care or psychological intervention. A level of
    elevated or high risk flags the child at risk (an intervention plan is due at once)."""
    require(actor, Perm.CASE_WRITE)
    case = open_case_for_update(actor, case_id)
    _only(data, SESSION_FIELDS)
    errors: dict[str, list] = {}
    _check_on(errors, "held_on", data.get("held_on"), case.opened_on)
    if not _text(data, "delivered_by"):
        rules.add_error(errors, "delivered_by", MSG_WHO_DELIVERED)
    if not _text(data, "content"):
        rules.add_error(errors, "content", MSG_TEXT_REQUIRED)
    level = data.get("risk_level")
    if level not in RiskLevel.values:
        rules.add_error(errors, "risk_level", rules.MSG_CHOOSE)
    elif level != RiskLevel.NONE and not _text(data, "risk_notes"):
        rules.add_error(errors, "risk_notes", MSG_RISK_NOTES)
    rules.raise_errors(errors)
    session = CareSession(case=case, held_on=data["held_on"],
                          delivered_by=_text(data, "delivered_by"),
                          content=_text(data, "content"), risk_level=level,
                          risk_notes=_text(data, "risk_notes"), recorded_by=actor)
    record_change(session, actor, reason=str(_("Emotional care session recorded")))
    session.save()
    return session


@transaction.atomic
def intervention_plan_make(*, actor: User, case_id: int,
                           data: Mapping[str, Any]) -> InterventionPlan:
    """Make the intervention plan of a child (one in force at a time): goals, measures, who
    carries them out and the review date (on the to-do list)."""
    require(actor, Perm.CASE_WRITE)
    case = open_case_for_update(actor, case_id)
    _only(data, PLAN_FIELDS)
    if case.intervention_plans.filter(ended_on__isnull=True).exists():
        rules.raise_errors({"__all__": [MSG_PLAN_OPEN]})
    errors: dict[str, list] = {}
    made_on = data.get("made_on")
    _check_on(errors, "made_on", made_on, case.opened_on)
    for field in ("goals", "measures"):
        if not _text(data, field):
            rules.add_error(errors, field, MSG_TEXT_REQUIRED)
    if not _text(data, "responsible"):
        rules.add_error(errors, "responsible", MSG_WHO_CARRIES_OUT)
    review_on = data.get("review_on")
    if review_on is None:
        rules.add_error(errors, "review_on", rules.MSG_DATE_REQUIRED)
    elif made_on is not None and review_on <= made_on:
        rules.add_error(errors, "review_on", MSG_REVIEW_AFTER)
    rules.raise_errors(errors)
    plan = InterventionPlan(case=case, made_on=made_on, made_by=actor,
                            goals=_text(data, "goals"), measures=_text(data, "measures"),
                            responsible=_text(data, "responsible"), review_on=review_on)
    record_change(plan, actor, reason=str(_("Intervention plan made")))
    plan.save()
    return plan


@transaction.atomic
def intervention_plan_review(*, actor: User, plan_id: int, version: int,
                             reviewed_on: dt.date | None, findings: str,
                             next_review_on: dt.date | None) -> InterventionReview:
    """Review the plan: what was found and the next review date; without one the plan ends
    on the review's date. 409 when the plan changed since it was read."""
    require(actor, Perm.CASE_WRITE)
    plan = get_scoped(InterventionPlan.objects.select_related("case"), actor, pk=plan_id,
                      for_update=True)
    if plan.case.state != CaseState.OPEN:
        rules.raise_errors({"__all__": [MSG_CASE_CLOSED]})
    check_version(plan, version)
    if plan.ended_on is not None:
        rules.raise_errors({"__all__": [MSG_PLAN_ENDED]})
    errors: dict[str, list] = {}
    _check_on(errors, "reviewed_on", reviewed_on, plan.made_on, MSG_REVIEW_BEFORE_PLAN)
    findings = (findings or "").strip()
    if not findings:
        rules.add_error(errors, "findings", MSG_TEXT_REQUIRED)
    if (next_review_on is not None and reviewed_on is not None
            and next_review_on <= reviewed_on):
        rules.add_error(errors, "next_review_on", MSG_REVIEW_AFTER)
    rules.raise_errors(errors)
    review = InterventionReview(plan=plan, reviewed_on=reviewed_on, reviewed_by=actor,
                                findings=findings, next_review_on=next_review_on)
    record_change(review, actor)
    review.save()
    if next_review_on is None:
        plan.ended_on = reviewed_on
    else:
        plan.review_on = next_review_on
    bump_version(plan, actor)
    record_change(plan, actor, reason=str(_("Intervention plan reviewed")))
    plan.save()
    return review
