"""The transformation of a county child welfare institution: planned → handing over →
transformed (when every checklist item is done), and the dated facts of its integration."""

import datetime as dt

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from cwis.accounts.models import User
from cwis.core.concurrency import bump_version, check_version
from cwis.core.errors import NotFoundError, field_error
from cwis.core.permissions import Perm, require
from cwis.core.scoping import get_scoped
from cwis.institutions.models import (
    ChangeReason,
    CountyReceiver,
    Institution,
    InstitutionKind,
    IntegrationFact,
    IntegrationFactKind,
    ProtectionDuty,
    Transformation,
    TransformationState,
)
from cwis.institutions.services.common import (
    MSG_DATE_REQUIRED,
    MSG_REASON_REQUIRED,
    dates_in_order,
    not_future,
    require_text,
    save,
    text,
)
from cwis.institutions.transformation import checklist

MSG_NOT_TRANSFORMABLE = _("Only an operating county child welfare institution is transformed.")
MSG_TARGET_REQUIRED = _("Enter the target date.")
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


def _validate_targets(handover: dt.date | None, completion: dt.date | None) -> None:
    if handover is None:
        raise field_error("target_handover_date", MSG_TARGET_REQUIRED, code="required")
    if completion is None:
        raise field_error("target_completion_date", MSG_TARGET_REQUIRED, code="required")
    dates_in_order("target_completion_date", handover, completion, MSG_TARGETS_ORDER)


@transaction.atomic
def transformation_plan(*, actor: User, institution_id: int, target_handover_date: dt.date,
                        target_completion_date: dt.date, new_name: str = "",
                        version: int | None = None) -> Transformation:
    """Plan the transformation of a county child welfare institution, or change its targets
    (the province sets them); `version` is required once it is planned."""
    institution = get_scoped(Institution.objects.all(), actor, pk=institution_id)
    require(actor, Perm.TRANSFORMATION_PLAN)
    try:
        plan = get_scoped(Transformation.objects.all(), actor, institution=institution,
                          for_update=True)
    except NotFoundError:
        # Locked so that its kind and status cannot change while it is found eligible.
        institution = get_scoped(Institution.objects.all(), actor, pk=institution_id,
                                 for_update=True)
        if not institution.is_transformable:
            raise field_error("institution", MSG_NOT_TRANSFORMABLE) from None
        plan = Transformation(institution=institution)
    else:
        check_version(plan, version)
        bump_version(plan, actor)
        if plan.state == TransformationState.TRANSFORMED:
            raise field_error("state", MSG_ALREADY_TRANSFORMED)
    _validate_targets(target_handover_date, target_completion_date)
    plan.target_handover_date = target_handover_date
    plan.target_completion_date = target_completion_date
    plan.new_name = text(new_name)
    save(plan, actor)
    return plan


def _plan_of(actor: User, institution: Institution) -> Transformation:
    """The institution's transformation, its row locked."""
    try:
        return get_scoped(Transformation.objects.all(), actor, institution=institution,
                          for_update=True)
    except NotFoundError as exc:
        raise field_error("state", MSG_NO_TRANSFORMATION) from exc


def _for_transition(actor: User, institution_id: int,
                    version: int) -> tuple[Institution, Transformation]:
    """The institution and its transformation, both rows locked (the institution first, as
    every write that takes both does), for a change of state."""
    institution = get_scoped(Institution.objects.all(), actor, pk=institution_id,
                             for_update=True)
    require(actor, Perm.TRANSFORMATION_RUN)
    plan = _plan_of(actor, institution)
    check_version(plan, version)
    bump_version(plan, actor)
    return institution, plan


def _change_institution(actor: User, institution: Institution, reason: str, **values) -> None:
    """Change the institution (locked by the caller) as the transformation requires, with
    the reason in its history."""
    for field, value in values.items():
        setattr(institution, field, value)
    bump_version(institution, actor)
    save(institution, actor, reason=reason)


