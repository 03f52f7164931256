"""Every write to institutions, their licences, posts, staff and residences, the province
layout and transformations. Each function: check the role, find the record in scope, lock
it, check the version the client read, validate, write, all in one transaction; the
history row is written with it (django-simple-history)."""

import datetime as dt
from collections.abc import Iterable, Mapping
from typing import Any

from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import Model
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from cwis.core.concurrency import bump_version, check_version, lock_for_update
from cwis.core.errors import NotFoundError, field_error
from cwis.core.models import Division, DivisionLevel
from cwis.core.permissions import Perm, require
from cwis.core.scoping import division_in_scope, get_scoped
from cwis.core.validators import MSG_DATE_FUTURE, validate_division_code, validate_uscc
from cwis.institutions.models import (
    ChangeReason,
    CountyReceiver,
    FamilyResidence,
    Institution,
    InstitutionKind,
    InstitutionLevel,
    InstitutionService,
    InstitutionStatus,
    IntegrationFact,
    IntegrationFactKind,
    IntegrationOutcome,
    Licence,
    LicenceKind,
    Post,
    PostType,
    ProtectionDuty,
    ProvinceLayout,
    QualificationKind,
    StaffMember,
    StaffQualification,
    TrainingRecord,
    Transformation,
    TransformationState,
    service_field,
)
from cwis.institutions.transformation import checklist

MSG_NAME_REQUIRED = _("Enter the name.")
MSG_USCC_TAKEN = _("Another institution already has this unified social credit code.")
MSG_LEVEL_UNKNOWN = _("Choose the level: province, prefecture or county.")
MSG_FOUNDER_LEVEL = _(
    "The founding civil affairs department must be of the institution's level: a prefecture "
    "institution is set up by a prefecture department, not by a county one."
)
MSG_FOUNDER_OUTSIDE = _("The founding department's division is outside your jurisdiction.")
MSG_KIND_UNKNOWN = _("Choose the kind of institution.")
MSG_KIND_BY_TRANSFORMATION = _(
    "An institution is in transformation only once its transformation has started."
)
MSG_LOCKED_BY_TRANSFORMATION = _(
    "The kind and founding department of an institution with a transformation change only "
    "through the transformation."
)
MSG_BEDS_NEGATIVE = _("The number of beds cannot be below zero.")
MSG_SERVICE_UNKNOWN = _("Unknown service.")
MSG_STATUS_UNKNOWN = _("Unknown status.")
MSG_STATUS_REASON_REQUIRED = _("Give the reason for merging or closing the institution.")
MSG_MERGED_INTO_REQUIRED = _("Choose the operating institution it was merged into.")
MSG_MERGED_INTO_SELF = _("An institution cannot be merged into itself.")

MSG_LICENCE_KIND_UNKNOWN = _("Choose the kind of licence or designation.")
MSG_NUMBER_REQUIRED = _("Enter the number.")
MSG_LICENCE_DATES = _("A licence or designation cannot end before it starts.")

MSG_POST_TYPE_UNKNOWN = _("Choose the post.")
MSG_HEADCOUNT_NEGATIVE = _("A headcount cannot be below zero.")

MSG_STAFF_DATES = _("A staff member cannot leave before starting.")
MSG_OUTCOME_UNKNOWN = _("Choose an outcome.")
MSG_OUTCOME_NEEDS_TRANSFORMATION = _(
    "Outcomes are recorded for the staff of an institution whose transformation is under way."
)
MSG_OUTCOME_STAFF_LEFT = _("This staff member had already left the institution.")
MSG_OUTCOME_DATE_REQUIRED = _("Enter the date the outcome was decided.")
MSG_TRANSFERRED_TO_REQUIRED = _(
    "Choose the operating institution of the same province the staff member moves to."
)
MSG_QUALIFICATION_KIND_UNKNOWN = _("Choose the kind of qualification.")
MSG_QUALIFICATION_DATES = _("A certificate cannot expire before it was issued.")
MSG_TRAINING_DATES = _("A training cannot end before it starts.")
MSG_TRAINING_HOURS = _("Training hours cannot be below zero.")

MSG_RESIDENCE_NAME_TAKEN = _("The institution already has a residence with this name.")
MSG_RESIDENCE_CAPACITY = _("A residence has room for at least one child.")
MSG_RESIDENCE_COUPLE = _("A residence in use needs both carers of the couple.")

