"""The exit of a protection case (Minors Protection Law art. 93-94) and its closing.

- Return to the guardian or entrust to relatives: the outcome, then follow-up visits every
  so many months for a period (CWIS_CASE_FOLLOW_UP_MONTHS, _EVERY_MONTHS, or the values the
  worker sets); the last visit recorded closes the case.
- Long-term guardianship (art. 94): the ground, and the court decision where a court revoked
  the guardian; the child goes to the county's receiving institution (the province layout,
  `institutions.CountyReceiver`): a child in the protection institution by a transfer drafted
  here (sent and received as any transfer; the receipt closes the case,
  `services.internal_cases.case_transfer_received`), a child with relatives or a foster family by
  the receiving institution's direct long-term intake (`case_long_term_intake`). Either way
  the file's guardianship becomes long-term with its legal basis, on the same file.

The exit needs the latest guardianship assessment confirmed by the county officer and
recommending that exit. A closed case no longer changes. Nothing is deleted.
"""

import datetime as dt
from calendar import monthrange

from django.db import transaction
from django.utils.translation import gettext_lazy as _

from cwis.accounts.models import User
from cwis.children.choices import (
    ChildStatus,
    GuardianKind,
    GuardianshipSituation,
    IntakeCategory,
    LeaveReason,
)
from cwis.children.legal import default_legal_basis
from cwis.children.models import Child
from cwis.children.services import internal as children_internal
from cwis.children.services import rules
from cwis.core.concurrency import bump_version, check_version
from cwis.core.errors import NotFoundError
from cwis.core.history import record_change
from cwis.core.permissions import Perm, require
from cwis.core.scoping import ALREADY_CHECKED, get_scoped
from cwis.core.validators import MSG_DATE_FUTURE
from cwis.institutions.models import CountyReceiver, InstitutionKind
from cwis.protection.models import VisitMethod
from cwis.protection.models.cases import (
    LONG_TERM_GROUNDS,
    TRANSFER_REDRAFTABLE,
    CaseFollowUp,
    CaseOutcome,
    CaseState,
    ProtectionCase,
    Recommendation,
)
from cwis.protection.selectors.exits import follow_up_period
from cwis.protection.services.cases import (
    MSG_CASE_CLOSED,
    MSG_TEXT_REQUIRED,
    open_case_for_update,
)
from cwis.transfers.models import HukouDecision
from cwis.transfers.services.drafting import draft_locked

MSG_EXIT_RECORDED = _("The exit of this case is already recorded.")
MSG_NOT_RECOMMENDED = _(
    "The latest guardianship assessment, confirmed by the county officer, must recommend "
    "this exit.")
MSG_EXIT_BEFORE_ASSESSMENT = _("The exit cannot be dated before the latest assessment.")
MSG_RELATIVES = _("Name the relatives the child is entrusted to and where the child lives.")
MSG_CHILD_IN_CARE = _(
    "The child is in the care of an institution other than the county's protection "
    "institution: that institution records the child's leaving care before the case can "
    "send the child home.")
MSG_FILE_CLOSED = _("The child's file is closed: the exit cannot be recorded.")
MSG_FOLLOW_UP_MONTHS = _("Give a follow-up period of 1 to 24 months.")
MSG_VISIT_EVERY = _("Give a visit interval of at least 1 month and at most the period.")
MSG_GROUND = _("Choose the ground of long-term guardianship (art. 94).")
MSG_COURT_REQUIRED = _("A court revoked the guardian: give the court's decision.")
MSG_COURT_AFTER_DECISION = _("The court decision cannot be after the exit decision.")
MSG_NO_RECEIVER = _(
    "The province layout names no receiving institution for this county: ask the province "
    "to assign one.")
MSG_NOT_PROTECTION_INSTITUTION = _(
    "The child is in care of another institution than the protection institution: move "
    "the child through that institution.")
MSG_VISIT_DONE = _("This follow-up visit is already recorded.")
MSG_VISIT_BEFORE_EXIT = _("A follow-up visit cannot be before the child went home.")
MSG_NOT_AWAITING = _("The child of this case is not waiting for a direct long-term intake.")
MSG_INTAKE_BEFORE_EXIT = _("The intake cannot be before the decision on long-term guardianship.")
MSG_NOT_REDRAFTABLE = _(
    "Only a long-term exit whose transfer was returned or cancelled can have its transfer "
    "drafted again.")
