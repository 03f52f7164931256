"""Operations on a child's file that other apps' checked services compose.

No role or scope check: the calling service has checked once (a transfer receipt, through
the transfer; taking a community child into care, through the community file). Rows are
found and locked with `get_scoped(..., ALREADY_CHECKED, for_update=True)`; everything else
(dates, states, the file's rules) is validated here as in the checked services.
"""

import datetime as dt

from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _

from cwis.accounts.models import User
from cwis.children.choices import (
    ChildStatus,
    DeadlineKind,
    DeadlineOutcome,
    GuardianKind,
    PlacementKind,
    RegistryExitReason,
)
from cwis.children.legal import default_legal_basis
from cwis.children.models import Child, Intake, Placement
from cwis.children.services import deadlines, rules
from cwis.children.services.intake import intake_errors, intake_new, intake_record, intake_save
from cwis.children.services.leaving import (  # the composable leaving: adoption registration
    leave_care_locked as leave_care_locked,
)
from cwis.children.services.leaving import leave_errors, write_leaving
from cwis.core.concurrency import bump_version, check_version
from cwis.core.history import record_change
from cwis.core.scoping import ALREADY_CHECKED, get_scoped
from cwis.core.validators import MSG_DATE_FUTURE
from cwis.institutions.models import FamilyResidence, Institution


def child_move(
    *,
    actor: User,
    child: Child,
    to_institution: Institution,
    on: dt.date,
    reason: str,
    kind: str = PlacementKind.INSTITUTION,
    family_residence: FamilyResidence | None = None,
    foster_carer: str = "",
    foster_address: str = "",
    bed: str = "",
    expected_version: int | None = None,
) -> Placement:
    """Move the child to `to_institution` (a transfer received): end the open placement on
    `on`, open one there; the file's institution and division follow. Call it inside the
    caller's transaction. `child` is refreshed from the database afterwards."""
    locked = get_scoped(Child.objects.all(), ALREADY_CHECKED, pk=child.pk, for_update=True)
    rules.check_operating(to_institution)
    placement = move_locked_child(
        actor=actor, child=locked, to_institution=to_institution, on=on, reason=reason,
        kind=kind, family_residence=family_residence, foster_carer=foster_carer,
        foster_address=foster_address, bed=bed, expected_version=expected_version,
    )
    child.refresh_from_db()
    return placement


def move_locked_child(
    *,
    actor: User,
    child: Child,
    to_institution: Institution,
    on: dt.date,
    reason: str,
    kind: str,
    family_residence: FamilyResidence | None,
    foster_carer: str,
    foster_address: str,
    bed: str,
    expected_version: int | None,
) -> Placement:
    """The move itself, on a child row the caller has found and locked."""
    if expected_version is not None:
        check_version(child, expected_version)
    if child.status != ChildStatus.IN_CARE:
        raise ValidationError(rules.MSG_NOT_IN_CARE, code="not_in_care")
    current = child.placements.filter(ended_on__isnull=True).first()
    _check_move(current, to_institution, on=on, reason=reason, kind=kind,
                family_residence=family_residence, foster_carer=foster_carer)
    if current is not None:
        current.ended_on, current.end_reason = on, reason.strip()
        record_change(current, actor)
        current.save(update_fields=["ended_on", "end_reason", "updated_by", "updated_at"])
    placement = Placement(
        child=child, institution=to_institution, kind=kind,
        family_residence=family_residence if kind == PlacementKind.FAMILY_RESIDENCE else None,
        foster_carer=foster_carer.strip(), foster_address=foster_address.strip(),
        bed=bed.strip(), started_on=on, start_reason=reason.strip(),
    )
    record_change(placement, actor)
    placement.save()
    child.current_institution = to_institution
    child.division_code = to_institution.division_code
    bump_version(child, actor)
    record_change(child, actor)
    child.save(update_fields=["current_institution", "division_code", "version",
                              "updated_by", "updated_at"])
    return placement