MSG_NOT_A_PROVINCE = _("Choose a province.")
MSG_PLANNED_NEGATIVE = _("A planned number cannot be below zero.")
MSG_NOT_A_COUNTY = _("Choose a county.")
MSG_RECEIVER_UNKNOWN = _("Choose the receiving institution.")
MSG_RECEIVER_OTHER_PROVINCE = _(
    "The receiving institution must be in the county's own province."
)
MSG_RECEIVER_KIND = _(
    "A county's children go to a child welfare institution founded by the province or a "
    "prefecture."
)
MSG_RECEIVER_NOT_OPERATING = _("The receiving institution is not operating.")

MSG_NOT_TRANSFORMABLE = _("Only an operating county child welfare institution is transformed.")
MSG_TARGET_REQUIRED = _("Enter the target date.")
MSG_DATE_REQUIRED = _("Enter the date.")
MSG_TARGETS_ORDER = _("The completion target cannot be before the handover target.")
MSG_ALREADY_TRANSFORMED = _("This institution has already been transformed.")
MSG_NO_TRANSFORMATION = _("No transformation is planned for this institution.")
MSG_NOT_PLANNED = _("Only a planned transformation can start handing over.")
MSG_NO_RECEIVER = _(
    "The province has not yet set which institution receives this county's children."
)
MSG_NOT_HANDING_OVER = _("Only a transformation that is handing over can be completed.")
MSG_CHECKLIST_OPEN = _("The transformation cannot be completed while these items are open:")
MSG_FACT_KIND_UNKNOWN = _("Choose premises or a duty.")
MSG_FACT_DUTY_REQUIRED = _("Choose the duty taken on.")
MSG_DESCRIPTION_REQUIRED = _("Describe it.")
MSG_FACT_CLOSED = _("The transformation is complete: its facts can no longer change.")
MSG_FACT_WITHDRAWN = _("This fact has already been withdrawn.")
MSG_REASON_REQUIRED = _("Give the reason.")

INSTITUTION_FIELDS = frozenset({
    "name", "uscc", "level", "kind", "division_code", "address", "beds", "services",
    "has_social_work_department", "status", "status_reason", "merged_into_id",
})


# --- helpers -----------------------------------------------------------------------------

def _save(instance: Model, actor, *, reason: str | None = None) -> None:
    """Validate the whole record, then write it with its history row."""
    if instance.pk is None:
        instance.created_by = actor
    instance.updated_by = actor
    instance.full_clean()
    instance._history_user = actor
    if reason:
        instance._change_reason = reason
    instance.save()


def _locked(model: type[Model], pk: int, version: int | None, actor) -> Any:
    """Lock a record the caller has found in scope, and check the version the client read."""
    instance = lock_for_update(model, pk)
    check_version(instance, version)
    bump_version(instance, actor)
    return instance


def _institution_in_scope(actor, institution_id: int) -> Institution:
    return get_scoped(Institution.objects.all(), actor, pk=institution_id)


def _text(value: str | None) -> str:
    return (value or "").strip()


def _require_text(field: str, value: str | None, message=MSG_NAME_REQUIRED) -> str:
    value = _text(value)
    if not value:
        raise field_error(field, message, code="required")
    return value


def _dates_in_order(field: str, earlier: dt.date | None, later: dt.date | None,
                    message) -> None:
    if earlier is not None and later is not None and later < earlier:
        raise field_error(field, message, code="date_order")


def _not_future(field: str, day: dt.date) -> None:
    if day > timezone.localdate():
        raise field_error(field, MSG_DATE_FUTURE, code="date_future")


def _same_province_institution(field: str, institution_id: int | None, province: str,
                               message) -> Institution:
    """An operating institution of `province` (2 digits), looked up outside the actor's scope:
    names of institutions are public, and the receiving side is often another county's or
    the prefecture's. Another province's institution is refused with the same message."""
    other = Institution.objects.filter(pk=institution_id).first() if institution_id else None
    if other is None or other.division_code[:2] != province:
        raise field_error(field, message)
    if other.status != InstitutionStatus.OPERATING:
        raise field_error(field, message)
    return other


# --- institutions -------------------------------------------------------------------------

def _validate_founder(actor, institution: Institution, level: str, division_code: str) -> None:
    if level not in InstitutionLevel.values:
        raise field_error("level", MSG_LEVEL_UNKNOWN)
    try:
        division = validate_division_code(division_code)
    except ValidationError as exc:
        raise ValidationError({"division_code": exc.messages}) from exc
    if division.level != level:
        raise field_error("division_code", MSG_FOUNDER_LEVEL, code="founder_level")
    if not division_in_scope(actor, division.code):
        raise field_error("division_code", MSG_FOUNDER_OUTSIDE, code="outside_jurisdiction")
    institution.level = level
    institution.division = division
    institution.division_code = division.code


