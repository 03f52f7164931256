"""Writes of referrals (服务转介) on a protection case: send a referral to a department or
organisation for a named service, then record the recipient's answer (accepted, or declined
with a reason), the delivery with its outcome, and the closing. Each step is allowed only
from the state before it (`TRANSITIONS`); each keeps who recorded it and when; edits carry
the version read (StaleVersionError when someone else changed it since).

The case worker records an answer, or the department answers from its own account: a
referral sent as a partner request (cwis.partners, kind protection referral) is accepted or
declined by `referral_answer_from_partner`."""

import datetime as dt
from collections.abc import Mapping
from typing import Any

from django.conf import settings
from django.db import transaction
from django.utils.translation import gettext_lazy as _

from cwis.accounts.models import User
from cwis.children.services import rules
from cwis.core.concurrency import bump_version, check_version
from cwis.core.history import record_change
from cwis.core.permissions import Perm, require
from cwis.core.scoping import ALREADY_CHECKED, get_scoped
from cwis.core.validators import MSG_DATE_FUTURE
from cwis.protection.models.cases import CaseState
from cwis.protection.models.conferences import DepartmentKind
from cwis.protection.models.referrals import (
    RecipientKind,
    Referral,
    ReferralService,
    ReferralState,
)
from cwis.protection.services.cases import MSG_CASE_CLOSED, MSG_TEXT_REQUIRED, open_case_for_update
from cwis.safety.selectors.organisations import organisation_for_provider

MSG_SENT_BEFORE_OPENING = _("A referral cannot be sent before the case was opened.")
MSG_DUE_AFTER_SENT = _("The answer cannot be due before the referral was sent.")
MSG_RECIPIENT_REQUIRED = _("Name the department or organisation.")
MSG_BEFORE_PREVIOUS_STEP = _("This date cannot be before the referral's previous step.")
MSG_DECLINE_REASON = _("Say why the referral was declined.")
MSG_OUTCOME_REQUIRED = _("Record the outcome.")
MSG_ANSWER_NOT_ALLOWED = _(
    "This referral is “%(state)s”: only a referral awaiting an answer is accepted or declined.")
MSG_DELIVER_NOT_ALLOWED = _(
    "This referral is “%(state)s”: only an accepted referral is marked delivered.")
MSG_CLOSE_NOT_ALLOWED = _(
    "This referral is “%(state)s”: only a delivered referral is closed.")

# Step -> (the states it may follow, the state it leads to).
TRANSITIONS: dict[str, tuple[tuple[str, ...], str]] = {
    "accept": ((ReferralState.SENT,), ReferralState.ACCEPTED),
    "decline": ((ReferralState.SENT,), ReferralState.DECLINED),
    "deliver": ((ReferralState.ACCEPTED,), ReferralState.DELIVERED),
    "close": ((ReferralState.DELIVERED,), ReferralState.CLOSED),
}
REFUSALS = {"accept": MSG_ANSWER_NOT_ALLOWED, "decline": MSG_ANSWER_NOT_ALLOWED,
            "deliver": MSG_DELIVER_NOT_ALLOWED, "close": MSG_CLOSE_NOT_ALLOWED}
REFERRAL_FIELDS = ("recipient_kind", "department", "recipient_name", "contact", "service",
                   "request", "sent_on", "answer_due", "recipient_organisation_id")
MSG_RECIPIENT_ORGANISATION = _("Choose an organisation of the registry in your jurisdiction.")


def default_answer_due(sent_on: dt.date) -> dt.date:
    return sent_on + dt.timedelta(days=settings.CWIS_CASE_REFERRAL_ANSWER_DAYS)


def _text(data: Mapping[str, Any], key: str) -> str:
    return (data.get(key) or "").strip()


def _check_date(errors: dict, field: str, value: dt.date | None, not_before: dt.date,
                before_message) -> None:
    if value is None:
        rules.add_error(errors, field, rules.MSG_DATE_REQUIRED)
    elif value > rules.today():
        rules.add_error(errors, field, MSG_DATE_FUTURE)
    elif value < not_before:
        rules.add_error(errors, field, before_message)