def _check_move(current: Placement | None, target: Institution, *, on: dt.date, reason: str,
                kind: str, family_residence: FamilyResidence | None, foster_carer: str) -> None:
    errors: dict[str, list] = {}
    if on > rules.today():
        rules.add_error(errors, "on", MSG_DATE_FUTURE)
    if current is not None and on < current.started_on:
        rules.add_error(errors, "on", rules.MSG_MOVE_BEFORE_PLACEMENT)
    if not reason.strip():
        rules.add_error(errors, "reason", rules.MSG_REASON_REQUIRED)
    if kind not in PlacementKind.values:
        rules.add_error(errors, "kind", rules.MSG_CHOOSE)
    if kind == PlacementKind.FAMILY_RESIDENCE and (
        family_residence is None
        or family_residence.institution_id != target.pk
        or not family_residence.is_active
    ):
        rules.add_error(errors, "family_residence", rules.MSG_RESIDENCE_NOT_IN_INSTITUTION)
    if kind == PlacementKind.FOSTER_FAMILY and not foster_carer.strip():
        rules.add_error(errors, "foster_carer", rules.MSG_FOSTER_CARER_REQUIRED)
    rules.raise_errors(errors)


def child_take_into_care(
    *,
    actor: User,
    child: Child,
    institution: Institution,
    intake_on: dt.date,
    intake_category: str,
    legal_basis: str,
    guardian_kind: str,
    guardianship_situation: str,
    guardianship_note: str = "",
    legal_basis_note: str = "",
    received_from: str = "",
    intake_note: str = "",
    bed: str = "",
) -> Child:
    """Receive into care a child whose file already exists in the community registry: the
    same intake rules as `child_register`, on the same file (one identity, one history).

    `child` is the community file the caller has found in scope and locked; `institution`
    one it has checked is in scope. The file leaves the registry (taken into care).
    """
    rules.check_operating(institution)
    today = rules.today()
    child.guardian_kind, child.guardianship_situation = guardian_kind, guardianship_situation
    child.guardianship_note = guardianship_note.strip() or child.guardianship_note
    child.guardianship_since = intake_on
    intake = intake_new(institution, intake_on=intake_on, category=intake_category,
                        legal_basis=legal_basis, legal_basis_note=legal_basis_note,
                        received_from=received_from, note=intake_note)
    errors: dict[str, list] = {}
    intake_errors(intake, today, errors)
    if "intake_on" not in errors and child.registered_on and intake_on < child.registered_on:
        rules.add_error(errors, "intake_on", rules.MSG_INTAKE_BEFORE_REGISTRATION)
    rules.check_legal_basis(intake, child.guardian_kind, errors)
    rules.merge_errors(errors, rules.file_errors(child, intake=intake, today=today))
    rules.raise_errors(errors)

    for kind in (DeadlineKind.COMMUNITY_VISIT, DeadlineKind.COMMUNITY_FOLLOW_UP):
        deadlines.deadline_close(child, kind, on=intake_on, outcome=DeadlineOutcome.CANCELLED,
                                 actor=actor)
    child.status, child.current_institution = ChildStatus.IN_CARE, institution
    child.division_code = institution.division_code
    child.registry_closed_on = intake_on
    child.registry_exit_reason = RegistryExitReason.TAKEN_INTO_CARE
    bump_version(child, actor)
    rules.child_save(child, actor=actor, reason=str(_("Intake")))
    intake_record(child, intake, actor=actor, bed=bed, today=today)
    return child