def _validate_uscc(institution: Institution, value: str | None) -> None:
    value = _text(value).upper()
    if not value:
        institution.uscc = None
        return
    try:
        value = validate_uscc(value)
    except ValidationError as exc:
        raise ValidationError({"uscc": exc.messages}) from exc
    if Institution.objects.filter(uscc=value).exclude(pk=institution.pk).exists():
        raise field_error("uscc", MSG_USCC_TAKEN, code="unique")
    institution.uscc = value


def _validate_services(institution: Institution, services: Iterable[str]) -> None:
    services = set(services)
    if not services <= set(InstitutionService.values):
        raise field_error("services", MSG_SERVICE_UNKNOWN)
    for service in InstitutionService.values:
        setattr(institution, service_field(service), service in services)


def _validate_beds(institution: Institution, beds: int | None) -> None:
    if beds is None or int(beds) < 0:
        raise field_error("beds", MSG_BEDS_NEGATIVE)
    institution.beds = int(beds)


def _validate_status(actor, institution: Institution, data: Mapping[str, Any]) -> None:
    status = data.get("status", institution.status)
    if status not in InstitutionStatus.values:
        raise field_error("status", MSG_STATUS_UNKNOWN)
    if status != institution.status:
        institution.status_changed_on = timezone.localdate()
    institution.status = status
    institution.status_reason = _text(data.get("status_reason", institution.status_reason))
    if status == InstitutionStatus.OPERATING:
        institution.merged_into = None
        return
    if not institution.status_reason:
        raise field_error("status_reason", MSG_STATUS_REASON_REQUIRED, code="required")
    if status == InstitutionStatus.MERGED:
        _validate_merged_into(actor, institution, data.get("merged_into_id",
                                                           institution.merged_into_id))
    else:
        institution.merged_into = None


def _validate_merged_into(actor, institution: Institution, target_id: int | None) -> None:
    if target_id is not None and int(target_id) == institution.pk:
        raise field_error("merged_into_id", MSG_MERGED_INTO_SELF)
    try:
        target = get_scoped(Institution.objects.all(), actor, pk=target_id)
    except NotFoundError as exc:
        raise field_error("merged_into_id", MSG_MERGED_INTO_REQUIRED) from exc
    if target.status != InstitutionStatus.OPERATING:
        raise field_error("merged_into_id", MSG_MERGED_INTO_REQUIRED)
    institution.merged_into = target


def _validate_kind(institution: Institution, kind: str) -> None:
    if kind == InstitutionKind.IN_TRANSFORMATION:
        raise field_error("kind", MSG_KIND_BY_TRANSFORMATION)
    if kind not in InstitutionKind.values:
        raise field_error("kind", MSG_KIND_UNKNOWN)
    institution.kind = kind


@transaction.atomic
def institution_create(
    *,
    actor,
    name: str,
    level: str,
    kind: str,
    division_code: str,
    uscc: str | None = None,
    address: str = "",
    beds: int = 0,
    services: Iterable[str] = (),
    has_social_work_department: bool = False,
) -> Institution:
    """Register an institution founded by a civil affairs department in the actor's
    jurisdiction, at that department's level."""
    require(actor, Perm.INSTITUTION_CREATE)
    institution = Institution(name=_require_text("name", name), address=_text(address),
                              has_social_work_department=bool(has_social_work_department))
    _validate_founder(actor, institution, level, division_code)
    _validate_kind(institution, kind)
    _validate_uscc(institution, uscc)
    _validate_beds(institution, beds)
    _validate_services(institution, services)
    _save(institution, actor)
    return institution


def _set_text(institution: Institution, field: str, value) -> None:
    setattr(institution, field, _text(value))


_SIMPLE_CHANGES = {
    "name": lambda i, v: setattr(i, "name", _require_text("name", v)),
    "address": lambda i, v: _set_text(i, "address", v),
    "has_social_work_department": lambda i, v: setattr(i, "has_social_work_department",
                                                       bool(v)),
    "uscc": _validate_uscc,
    "beds": _validate_beds,
    "services": lambda i, v: _validate_services(i, v or ()),
}


def _apply_founder_and_kind(actor, institution: Institution,
                            changes: Mapping[str, Any]) -> None:
    level = changes.get("level", institution.level)
    code = changes.get("division_code", institution.division_code)
    kind = changes.get("kind", institution.kind)
    if (level, code, kind) == (institution.level, institution.division_code, institution.kind):
        return
    if hasattr(institution, "transformation"):
        raise field_error("kind", MSG_LOCKED_BY_TRANSFORMATION)
    if (level, code) != (institution.level, institution.division_code):
        _validate_founder(actor, institution, level, code)
    if kind != institution.kind:
        _validate_kind(institution, kind)


