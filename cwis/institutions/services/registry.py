"""The registry: register an institution, change its entry (status, merger, services), and
its licences and designations."""

import datetime as dt
from collections.abc import Iterable, Mapping
from typing import Any

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from cwis.accounts.models import User
from cwis.core.concurrency import bump_version, check_version
from cwis.core.errors import NotFoundError, field_error
from cwis.core.permissions import Perm, require
from cwis.core.scoping import division_in_scope, get_scoped
from cwis.core.validators import validate_division_code, validate_uscc
from cwis.institutions.models import (
    Institution,
    InstitutionKind,
    InstitutionLevel,
    InstitutionService,
    InstitutionStatus,
    Licence,
    LicenceKind,
    service_field,
)
from cwis.institutions.services.common import (
    MSG_NUMBER_REQUIRED,
    dates_in_order,
    require_text,
    save,
    text,
)

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
MSG_LICENCE_DATES = _("A licence or designation cannot end before it starts.")

INSTITUTION_FIELDS = frozenset({
    "name", "uscc", "level", "kind", "division_code", "address", "beds", "services",
    "has_social_work_department", "status", "status_reason", "merged_into_id",
})


# --- institutions -------------------------------------------------------------------------

def _validate_founder(actor: User, institution: Institution, level: str,
                      division_code: str) -> None:
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
    value = text(value).upper()
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


def _validate_status(actor: User, institution: Institution, data: Mapping[str, Any]) -> None:
    status = data.get("status", institution.status)
    if status not in InstitutionStatus.values:
        raise field_error("status", MSG_STATUS_UNKNOWN)
    if status != institution.status:
        institution.status_changed_on = timezone.localdate()
    institution.status = status
    institution.status_reason = text(data.get("status_reason", institution.status_reason))
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


def _validate_merged_into(actor: User, institution: Institution,
                          target_id: int | None) -> None:
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
    actor: User,
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
    institution = Institution(name=require_text("name", name), address=text(address),
                              has_social_work_department=bool(has_social_work_department))
    _validate_founder(actor, institution, level, division_code)
    _validate_kind(institution, kind)
    _validate_uscc(institution, uscc)
    _validate_beds(institution, beds)
    _validate_services(institution, services)
    save(institution, actor)
    return institution


def _set_text(institution: Institution, field: str, value) -> None:
    setattr(institution, field, text(value))


_SIMPLE_CHANGES = {
    "name": lambda i, v: setattr(i, "name", require_text("name", v)),
    "address": lambda i, v: _set_text(i, "address", v),
    "has_social_work_department": lambda i, v: setattr(i, "has_social_work_department",
                                                       bool(v)),
    "uscc": _validate_uscc,
    "beds": _validate_beds,
    "services": lambda i, v: _validate_services(i, v or ()),
}


def _apply_founder_and_kind(actor: User, institution: Institution,
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


def _apply_institution_changes(actor: User, institution: Institution,
                               changes: Mapping[str, Any]) -> None:
    for field, apply in _SIMPLE_CHANGES.items():
        if field in changes:
            apply(institution, changes[field])
    _apply_founder_and_kind(actor, institution, changes)
    if {"status", "status_reason", "merged_into_id"} & set(changes):
        _validate_status(actor, institution, changes)


@transaction.atomic
def institution_update(*, actor: User, institution_id: int, version: int,
                       changes: Mapping[str, Any]) -> Institution:
    """Change an institution's registry entry. `changes` holds only the fields to change
    (see INSTITUTION_FIELDS); `services` is the full list of services offered."""
    unknown = set(changes) - INSTITUTION_FIELDS
    if unknown:
        raise ValueError(f"not editable: {sorted(unknown)}")
    institution = get_scoped(Institution.objects.all(), actor, pk=institution_id, for_update=True)
    require(actor, Perm.INSTITUTION_EDIT)
    check_version(institution, version)
    bump_version(institution, actor)
    _apply_institution_changes(actor, institution, changes)
    save(institution, actor)
    return institution


# --- licences ------------------------------------------------------------------------------

def _apply_licence(licence: Licence, *, kind: str, number: str, valid_from: dt.date,
                   valid_to: dt.date | None, issued_by: str, note: str) -> None:
    if kind not in LicenceKind.values:
        raise field_error("kind", MSG_LICENCE_KIND_UNKNOWN)
    licence.kind = kind
    licence.number = require_text("number", number, MSG_NUMBER_REQUIRED)
    dates_in_order("valid_to", valid_from, valid_to, MSG_LICENCE_DATES)
    licence.valid_from = valid_from
    licence.valid_to = valid_to
    licence.issued_by = text(issued_by)
    licence.note = text(note)


@transaction.atomic
def licence_add(*, actor: User, institution_id: int, kind: str, number: str,
                valid_from: dt.date, valid_to: dt.date | None = None, issued_by: str = "",
                note: str = "") -> Licence:
    institution = get_scoped(Institution.objects.all(), actor, pk=institution_id)
    require(actor, Perm.INSTITUTION_EDIT)
    licence = Licence(institution=institution)
    _apply_licence(licence, kind=kind, number=number, valid_from=valid_from, valid_to=valid_to,
                   issued_by=issued_by, note=note)
    save(licence, actor)
    return licence


@transaction.atomic
def licence_update(*, actor: User, licence_id: int, version: int, kind: str, number: str,
                   valid_from: dt.date, valid_to: dt.date | None = None, issued_by: str = "",
                   note: str = "") -> Licence:
    licence = get_scoped(Licence.objects.all(), actor, pk=licence_id, for_update=True)
    require(actor, Perm.INSTITUTION_EDIT)
    check_version(licence, version)
    bump_version(licence, actor)
    _apply_licence(licence, kind=kind, number=number, valid_from=valid_from, valid_to=valid_to,
                   issued_by=issued_by, note=note)
    save(licence, actor)
    return licence
