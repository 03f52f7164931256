"""Inspections and hazards to closure (安全隐患排查整治, policy 四(二)).

The director records the institution's own checks; the county officer records an office's
inspection of an institution in the county. A hazard found gets a level, a responsible
person and a deadline (`CWIS_SAFETY_HAZARD_FIX_DAYS` per level, or an earlier date). The fix
is recorded (`hazard_fix_record`) and then checked by another person (`hazard_check`):
accepted, the hazard is closed; refused, it is open again. A hazard is never closed without
a fix, nor by the one who recorded it.
"""

import datetime as dt
from collections.abc import Mapping
from typing import Any

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.translation import gettext_lazy as _

from cwis.accounts.models import User
from cwis.core.concurrency import bump_version, check_version
from cwis.core.permissions import Perm, require
from cwis.core.scoping import get_scoped
from cwis.institutions.models import Institution
from cwis.safety.models import (
    Hazard,
    HazardLevel,
    HazardState,
    Inspection,
    InspectionFrequency,
    InspectionKind,
    SafetyArea,
)
from cwis.safety.services import rules

MSG_DUE_AFTER_LIMIT = _("The deadline cannot be later than the one the hazard's level allows "
                        "(%(date)s).")
MSG_DUE_BEFORE_FOUND = _("The deadline cannot be before the hazard was found.")
MSG_NOT_OPEN = _("This hazard is not waiting for a fix.")
MSG_NO_FIX = _("A hazard is closed only once its fix is recorded: record the fix first.")
MSG_SAME_PERSON = _("The fix is checked by someone other than who recorded it.")
MSG_FIX_BEFORE_FOUND = _("The fix cannot be dated before the hazard was found.")
MSG_CHECK_BEFORE_FIX = _("The check cannot be dated before the fix.")
MSG_REFUSAL_REASON = _("Say what is still wrong with the fix.")
MSG_KIND_FOR_ROLE = _("The institution records its own checks; an office records its "
                      "inspections.")

INSPECTION_FIELDS = ("kind", "frequency", "areas", "inspected_on", "inspectors", "findings")
HAZARD_FIELDS = ("area", "description", "level", "responsible", "due_on")


def fix_deadline(level: str, found_on: dt.date) -> dt.date:
    """The latest deadline a hazard of `level` found on `found_on` may have."""
    days = settings.CWIS_SAFETY_HAZARD_FIX_DAYS.get(level,
                                                    settings.CWIS_SAFETY_HAZARD_FIX_DAYS["general"])
    return found_on + dt.timedelta(days=days)


# ------------------------------------------------------------------------- inspections


def _check_inspection(actor: User, inspection: Inspection) -> None:
    errors: dict[str, list] = {}
    rules.choice(errors, "kind", inspection.kind, InspectionKind.values)
    own = actor.institution_id is not None
    if "kind" not in errors and own != (inspection.kind == InspectionKind.SELF_CHECK):
        rules.add_error(errors, "kind", MSG_KIND_FOR_ROLE)
    rules.choice(errors, "frequency", inspection.frequency, InspectionFrequency.values)
    areas = inspection.areas if isinstance(inspection.areas, list) else []
    if not areas or any(area not in SafetyArea.values for area in areas):
        rules.add_error(errors, "areas", rules.MSG_AREAS)
    rules.past_date(errors, "inspected_on", inspection.inspected_on)
    rules.required_texts(errors, inspection, ("inspectors",))
    rules.text_errors(errors, inspection)
    rules.raise_errors(errors)


@transaction.atomic
def inspection_record(*, actor: User, institution_id: int | None = None,
                      data: Mapping[str, Any]) -> Inspection:
    """Record an inspection: the institution's own check (its director), or an office's
    inspection of an institution in its jurisdiction (the county officer)."""
    institution = rules.institution_for(actor, institution_id)
    inspection = Inspection(institution=institution)
    rules.assign(inspection, INSPECTION_FIELDS, data)
    _check_inspection(actor, inspection)
    rules.save(inspection, actor, str(_("Inspection recorded")))
    return inspection


# ---------------------------------------------------------------------------- hazards


def _check_hazard(hazard: Hazard) -> None:
    errors: dict[str, list] = {}
    rules.choice(errors, "area", hazard.area, SafetyArea.values)
    rules.choice(errors, "level", hazard.level, HazardLevel.values)
    rules.required_texts(errors, hazard, ("description", "responsible"))
    if hazard.level in HazardLevel.values:
        latest = fix_deadline(hazard.level, hazard.found_on)
        if hazard.due_on is None:
            hazard.due_on = latest
        elif hazard.due_on < hazard.found_on:
            rules.add_error(errors, "due_on", MSG_DUE_BEFORE_FOUND)
        elif hazard.due_on > latest:
            rules.add_error(errors, "due_on", MSG_DUE_AFTER_LIMIT % {"date": latest.isoformat()})
    rules.text_errors(errors, hazard)
    rules.raise_errors(errors)