def _apply_institution_changes(actor, institution: Institution,
                               changes: Mapping[str, Any]) -> None:
    for field, apply in _SIMPLE_CHANGES.items():
        if field in changes:
            apply(institution, changes[field])
    _apply_founder_and_kind(actor, institution, changes)
    if {"status", "status_reason", "merged_into_id"} & set(changes):
        _validate_status(actor, institution, changes)


@transaction.atomic
def institution_update(*, actor, institution_id: int, version: int,
                       changes: Mapping[str, Any]) -> Institution:
    """Change an institution's registry entry. `changes` holds only the fields to change
    (see INSTITUTION_FIELDS); `services` is the full list of services offered."""
    unknown = set(changes) - INSTITUTION_FIELDS
    if unknown:
        raise ValueError(f"not editable: {sorted(unknown)}")
    institution = _institution_in_scope(actor, institution_id)
    require(actor, Perm.INSTITUTION_EDIT)
    institution = _locked(Institution, institution.pk, version, actor)
    _apply_institution_changes(actor, institution, changes)
    _save(institution, actor)
    return institution


# --- licences ------------------------------------------------------------------------------

def _apply_licence(licence: Licence, *, kind: str, number: str, valid_from: dt.date,
                   valid_to: dt.date | None, issued_by: str, note: str) -> None:
    if kind not in LicenceKind.values:
        raise field_error("kind", MSG_LICENCE_KIND_UNKNOWN)
    licence.kind = kind
    licence.number = _require_text("number", number, MSG_NUMBER_REQUIRED)
    _dates_in_order("valid_to", valid_from, valid_to, MSG_LICENCE_DATES)
    licence.valid_from = valid_from
    licence.valid_to = valid_to
    licence.issued_by = _text(issued_by)
    licence.note = _text(note)


@transaction.atomic
def licence_add(*, actor, institution_id: int, kind: str, number: str, valid_from: dt.date,
                valid_to: dt.date | None = None, issued_by: str = "", note: str = "") -> Licence:
    institution = _institution_in_scope(actor, institution_id)
    require(actor, Perm.INSTITUTION_EDIT)
    licence = Licence(institution=institution)
    _apply_licence(licence, kind=kind, number=number, valid_from=valid_from, valid_to=valid_to,
                   issued_by=issued_by, note=note)
    _save(licence, actor)
    return licence


@transaction.atomic
def licence_update(*, actor, licence_id: int, version: int, kind: str, number: str,
                   valid_from: dt.date, valid_to: dt.date | None = None, issued_by: str = "",
                   note: str = "") -> Licence:
    get_scoped(Licence.objects.all(), actor, pk=licence_id)
    require(actor, Perm.INSTITUTION_EDIT)
    licence = _locked(Licence, licence_id, version, actor)
    _apply_licence(licence, kind=kind, number=number, valid_from=valid_from, valid_to=valid_to,
                   issued_by=issued_by, note=note)
    _save(licence, actor)
    return licence


# --- posts and staff -----------------------------------------------------------------------

@transaction.atomic
def post_set_headcount(*, actor, institution_id: int, post_type: str, headcount_set: int,
                       version: int | None = None) -> Post:
    """Set the headcount of one post type; `version` is required once the post exists."""
    institution = _institution_in_scope(actor, institution_id)
    require(actor, Perm.INSTITUTION_EDIT)
    if post_type not in PostType.values:
        raise field_error("post_type", MSG_POST_TYPE_UNKNOWN)
    if headcount_set is None or int(headcount_set) < 0:
        raise field_error("headcount_set", MSG_HEADCOUNT_NEGATIVE)
    existing = Post.objects.filter(institution=institution, post_type=post_type).first()
    if existing is None:
        post = Post(institution=institution, post_type=post_type)
    else:
        post = _locked(Post, existing.pk, version, actor)
    post.headcount_set = int(headcount_set)
    _save(post, actor)
    return post


def _apply_staff(staff: StaffMember, *, name: str, post_type: str, started_on: dt.date,
                 left_on: dt.date | None) -> None:
    staff.name = _require_text("name", name)
    if post_type not in PostType.values:
        raise field_error("post_type", MSG_POST_TYPE_UNKNOWN)
    staff.post_type = post_type
    _dates_in_order("left_on", started_on, left_on, MSG_STAFF_DATES)
    staff.started_on = started_on
    staff.left_on = left_on