MSG_NOT_IN_PROTECTION = _(
    "The child no longer lives in the protection institution: the transfer cannot be "
    "drafted again.")

RECOMMENDED = {
    CaseOutcome.RETURNED: Recommendation.RETURN_TO_GUARDIAN,
    CaseOutcome.ENTRUSTED: Recommendation.ENTRUST_RELATIVES,
    CaseOutcome.LONG_TERM: Recommendation.LONG_TERM,
}
# The intake category of the child registry that each art. 94 ground fits.
GROUND_CATEGORY = {
    GuardianshipSituation.LT_NOT_FOUND: IntakeCategory.FOUND_CHILD,
    GuardianshipSituation.LT_DEAD: IntakeCategory.PARENTS_DEAD,
    GuardianshipSituation.LT_INCAPABLE: IntakeCategory.PARENTS_INCAPABLE,
    GuardianshipSituation.LT_REVOKED: IntakeCategory.COURT_APPOINTED,
    GuardianshipSituation.LT_OTHER: IntakeCategory.OTHER_BY_LAW,
}
MAX_FOLLOW_UP_MONTHS = 24
# Why the file of a child going home from the protection institution records its leaving:
# back to the guardian (guardianship restored), or entrusted to relatives under art. 93.
LEAVE_REASONS = {CaseOutcome.RETURNED: LeaveReason.FAMILY,
                 CaseOutcome.ENTRUSTED: LeaveReason.OTHER_BY_LAW}


def add_months(day: dt.date, months: int) -> dt.date:
    """The same day `months` later (the month's last day when it has no such day)."""
    month = day.month - 1 + months
    year, month = day.year + month // 12, month % 12 + 1
    return day.replace(year=year, month=month, day=min(day.day, monthrange(year, month)[1]))


def follow_up_dates(exit_on: dt.date, months: int, every: int) -> list[dt.date]:
    """A visit every `every` months from the exit, the last at the end of the period."""
    dates = [add_months(exit_on, k) for k in range(every, months, every)]
    return [*dates, add_months(exit_on, months)]


def follow_up_period_errors(months: int | None, every: int | None) -> dict[str, list]:
    """A follow-up period of 1 to 24 months with a visit every 1 month to the period."""
    errors: dict[str, list] = {}
    if months is None or not 1 <= months <= MAX_FOLLOW_UP_MONTHS:
        rules.add_error(errors, "follow_up_months", MSG_FOLLOW_UP_MONTHS)
    elif every is None or not 1 <= every <= months:
        rules.add_error(errors, "visit_every_months", MSG_VISIT_EVERY)
    return errors


def _check_exit(case: ProtectionCase, outcome: str, exit_on: dt.date | None, field: str,
                errors: dict) -> None:
    """The latest assessment is confirmed and recommends this exit; the date follows it."""
    latest = case.assessments.order_by("-assessed_on", "-id").first()
    if (latest is None or latest.confirmed_on is None
            or latest.recommendation != RECOMMENDED.get(outcome)):
        rules.add_error(errors, "outcome", MSG_NOT_RECOMMENDED)
    if exit_on is None:
        rules.add_error(errors, field, rules.MSG_DATE_REQUIRED)
    elif exit_on > rules.today():
        rules.add_error(errors, field, MSG_DATE_FUTURE)
    elif latest is not None and exit_on < latest.assessed_on:
        rules.add_error(errors, field, MSG_EXIT_BEFORE_ASSESSMENT)


def _exit_case(actor: User, case_id: int, version: int) -> ProtectionCase:
    require(actor, Perm.CASE_WRITE)
    case = open_case_for_update(actor, case_id)
    check_version(case, version)
    if case.outcome:
        rules.raise_errors({"__all__": [MSG_EXIT_RECORDED]})
    return case


def _save(case: ProtectionCase, actor: User, reason) -> None:
    bump_version(case, actor)
    record_change(case, actor, reason=str(reason))
    case.save()


def case_close(case: ProtectionCase, *, actor: User, on: dt.date) -> None:
    """Close the case (its outcome already recorded): the row the caller holds locked."""
    case.state, case.closed_on, case.closed_by = CaseState.CLOSED, on, actor
    _save(case, actor, _("Case closed"))


