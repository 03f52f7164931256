"""Reads of the upbringing assessment and of adoption, scoped (cwis.core.scoping).

The upbringing assessment is read by the social workers and the director (the social work
line's clinical readers); the offices above read whether a child has a current assessment
and the lists of children, never the assessment. Adopters' data (applications, matches,
visits) is read by ADOPTION_VIEW roles within `ScopeRule.office_only`; the offices above
that office count it (`scope_for_counts`)."""

import datetime as dt
from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import Any

from django.conf import settings
from django.db.models import Count, Exists, OuterRef, Q, QuerySet, Subquery
from django.utils import timezone

from cwis.accounts.models import User
from cwis.care.choices import CareLine
from cwis.care.choices_adoption import (
    AdoptionState,
    ApplicationState,
    MatchState,
    UpbringingStatus,
)
from cwis.care.models import (
    AdopterApplication,
    AdoptionCase,
    AdoptionFollowUp,
    AdoptionMatch,
    UpbringingAssessment,
)
from cwis.care.services.rules import may_view_clinical, require_any, require_clinical
from cwis.children import selectors as child_selectors
from cwis.children.choices import ChildStatus
from cwis.children.models import Child
from cwis.core.permissions import Perm, has_perm
from cwis.core.scoping import get_scoped, scope, scope_for_counts

LINE = CareLine.SOCIAL_WORK
OPEN_CASE = (AdoptionState.RECOMMENDED, AdoptionState.LISTED, AdoptionState.MATCHED)
HISTORY = 50


def may_read_assessment(actor: User) -> bool:
    return may_view_clinical(actor, LINE)


def current(today: dt.date):
    """The child's current assessment: confirmed and not yet due again."""
    return UpbringingAssessment.objects.filter(child=OuterRef("pk"),
                                               status=UpbringingStatus.CONFIRMED,
                                               next_due_on__gte=today)


@dataclass
class UpbringingPage:
    child: Child
    full: bool  # the assessments themselves (social workers, the director)
    may_write: bool
    may_confirm: bool
    current: UpbringingAssessment | None = None
    due_on: dt.date | None = None
    assessments: list[UpbringingAssessment] = field(default_factory=list)
    cases: list[AdoptionCase] = field(default_factory=list)
    matches: list[AdoptionMatch] = field(default_factory=list)


def upbringing_page(*, actor: User, child_id: int) -> UpbringingPage:
    """A child's upbringing assessments and adoption: in full for the social workers and
    the director, the current assessment's path and dates for the offices above."""
    child = child_selectors.child_get(actor=actor, child_id=child_id)
    require_any(actor, (Perm.CARE_FIGURES, Perm.CARE_SOCIAL_WORK, Perm.CARE_APPROVE))
    full = may_read_assessment(actor)
    page = UpbringingPage(child=child, full=full,
                          may_write=full and child.status == ChildStatus.IN_CARE,
                          may_confirm=has_perm(actor, Perm.CARE_APPROVE))
    assessments = list(scope(UpbringingAssessment.objects.filter(child=child), actor)
                       .select_related("assessor", "confirmed_by")[:HISTORY])
    page.current = next((a for a in assessments if a.status == UpbringingStatus.CONFIRMED),
                        None)
    page.due_on = due_on(child, page.current)
    page.assessments = assessments if full else []
    page.cases = list(scope(AdoptionCase.objects.filter(child=child), actor))
    if has_perm(actor, Perm.ADOPTION_VIEW):
        page.matches = list(scope(AdoptionMatch.objects.filter(child=child), actor)
                            .select_related("application"))
    return page


def due_on(child: Child, latest: UpbringingAssessment | None) -> dt.date:
    """When the child's next assessment is due: a year after the last confirmed one, or
    CWIS_UPBRINGING_INTAKE_DAYS after the institution became the guardian."""
    if latest is not None and latest.next_due_on is not None:
        return latest.next_due_on
    return child.guardianship_since + dt.timedelta(days=settings.CWIS_UPBRINGING_INTAKE_DAYS)


def upbringing_get(*, actor: User, assessment_id: int) -> UpbringingAssessment:
    assessment = get_scoped(UpbringingAssessment.objects.select_related(
        "child", "child__current_institution", "assessor", "confirmed_by"), actor,
        pk=assessment_id)
    require_clinical(actor, LINE)
    return assessment


def children_without_assessment(*, actor: User, filters: Mapping[str, Any] | None = None,
                                today: dt.date | None = None) -> QuerySet[Child]:
    """Children in care in the actor's scope with no current upbringing assessment (a
    province's list): names and institutions only, with `last_due` (the last confirmed
    assessment's due date, None before the first)."""
    require_any(actor, (Perm.CARE_FIGURES, Perm.CARE_SOCIAL_WORK))
    today = today or timezone.localdate()
    filters = filters or {}
    passed = {k: filters[k] for k in ("division", "institution") if filters.get(k)}
    children = child_selectors.child_list(actor=actor,
                                          filters={**passed, "status": ChildStatus.IN_CARE})
    return with_last_due(children.filter(~Exists(current(today))))


