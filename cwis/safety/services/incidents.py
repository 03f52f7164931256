"""Incidents (policy 四(三)): recorded by the institution's director or the county officer
with the children involved (children in the institution's care), reported to the office
above within the hours a setting gives, handled and closed. The prefecture and province open
one only with a stated reason, which the access log keeps (`incident_open_with_reason`)."""

import datetime as dt
from collections.abc import Mapping
from typing import Any

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from cwis.accounts.models import User
from cwis.children.models import Child
from cwis.core.audit import access_log_record
from cwis.core.concurrency import bump_version, check_version
from cwis.core.permissions import Perm, require
from cwis.core.scoping import get_scoped
from cwis.core.validators import MSG_DATE_FUTURE
from cwis.safety.models import (
    ALWAYS_SERIOUS,
    Incident,
    IncidentAccessReason,
    IncidentKind,
    IncidentState,
)
from cwis.safety.services import rules

MSG_CHILDREN = _("Choose children in the institution's care.")
MSG_REPORT_BEFORE = _("The report cannot be before the incident happened.")
MSG_REPORTED_TO = _("Say whom the incident was reported to.")
MSG_NOT_REPORTED = _("Record the report to the office above before closing the incident.")
MSG_HANDLING = _("Say how the incident was handled.")
MSG_CLOSED = _("This incident is closed.")
MSG_REASON = _("Give the reason.")

INCIDENT_FIELDS = ("kind", "serious", "occurred_at", "what_happened", "handling")


def report_due(occurred_at: dt.datetime, serious: bool) -> dt.datetime:
    hours = (settings.CWIS_SAFETY_SERIOUS_INCIDENT_REPORT_HOURS if serious
             else settings.CWIS_SAFETY_INCIDENT_REPORT_HOURS)
    return occurred_at + dt.timedelta(hours=hours)


def _children(institution_id: int, child_ids: list[int], errors: dict) -> list[Child]:
    ids = sorted(set(child_ids or []))
    children = list(Child.objects.filter(pk__in=ids, current_institution_id=institution_id,
                                         status="in_care"))
    if len(children) != len(ids):
        rules.add_error(errors, "child_ids", MSG_CHILDREN)
    return children


def _past_moment(errors: dict, field: str, moment: dt.datetime | None) -> None:
    if moment is None:
        rules.add_error(errors, field, rules.MSG_DATE_REQUIRED)
    elif moment > timezone.now():
        rules.add_error(errors, field, MSG_DATE_FUTURE)


@transaction.atomic
def incident_record(*, actor: User, institution_id: int | None = None,
                    data: Mapping[str, Any], child_ids: list[int] | None = None) -> Incident:
    """An incident at the institution; serious by the recorder's say or by its kind."""
    institution = rules.institution_for(actor, institution_id, perm=Perm.INCIDENT_RECORD)
    incident = Incident(institution=institution)
    rules.assign(incident, INCIDENT_FIELDS, data)
    errors: dict[str, list] = {}
    rules.choice(errors, "kind", incident.kind, IncidentKind.values)
    incident.serious = bool(incident.serious) or incident.kind in ALWAYS_SERIOUS
    _past_moment(errors, "occurred_at", incident.occurred_at)
    rules.required_texts(errors, incident, ("what_happened",))
    children = _children(institution.pk, child_ids or [], errors)
    rules.text_errors(errors, incident)
    rules.raise_errors(errors)
    incident.report_due_at = report_due(incident.occurred_at, incident.serious)
    rules.save(incident, actor, str(_("Incident recorded")))
    incident.children.set(children)
    return incident


def _incident(actor: User, incident_id: int, version: int) -> Incident:
    incident = get_scoped(Incident.objects.all(), actor, pk=incident_id, for_update=True)
    require(actor, Perm.INCIDENT_RECORD)
    check_version(incident, version)
    if incident.state == IncidentState.CLOSED:
        raise ValidationError(MSG_CLOSED, code="closed")
    return incident


@transaction.atomic
def incident_report(*, actor: User, incident_id: int, version: int,
                    reported_at: dt.datetime | None, reported_to: str) -> Incident:
    """Who in the office above was told, and when."""
    incident = _incident(actor, incident_id, version)
    errors: dict[str, list] = {}
    _past_moment(errors, "reported_at", reported_at)
    if "reported_at" not in errors and reported_at < incident.occurred_at:
        rules.add_error(errors, "reported_at", MSG_REPORT_BEFORE)
    incident.reported_to = (reported_to or "").strip()
    if not incident.reported_to:
        rules.add_error(errors, "reported_to", MSG_REPORTED_TO)
    rules.text_errors(errors, incident)
    rules.raise_errors(errors)
    incident.reported_at = reported_at
    bump_version(incident, actor)
    rules.save(incident, actor, str(_("Reported to the office above")))
    return incident


@transaction.atomic
def incident_close(*, actor: User, incident_id: int, version: int, handling: str,
                   closing_note: str = "") -> Incident:
    incident = _incident(actor, incident_id, version)
    errors: dict[str, list] = {}
    incident.handling = (handling or "").strip()
    incident.closing_note = (closing_note or "").strip()
    if not incident.handling:
        rules.add_error(errors, "handling", MSG_HANDLING)
    if incident.reported_at is None:
        rules.add_error(errors, "reported_at", MSG_NOT_REPORTED)
    rules.text_errors(errors, incident)
    rules.raise_errors(errors)
    incident.state, incident.closed_on = IncidentState.CLOSED, rules.today()
    bump_version(incident, actor)
    rules.save(incident, actor, str(_("Incident closed")))
    return incident


def incident_open_with_reason(*, actor: User, incident_id: int, reason: str,
                              request=None) -> Incident:
    """The prefecture or province opens an incident of its jurisdiction: only with a stated
    reason, written to the access log with the read."""
    require(actor, Perm.INCIDENT_VIEW_WITH_REASON)
    incident = get_scoped(Incident.objects.select_related("institution"), actor,
                          pk=incident_id)
    reason = (reason or "").strip()
    if not reason:
        raise ValidationError({"reason": [MSG_REASON]})
    with transaction.atomic():
        access = access_log_record(
            actor=actor, object_type="safety_incident", object_id=incident.pk,
            division_code=incident.institution.division_code, request=request,
            action="view_with_reason")
        IncidentAccessReason.objects.create(access=access, reason=reason, actor=actor)
    return incident
