"""Writes of case conferences (个案会商): record a conference with its participants and
decisions (each a follow-up item due by a date), and mark a decision done with a note.

Refusals name the row: `participants.0.name`, `decisions.1.due_on` (the page puts each one
beside its input; the API answers 422 with that field)."""

import datetime as dt
from collections.abc import Mapping, Sequence
from typing import Any

from django.db import transaction
from django.utils.translation import gettext_lazy as _

from cwis.accounts.models import User
from cwis.children.services import rules
from cwis.core.concurrency import bump_version, check_version
from cwis.core.history import record_change
from cwis.core.permissions import Perm, require
from cwis.core.scoping import get_scoped
from cwis.core.validators import MSG_DATE_FUTURE
from cwis.protection.models.cases import CaseState
from cwis.protection.models.conferences import (
    CaseConference,
    ConferenceDecision,
    ConferenceParticipant,
    DepartmentKind,
)
from cwis.protection.services.cases import (
    MSG_CASE_CLOSED,
    MSG_TEXT_REQUIRED,
    open_case_for_update,
)

MSG_HELD_BEFORE_OPENING = _("A conference cannot be dated before the case was opened.")
MSG_NO_PARTICIPANTS = _("Name at least one participant.")
MSG_NAME_REQUIRED = _("Give the name.")
MSG_WHO_REQUIRED = _("Say who does it.")
MSG_DUE_BEFORE_CONFERENCE = _("The due date cannot be before the conference.")
MSG_ALREADY_DONE = _("This decision is already marked done.")
MSG_DONE_BEFORE_CONFERENCE = _("It cannot be done before the conference.")


def _text(row: Mapping[str, Any], key: str) -> str:
    return (row.get(key) or "").strip()


def _check_participants(rows: Sequence[Mapping[str, Any]], errors: dict) -> None:
    if not rows:
        rules.add_error(errors, "participants", MSG_NO_PARTICIPANTS)
    for i, row in enumerate(rows):
        if row.get("department") not in DepartmentKind.values:
            rules.add_error(errors, f"participants.{i}.department", rules.MSG_CHOOSE)
        if not _text(row, "name"):
            rules.add_error(errors, f"participants.{i}.name", MSG_NAME_REQUIRED)


def _check_decisions(rows: Sequence[Mapping[str, Any]], held_on: dt.date | None,
                     errors: dict) -> None:
    for i, row in enumerate(rows):
        if not _text(row, "action"):
            rules.add_error(errors, f"decisions.{i}.action", MSG_TEXT_REQUIRED)
        if row.get("department") not in DepartmentKind.values:
            rules.add_error(errors, f"decisions.{i}.department", rules.MSG_CHOOSE)
        if not _text(row, "responsible"):
            rules.add_error(errors, f"decisions.{i}.responsible", MSG_WHO_REQUIRED)
        due = row.get("due_on")
        if due is None:
            rules.add_error(errors, f"decisions.{i}.due_on", rules.MSG_DATE_REQUIRED)
        elif held_on is not None and due < held_on:
            rules.add_error(errors, f"decisions.{i}.due_on", MSG_DUE_BEFORE_CONFERENCE)


@transaction.atomic
def conference_record(*, actor: User, case_id: int, held_on: dt.date | None, situation: str,
                      participants: Sequence[Mapping[str, Any]],
                      decisions: Sequence[Mapping[str, Any]]) -> CaseConference:
    """Record a conference held on the case: who took part (department, name, role), what
    was discussed, and the decisions (what, which department, who, by when)."""
    require(actor, Perm.CASE_WRITE)
    case = open_case_for_update(actor, case_id)
    errors: dict[str, list] = {}
    if held_on is None:
        rules.add_error(errors, "held_on", rules.MSG_DATE_REQUIRED)
    elif held_on > rules.today():
        rules.add_error(errors, "held_on", MSG_DATE_FUTURE)
    elif held_on < case.opened_on:
        rules.add_error(errors, "held_on", MSG_HELD_BEFORE_OPENING)
    situation = (situation or "").strip()
    if not situation:
        rules.add_error(errors, "situation", MSG_TEXT_REQUIRED)
    _check_participants(participants, errors)
    _check_decisions(decisions, held_on if "held_on" not in errors else None, errors)
    rules.raise_errors(errors)
    conference = CaseConference(case=case, held_on=held_on, situation=situation)
    record_change(conference, actor, reason=str(_("Case conference recorded")))
    conference.save()
    for row in participants:
        participant = ConferenceParticipant(conference=conference,
                                            department=row["department"],
                                            name=_text(row, "name"), role=_text(row, "role"))
        record_change(participant, actor)
        participant.save()
    for row in decisions:
        decision = ConferenceDecision(conference=conference, action=_text(row, "action"),
                                      department=row["department"],
                                      responsible=_text(row, "responsible"),
                                      due_on=row["due_on"])
        record_change(decision, actor)
        decision.save()
    return conference


@transaction.atomic
def decision_done(*, actor: User, decision_id: int, version: int, done_on: dt.date | None,
                  note: str) -> ConferenceDecision:
    """Mark a conference decision done, with the date and how; 409 when stale."""
    require(actor, Perm.CASE_WRITE)
    decision = get_scoped(ConferenceDecision.objects.select_related("conference__case"),
                          actor, pk=decision_id, for_update=True)
    if decision.conference.case.state != CaseState.OPEN:
        rules.raise_errors({"__all__": [MSG_CASE_CLOSED]})
    check_version(decision, version)
    errors: dict[str, list] = {}
    if decision.done_on is not None:
        rules.raise_errors({"__all__": [MSG_ALREADY_DONE]})
    if done_on is None:
        rules.add_error(errors, "done_on", rules.MSG_DATE_REQUIRED)
    elif done_on > rules.today():
        rules.add_error(errors, "done_on", MSG_DATE_FUTURE)
    elif done_on < decision.conference.held_on:
        rules.add_error(errors, "done_on", MSG_DONE_BEFORE_CONFERENCE)
    note = (note or "").strip()
    if not note:
        rules.add_error(errors, "note", MSG_TEXT_REQUIRED)
    rules.raise_errors(errors)
    decision.done_on, decision.done_note, decision.done_by = done_on, note, actor
    bump_version(decision, actor)
    record_change(decision, actor, reason=str(_("Decision done")))
    decision.save()
    return decision
