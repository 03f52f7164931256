"""What each kind of request is: the departments it goes to, the children it may list (from
the records that call for it), what the department reads of each child (the minimum it
needs) and what a done answer changes on the child's file.

A kind is data: `KINDS[kind]`. A kind whose `candidates` is None lists the children the
sender chooses from the files of its jurisdiction in care; one whose `on_done` is None keeps
the answer on the request only (the file has no field it would change).
"""

import datetime as dt
from collections.abc import Callable
from dataclasses import dataclass, field

from django.db.models import Q, QuerySet
from django.utils.translation import gettext_lazy as _

from cwis.children.choices import ChildStatus, EducationStatus, HukouType, InsuranceStatus
from cwis.children.models import Child
from cwis.core.permissions import PartnerDepartment
from cwis.partners.models import RequestKind

# Fields of a child a department reads; every department reads the first three.
BASE_FIELDS = ("name", "sex", "birth_date")


@dataclass(frozen=True)
class Kind:
    key: str
    departments: tuple[str, ...]
    fields: tuple[str, ...]  # child fields shown to the department, after BASE_FIELDS
    reference_label: object  # what the reference of a done answer is
    candidates: Callable[[QuerySet[Child], dt.date], QuerySet[Child]] | None = None
    from_transfer: bool = False  # items carry the transfer whose hukou decision they do
    from_referral: bool = False  # items carry a protection case's referral
    extra: dict = field(default_factory=dict)


def _school_age(children: QuerySet[Child], today: dt.date) -> QuerySet[Child]:
    oldest = dt.date(today.year - 16, today.month, 1)
    youngest = dt.date(today.year - 6, 9, 1)
    return children.filter(status=ChildStatus.IN_CARE, birth_date__gt=oldest,
                           birth_date__lte=youngest).filter(
        Q(education_status__in=["", EducationStatus.NOT_ATTENDING,
                                EducationStatus.NOT_SCHOOL_AGE]))


def _not_enrolled(children: QuerySet[Child], today: dt.date) -> QuerySet[Child]:
    return children.filter(status__in=[ChildStatus.IN_CARE, ChildStatus.IN_COMMUNITY]
                           ).exclude(insurance_status=InsuranceStatus.ENROLLED)


def _no_hukou(children: QuerySet[Child], today: dt.date) -> QuerySet[Child]:
    return children.filter(status=ChildStatus.IN_CARE, hukou_type=HukouType.NOT_REGISTERED)


def _disabled(children: QuerySet[Child], today: dt.date) -> QuerySet[Child]:
    return children.filter(status=ChildStatus.IN_CARE).exclude(disability_type="")


def _near_adulthood(children: QuerySet[Child], today: dt.date) -> QuerySet[Child]:
    return children.filter(status=ChildStatus.IN_CARE,
                           birth_date__lte=dt.date(today.year - 16, today.month, 1))


HUKOU_FIELDS = ("hukou_division", "hukou_type", "hukou_address", "institution")

KINDS: dict[str, Kind] = {
    RequestKind.HUKOU_REGISTRATION: Kind(
        RequestKind.HUKOU_REGISTRATION, (PartnerDepartment.PUBLIC_SECURITY,), HUKOU_FIELDS,
        _("Hukou number"), candidates=_no_hukou),
    RequestKind.HUKOU_MIGRATION: Kind(
        RequestKind.HUKOU_MIGRATION, (PartnerDepartment.PUBLIC_SECURITY,), HUKOU_FIELDS,
        _("Hukou number"), from_transfer=True),
    RequestKind.SCHOOL_PLACE: Kind(
        RequestKind.SCHOOL_PLACE, (PartnerDepartment.EDUCATION,),
        ("education_status", "school_name"), _("School-roll number"), candidates=_school_age),
    RequestKind.INSURANCE_ENROLMENT: Kind(
        RequestKind.INSURANCE_ENROLMENT, (PartnerDepartment.MEDICAL_INSURANCE,),
        ("hukou_division", "insurance_status"), _("Insurance number"),
        candidates=_not_enrolled),
    RequestKind.REHABILITATION: Kind(
        RequestKind.REHABILITATION, (PartnerDepartment.DISABLED_FEDERATION,
                                     PartnerDepartment.HEALTH),
        ("disability_type", "disability_grade"), _("Approval document"),
        candidates=_disabled),
    RequestKind.VOCATIONAL_TRAINING: Kind(
        RequestKind.VOCATIONAL_TRAINING, (PartnerDepartment.HUMAN_RESOURCES,),
        ("education_status",), _("Approval document"), candidates=_near_adulthood),
    RequestKind.ENLISTMENT: Kind(
        RequestKind.ENLISTMENT, (PartnerDepartment.CONSCRIPTION,), ("education_status",),
        _("Approval document"), candidates=_near_adulthood),
    RequestKind.HOUSING: Kind(
        RequestKind.HOUSING, (PartnerDepartment.HOUSING,), ("hukou_division",),
        _("Approval document"), candidates=_near_adulthood),
    # The department reads the service asked and what is asked, nothing of the case.
    RequestKind.PROTECTION_REFERRAL: Kind(
        RequestKind.PROTECTION_REFERRAL, (PartnerDepartment.PUBLIC_SECURITY,
                                          PartnerDepartment.HEALTH,
                                          PartnerDepartment.EDUCATION),
        ("referral_service", "referral_request"), _("Acceptance reference"),
        from_referral=True),
}

# The protection case's recipient departments (DepartmentKind) each partner department
# answers for.
REFERRAL_DEPARTMENTS = {
    PartnerDepartment.PUBLIC_SECURITY: ("police",),
    PartnerDepartment.HEALTH: ("health",),
    PartnerDepartment.EDUCATION: ("school",),
}


def kind_of(key: str) -> Kind:
    return KINDS[key]


def department_of_kind(key: str) -> str:
    return KINDS[key].departments[0]