@transaction.atomic
def staff_add(*, actor, institution_id: int, name: str, post_type: str, started_on: dt.date,
              left_on: dt.date | None = None) -> StaffMember:
    institution = _institution_in_scope(actor, institution_id)
    require(actor, Perm.INSTITUTION_EDIT)
    staff = StaffMember(institution=institution)
    _apply_staff(staff, name=name, post_type=post_type, started_on=started_on, left_on=left_on)
    _save(staff, actor)
    return staff


@transaction.atomic
def staff_update(*, actor, staff_id: int, version: int, name: str, post_type: str,
                 started_on: dt.date, left_on: dt.date | None = None) -> StaffMember:
    get_scoped(StaffMember.objects.all(), actor, pk=staff_id)
    require(actor, Perm.INSTITUTION_EDIT)
    staff = _locked(StaffMember, staff_id, version, actor)
    _apply_staff(staff, name=name, post_type=post_type, started_on=started_on, left_on=left_on)
    _save(staff, actor)
    return staff


def _transformation_under_way(institution_id: int) -> Transformation | None:
    return Transformation.objects.filter(
        institution_id=institution_id,
        state__in=[TransformationState.PLANNED, TransformationState.HANDING_OVER],
    ).first()


def _apply_outcome(staff: StaffMember, outcome: str, decided_on: dt.date | None,
                   transferred_to_id: int | None) -> None:
    if outcome not in IntegrationOutcome.values:
        raise field_error("integration_outcome", MSG_OUTCOME_UNKNOWN)
    set_by_outcome = staff.integration_outcome in (IntegrationOutcome.TRANSFERRED,
                                                   IntegrationOutcome.LEFT)
    if staff.left_on is not None and not set_by_outcome:
        raise field_error("integration_outcome", MSG_OUTCOME_STAFF_LEFT)
    if outcome != IntegrationOutcome.PENDING and decided_on is None:
        raise field_error("integration_on", MSG_OUTCOME_DATE_REQUIRED, code="required")
    if decided_on is not None:
        _not_future("integration_on", decided_on)
        _dates_in_order("integration_on", staff.started_on, decided_on, MSG_STAFF_DATES)
    staff.transferred_to = None
    if outcome == IntegrationOutcome.TRANSFERRED:
        if transferred_to_id is not None and int(transferred_to_id) == staff.institution_id:
            raise field_error("transferred_to_id", MSG_TRANSFERRED_TO_REQUIRED)
        staff.transferred_to = _same_province_institution(
            "transferred_to_id", transferred_to_id, staff.institution.division_code[:2],
            MSG_TRANSFERRED_TO_REQUIRED,
        )
    leaving = outcome in (IntegrationOutcome.TRANSFERRED, IntegrationOutcome.LEFT)
    staff.left_on = decided_on if leaving else None
    staff.integration_outcome = outcome
    staff.integration_on = decided_on if outcome != IntegrationOutcome.PENDING else None


@transaction.atomic
def staff_record_outcome(*, actor, staff_id: int, version: int, outcome: str,
                         decided_on: dt.date | None,
                         transferred_to_id: int | None = None) -> StaffMember:
    """Record what becomes of a staff member in the transformation: stays in the minors'
    protection institution, moves to another institution of the province, or leaves."""
    found = get_scoped(StaffMember.objects.all(), actor, pk=staff_id)
    require(actor, Perm.INSTITUTION_EDIT)
    if _transformation_under_way(found.institution_id) is None:
        raise field_error("integration_outcome", MSG_OUTCOME_NEEDS_TRANSFORMATION)
    staff = _locked(StaffMember, staff_id, version, actor)
    _apply_outcome(staff, outcome, decided_on, transferred_to_id)
    _save(staff, actor)
    return staff


@transaction.atomic
def qualification_add(*, actor, staff_id: int, kind: str, number: str, issued_on: dt.date,
                      valid_to: dt.date | None = None) -> StaffQualification:
    staff = get_scoped(StaffMember.objects.all(), actor, pk=staff_id)
    require(actor, Perm.INSTITUTION_EDIT)
    if kind not in QualificationKind.values:
        raise field_error("kind", MSG_QUALIFICATION_KIND_UNKNOWN)
    _dates_in_order("valid_to", issued_on, valid_to, MSG_QUALIFICATION_DATES)
    qualification = StaffQualification(
        staff=staff, kind=kind, number=_require_text("number", number, MSG_NUMBER_REQUIRED),
        issued_on=issued_on, valid_to=valid_to,
    )
    _save(qualification, actor)
    return qualification


