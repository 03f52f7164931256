"""Reads of what each line adds, scoped, limited by role as the pattern's: diagnoses, costs,
health check findings and assistance amounts for the line's profession and the director;
insurance enrolment, school places and student aid for every reader of care records."""

from django.db.models import QuerySet

from cwis.accounts.models import User
from cwis.care.choices import CareLine
from cwis.care.models import (
    HealthCheck,
    InsuranceEnrolment,
    MedicalVisit,
    RehabAssistance,
    SchoolAgeReport,
    SchoolAgeReportEntry,
    SchoolPlace,
    StudentAid,
)
from cwis.care.services.rules import may_view_clinical, require_clinical
from cwis.children.models import Child
from cwis.core.permissions import Perm, has_perm, require
from cwis.core.scoping import get_scoped, scope

ROWS = 200  # records of one kind on a tab; the API pages through more


def line_records(*, actor: User, child: Child, line: str) -> dict[str, list]:
    """The line's own records of the child that the actor may read, newest first."""
    clinical = may_view_clinical(actor, line)
    found: dict[str, list] = {}
    if line == CareLine.MEDICAL:
        found["enrolments"] = list(scope(InsuranceEnrolment.objects.filter(child=child),
                                         actor)[:ROWS])
        if clinical:
            found["visits"] = list(scope(MedicalVisit.objects.filter(child=child), actor)
                                   .select_related("staff")[:ROWS])
            found["health_checks"] = list(scope(HealthCheck.objects.filter(child=child),
                                                actor)[:ROWS])
    elif line == CareLine.REHABILITATION and clinical:
        found["assistance"] = list(scope(RehabAssistance.objects.filter(child=child),
                                         actor)[:ROWS])
    elif line == CareLine.EDUCATION:
        found["school_places"] = list(scope(SchoolPlace.objects.filter(child=child),
                                            actor)[:ROWS])
        found["student_aid"] = list(scope(StudentAid.objects.filter(child=child), actor)[:ROWS])
    return found


def _get(model, actor: User, pk: int, line: str, *, clinical: bool):
    record = get_scoped(model.objects.select_related("child"), actor, pk=pk)
    if clinical:
        require_clinical(actor, line)
    else:
        require(actor, Perm.CARE_VIEW)
    return record


def medical_visit_get(*, actor: User, visit_id: int) -> MedicalVisit:
    return _get(MedicalVisit, actor, visit_id, CareLine.MEDICAL, clinical=True)


def enrolment_get(*, actor: User, enrolment_id: int) -> InsuranceEnrolment:
    return _get(InsuranceEnrolment, actor, enrolment_id, CareLine.MEDICAL, clinical=False)


def health_check_get(*, actor: User, check_id: int) -> HealthCheck:
    return _get(HealthCheck, actor, check_id, CareLine.MEDICAL, clinical=True)


def assistance_get(*, actor: User, application_id: int) -> RehabAssistance:
    return _get(RehabAssistance, actor, application_id, CareLine.REHABILITATION,
                clinical=True)


def school_place_get(*, actor: User, place_id: int) -> SchoolPlace:
    return _get(SchoolPlace, actor, place_id, CareLine.EDUCATION, clinical=False)


def school_reports(*, actor: User) -> QuerySet[SchoolAgeReport]:
    """The school-age reports the actor may read: their institution's, or those of the
    institutions in an office's jurisdiction (a list of names, no clinical note)."""
    if not has_any(actor, Perm.CARE_VIEW, Perm.CARE_FIGURES):
        require(actor, Perm.CARE_VIEW)
    return scope(SchoolAgeReport.objects.select_related("institution"), actor).order_by(
        "-year", "institution__name")


def school_report_get(*, actor: User, report_id: int) -> SchoolAgeReport:
    report = get_scoped(SchoolAgeReport.objects.select_related("institution"), actor,
                        pk=report_id)
    if not has_any(actor, Perm.CARE_VIEW, Perm.CARE_FIGURES):
        require(actor, Perm.CARE_VIEW)
    return report


def school_report_entries(*, report: SchoolAgeReport) -> QuerySet[SchoolAgeReportEntry]:
    return report.entries.select_related("child").order_by("child__birth_date", "id")


def has_any(actor: User, *perms: Perm) -> bool:
    return any(has_perm(actor, p) for p in perms)
