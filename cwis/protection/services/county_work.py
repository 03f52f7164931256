"""Every write of the county institution's work around the cases: policy talks (宣讲),
township protection workstations and the institution's guidance visits to them.

Only the county's protection workers and officers write (the county is the actor's own, as
for a case). Each service checks the role, finds the record in scope (404 otherwise, before
the lock), validates everything at once and writes in one transaction with its history.
"""

import datetime as dt
from collections.abc import Mapping
from typing import Any

from django.db import IntegrityError, transaction
from django.utils.translation import gettext_lazy as _

from cwis.accounts.models import User
from cwis.children.services import rules
from cwis.core.concurrency import bump_version, check_version
from cwis.core.errors import field_error
from cwis.core.history import record_change
from cwis.core.models import Division, DivisionLevel
from cwis.core.permissions import Perm, require
from cwis.core.scoping import division_in_scope, get_scoped
from cwis.core.validators import MSG_DATE_FUTURE
from cwis.protection.models.county_work import (
    AudienceKind,
    GuidanceVisit,
    PolicyTalk,
    Workstation,
    WorkstationStatus,
)
from cwis.protection.services.cases import _county

MSG_TEXT_REQUIRED = rules.MSG_REQUIRED
MSG_AUDIENCE_COUNT = _("Give the number of people who attended (at least 1).")
MSG_TOWNSHIP = _("Choose a current township of your county.")
MSG_TOWNSHIP_TAKEN = _("This township already has a workstation: open that one.")
MSG_SET_UP_REQUIRED = _("Give the date the workstation was set up.")
MSG_STAFF_COUNT = _("The number of staff cannot be negative.")
MSG_STAFF_NAMED = _("Name the staff of an active workstation.")
MSG_VISIT_BEFORE_SET_UP = _("A guidance visit cannot be dated before the workstation was set up.")
MSG_VISIT_PLANNED = _("A planned workstation is not set up yet: it cannot be visited.")
MSG_FOLLOW_UP_DUE = _("The follow-up is due after the visit.")
MSG_FOLLOW_UP_WHAT = _("Say what is to follow by that date.")

TALK_FIELDS = ("held_on", "place", "audience_kind", "audience_count", "topic", "speakers",
               "note")
WORKSTATION_FIELDS = ("township", "name", "status", "set_up_on", "staff_names",
                      "staff_count", "address", "phone", "note")
VISIT_FIELDS = ("visited_on", "visitors", "findings", "follow_up", "follow_up_due")
_OPTIONAL_TEXTS = frozenset({"note", "staff_names", "address", "phone", "follow_up"})


def _assign(record, fields: tuple[str, ...], data: Mapping[str, Any]) -> None:
    unknown = set(data) - set(fields)
    if unknown:
        raise ValueError(f"not editable: {sorted(unknown)}")
    for field, value in data.items():
        if value is None and field in _OPTIONAL_TEXTS:
            value = ""
        setattr(record, field, value.strip() if isinstance(value, str) else value)


def _past_date(errors: dict, field: str, value: dt.date | None) -> None:
    if value is None:
        rules.add_error(errors, field, rules.MSG_DATE_REQUIRED)
    elif value > rules.today():
        rules.add_error(errors, field, MSG_DATE_FUTURE)


def _texts(errors: dict, record, fields: tuple[str, ...]) -> None:
    for field in fields:
        if not getattr(record, field):
            rules.add_error(errors, field, MSG_TEXT_REQUIRED)


# ------------------------------------------------------------------------ policy talks


def _check_talk(talk: PolicyTalk) -> None:
    errors: dict[str, list] = {}
    _past_date(errors, "held_on", talk.held_on)
    _texts(errors, talk, ("place", "topic", "speakers"))
    if talk.audience_kind not in AudienceKind.values:
        rules.add_error(errors, "audience_kind", rules.MSG_CHOOSE)
    if not isinstance(talk.audience_count, int) or talk.audience_count < 1:
        rules.add_error(errors, "audience_count", MSG_AUDIENCE_COUNT)
    rules.raise_errors(errors)


@transaction.atomic
def talk_record(*, actor: User, data: Mapping[str, Any]) -> PolicyTalk:
    """Record a policy talk the county gave (date, place, audience and count, topic, who)."""
    require(actor, Perm.TALK_RECORD)
    talk = PolicyTalk(county_code=_county(actor))
    _assign(talk, TALK_FIELDS, data)
    _check_talk(talk)
    record_change(talk, actor, reason=str(_("Talk recorded")))
    talk.save()
    return talk


@transaction.atomic
def talk_update(*, actor: User, talk_id: int, version: int,
                data: Mapping[str, Any]) -> PolicyTalk:
    """Correct a talk; 409 when someone saved it after the `version` the client read."""
    require(actor, Perm.TALK_RECORD)
    talk = get_scoped(PolicyTalk.objects.all(), actor, pk=talk_id, for_update=True)
    check_version(talk, version)
    _assign(talk, TALK_FIELDS, data)
    _check_talk(talk)
    bump_version(talk, actor)
    record_change(talk, actor)
    talk.save()
    return talk


# ---------------------------------------------------------------------- workstations


def _township(actor: User, code: str, errors: dict) -> str | None:
    """The current township `code` inside the actor's county."""
    code = (code or "").strip()
    found = code.isdigit() and len(code) == 9 and division_in_scope(actor, code) and (
        Division.objects.filter(code=code, valid_to__isnull=True,
                                level=DivisionLevel.TOWNSHIP).exists())
    if not found:
        rules.add_error(errors, "township", MSG_TOWNSHIP)
        return None
    return code