def _with_organisation(actor: User, data: Mapping[str, Any], errors: dict
                       ) -> tuple[dict, Any]:
    """A recipient chosen from the registry of social organisations and volunteer groups (in
    the actor's scope) names the referral's recipient: an organisation, its kind and name."""
    data = dict(data)
    organisation_id = data.pop("recipient_organisation_id", None)
    if not organisation_id:
        return data, None
    organisation = organisation_for_provider(actor=actor, organisation_id=organisation_id)
    if organisation is None:
        rules.add_error(errors, "recipient_organisation_id", MSG_RECIPIENT_ORGANISATION)
        return data, None
    data.update(recipient_kind=RecipientKind.ORGANISATION,
                department=DepartmentKind.SOCIAL_ORGANISATION, recipient_name=organisation.name)
    return data, organisation


@transaction.atomic
def referral_send(*, actor: User, case_id: int, data: Mapping[str, Any]) -> Referral:
    """Refer the child to a department or organisation for a named service. The answer is
    due `answer_due` (default CWIS_CASE_REFERRAL_ANSWER_DAYS after sending)."""
    require(actor, Perm.CASE_WRITE)
    case = open_case_for_update(actor, case_id)
    unknown = set(data) - set(REFERRAL_FIELDS)
    if unknown:
        raise ValueError(f"not editable: {sorted(unknown)}")
    errors: dict[str, list] = {}
    data, organisation = _with_organisation(actor, data, errors)
    sent_on = data.get("sent_on")
    _check_date(errors, "sent_on", sent_on, case.opened_on, MSG_SENT_BEFORE_OPENING)
    for field, choices in (("recipient_kind", RecipientKind), ("department", DepartmentKind),
                           ("service", ReferralService)):
        if data.get(field) not in choices.values:
            rules.add_error(errors, field, rules.MSG_CHOOSE)
    if not _text(data, "recipient_name"):
        rules.add_error(errors, "recipient_name", MSG_RECIPIENT_REQUIRED)
    if not _text(data, "request"):
        rules.add_error(errors, "request", MSG_TEXT_REQUIRED)
    answer_due = data.get("answer_due")
    if answer_due is None and sent_on is not None:
        answer_due = default_answer_due(sent_on)
    if answer_due is not None and sent_on is not None and answer_due < sent_on:
        rules.add_error(errors, "answer_due", MSG_DUE_AFTER_SENT)
    rules.raise_errors(errors)
    referral = Referral(
        case=case, recipient_kind=data["recipient_kind"], department=data["department"],
        recipient_name=_text(data, "recipient_name"), contact=_text(data, "contact"),
        service=data["service"], request=_text(data, "request"), sent_on=sent_on,
        sent_by=actor, answer_due=answer_due, recipient_organisation=organisation)
    record_change(referral, actor, reason=str(_("Referral sent")))
    referral.save()
    return referral


def _referral_for_step(actor: User, referral_id: int, version: int, step: str) -> Referral:
    """Check the role (403), find and lock (404), check the case, the version (409) and
    that the step may follow the referral's state."""
    require(actor, Perm.CASE_WRITE)
    referral = get_scoped(Referral.objects.select_related("case"), actor, pk=referral_id,
                          for_update=True)
    if referral.case.state != CaseState.OPEN:
        rules.raise_errors({"__all__": [MSG_CASE_CLOSED]})
    check_version(referral, version)
    allowed, _to = TRANSITIONS[step]
    if referral.state not in allowed:
        rules.raise_errors({"__all__": [
            REFUSALS[step] % {"state": referral.get_state_display()}]})
    return referral


def _previous_step_on(referral: Referral) -> dt.date:
    return referral.delivered_on or referral.answered_on or referral.sent_on