@transaction.atomic
def training_add(*, actor, staff_id: int, title: str, started_on: dt.date, ended_on: dt.date,
                 hours: int = 0, provider: str = "") -> TrainingRecord:
    staff = get_scoped(StaffMember.objects.all(), actor, pk=staff_id)
    require(actor, Perm.INSTITUTION_EDIT)
    _dates_in_order("ended_on", started_on, ended_on, MSG_TRAINING_DATES)
    if hours is None or int(hours) < 0:
        raise field_error("hours", MSG_TRAINING_HOURS)
    training = TrainingRecord(
        staff=staff, title=_require_text("title", title), provider=_text(provider),
        started_on=started_on, ended_on=ended_on, hours=int(hours),
    )
    _save(training, actor)
    return training


# --- family-style residences -----------------------------------------------------------

def _apply_residence(residence: FamilyResidence, *, name: str, capacity: int,
                     carer_father: str, carer_mother: str,
                     carers_qualified_on: dt.date | None, is_active: bool) -> None:
    residence.name = _require_text("name", name)
    duplicate = FamilyResidence.objects.filter(
        institution_id=residence.institution_id, name=residence.name
    ).exclude(pk=residence.pk)
    if duplicate.exists():
        raise field_error("name", MSG_RESIDENCE_NAME_TAKEN, code="unique")
    if capacity is None or int(capacity) < 1:
        raise field_error("capacity", MSG_RESIDENCE_CAPACITY)
    residence.capacity = int(capacity)
    residence.carer_father = _text(carer_father)
    residence.carer_mother = _text(carer_mother)
    residence.is_active = bool(is_active)
    if residence.is_active and not (residence.carer_father and residence.carer_mother):
        field = "carer_mother" if residence.carer_father else "carer_father"
        raise field_error(field, MSG_RESIDENCE_COUPLE, code="required")
    if carers_qualified_on is not None:
        _not_future("carers_qualified_on", carers_qualified_on)
    residence.carers_qualified_on = carers_qualified_on


@transaction.atomic
def residence_add(*, actor, institution_id: int, name: str, capacity: int,
                  carer_father: str = "", carer_mother: str = "",
                  carers_qualified_on: dt.date | None = None,
                  is_active: bool = True) -> FamilyResidence:
    institution = _institution_in_scope(actor, institution_id)
    require(actor, Perm.INSTITUTION_EDIT)
    residence = FamilyResidence(institution=institution)
    _apply_residence(residence, name=name, capacity=capacity, carer_father=carer_father,
                     carer_mother=carer_mother, carers_qualified_on=carers_qualified_on,
                     is_active=is_active)
    _save(residence, actor)
    return residence


@transaction.atomic
def residence_update(*, actor, residence_id: int, version: int, name: str, capacity: int,
                     carer_father: str = "", carer_mother: str = "",
                     carers_qualified_on: dt.date | None = None,
                     is_active: bool = True) -> FamilyResidence:
    get_scoped(FamilyResidence.objects.all(), actor, pk=residence_id)
    require(actor, Perm.INSTITUTION_EDIT)
    residence = _locked(FamilyResidence, residence_id, version, actor)
    _apply_residence(residence, name=name, capacity=capacity, carer_father=carer_father,
                     carer_mother=carer_mother, carers_qualified_on=carers_qualified_on,
                     is_active=is_active)
    _save(residence, actor)
    return residence


# --- province layout -----------------------------------------------------------------------

def _division_of_level(field: str, code: str, level: str, message) -> Division:
    try:
        division = validate_division_code(code)
    except ValidationError as exc:
        raise field_error(field, message) from exc
    if division.level != level:
        raise field_error(field, message)
    return division


@transaction.atomic
def province_layout_set(*, actor, province_code: str, planned_child_welfare: int,
                        planned_minors_protection: int, note: str = "",
                        version: int | None = None) -> ProvinceLayout:
    """Record how many institutions of each kind the province plans (policy 四（一）);
    `version` is required once the layout exists."""
    require(actor, Perm.TRANSFORMATION_PLAN)
    province = _division_of_level("province_code", province_code, DivisionLevel.PROVINCE,
                                  MSG_NOT_A_PROVINCE)
    if not division_in_scope(actor, province.code):
        raise NotFoundError()
    for field, value in (("planned_child_welfare", planned_child_welfare),
                         ("planned_minors_protection", planned_minors_protection)):
        if value is None or int(value) < 0:
            raise field_error(field, MSG_PLANNED_NEGATIVE)
    existing = ProvinceLayout.objects.filter(division=province).first()
    if existing is None:
        layout = ProvinceLayout(division=province, division_code=province.code)
    else:
        layout = _locked(ProvinceLayout, existing.pk, version, actor)
    layout.planned_child_welfare = int(planned_child_welfare)
    layout.planned_minors_protection = int(planned_minors_protection)
    layout.note = _text(note)
    _save(layout, actor)
    return layout