def _check_workstation(actor: User, station: Workstation, township: str | None) -> None:
    errors: dict[str, list] = {}
    if township is not None:
        code = _township(actor, township, errors)
        if code is not None:
            station.township_code, station.county_code = code, code[:6]
    _texts(errors, station, ("name",))
    if station.status not in WorkstationStatus.values:
        rules.add_error(errors, "status", rules.MSG_CHOOSE)
    if station.set_up_on is not None and station.set_up_on > rules.today():
        rules.add_error(errors, "set_up_on", MSG_DATE_FUTURE)
    elif station.set_up_on is None and station.status != WorkstationStatus.PLANNED:
        rules.add_error(errors, "set_up_on", MSG_SET_UP_REQUIRED)
    if not isinstance(station.staff_count, int) or station.staff_count < 0:
        rules.add_error(errors, "staff_count", MSG_STAFF_COUNT)
    elif station.status == WorkstationStatus.ACTIVE and not station.staff_names:
        rules.add_error(errors, "staff_names", MSG_STAFF_NAMED)
    if "township" not in errors and station.township_code:
        taken = Workstation.objects.filter(township_code=station.township_code)
        if taken.exclude(pk=station.pk).exists():
            rules.add_error(errors, "township", MSG_TOWNSHIP_TAKEN)
    rules.raise_errors(errors)


def _save_station(station: Workstation) -> None:
    """The one-per-township constraint catches a registration racing ours."""
    try:
        with transaction.atomic():
            station.save()
    except IntegrityError as exc:
        raise field_error("township", MSG_TOWNSHIP_TAKEN) from exc


def _station_fields(data: Mapping[str, Any]) -> tuple[dict, str | None]:
    fields = dict(data)
    township = fields.pop("township", None)
    if fields.get("staff_count") is None and "staff_count" in fields:
        fields["staff_count"] = 0
    return fields, township


@transaction.atomic
def workstation_register(*, actor: User, data: Mapping[str, Any]) -> Workstation:
    """Register a township's workstation under the actor's county (one per township)."""
    require(actor, Perm.WORKSTATION_MANAGE)
    _county(actor)
    fields, township = _station_fields(data)
    station = Workstation()
    _assign(station, WORKSTATION_FIELDS, fields)
    _check_workstation(actor, station, township or "")
    record_change(station, actor, reason=str(_("Workstation registered")))
    _save_station(station)
    return station


@transaction.atomic
def workstation_update(*, actor: User, workstation_id: int, version: int,
                       data: Mapping[str, Any]) -> Workstation:
    """Change a workstation (status, staff, set-up date...); 409 when stale."""
    require(actor, Perm.WORKSTATION_MANAGE)
    station = get_scoped(Workstation.objects.all(), actor, pk=workstation_id, for_update=True)
    _county(actor)
    check_version(station, version)
    fields, township = _station_fields(data)
    _assign(station, WORKSTATION_FIELDS, fields)
    _check_workstation(actor, station, township)
    bump_version(station, actor)
    record_change(station, actor)
    _save_station(station)
    return station


# ------------------------------------------------------------------- guidance visits


def _check_visit(visit: GuidanceVisit, station: Workstation) -> None:
    errors: dict[str, list] = {}
    _past_date(errors, "visited_on", visit.visited_on)
    if station.status == WorkstationStatus.PLANNED:
        rules.add_error(errors, "__all__", MSG_VISIT_PLANNED)
    elif ("visited_on" not in errors and station.set_up_on
          and visit.visited_on < station.set_up_on):
        rules.add_error(errors, "visited_on", MSG_VISIT_BEFORE_SET_UP)
    _texts(errors, visit, ("visitors", "findings"))
    if visit.follow_up_due is not None:
        if visit.visited_on is not None and visit.follow_up_due <= visit.visited_on:
            rules.add_error(errors, "follow_up_due", MSG_FOLLOW_UP_DUE)
        if not visit.follow_up:
            rules.add_error(errors, "follow_up", MSG_FOLLOW_UP_WHAT)
    rules.raise_errors(errors)


@transaction.atomic
def guidance_visit_record(*, actor: User, workstation_id: int,
                          data: Mapping[str, Any]) -> GuidanceVisit:
    """Record the county institution's guidance visit to a workstation of its county."""
    require(actor, Perm.WORKSTATION_MANAGE)
    station = get_scoped(Workstation.objects.all(), actor, pk=workstation_id, for_update=True)
    _county(actor)
    visit = GuidanceVisit(workstation=station)
    _assign(visit, VISIT_FIELDS, data)
    _check_visit(visit, station)
    record_change(visit, actor, reason=str(_("Guidance visit recorded")))
    visit.save()
    return visit


@transaction.atomic
def guidance_visit_update(*, actor: User, visit_id: int, version: int,
                          data: Mapping[str, Any]) -> GuidanceVisit:
    """Correct a guidance visit; 409 when stale."""
    require(actor, Perm.WORKSTATION_MANAGE)
    visit = get_scoped(GuidanceVisit.objects.select_related("workstation"), actor,
                       pk=visit_id, for_update=True)
    _county(actor)
    check_version(visit, version)
    _assign(visit, VISIT_FIELDS, data)
    _check_visit(visit, visit.workstation)
    bump_version(visit, actor)
    record_change(visit, actor)
    visit.save()
    return visit
