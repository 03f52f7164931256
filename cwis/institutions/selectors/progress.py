"""How far the transformation of county institutions has come against the province's plan
(the home page of a province or prefecture officer, issue 13 point 11)."""

import datetime as dt

from django.db.models import Count, Q, QuerySet
from django.utils import timezone

from cwis.accounts.models import User
from cwis.core.permissions import Perm, has_perm
from cwis.core.scoping import scope
from cwis.institutions.models import (
    Institution,
    InstitutionLevel,
    InstitutionStatus,
    Transformation,
    TransformationState,
)

MAX_BEHIND = 50  # a province has about a hundred counties; the list shows the latest first


def behind_plan_q(today: dt.date, path: str = "") -> Q:
    """A transformation behind its plan on `today`: handover not started by the handover
    target, or not completed by the completion target."""
    return ~Q(**{f"{path}state": TransformationState.TRANSFORMED}) & (
        Q(**{f"{path}state": TransformationState.PLANNED,
             f"{path}target_handover_date__lt": today})
        | Q(**{f"{path}target_completion_date__lt": today}))


def _county_institutions(actor: User) -> QuerySet[Institution]:
    return scope(Institution.objects.filter(level=InstitutionLevel.COUNTY,
                                            status=InstitutionStatus.OPERATING), actor)


def transformation_progress(*, actor: User, today: dt.date | None = None) -> dict[str, int]:
    """County institutions in scope: in all, with a transformation planned, transformed, and
    behind plan; and the counties behind plan; in one aggregate query."""
    if not has_perm(actor, Perm.INSTITUTION_VIEW):
        return {"total": 0, "planned": 0, "transformed": 0, "behind": 0, "counties_behind": 0}
    today = today or timezone.localdate()
    behind = behind_plan_q(today, "transformation__")
    return _county_institutions(actor).aggregate(
        total=Count("id"),
        planned=Count("id", filter=Q(transformation__isnull=False)),
        transformed=Count("id", filter=Q(
            transformation__state=TransformationState.TRANSFORMED)),
        behind=Count("id", filter=behind),
        counties_behind=Count("division_code", filter=behind, distinct=True),
    )


def transformations_behind_plan(*, actor: User, today: dt.date | None = None
                                ) -> list[Transformation]:
    """The transformations in scope behind plan, the longest overdue first (at most
    MAX_BEHIND)."""
    if not has_perm(actor, Perm.INSTITUTION_VIEW):
        return []
    today = today or timezone.localdate()
    plans = scope(Transformation.objects.filter(
        behind_plan_q(today), institution__status=InstitutionStatus.OPERATING), actor)
    return list(plans.select_related("institution").order_by(
        "target_completion_date", "target_handover_date", "id")[:MAX_BEHIND])