def _validate_receiver(county: Division, receiver_id: int | None) -> Institution:
    receiver = Institution.objects.filter(pk=receiver_id).first() if receiver_id else None
    if receiver is None:
        raise field_error("receiver_id", MSG_RECEIVER_UNKNOWN)
    if receiver.division_code[:2] != county.code[:2]:
        raise field_error("receiver_id", MSG_RECEIVER_OTHER_PROVINCE, code="other_province")
    if receiver.kind != InstitutionKind.CHILD_WELFARE or receiver.level not in (
        InstitutionLevel.PROVINCE, InstitutionLevel.PREFECTURE
    ):
        raise field_error("receiver_id", MSG_RECEIVER_KIND, code="receiver_kind")
    if receiver.status != InstitutionStatus.OPERATING:
        raise field_error("receiver_id", MSG_RECEIVER_NOT_OPERATING)
    return receiver


@transaction.atomic
def county_receiver_set(*, actor, county_code: str, receiver_id: int,
                        version: int | None = None) -> CountyReceiver:
    """Record which child welfare institution receives a county's children: one founded by
    the province or a prefecture of the same province (policy 一（二）, 二（一））."""
    require(actor, Perm.TRANSFORMATION_PLAN)
    county = _division_of_level("county_code", county_code, DivisionLevel.COUNTY,
                                MSG_NOT_A_COUNTY)
    if not division_in_scope(actor, county.code):
        raise NotFoundError()
    # The receiver is looked up outside the actor's scope on purpose, so that another
    # province's institution gets its own clear refusal (institution names are public).
    receiver = _validate_receiver(county, receiver_id)
    existing = CountyReceiver.objects.filter(county=county).first()
    if existing is None:
        assignment = CountyReceiver(county=county, division_code=county.code)
    else:
        assignment = _locked(CountyReceiver, existing.pk, version, actor)
    assignment.receiver = receiver
    _save(assignment, actor)
    return assignment


# --- transformation --------------------------------------------------------------------

def _validate_targets(handover: dt.date | None, completion: dt.date | None) -> None:
    if handover is None:
        raise field_error("target_handover_date", MSG_TARGET_REQUIRED, code="required")
    if completion is None:
        raise field_error("target_completion_date", MSG_TARGET_REQUIRED, code="required")
    _dates_in_order("target_completion_date", handover, completion, MSG_TARGETS_ORDER)


@transaction.atomic
def transformation_plan(*, actor, institution_id: int, target_handover_date: dt.date,
                        target_completion_date: dt.date, new_name: str = "",
                        version: int | None = None) -> Transformation:
    """Plan the transformation of a county child welfare institution, or change its targets
    (the province sets them); `version` is required once it is planned."""
    institution = _institution_in_scope(actor, institution_id)
    require(actor, Perm.TRANSFORMATION_PLAN)
    existing = Transformation.objects.filter(institution=institution).first()
    if existing is None:
        institution = lock_for_update(Institution, institution.pk)
        eligible = (institution.level == InstitutionLevel.COUNTY
                    and institution.kind == InstitutionKind.CHILD_WELFARE
                    and institution.status == InstitutionStatus.OPERATING)
        if not eligible:
            raise field_error("institution", MSG_NOT_TRANSFORMABLE)
        plan = Transformation(institution=institution)
    else:
        plan = _locked(Transformation, existing.pk, version, actor)
        if plan.state == TransformationState.TRANSFORMED:
            raise field_error("state", MSG_ALREADY_TRANSFORMED)
    _validate_targets(target_handover_date, target_completion_date)
    plan.target_handover_date = target_handover_date
    plan.target_completion_date = target_completion_date
    plan.new_name = _text(new_name)
    _save(plan, actor)
    return plan


def _transformation_locked(actor, institution_id: int, version: int) -> Transformation:
    institution = _institution_in_scope(actor, institution_id)
    require(actor, Perm.TRANSFORMATION_RUN)
    existing = Transformation.objects.filter(institution=institution).first()
    if existing is None:
        raise field_error("state", MSG_NO_TRANSFORMATION)
    return _locked(Transformation, existing.pk, version, actor)


def _change_institution(actor, institution_id: int, reason: str, **values) -> Institution:
    institution = lock_for_update(Institution, institution_id)
    for field, value in values.items():
        setattr(institution, field, value)
    bump_version(institution, actor)
    _save(institution, actor, reason=reason)
    return institution


