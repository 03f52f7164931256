"""Reads of the exit of protection cases: the follow-up visits (the county's case workers
and the village and township workers of the child's area, through the visit's scope rule:
the visit, never the rest of the case) and the children of long-term exits who wait for the
receiving institution's direct intake (its own staff, through the case's receiver)."""

from dataclasses import dataclass

from django.conf import settings
from django.db.models import QuerySet

from cwis.accounts.models import User
from cwis.children.models import Child
from cwis.core.errors import NotFoundError
from cwis.core.permissions import Perm, has_perm
from cwis.core.scoping import ALREADY_CHECKED, actor_prefix, get_scoped, scope
from cwis.protection.models.cases import (
    CaseFollowUp,
    CaseOutcome,
    CaseState,
    CountyCaseSettings,
    ProtectionCase,
)


def follow_ups_due(*, actor: User) -> QuerySet[CaseFollowUp]:
    """The follow-up visits not yet recorded of the actor's open cases, earliest first."""
    if not has_perm(actor, Perm.CASE_FOLLOW_UP):
        return CaseFollowUp.objects.none()
    return scope(CaseFollowUp.objects.filter(visited_on__isnull=True,
                                             case__state=CaseState.OPEN), actor).select_related(
        "case__child").order_by("due_on", "id")


def follow_up_get(*, actor: User, follow_up_id: int) -> CaseFollowUp:
    if not has_perm(actor, Perm.CASE_FOLLOW_UP):
        raise NotFoundError()
    return get_scoped(CaseFollowUp.objects.select_related("case__child", "visited_by"), actor,
                      pk=follow_up_id)


def child_follow_ups(*, actor: User, child: Child) -> QuerySet[CaseFollowUp]:
    """The follow-up visits of the child's open case (the child already in the actor's
    scope): what a village or township worker sees of the case besides the badge."""
    if not has_perm(actor, Perm.CASE_FOLLOW_UP):
        return CaseFollowUp.objects.none()
    return scope(CaseFollowUp.objects.filter(case__child=child, case__state=CaseState.OPEN),
                 actor).select_related("visited_by").order_by("due_on", "id")


def case_follow_ups(*, case: ProtectionCase) -> QuerySet[CaseFollowUp]:
    return case.follow_ups.select_related("visited_by").order_by("due_on", "id")


def long_term_awaiting(*, actor: User) -> QuerySet[ProtectionCase]:
    """Open cases of a long-term exit addressed to the actor's institution (its county's
    receiver) whose child lives with relatives or a foster family: the direct intake to do."""
    if not has_perm(actor, Perm.CHILD_REGISTER) or actor.institution_id is None:
        return ProtectionCase.objects.none()
    return ProtectionCase.objects.filter(
        receiver_id=actor.institution_id, outcome=CaseOutcome.LONG_TERM,
        transfer__isnull=True, state=CaseState.OPEN).select_related("child").order_by(
        "exit_on", "id")


def long_term_awaiting_get(*, actor: User, case_id: int) -> ProtectionCase:
    """One of `long_term_awaiting`: the receiver reads the child's name, the ground and the
    court decision, nothing else of the case."""
    if not has_perm(actor, Perm.CHILD_REGISTER) or actor.institution_id is None:
        raise NotFoundError()
    return get_scoped(long_term_awaiting(actor=actor).select_related("receiver"),
                      ALREADY_CHECKED, pk=case_id)


@dataclass(frozen=True)
class FollowUpPeriod:
    """The follow-up period an exit proposes in a county: the county's own, or the global
    settings (`own` False)."""

    months: int
    every: int
    own: bool
    version: int | None = None


def follow_up_period(*, county_code: str) -> FollowUpPeriod:
    """The county's follow-up period (the default of each exit in the county). Not scoped:
    the county comes from a case or user already checked."""
    found = CountyCaseSettings.objects.filter(county_code=county_code).first()
    if found is None:
        return FollowUpPeriod(settings.CWIS_CASE_FOLLOW_UP_MONTHS,
                              settings.CWIS_CASE_FOLLOW_UP_EVERY_MONTHS, own=False)
    return FollowUpPeriod(found.follow_up_months, found.visit_every_months, own=True,
                          version=found.version)


def county_follow_up_period(*, actor: User) -> FollowUpPeriod:
    """The actor's county's follow-up period (the county's case workers and officer)."""
    if not has_perm(actor, Perm.CASE_VIEW):
        raise NotFoundError()
    prefix = actor_prefix(actor) or ""
    if len(prefix) != 6:
        raise NotFoundError()
    return follow_up_period(county_code=prefix)