def hazard_create(*, actor: User, institution: Institution, found_on: dt.date,
                  data: Mapping[str, Any], **source) -> Hazard:
    """A hazard found on `found_on` by `source` (inspection= or drill=), already checked
    for role and scope by the calling service; without `due_on` the level's deadline."""
    hazard = Hazard(institution=institution, found_on=found_on, state=HazardState.OPEN,
                    **source)
    rules.assign(hazard, HAZARD_FIELDS, data)
    _check_hazard(hazard)
    rules.save(hazard, actor, str(_("Hazard found")))
    return hazard


@transaction.atomic
def hazard_record(*, actor: User, inspection_id: int, data: Mapping[str, Any]) -> Hazard:
    """A hazard the inspection found."""
    inspection = get_scoped(Inspection.objects.select_related("institution"), actor,
                            pk=inspection_id, for_update=True)
    require(actor, Perm.SAFETY_RECORD)
    return hazard_create(actor=actor, institution=inspection.institution,
                         found_on=inspection.inspected_on, data=data, inspection=inspection)


def _hazard(actor: User, hazard_id: int, version: int) -> Hazard:
    hazard = get_scoped(Hazard.objects.all(), actor, pk=hazard_id, for_update=True)
    require(actor, Perm.SAFETY_RECORD)
    check_version(hazard, version)
    return hazard


@transaction.atomic
def hazard_fix_record(*, actor: User, hazard_id: int, version: int, fix_description: str,
                      fixed_on: dt.date | None) -> Hazard:
    """Record how the hazard was fixed; someone else then checks it."""
    hazard = _hazard(actor, hazard_id, version)
    if hazard.state != HazardState.OPEN:
        raise ValidationError(MSG_NOT_OPEN, code="not_open")
    errors: dict[str, list] = {}
    hazard.fix_description = (fix_description or "").strip()
    rules.required_texts(errors, hazard, ("fix_description",))
    rules.past_date(errors, "fixed_on", fixed_on)
    if fixed_on is not None and fixed_on < hazard.found_on and "fixed_on" not in errors:
        rules.add_error(errors, "fixed_on", MSG_FIX_BEFORE_FOUND)
    rules.text_errors(errors, hazard)
    rules.raise_errors(errors)
    hazard.state, hazard.fixed_on, hazard.fixed_by = HazardState.FIXED, fixed_on, actor
    bump_version(hazard, actor)
    rules.save(hazard, actor, str(_("Fix recorded")))
    return hazard


@transaction.atomic
def hazard_check(*, actor: User, hazard_id: int, version: int, accepted: bool,
                 note: str = "", checked_on: dt.date | None = None) -> Hazard:
    """Check the recorded fix: accepted, the hazard is closed; refused (with what is still
    wrong), it waits for a fix again. Refused without a fix, and for the fix's recorder."""
    hazard = _hazard(actor, hazard_id, version)
    if hazard.state == HazardState.OPEN:
        raise ValidationError(MSG_NO_FIX, code="no_fix")
    if hazard.state != HazardState.FIXED:
        raise ValidationError(MSG_NOT_OPEN, code="not_open")
    if hazard.fixed_by_id == actor.pk:
        raise ValidationError(MSG_SAME_PERSON, code="same_person")
    checked_on = checked_on or rules.today()
    errors: dict[str, list] = {}
    rules.past_date(errors, "checked_on", checked_on)
    if "checked_on" not in errors and checked_on < hazard.fixed_on:
        rules.add_error(errors, "checked_on", MSG_CHECK_BEFORE_FIX)
    note = (note or "").strip()
    if not accepted and not note:
        rules.add_error(errors, "note", MSG_REFUSAL_REASON)
    hazard.check_note = note
    rules.text_errors(errors, hazard)
    rules.raise_errors(errors)
    if accepted:
        hazard.state, hazard.checked_by, hazard.checked_on = (HazardState.CLOSED, actor,
                                                              checked_on)
        reason = _("Fix checked: hazard closed")
    else:
        hazard.state, hazard.fixed_by, hazard.fixed_on = HazardState.OPEN, None, None
        reason = _("Fix refused by the check")
    bump_version(hazard, actor)
    rules.save(hazard, actor, str(reason))
    return hazard