@transaction.atomic
def transformation_start(*, actor: User, institution_id: int, version: int) -> Transformation:
    """Planned → handing over: the institution is now 'in transformation'. The province
    must have said where the county's children go."""
    institution, plan = _for_transition(actor, institution_id, version)
    if plan.state != TransformationState.PLANNED:
        raise field_error("state", MSG_NOT_PLANNED)
    if not CountyReceiver.objects.filter(division_code=institution.division_code).exists():
        raise field_error("receiver", MSG_NO_RECEIVER)
    plan.state = TransformationState.HANDING_OVER
    plan.started_on = timezone.localdate()
    save(plan, actor)
    _change_institution(actor, institution, ChangeReason.TRANSFORMATION_STARTED,
                        kind=InstitutionKind.IN_TRANSFORMATION)
    return plan


@transaction.atomic
def transformation_complete(*, actor: User, institution_id: int,
                            version: int) -> Transformation:
    """Handing over → transformed, only when every checklist item is done; refused with the
    list of open items otherwise. The institution becomes a minors' rescue and protection
    institution (and takes its new name, if one was planned)."""
    institution, plan = _for_transition(actor, institution_id, version)
    if plan.state != TransformationState.HANDING_OVER:
        raise field_error("state", MSG_NOT_HANDING_OVER)
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
    save(plan, actor)
    values = {"kind": InstitutionKind.MINORS_PROTECTION}
    if plan.new_name:
        values["name"] = plan.new_name
    _change_institution(actor, institution, ChangeReason.TRANSFORMATION_COMPLETED, **values)
    return plan


# --- integration facts -------------------------------------------------------------------

def _validate_fact(kind: str, duty: str, effective_on: dt.date | None) -> None:
    if kind not in IntegrationFactKind.values:
        raise field_error("kind", MSG_FACT_KIND_UNKNOWN)
    if kind == IntegrationFactKind.DUTY and duty not in ProtectionDuty.values:
        raise field_error("duty", MSG_FACT_DUTY_REQUIRED, code="required")
    if effective_on is None:
        raise field_error("effective_on", MSG_DATE_REQUIRED, code="required")
    not_future("effective_on", effective_on)


@transaction.atomic
def integration_fact_record(*, actor: User, institution_id: int, kind: str,
                            effective_on: dt.date, description: str, duty: str = "",
                            document_number: str = "") -> IntegrationFact:
    """Record a dated fact of the integration: premises handed to the minors' protection
    institution, or one of its duties taken on (policy 三（一）, 三（二））."""
    institution = get_scoped(Institution.objects.all(), actor, pk=institution_id)
    require(actor, Perm.TRANSFORMATION_RUN)
    # Locked so that no fact is added while the transformation completes.
    plan = _plan_of(actor, institution)
    if plan.state == TransformationState.TRANSFORMED:
        raise field_error("state", MSG_FACT_CLOSED)
    _validate_fact(kind, duty, effective_on)
    fact = IntegrationFact(
        transformation=plan, kind=kind,
        duty=duty if kind == IntegrationFactKind.DUTY else "",
        effective_on=effective_on,
        description=require_text("description", description, MSG_DESCRIPTION_REQUIRED),
        document_number=text(document_number),
    )
    save(fact, actor)
    return fact


@transaction.atomic
def integration_fact_withdraw(*, actor: User, fact_id: int, version: int,
                              reason: str) -> IntegrationFact:
    """Withdraw a fact entered in error, with the reason; it stays in the record."""
    fact = get_scoped(IntegrationFact.objects.all(), actor, pk=fact_id, for_update=True)
    require(actor, Perm.TRANSFORMATION_RUN)
    check_version(fact, version)
    bump_version(fact, actor)
    if fact.transformation.state == TransformationState.TRANSFORMED:
        raise field_error("state", MSG_FACT_CLOSED)
    if fact.withdrawn_at is not None:
        raise field_error("state", MSG_FACT_WITHDRAWN)
    fact.withdrawn_reason = require_text("reason", reason, MSG_REASON_REQUIRED)
    fact.withdrawn_at = timezone.now()
    save(fact, actor)
    return fact
