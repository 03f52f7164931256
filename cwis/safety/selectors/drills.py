"""Reads of emergency plans, drills and food safety records, scoped on the institution
(SAFETY_VIEW): institution staff their own, offices their jurisdiction's."""

from collections.abc import Mapping
from typing import Any

from django.db.models import Count, QuerySet

from cwis.accounts.models import User
from cwis.core.errors import NotFoundError
from cwis.core.history import history_entries
from cwis.core.permissions import Perm, has_perm
from cwis.core.scoping import get_scoped, scope
from cwis.safety.models import Drill, EmergencyPlan, FoodCertificate, FoodSample, Hazard


def _readable(actor: User) -> bool:
    return has_perm(actor, Perm.SAFETY_VIEW)


def _institution_filter(queryset: QuerySet, filters: Mapping[str, Any] | None) -> QuerySet:
    filters = filters or {}
    if filters.get("institution"):
        queryset = queryset.filter(institution_id=filters["institution"])
    if filters.get("division"):
        queryset = queryset.filter(institution__division_code__startswith=filters["division"])
    if filters.get("year"):
        field = {Drill: "held_on", FoodSample: "served_on"}.get(queryset.model)
        if field:
            queryset = queryset.filter(**{f"{field}__year": int(filters["year"])})
    return queryset


def plan_list(*, actor: User, filters: Mapping[str, Any] | None = None,
              current: bool = True) -> QuerySet[EmergencyPlan]:
    """The plans in scope: the current ones (not replaced) unless `current` is False."""
    if not _readable(actor):
        return EmergencyPlan.objects.none()
    plans = scope(EmergencyPlan.objects.select_related("institution"), actor)
    if current:
        plans = plans.filter(replaced_on__isnull=True)
    return _institution_filter(plans, filters).order_by("institution__name", "kind", "-id")


def drill_list(*, actor: User, filters: Mapping[str, Any] | None = None) -> QuerySet[Drill]:
    """Drills in scope, newest first, each with the number of hazards it found."""
    if not _readable(actor):
        return Drill.objects.none()
    drills = scope(Drill.objects.select_related("institution"), actor)
    return _institution_filter(drills, filters).annotate(
        hazard_count=Count("hazards")).order_by("-held_on", "-id")


def drill_get(*, actor: User, drill_id: int) -> Drill:
    if not _readable(actor):
        raise NotFoundError()
    return get_scoped(Drill.objects.select_related("institution", "plan"), actor, pk=drill_id)


def drill_hazards(*, drill: Drill) -> QuerySet[Hazard]:
    return drill.hazards.select_related("institution").order_by("due_on", "id")


def drill_history(*, drill: Drill) -> list:
    return history_entries(drill.history.select_related("history_user").order_by(
        "history_date", "history_id"))


def certificate_list(*, actor: User, filters: Mapping[str, Any] | None = None
                     ) -> QuerySet[FoodCertificate]:
    """The current (not replaced) certificates in scope, the first to expire first."""
    if not _readable(actor):
        return FoodCertificate.objects.none()
    certificates = scope(FoodCertificate.objects.filter(replaced_on__isnull=True)
                         .select_related("institution"), actor)
    return _institution_filter(certificates, filters).order_by("expires_on", "id")


def sample_list(*, actor: User, filters: Mapping[str, Any] | None = None
                ) -> QuerySet[FoodSample]:
    if not _readable(actor):
        return FoodSample.objects.none()
    samples = scope(FoodSample.objects.select_related("institution"), actor)
    return _institution_filter(samples, filters).order_by("-served_on", "meal", "-id")


def plan_get(*, actor: User, plan_id: int) -> EmergencyPlan:
    """One plan in scope (404 otherwise), current or replaced."""
    if not _readable(actor):
        raise NotFoundError()
    return get_scoped(EmergencyPlan.objects.select_related("institution"), actor, pk=plan_id)