@transaction.atomic
def case_exit_home(*, actor: User, case_id: int, version: int, outcome: str,
                   exit_on: dt.date | None, note: str = "",
                   follow_up_months: int | None = None,
                   visit_every_months: int | None = None) -> ProtectionCase:
    """The child returns to the guardian or is entrusted to relatives; follow-up visits fall
    due every `visit_every_months` for `follow_up_months` (by default the county's period,
    `selectors.exits.follow_up_period`: its own, else the global settings)."""
    case = _exit_case(actor, case_id, version)
    errors: dict[str, list] = {}
    note = (note or "").strip()
    if outcome not in (CaseOutcome.RETURNED, CaseOutcome.ENTRUSTED):
        rules.add_error(errors, "outcome", rules.MSG_CHOOSE)
    else:
        _check_exit(case, outcome, exit_on, "exit_on", errors)
    if outcome == CaseOutcome.ENTRUSTED and not note:
        rules.add_error(errors, "note", MSG_RELATIVES)
    county = follow_up_period(county_code=case.county_code)
    months = follow_up_months or county.months
    every = visit_every_months or county.every
    rules.merge_errors(errors, follow_up_period_errors(months, every))
    child = get_scoped(Child.objects.select_related("current_institution"), ALREADY_CHECKED,
                       pk=case.child_id, for_update=True)
    leaving = _leaving_home(case, child, outcome, exit_on, note, errors)
    rules.raise_errors(errors)
    if leaving is not None:
        children_internal.child_leave_care_write(
            actor=actor, child=child, on=exit_on, reason=leaving[0], destination=leaving[1],
            note=str(_("Protection case no. %(number)s: %(outcome)s") % {
                "number": case.pk, "outcome": CaseOutcome(outcome).label}))
    case.outcome, case.exit_on, case.exit_by, case.exit_note = outcome, exit_on, actor, note
    case.follow_up_months, case.visit_every_months = months, every
    _save(case, actor, CaseOutcome(outcome).label)
    for due in follow_up_dates(exit_on, months, every):
        visit = CaseFollowUp(case=case, due_on=due)
        record_change(visit, actor)
        visit.save()
    return case


def _leaving_home(case: ProtectionCase, child: Child, outcome: str, exit_on: dt.date | None,
                  note: str, errors: dict) -> tuple[str, str] | None:
    """A child going home from the county's protection institution leaves its care in the
    same step: (leave reason, destination) when the file records a leaving, after its
    rules' refusals joined `errors`. A child in another institution's care is refused (that
    institution records the leaving), as is a closed file."""
    if child.status == ChildStatus.IN_COMMUNITY:
        return None
    if child.status != ChildStatus.IN_CARE:
        rules.add_error(errors, "__all__", MSG_FILE_CLOSED)
        return None
    home = child.current_institution
    if (home is None or home.kind != InstitutionKind.MINORS_PROTECTION
            or home.division_code[:6] != case.county_code):
        rules.add_error(errors, "__all__", MSG_CHILD_IN_CARE)
        return None
    if outcome not in LEAVE_REASONS or exit_on is None or "exit_on" in errors:
        return None
    reason = LEAVE_REASONS[outcome]
    destination = note or str(CaseOutcome(outcome).label)
    found = children_internal.child_leave_care_checked(
        child=child, on=exit_on, reason=reason, destination=destination,
        fields={"on": "exit_on", "destination": "note"})
    for field, messages in found.items():
        for message in messages:
            rules.add_error(errors, field, message)
    return reason, destination


def _check_court(name: str, reference: str, on: dt.date | None, decided_on: dt.date | None,
                 errors: dict) -> None:
    """A court revoked the guardian (art. 94 (4)): its decision, not after the exit's."""
    for field, value in (("court_name", name), ("court_reference", reference),
                         ("court_decided_on", on)):
        if not value:
            rules.add_error(errors, field, MSG_COURT_REQUIRED)
    if on and on > rules.today():
        rules.add_error(errors, "court_decided_on", MSG_DATE_FUTURE)
    elif on and decided_on and on > decided_on:
        rules.add_error(errors, "court_decided_on", MSG_COURT_AFTER_DECISION)