@transaction.atomic
def transformation_start(*, actor, institution_id: int, version: int) -> Transformation:
    """Planned → handing over: the institution is now 'in transformation'. The province
    must have said where the county's children go."""
    plan = _transformation_locked(actor, institution_id, version)
    if plan.state != TransformationState.PLANNED:
        raise field_error("state", MSG_NOT_PLANNED)
    if not CountyReceiver.objects.filter(division_code=plan.institution.division_code).exists():
        raise field_error("receiver", MSG_NO_RECEIVER)
    plan.state = TransformationState.HANDING_OVER
    plan.started_on = timezone.localdate()
    _save(plan, actor)
    _change_institution(actor, plan.institution_id, ChangeReason.TRANSFORMATION_STARTED,
                        kind=InstitutionKind.IN_TRANSFORMATION)
    return plan


@transaction.atomic
def transformation_complete(*, actor, institution_id: int, version: int) -> Transformation:
    """Handing over → transformed, only when every checklist item is done; refused with the
    list of open items otherwise. The institution becomes a minors' rescue and protection
    institution (and takes its new name, if one was planned)."""
    plan = _transformation_locked(actor, institution_id, version)
    if plan.state != TransformationState.HANDING_OVER:
        raise field_error("state", MSG_NOT_HANDING_OVER)
    institution = lock_for_update(Institution, plan.institution_id)
    entries = checklist(institution)
    missing = [entry for entry in entries if not entry.done]
    if missing:
        raise ValidationError({"checklist": [MSG_CHECKLIST_OPEN]
                               + [f"{entry.label}: {entry.detail}" for entry in missing]})
    plan.state = TransformationState.TRANSFORMED
    plan.completed_on = timezone.localdate()
    plan.checklist_at_completion = [
        {"key": e.key, "label": e.label, "done": e.done, "detail": e.detail}
        for e in entries
    ]
    _save(plan, actor)
    values = {"kind": InstitutionKind.MINORS_PROTECTION}
    if plan.new_name:
        values["name"] = plan.new_name
    _change_institution(actor, institution.pk, ChangeReason.TRANSFORMATION_COMPLETED, **values)
    return plan


def _validate_fact(kind: str, duty: str, effective_on: dt.date | None) -> None:
    if kind not in IntegrationFactKind.values:
        raise field_error("kind", MSG_FACT_KIND_UNKNOWN)
    if kind == IntegrationFactKind.DUTY and duty not in ProtectionDuty.values:
        raise field_error("duty", MSG_FACT_DUTY_REQUIRED, code="required")
    if effective_on is None:
        raise field_error("effective_on", MSG_DATE_REQUIRED, code="required")
    _not_future("effective_on", effective_on)


@transaction.atomic
def integration_fact_record(*, actor, institution_id: int, kind: str, effective_on: dt.date,
                            description: str, duty: str = "",
                            document_number: str = "") -> IntegrationFact:
    """Record a dated fact of the integration: premises handed to the minors' protection
    institution, or one of its duties taken on (policy 三（一）, 三（二））."""
    institution = _institution_in_scope(actor, institution_id)
    require(actor, Perm.TRANSFORMATION_RUN)
    plan = Transformation.objects.select_for_update().filter(institution=institution).first()
    if plan is None:
        raise field_error("state", MSG_NO_TRANSFORMATION)
    if plan.state == TransformationState.TRANSFORMED:
        raise field_error("state", MSG_FACT_CLOSED)
    _validate_fact(kind, duty, effective_on)
    fact = IntegrationFact(
        transformation=plan, kind=kind,
        duty=duty if kind == IntegrationFactKind.DUTY else "",
        effective_on=effective_on,
        description=_require_text("description", description, MSG_DESCRIPTION_REQUIRED),
        document_number=_text(document_number),
    )
    _save(fact, actor)
    return fact


@transaction.atomic
def integration_fact_withdraw(*, actor, fact_id: int, version: int,
                              reason: str) -> IntegrationFact:
    """Withdraw a fact entered in error, with the reason; it stays in the record."""
    get_scoped(IntegrationFact.objects.all(), actor, pk=fact_id)
    require(actor, Perm.TRANSFORMATION_RUN)
    fact = _locked(IntegrationFact, fact_id, version, actor)
    if fact.transformation.state == TransformationState.TRANSFORMED:
        raise field_error("state", MSG_FACT_CLOSED)
    if fact.withdrawn_at is not None:
        raise field_error("state", MSG_FACT_WITHDRAWN)
    fact.withdrawn_reason = _require_text("reason", reason, MSG_REASON_REQUIRED)
    fact.withdrawn_at = timezone.now()
    _save(fact, actor)
    return fact