def _save_step(referral: Referral, actor: User, step: str, reason) -> Referral:
    referral.state = TRANSITIONS[step][1]
    bump_version(referral, actor)
    record_change(referral, actor, reason=str(reason))
    referral.save()
    return referral


@transaction.atomic
def referral_answer(*, actor: User, referral_id: int, version: int, accepted: bool | None,
                    answered_on: dt.date | None, note: str = "",
                    decline_reason: str = "") -> Referral:
    """Record the recipient's answer: accepted, or declined with the reason (only a referral
    awaiting an answer)."""
    step = "decline" if accepted is False else "accept"
    referral = _referral_for_step(actor, referral_id, version, step)
    errors: dict[str, list] = {}
    if accepted is None:
        rules.add_error(errors, "accepted", rules.MSG_CHOOSE)
    _check_date(errors, "answered_on", answered_on, referral.sent_on, MSG_BEFORE_PREVIOUS_STEP)
    decline_reason = (decline_reason or "").strip()
    if accepted is False and not decline_reason:
        rules.add_error(errors, "decline_reason", MSG_DECLINE_REASON)
    rules.raise_errors(errors)
    referral.answered_on, referral.answered_by = answered_on, actor
    referral.answer_note = (note or "").strip()
    referral.decline_reason = decline_reason if accepted is False else ""
    reason = _("Referral declined") if accepted is False else _("Referral accepted")
    return _save_step(referral, actor, step, reason)


@transaction.atomic
def referral_deliver(*, actor: User, referral_id: int, version: int,
                     delivered_on: dt.date | None, outcome: str) -> Referral:
    """The service was delivered: when, and its outcome (only an accepted referral)."""
    referral = _referral_for_step(actor, referral_id, version, "deliver")
    errors: dict[str, list] = {}
    _check_date(errors, "delivered_on", delivered_on, _previous_step_on(referral),
                MSG_BEFORE_PREVIOUS_STEP)
    outcome = (outcome or "").strip()
    if not outcome:
        rules.add_error(errors, "outcome", MSG_OUTCOME_REQUIRED)
    rules.raise_errors(errors)
    referral.delivered_on, referral.delivered_by, referral.outcome = delivered_on, actor, outcome
    return _save_step(referral, actor, "deliver", _("Referral delivered"))


@transaction.atomic
def referral_close(*, actor: User, referral_id: int, version: int,
                   closed_on: dt.date | None, note: str) -> Referral:
    """Close a delivered referral with the outcome as it stands at the end."""
    referral = _referral_for_step(actor, referral_id, version, "close")
    errors: dict[str, list] = {}
    _check_date(errors, "closed_on", closed_on, _previous_step_on(referral),
                MSG_BEFORE_PREVIOUS_STEP)
    note = (note or "").strip()
    if not note:
        rules.add_error(errors, "note", MSG_OUTCOME_REQUIRED)
    rules.raise_errors(errors)
    referral.closed_on, referral.closed_by, referral.closing_note = closed_on, actor, note
    return _save_step(referral, actor, "close", _("Referral closed"))


def referral_answer_from_partner(*, actor: User, referral_id: int, accepted: bool,
                                 answered_on: dt.date, note: str = "",
                                 decline_reason: str = "") -> None:
    """The department answered the referral from its own account (cwis.partners: a
    request of kind protection referral). Composed by the partner's checked answer: no role
    or scope check here. A referral no longer awaiting an answer is left as it is (the
    worker recorded the reply first)."""
    referral = get_scoped(Referral.objects.all(), ALREADY_CHECKED, pk=referral_id,
                          for_update=True)
    if referral.state != ReferralState.SENT:
        return
    referral.answered_on, referral.answered_by = answered_on, actor
    referral.answer_note = (note or "").strip()
    referral.decline_reason = (decline_reason or "").strip() if not accepted else ""
    step = "accept" if accepted else "decline"
    reason = _("Referral accepted") if accepted else _("Referral declined")
    _save_step(referral, actor, step, reason)
