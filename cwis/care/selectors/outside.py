"""Reads of services to children outside the institution (policy 二(七)). The delivering
institution sees the agreed service (what to deliver, who agreed) so that it can open or
decline it; once it is open, also the child's summary and that service's records. The scope
rule of the records grants it (cwis/care/models/scope.py), and ends it when the service
closes (404 again)."""

import datetime as dt
from dataclasses import dataclass, field

from django.db.models import QuerySet

from cwis.accounts.models import User
from cwis.care.models import CareAssessment, CarePlan, MedicalVisit, OutsideService, SchoolPlace
from cwis.care.services.rules import may_view_clinical
from cwis.children.models import Child
from cwis.core.permissions import Perm, has_perm, require
from cwis.core.scoping import get_scoped, scope
from cwis.institutions.models import Institution, InstitutionKind, InstitutionStatus

READERS = (Perm.CARE_VIEW, Perm.CARE_OUTSIDE_AGREE, Perm.CARE_FIGURES)


def _may_read(actor: User) -> None:
    if not any(has_perm(actor, p) for p in READERS):
        require(actor, Perm.CARE_VIEW)


def outside_service_get(*, actor: User, service_id: int) -> OutsideService:
    """A service in scope: seen by the child's side always, by the delivering institution
    while it is agreed or open; 404 otherwise."""
    service = get_scoped(OutsideService.objects.select_related(
        "child", "child__current_institution", "provider", "agreed_by", "opened_by",
        "closed_by"), actor, pk=service_id)
    _may_read(actor)
    return service


def outside_services_delivered(*, actor: User) -> QuerySet[OutsideService]:
    """The services the actor's institution delivers and may still see (agreed or open)."""
    if actor.institution_id is None:
        return OutsideService.objects.none()
    _may_read(actor)
    return scope(OutsideService.objects.filter(provider_id=actor.institution_id), actor
                 ).select_related("child", "provider").order_by("-agreed_on", "-id")


def outside_services_of_child(*, actor: User, child: Child) -> list[OutsideService]:
    """The services other institutions deliver to the child, as its own side sees them."""
    return list(scope(OutsideService.objects.filter(child=child), actor)
                .select_related("provider", "agreed_by").order_by("-agreed_on", "-id"))


def _age(birth: dt.date, today: dt.date) -> int:
    return today.year - birth.year - ((today.month, today.day) < (birth.month, birth.day))


@dataclass(frozen=True)
class ChildSummary:
    """What the delivering institution reads of the child: no more than the service needs."""

    name: str
    sex: str
    age: int
    disability: str
    guardian: str
    guardian_phone: str
    cared_for_by: str  # the child's institution, or "" for a child living at home


def outside_child_summary(service: OutsideService, *, today: dt.date) -> ChildSummary:
    child = service.child
    disability = ""
    if child.disability_type:
        grade = child.get_disability_grade_display() or ""
        disability = f"{child.get_disability_type_display()} {grade}"
    institution = child.current_institution
    return ChildSummary(
        name=child.name, sex=str(child.get_sex_display()), age=_age(child.birth_date, today),
        disability=disability.strip(), guardian=child.guardian_name,
        guardian_phone=child.guardian_phone,
        cared_for_by=institution.name if institution and child.status == "in_care" else "",
    )


@dataclass
class ServiceRecords:
    plans: list[CarePlan] = field(default_factory=list)
    assessments: list[CareAssessment] = field(default_factory=list)
    visits: list[MedicalVisit] = field(default_factory=list)
    school_places: list[SchoolPlace] = field(default_factory=list)


def outside_records(*, actor: User, service: OutsideService) -> ServiceRecords:
    """The records of this service only (never the rest of the child's file)."""
    records = ServiceRecords()
    if not has_perm(actor, Perm.CARE_VIEW):
        return records
    records.plans = list(scope(CarePlan.objects.filter(outside_service=service), actor)
                         .select_related("responsible"))
    records.school_places = list(scope(SchoolPlace.objects.filter(outside_service=service),
                                       actor))
    if may_view_clinical(actor, service.line):
        records.assessments = list(scope(
            CareAssessment.objects.filter(outside_service=service), actor)
            .select_related("assessor"))
        records.visits = list(scope(MedicalVisit.objects.filter(outside_service=service),
                                    actor))
    return records


def provider_choices(*, child: Child) -> QuerySet[Institution]:
    """Institutions that may be asked to serve the child: the operating child welfare
    institutions of the child's province (names of institutions are public)."""
    return Institution.objects.filter(
        status=InstitutionStatus.OPERATING, kind=InstitutionKind.CHILD_WELFARE,
        division_code__startswith=child.division_code[:2],
    ).exclude(pk=child.current_institution_id if child.status == "in_care" else None
              ).order_by("division_code", "name")