@transaction.atomic
def case_long_term(*, actor: User, case_id: int, version: int, decided_on: dt.date | None,
                   ground: str, court_name: str = "", court_decided_on: dt.date | None = None,
                   court_reference: str = "", note: str = "") -> ProtectionCase:
    """Long-term guardianship (art. 94) with its ground: to the county's receiving
    institution, by a transfer drafted now (a child in the protection institution) or by
    that institution's direct intake (a child with relatives or a foster family)."""
    case = _exit_case(actor, case_id, version)
    errors: dict[str, list] = {}
    _check_exit(case, CaseOutcome.LONG_TERM, decided_on, "decided_on", errors)
    if ground not in dict(LONG_TERM_GROUNDS):
        rules.add_error(errors, "ground", MSG_GROUND)
    court_name, court_reference = (court_name or "").strip(), (court_reference or "").strip()
    if ground == GuardianshipSituation.LT_REVOKED:
        _check_court(court_name, court_reference, court_decided_on, decided_on, errors)
    assigned = _receiver(case, errors)
    child, in_protection = _long_term_child(case, errors)
    rules.raise_errors(errors)
    keep_court = ground == GuardianshipSituation.LT_REVOKED
    case.outcome, case.exit_on, case.exit_by = CaseOutcome.LONG_TERM, decided_on, actor
    case.exit_note, case.long_term_ground = (note or "").strip(), ground
    case.court_name = court_name if keep_court else ""
    case.court_reference = court_reference if keep_court else ""
    case.court_decided_on = court_decided_on if keep_court else None
    case.receiver = assigned.receiver
    if in_protection:
        case.transfer = _draft(actor, case, child)
    _save(case, actor, CaseOutcome.LONG_TERM.label)
    return case


def _receiver(case: ProtectionCase, errors: dict) -> CountyReceiver | None:
    """The county's receiving institution in the province layout (a refusal if none)."""
    assigned = CountyReceiver.objects.filter(division_code=case.county_code).select_related(
        "receiver").first()
    if assigned is None:
        rules.add_error(errors, "__all__", MSG_NO_RECEIVER)
    return assigned


def _long_term_child(case: ProtectionCase, errors: dict) -> tuple[Child, bool]:
    """The case's child, its row locked (a transfer is drafted on it), and whether it lives
    in the protection institution (then it goes by a transfer)."""
    child = get_scoped(Child.objects.select_related("current_institution"), ALREADY_CHECKED,
                       pk=case.child_id, for_update=True)
    in_protection = bool(
        child.status == ChildStatus.IN_CARE and child.current_institution
        and child.current_institution.kind == InstitutionKind.MINORS_PROTECTION)
    if child.status == ChildStatus.IN_CARE and not in_protection:
        rules.add_error(errors, "__all__", MSG_NOT_PROTECTION_INSTITUTION)
    elif child.status not in (ChildStatus.IN_CARE, ChildStatus.IN_COMMUNITY):
        rules.add_error(errors, "__all__", MSG_FILE_CLOSED)
    return child, in_protection


def _draft(actor: User, case: ProtectionCase, child: Child):
    """The transfer of a long-term exit to the case's receiving institution."""
    return draft_locked(
        actor=actor, child=child, to_institution=case.receiver,
        reason=str(_("Long-term guardianship (Minors Protection Law art. 94): %(ground)s")
                   % {"ground": GuardianshipSituation(case.long_term_ground).label}),
        planned_on=rules.today(), hukou_decision=HukouDecision.MOVE, hukou_stay_reason="",
        plan={})


@transaction.atomic
def case_long_term_redraft(*, actor: User, case_id: int, version: int) -> ProtectionCase:
    """Draft the transfer of a long-term exit again after the receiving institution returned
    it or it was cancelled: to the receiver the province layout names now (it may have
    changed), from the protection institution where the child still lives. The returned
    or cancelled transfer stays on the child's file."""
    require(actor, Perm.CASE_WRITE)
    case = open_case_for_update(actor, case_id)
    check_version(case, version)
    transfer = case.transfer
    if (case.outcome != CaseOutcome.LONG_TERM or transfer is None
            or transfer.status not in TRANSFER_REDRAFTABLE):
        rules.raise_errors({"__all__": [MSG_NOT_REDRAFTABLE]})
    errors: dict[str, list] = {}
    assigned = _receiver(case, errors)
    child, in_protection = _long_term_child(case, errors)
    if child.status == ChildStatus.IN_COMMUNITY or (not in_protection and not errors):
        rules.add_error(errors, "__all__", MSG_NOT_IN_PROTECTION)
    rules.raise_errors(errors)
    case.receiver = assigned.receiver
    case.transfer = _draft(actor, case, child)
    _save(case, actor, _("Transfer drafted again"))
    return case