def with_last_due(children: QuerySet[Child]) -> QuerySet[Child]:
    latest = UpbringingAssessment.objects.filter(
        child=OuterRef("pk"), status=UpbringingStatus.CONFIRMED).order_by(
        "-next_due_on").values("next_due_on")[:1]
    return children.annotate(last_due=Subquery(latest))


# ------------------------------------------------------------------------------ adoption


def adoption_cases(*, actor: User, state: str = "") -> QuerySet[AdoptionCase]:
    """Children recommended for, listed for or matched for adoption (the file's scope)."""
    require_any(actor, (Perm.ADOPTION_VIEW, Perm.CARE_FIGURES))
    states = (state,) if state in AdoptionState.values else OPEN_CASE
    return scope(AdoptionCase.objects.filter(state__in=states), actor).select_related(
        "child", "child__current_institution").order_by("opened_on", "id")


def adoption_case_get(*, actor: User, case_id: int) -> AdoptionCase:
    case = get_scoped(AdoptionCase.objects.select_related(
        "child", "child__current_institution", "assessment"), actor, pk=case_id)
    require_any(actor, (Perm.ADOPTION_VIEW, Perm.CARE_FIGURES))
    return case


def case_matches(*, actor: User, case: AdoptionCase) -> list[AdoptionMatch]:
    """The matches of a child: adopters' data, for those who may read it (else none)."""
    if not has_perm(actor, Perm.ADOPTION_VIEW):
        return []
    return list(scope(case.matches.all(), actor).select_related("application"))


def applications(*, actor: User, state: str = "") -> QuerySet[AdopterApplication]:
    """Applications to adopt, for those who may read adopters' data, in the narrow scope."""
    require_any(actor, (Perm.ADOPTION_VIEW,))
    found = scope(AdopterApplication.objects.all(), actor).select_related("institution")
    if state in ApplicationState.values:
        found = found.filter(state=state)
    return found.order_by("-received_on", "-id")


def suitable_applications(*, actor: User, case: AdoptionCase) -> QuerySet[AdopterApplication]:
    return applications(actor=actor, state=ApplicationState.SUITABLE).filter(
        institution_id=case.child.current_institution_id)


def application_get(*, actor: User, application_id: int) -> AdopterApplication:
    application = get_scoped(AdopterApplication.objects.select_related("institution"), actor,
                             pk=application_id)
    require_any(actor, (Perm.ADOPTION_VIEW,))
    return application


def application_matches(*, application: AdopterApplication) -> QuerySet[AdoptionMatch]:
    return application.matches.select_related("child").order_by("-matched_on", "-id")


def match_get(*, actor: User, match_id: int) -> AdoptionMatch:
    match = get_scoped(AdoptionMatch.objects.select_related(
        "child", "application", "institution", "case", "matched_by"), actor, pk=match_id)
    require_any(actor, (Perm.ADOPTION_VIEW,))
    return match


def match_follow_ups(*, match: AdoptionMatch) -> QuerySet[AdoptionFollowUp]:
    return match.follow_ups.select_related("visitor").order_by("due_on", "id")


def follow_up_get(*, actor: User, follow_up_id: int) -> AdoptionFollowUp:
    follow_up = get_scoped(AdoptionFollowUp.objects.select_related("match", "match__child"),
                           actor, pk=follow_up_id)
    require_any(actor, (Perm.ADOPTION_VIEW,))
    return follow_up


def adoption_counts(*, actor: User) -> dict[str, int]:
    """What every reader of adoption may know, the offices above included: how many
    applications by state, matches open, adoptions registered, visits overdue."""
    require_any(actor, (Perm.ADOPTION_VIEW, Perm.CARE_FIGURES))
    today = timezone.localdate()
    counts = scope_for_counts(AdopterApplication.objects.all(), actor).aggregate(
        applications=Count("pk"),
        received=Count("pk", filter=Q(state=ApplicationState.RECEIVED)),
        suitable=Count("pk", filter=Q(state=ApplicationState.SUITABLE)),
    )
    counts |= scope_for_counts(AdoptionMatch.objects.all(), actor).aggregate(
        matched=Count("pk", filter=Q(state=MatchState.MATCHED)),
        registered=Count("pk", filter=Q(state=MatchState.REGISTERED)),
    )
    counts["visits_overdue"] = scope_for_counts(AdoptionFollowUp.objects.filter(
        visited_on__isnull=True, due_on__lt=today), actor).count()
    counts["listed"] = scope(AdoptionCase.objects.filter(state__in=OPEN_CASE), actor).count()
    return counts
