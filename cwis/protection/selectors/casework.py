"""Reads of the referrals (服务转介) and the emotional care (精神关怀) of a protection case,
scoped like the case: only the county's case workers (CASE_VIEW) read them; the offices above
read counts and the case only with a stated reason; village and township workers nothing."""

import datetime as dt
from dataclasses import dataclass

from django.db.models import QuerySet

from cwis.accounts.models import User
from cwis.core.errors import NotFoundError
from cwis.core.permissions import Perm, has_perm
from cwis.core.scoping import get_scoped
from cwis.protection.models.cases import ProtectionCase
from cwis.protection.models.emotional_care import CareSession, InterventionPlan
from cwis.protection.models.referrals import Referral

_PEOPLE = ("sent_by", "answered_by", "delivered_by", "closed_by")


def referral_get(*, actor: User, referral_id: int) -> Referral:
    if not has_perm(actor, Perm.CASE_VIEW):
        raise NotFoundError()
    return get_scoped(Referral.objects.select_related("case__child", *_PEOPLE), actor,
                      pk=referral_id)


def plan_get(*, actor: User, plan_id: int) -> InterventionPlan:
    if not has_perm(actor, Perm.CASE_VIEW):
        raise NotFoundError()
    return get_scoped(InterventionPlan.objects.select_related("case__child", "made_by"),
                      actor, pk=plan_id)


def case_referrals(*, case: ProtectionCase) -> QuerySet[Referral]:
    """The case's referrals, oldest first. `case` was read through a scoped selector."""
    return case.referrals.select_related(*_PEOPLE).order_by("sent_on", "id")


def case_sessions(*, case: ProtectionCase) -> QuerySet[CareSession]:
    return case.care_sessions.select_related("recorded_by").order_by("held_on", "id")


def case_plans(*, case: ProtectionCase) -> QuerySet[InterventionPlan]:
    return case.intervention_plans.select_related("made_by").prefetch_related(
        "reviews__reviewed_by").order_by("made_on", "id")


@dataclass(frozen=True)
class CareStatus:
    """The child's emotional care at a glance: the latest session's risk level and the plan
    in force. `needs_plan`: flagged at risk with no plan in force."""

    latest: CareSession | None
    plan: InterventionPlan | None

    @property
    def at_risk(self) -> bool:
        return self.latest is not None and self.latest.at_risk

    @property
    def needs_plan(self) -> bool:
        return self.at_risk and self.plan is None

    def review_overdue(self, today: dt.date) -> bool:
        return self.plan is not None and self.plan.review_on < today


def case_care_status(*, case: ProtectionCase) -> CareStatus:
    latest = case.care_sessions.order_by("-held_on", "-id").first()
    plan = case.intervention_plans.filter(ended_on__isnull=True).order_by("-made_on").first()
    return CareStatus(latest=latest, plan=plan)
