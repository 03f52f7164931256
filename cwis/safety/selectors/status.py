"""The safety status of each institution in scope, as the fire service and market
supervision read it (policy 四(二): fire safety with the fire service, food safety with
market supervision): one row per operating institution, every figure a subquery of the
same query (no query per institution)."""

import datetime as dt

from django.db.models import (
    Count,
    DateField,
    IntegerField,
    OuterRef,
    Q,
    QuerySet,
    Subquery,
    Value,
)
from django.db.models.functions import Coalesce

from cwis.accounts.models import User
from cwis.core.permissions import Perm, has_perm
from cwis.core.scoping import scope
from cwis.institutions.models import Institution, InstitutionStatus
from cwis.safety.models import (
    CertificateKind,
    Drill,
    EmergencyPlan,
    FoodCertificate,
    FoodSample,
    Hazard,
    HazardState,
    Inspection,
    InspectionKind,
    PlanKind,
)

FIRE, FOOD = "fire", "food"
DEPARTMENTS = (FIRE, FOOD)
SAMPLE_DAYS = 30  # the sample log is read over the last 30 days


def _count(queryset: QuerySet, **filters) -> Coalesce:
    counted = queryset.filter(institution=OuterRef("pk"), **filters).order_by().values(
        "institution").annotate(n=Count("id")).values("n")
    return Coalesce(Subquery(counted, output_field=IntegerField()), Value(0))


def _last(queryset: QuerySet, field: str, **filters) -> Subquery:
    return Subquery(queryset.filter(institution=OuterRef("pk"), **filters).order_by(
        f"-{field}").values(field)[:1], output_field=DateField())


def _hazards(area: str, today: dt.date) -> dict:
    live = ~Q(state=HazardState.CLOSED)
    return {
        "hazards_open": _count(Hazard.objects.filter(live), area=area),
        "hazards_overdue": _count(Hazard.objects.all(), area=area, state=HazardState.OPEN,
                                  due_on__lt=today),
        "hazards_major": _count(Hazard.objects.filter(live), area=area, level="major"),
        "hazards_closed": _count(Hazard.objects.all(), area=area, state=HazardState.CLOSED,
                                 found_on__year=today.year),
    }


def _fire(today: dt.date) -> dict:
    current = EmergencyPlan.objects.filter(replaced_on__isnull=True, kind=PlanKind.EVACUATION)
    return {
        "last_inspection": _last(Inspection.objects.all(), "inspected_on"),
        "last_department_inspection": _last(Inspection.objects.all(), "inspected_on",
                                            kind=InspectionKind.FIRE_SERVICE),
        "last_drill": _last(Drill.objects.all(), "held_on"),
        "drills_year": _count(Drill.objects.all(), held_on__year=today.year),
        "drills_with_department": _count(Drill.objects.all(), held_on__year=today.year,
                                         with_fire_service=True),
        "plan_approved_on": _last(current, "approved_on"),
        "plan_review_on": _last(current, "review_on"),
        **_hazards(FIRE, today),
    }


def _food(today: dt.date) -> dict:
    current = FoodCertificate.objects.filter(replaced_on__isnull=True)
    return {
        "last_inspection": _last(Inspection.objects.all(), "inspected_on"),
        "last_department_inspection": _last(Inspection.objects.all(), "inspected_on",
                                            kind=InspectionKind.MARKET_SUPERVISION),
        "licence_expires_on": _last(current, "expires_on", kind=CertificateKind.CANTEEN_LICENCE),
        "health_valid": _count(current, kind=CertificateKind.HEALTH, expires_on__gte=today),
        "health_expired": _count(current, kind=CertificateKind.HEALTH, expires_on__lt=today),
        "sample_days": Coalesce(Subquery(
            FoodSample.objects.filter(
                institution=OuterRef("pk"),
                served_on__gt=today - dt.timedelta(days=SAMPLE_DAYS)).order_by().values(
                "institution").annotate(n=Count("served_on", distinct=True)).values("n"),
            output_field=IntegerField()), Value(0)),
        **_hazards(FOOD, today),
    }


def institution_status(*, actor: User, department: str, today: dt.date
                       ) -> QuerySet[Institution]:
    """The operating institutions in scope with their fire (`department` "fire") or food
    ("food") safety status; none for a role without SAFETY_VIEW or an unknown department."""
    if department not in DEPARTMENTS or not has_perm(actor, Perm.SAFETY_VIEW):
        return Institution.objects.none()
    figures = _fire(today) if department == FIRE else _food(today)
    return scope(Institution.objects.filter(status=InstitutionStatus.OPERATING), actor
                 ).annotate(**figures).order_by("division_code", "name", "id")