def child_long_term_guardianship(
    *,
    actor: User,
    child: Child,
    institution: Institution,
    on: dt.date,
    intake_category: str,
    guardianship_situation: str,
    note: str = "",
) -> Intake:
    """Civil affairs' temporary guardianship of a child now in care of `institution` becomes
    long-term (a protection case's exit: the transfer to the long-term institution
    received): an intake there with the legal basis in force on `on` for the category, the
    file's guardianship long-term from `on`. No placement opens (the move did that).

    `child` is the row the caller holds locked, already in care of `institution`."""
    today = rules.today()
    intake = intake_new(institution, intake_on=on, category=intake_category,
                        legal_basis=default_legal_basis(on, intake_category,
                                                        GuardianKind.LONG_TERM),
                        note=note)
    errors: dict[str, list] = {}
    intake_errors(intake, today, errors)
    rules.check_legal_basis(intake, GuardianKind.LONG_TERM, errors)
    rules.raise_errors(errors)
    child.guardian_kind, child.guardianship_situation = (
        GuardianKind.LONG_TERM, guardianship_situation)
    child.guardianship_since = on
    bump_version(child, actor)
    rules.child_save(child, actor=actor, reason=str(_("Long-term guardianship")))
    intake_save(child, intake, actor=actor)
    deadlines.intake_deadlines(child, intake, actor=actor)
    deadlines.deadlines_refresh(child, actor=actor, today=today)
    return intake


def child_insurance_record(*, actor: User, child: Child, status: str, on: dt.date,
                           reason: str = "") -> None:
    """The file's medical insurance status follows the child's enrolment (cwis.care): set it
    on the child row the caller holds locked, then bring the deadlines in line (an enrolled
    child whose identity is verified has its identity and insurance check done)."""
    if child.insurance_status == status and child.insurance_checked_on == on:
        return
    child.insurance_status, child.insurance_checked_on = status, on
    bump_version(child, actor)
    record_change(child, actor, reason)
    child.save(update_fields=["insurance_status", "insurance_checked_on", "version",
                              "updated_by", "updated_at"])
    deadlines.deadlines_refresh(child, actor=actor, today=on)


def child_leave_care_checked(*, child: Child, on: dt.date, reason: str, destination: str = "",
                             fields: dict[str, str] | None = None) -> dict[str, list]:
    """The refusals of a child in care leaving care on `on` for `reason` (the leaving rules
    of `child_leave_care`), by the caller's field names (`fields` maps the leaving's
    fields, `on` and `destination`, to the caller's). Empty: `child_leave_care_write` may
    write it. `child` is the row the caller holds locked."""
    found = leave_errors(child, on=on, reason=reason, destination=destination)
    names = fields or {}
    return {names.get(field, field): messages for field, messages in found.items()}


def child_leave_care_write(*, actor: User, child: Child, on: dt.date, reason: str,
                           destination: str = "", note: str = "") -> Child:
    """A child in care leaves care (a protection case sends the child home): the placement
    ends, everything open on the file closes, the file is closed with the reason, as
    `child_leave_care` does once its checks passed (`child_leave_care_checked`)."""
    if child.status != ChildStatus.IN_CARE:
        raise ValidationError(rules.MSG_NOT_IN_CARE, code="not_in_care")
    return write_leaving(child, actor=actor, on=on, reason=reason, note=note,
                         destination=destination)


def child_hukou_record(*, actor: User, child: Child, division_code: str, hukou_type: str,
                       address: str, on: dt.date, reason: str = "") -> None:
    """The hukou registered or moved by public security (cwis.partners: a done answer): the
    file's hukou division, type, address and date, on the child row the caller holds
    locked. The division is the current one of `division_code`."""
    from cwis.core.models import Division

    division = Division.objects.filter(code=division_code, valid_to__isnull=True).first()
    child.hukou_division = division or child.hukou_division
    child.hukou_type, child.hukou_registered_on = hukou_type, on
    child.hukou_address = address or child.hukou_address
    bump_version(child, actor)
    record_change(child, actor, reason)
    child.save(update_fields=["hukou_division", "hukou_type", "hukou_address",
                              "hukou_registered_on", "version", "updated_by", "updated_at"])


def child_school_record(*, actor: User, child: Child, education_status: str,
                        school_name: str, reason: str = "") -> None:
    """A school place given by education (cwis.partners: a done answer), on the child row
    the caller holds locked."""
    child.education_status = education_status
    child.school_name = school_name or child.school_name
    bump_version(child, actor)
    record_change(child, actor, reason)
    child.save(update_fields=["education_status", "school_name", "version", "updated_by",
                              "updated_at"])