def long_term_legal_note(case: ProtectionCase) -> str:
    """The court decision, as the file's guardianship note keeps it."""
    if not case.court_reference:
        return ""
    return str(_("%(court)s, decision %(reference)s of %(on)s") % {
        "court": case.court_name, "reference": case.court_reference,
        "on": case.court_decided_on.isoformat() if case.court_decided_on else ""})


@transaction.atomic
def case_long_term_intake(*, actor: User, case_id: int, intake_on: dt.date | None,
                          bed: str = "", note: str = "") -> ProtectionCase:
    """The county's receiving institution takes in the child of a long-term exit who lives
    with relatives or a foster family (no transfer): long-term guardianship with its legal
    basis on the same file; the case closes."""
    require(actor, Perm.CHILD_REGISTER)
    if actor.institution_id is None:
        raise NotFoundError()
    # Found through the receiving institution (the actor's own): the case is otherwise
    # outside the institution's scope, and only this step reaches it.
    case = get_scoped(ProtectionCase.objects.filter(
        receiver_id=actor.institution_id, outcome=CaseOutcome.LONG_TERM,
        transfer__isnull=True).select_related("receiver"), ALREADY_CHECKED, pk=case_id,
        for_update=True)
    if case.state != CaseState.OPEN:
        rules.raise_errors({"__all__": [MSG_CASE_CLOSED]})
    child = get_scoped(Child.objects.all(), ALREADY_CHECKED, pk=case.child_id, for_update=True)
    if child.status != ChildStatus.IN_COMMUNITY:
        rules.raise_errors({"__all__": [MSG_NOT_AWAITING]})
    if intake_on is None:
        rules.raise_errors({"intake_on": [rules.MSG_DATE_REQUIRED]})
    if case.exit_on and intake_on < case.exit_on:
        rules.raise_errors({"intake_on": [MSG_INTAKE_BEFORE_EXIT]})
    category = GROUND_CATEGORY[case.long_term_ground]
    children_internal.child_take_into_care(
        actor=actor, child=child, institution=case.receiver, intake_on=intake_on,
        intake_category=category,
        legal_basis=default_legal_basis(intake_on, category, GuardianKind.LONG_TERM),
        guardian_kind=GuardianKind.LONG_TERM, guardianship_situation=case.long_term_ground,
        guardianship_note=long_term_legal_note(case),
        received_from=str(_("Protection case no. %(number)s") % {"number": case.pk}),
        intake_note=(note or "").strip(), bed=bed or "")
    case_close(case, actor=actor, on=intake_on)
    return case


# ------------------------------------------------------------------- follow-up visits


@transaction.atomic
def follow_up_record(*, actor: User, follow_up_id: int, version: int,
                     visited_on: dt.date | None, method: str, situation: str,
                     note: str = "") -> CaseFollowUp:
    """Record a follow-up visit (the county's case workers, or the village or township
    worker of the child's area); the last one closes the case with its outcome."""
    require(actor, Perm.CASE_FOLLOW_UP)
    visit = get_scoped(CaseFollowUp.objects.all(), actor, pk=follow_up_id, for_update=True)
    case = get_scoped(ProtectionCase.objects.select_related("child"), ALREADY_CHECKED,
                      pk=visit.case_id, for_update=True)
    if case.state != CaseState.OPEN:
        rules.raise_errors({"__all__": [MSG_CASE_CLOSED]})
    check_version(visit, version)
    if visit.visited_on is not None:
        rules.raise_errors({"__all__": [MSG_VISIT_DONE]})
    errors: dict[str, list] = {}
    if visited_on is None:
        rules.add_error(errors, "visited_on", rules.MSG_DATE_REQUIRED)
    elif visited_on > rules.today():
        rules.add_error(errors, "visited_on", MSG_DATE_FUTURE)
    elif visited_on < case.exit_on:
        rules.add_error(errors, "visited_on", MSG_VISIT_BEFORE_EXIT)
    if method not in VisitMethod.values:
        rules.add_error(errors, "method", rules.MSG_CHOOSE)
    situation = (situation or "").strip()
    if not situation:
        rules.add_error(errors, "situation", MSG_TEXT_REQUIRED)
    rules.raise_errors(errors)
    visit.visited_on, visit.visited_by, visit.method = visited_on, actor, method
    visit.situation, visit.note = situation, (note or "").strip()
    bump_version(visit, actor)
    record_change(visit, actor, reason=str(_("Follow-up visit recorded")))
    visit.save()
    if not case.follow_ups.filter(visited_on__isnull=True).exists():
        case_close(case, actor=actor, on=visited_on)
    return visit
