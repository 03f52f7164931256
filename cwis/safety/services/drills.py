"""Emergency plans, drills and the hazards a drill finds (policy 四(二)).

A plan of a kind replaces the institution's current plan of that kind (the old one stays,
marked replaced). A drill records the scenario, participants, duration and the problems
found; each problem that is a hazard is recorded on the drill (`drill_hazard_record`) and
follows the same flow to closure as an inspection's (services/hazards.py).
"""

from collections.abc import Mapping
from typing import Any

from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import UploadedFile
from django.db import transaction
from django.utils.translation import gettext_lazy as _

from cwis.accounts.models import User
from cwis.core import uploads
from cwis.core.permissions import Perm, require
from cwis.core.scoping import get_scoped
from cwis.safety.models import Drill, DrillScenario, EmergencyPlan, Hazard, PlanKind
from cwis.safety.services import rules
from cwis.safety.services.hazards import hazard_create

MSG_REVIEW_BEFORE_APPROVAL = _("The review date is after the approval.")
MSG_PLAN_FILE = _("Upload the plan's file, or say where the document is kept.")
MSG_PLAN = _("Choose a current plan of the institution.")
MSG_PARTICIPANTS = _("Give the number of participants (at least 1).")
MSG_DURATION = _("Give the duration in minutes (at least 1).")

PLAN_FIELDS = ("kind", "title", "approved_on", "review_on", "document", "summary")
DRILL_FIELDS = ("plan_id", "held_on", "scenario", "description", "participants",
                "participant_count", "duration_minutes", "with_fire_service", "problems")


@transaction.atomic
def plan_record(*, actor: User, institution_id: int | None = None,
                data: Mapping[str, Any], file: UploadedFile | None = None) -> EmergencyPlan:
    """The institution's new plan of a kind, with its file (a PDF, JPEG or PNG) or where the
    document is kept; the current one of that kind is replaced."""
    institution = rules.institution_for(actor, institution_id)
    plan = EmergencyPlan(institution=institution)
    rules.assign(plan, PLAN_FIELDS, data)
    errors: dict[str, list] = {}
    rules.choice(errors, "kind", plan.kind, PlanKind.values)
    rules.required_texts(errors, plan, ("title",))
    rules.past_date(errors, "approved_on", plan.approved_on)
    if plan.review_on is None:
        rules.add_error(errors, "review_on", rules.MSG_DATE_REQUIRED)
    elif plan.approved_on is not None and plan.review_on <= plan.approved_on:
        rules.add_error(errors, "review_on", MSG_REVIEW_BEFORE_APPROVAL)
    if file is None and not plan.document:
        rules.add_error(errors, "file", MSG_PLAN_FILE)
    elif file is not None:
        try:
            plan.original_name = uploads.clean_document(file, "file")[:200]
            plan.file = file
        except ValidationError as exc:
            errors.update(exc.message_dict)
    rules.text_errors(errors, plan)
    rules.raise_errors(errors)
    for old in EmergencyPlan.objects.select_for_update().filter(
            institution=institution, kind=plan.kind, replaced_on__isnull=True):
        old.replaced_on = plan.approved_on
        rules.save(old, actor, str(_("Replaced by a new plan")))
    rules.save(plan, actor, str(_("Plan recorded")))
    return plan


def _count(errors: dict, field: str, value, message) -> None:
    if not isinstance(value, int) or value < 1:
        rules.add_error(errors, field, message)


@transaction.atomic
def drill_record(*, actor: User, institution_id: int | None = None,
                 data: Mapping[str, Any]) -> Drill:
    """A drill the institution held (with the fire service, or on its own)."""
    institution = rules.institution_for(actor, institution_id)
    drill = Drill(institution=institution)
    rules.assign(drill, DRILL_FIELDS, {k: v for k, v in data.items() if k != "plan_id"})
    errors: dict[str, list] = {}
    plan_id = data.get("plan_id")
    if plan_id:
        drill.plan = EmergencyPlan.objects.filter(pk=plan_id, institution=institution).first()
        if drill.plan is None:
            rules.add_error(errors, "plan_id", MSG_PLAN)
    drill.with_fire_service = bool(drill.with_fire_service)
    rules.past_date(errors, "held_on", drill.held_on)
    rules.choice(errors, "scenario", drill.scenario, DrillScenario.values)
    rules.required_texts(errors, drill, ("participants",))
    _count(errors, "participant_count", drill.participant_count, MSG_PARTICIPANTS)
    _count(errors, "duration_minutes", drill.duration_minutes, MSG_DURATION)
    rules.text_errors(errors, drill)
    rules.raise_errors(errors)
    rules.save(drill, actor, str(_("Drill recorded")))
    return drill


@transaction.atomic
def drill_hazard_record(*, actor: User, drill_id: int, data: Mapping[str, Any]) -> Hazard:
    """A hazard the drill found: from here on, the same flow as an inspection's."""
    drill = get_scoped(Drill.objects.select_related("institution"), actor, pk=drill_id,
                       for_update=True)
    require(actor, Perm.SAFETY_RECORD)
    return hazard_create(actor=actor, institution=drill.institution, found_on=drill.held_on,
                         data=data, drill=drill)
