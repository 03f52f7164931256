"""Reads of the county protection casework, scoped by cwis.core.scoping on the county that
holds the case. Who reads what:

- the county's protection workers and officers (CASE_VIEW): their county's cases;
- the prefecture and province (CASE_VIEW_WITH_REASON): counts, and one case only through
  `services.cases.case_open_with_reason` (a stated reason, in the access log);
- the ministry (CASE_COUNTS): counts;
- village and township workers (CASE_BADGE): whether a child in their scope has an open case.
"""

import datetime as dt
from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any

from django.db.models import Count, Exists, OuterRef, Prefetch, QuerySet
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from cwis.accounts.models import User
from cwis.children.models import Child
from cwis.core.errors import NotFoundError
from cwis.core.history import history_entries
from cwis.core.permissions import Perm, has_perm
from cwis.core.scoping import get_scoped, scope
from cwis.protection.models.cases import (
    TRANSFER_REDRAFTABLE,
    CaseFollowUp,
    CaseOutcome,
    CaseState,
    GuardianshipAssessment,
    ProtectionCase,
)
from cwis.protection.models.conferences import (
    CaseConference,
    ConferenceDecision,
    ConferenceParticipant,
)
from cwis.protection.models.emotional_care import (
    CareSession,
    InterventionPlan,
    InterventionReview,
)
from cwis.protection.models.referrals import Referral
from cwis.protection.selectors import casework

CASE_FILTER_KEYS = ("state", "situation", "placement", "overdue")
CASE_ORDERS = {"opened": ("opened_on", "id"), "-opened": ("-opened_on", "-id")}


def case_get(*, actor: User, case_id: int) -> ProtectionCase:
    """A case of the actor's county; NotFoundError otherwise (also for roles that may read
    a case only with a reason: they go through `case_open_with_reason`)."""
    if not has_perm(actor, Perm.CASE_VIEW):
        raise NotFoundError()
    return get_scoped(ProtectionCase.objects.select_related("child", "opened_by"), actor,
                      pk=case_id)


def case_needs_reason(*, actor: User, case_id: int) -> bool:
    """True when the actor may open this case only with a reason; NotFoundError when the
    actor may not open it at all (out of scope, or a role that sees counts only)."""
    if has_perm(actor, Perm.CASE_VIEW):
        case_get(actor=actor, case_id=case_id)
        return False
    if not has_perm(actor, Perm.CASE_VIEW_WITH_REASON):
        raise NotFoundError()
    get_scoped(ProtectionCase.objects.all(), actor, pk=case_id)
    return True


def case_list(*, actor: User, filters: Mapping[str, Any] | None = None,
              today=None, order: str = "-opened") -> QuerySet[ProtectionCase]:
    """The cases of the actor's county: open ones unless `state` says otherwise; filters
    `situation`, `placement`, `overdue` (no assessment yet and the first one overdue)."""
    if not has_perm(actor, Perm.CASE_VIEW):
        return ProtectionCase.objects.none()
    filters = filters or {}
    cases = scope(ProtectionCase.objects.select_related("child"), actor)
    cases = cases.filter(state=filters.get("state") or CaseState.OPEN)
    for key in ("situation", "placement"):
        if filters.get(key):
            cases = cases.filter(**{key: filters[key]})
    if filters.get("overdue") and today is not None:
        cases = cases.filter(first_assessment_due__lt=today).exclude(
            Exists(GuardianshipAssessment.objects.filter(case=OuterRef("pk"))))
    return cases.order_by(*CASE_ORDERS.get(order, CASE_ORDERS["-opened"]))


def case_counts(*, actor: User) -> list[dict[str, Any]]:
    """Open cases per county in the actor's jurisdiction: what the offices above see."""
    if not has_perm(actor, Perm.CASE_COUNTS):
        return []
    return list(scope(ProtectionCase.objects.filter(state=CaseState.OPEN), actor)
                .values("county_code").annotate(open_cases=Count("id"))
                .order_by("county_code"))


def case_open_for_child(*, actor: User, child: Child) -> ProtectionCase | None:
    """The child's open case, for a reader of cases; None otherwise. `child` is already in
    the actor's scope."""
    if not has_perm(actor, Perm.CASE_VIEW):
        return None
    return scope(ProtectionCase.objects.filter(child=child, state=CaseState.OPEN),
                 actor).first()


def child_cases(*, actor: User, child: Child) -> QuerySet[ProtectionCase]:
    """Every case of the child the actor may read, newest first (the file's tab)."""
    if not has_perm(actor, Perm.CASE_VIEW):
        return ProtectionCase.objects.none()
    return scope(child.protection_cases.all(), actor).order_by("-opened_on", "-id")


def child_has_open_case(*, actor: User, child: Child) -> bool:
    """Whether the child (already in the actor's scope) has an open case: the badge a village
    or township worker sees, nothing of the case itself."""
    if not has_perm(actor, Perm.CASE_BADGE):
        return False
    return child.protection_cases.filter(state=CaseState.OPEN).exists()


def case_assessments(*, case: ProtectionCase) -> QuerySet[GuardianshipAssessment]:
    return case.assessments.select_related("assessed_by", "confirmed_by").order_by(
        "-assessed_on", "-id")


def assessment_get(*, actor: User, assessment_id: int) -> GuardianshipAssessment:
    if not has_perm(actor, Perm.CASE_VIEW):
        raise NotFoundError()
    return get_scoped(GuardianshipAssessment.objects.select_related("case", "case__child"),
                      actor, pk=assessment_id)


def decision_get(*, actor: User, decision_id: int) -> ConferenceDecision:
    if not has_perm(actor, Perm.CASE_VIEW):
        raise NotFoundError()
    return get_scoped(ConferenceDecision.objects.select_related("conference__case__child"),
                      actor, pk=decision_id)


@dataclass(frozen=True)
class TimelineEntry:
    on: dt.date
    kind: str  # reported, placed, opened, assessment, conference, referral..., care...
    record: Any


def case_timeline(*, case: ProtectionCase) -> list[TimelineEntry]:
    """Everything that happened on the case, in order: the report, the emergency placement,
    the opening, the assessments and the conferences (with their decisions), the exit, the
    follow-up visits recorded and the closing."""
    entries = [
        TimelineEntry(timezone.localtime(case.reported_at).date(), "reported", case),
        TimelineEntry(timezone.localtime(case.placed_at).date(), "placed", case),
        TimelineEntry(case.opened_on, "opened", case),
    ]
    entries += [TimelineEntry(a.assessed_on, "assessment", a)
                for a in case_assessments(case=case)]
    conferences = case.conferences.prefetch_related(
        Prefetch("participants", queryset=ConferenceParticipant.objects.order_by("id")),
        Prefetch("decisions", queryset=ConferenceDecision.objects.select_related("done_by")
                 .order_by("due_on", "id")))
    entries += [TimelineEntry(c.held_on, "conference", c) for c in conferences]
    entries += _casework_entries(case)
    if case.outcome:
        entries.append(TimelineEntry(case.exit_on, "exit", case))
    entries += [TimelineEntry(v.visited_on, "follow_up", v) for v in
                case.follow_ups.filter(visited_on__isnull=False).select_related("visited_by")]
    if case.closed_on:
        entries.append(TimelineEntry(case.closed_on, "closed", case))
    order = {"reported": 0, "placed": 1, "opened": 2, "exit": 4, "follow_up": 5, "closed": 6}
    return sorted(entries, key=lambda e: (e.on, order.get(e.kind, 3), e.record.pk))


def _casework_entries(case: ProtectionCase) -> list[TimelineEntry]:
    """Referrals (sent, answered, delivered, closed: each step on its own day), emotional
    care sessions, intervention plans and their reviews."""
    entries = []
    for r in casework.case_referrals(case=case):
        entries.append(TimelineEntry(r.sent_on, "referral", r))
        for on, kind in ((r.answered_on, "referral_answer"),
                         (r.delivered_on, "referral_delivered"),
                         (r.closed_on, "referral_closed")):
            if on is not None:
                entries.append(TimelineEntry(on, kind, r))
    entries += [TimelineEntry(s.held_on, "care_session", s)
                for s in casework.case_sessions(case=case)]
    for plan in casework.case_plans(case=case):
        entries.append(TimelineEntry(plan.made_on, "plan", plan))
        entries += [TimelineEntry(r.reviewed_on, "plan_review", r) for r in plan.reviews.all()]
    return entries


@dataclass(frozen=True)
class CaseActions:
    """What the actor may do on this case, for showing buttons. The services check again."""

    edit: bool
    assess: bool  # record assessments and conferences, mark decisions done
    confirm: bool
    exit: bool  # record the exit (return, entrust, long-term): once
    redraft: bool = False  # draft a long-term exit's returned or cancelled transfer again


def case_actions(*, actor: User, case: ProtectionCase) -> CaseActions:
    open_ = case.state == CaseState.OPEN
    write = open_ and has_perm(actor, Perm.CASE_WRITE)
    redraft = bool(write and case.outcome == CaseOutcome.LONG_TERM and case.transfer_id
                   and case.transfer.status in TRANSFER_REDRAFTABLE)
    return CaseActions(edit=write, assess=write,
                       confirm=open_ and has_perm(actor, Perm.CASE_CONFIRM_ASSESSMENT),
                       exit=write and not case.outcome, redraft=redraft)


def case_history(*, case: ProtectionCase) -> list:
    """Who changed the case and its assessments, newest first (cwis.core.history)."""
    sources = [
        (case.history.all(), _("Case")),
        (GuardianshipAssessment.history.filter(case_id=case.pk), _("Assessment")),
        (CaseConference.history.filter(case_id=case.pk), _("Case conference")),
        (ConferenceDecision.history.filter(conference__case_id=case.pk), _("Decision")),
        (Referral.history.filter(case_id=case.pk), _("Referral")),
        (CareSession.history.filter(case_id=case.pk), _("Emotional care session")),
        (InterventionPlan.history.filter(case_id=case.pk), _("Intervention plan")),
        (InterventionReview.history.filter(plan__case_id=case.pk),
         _("Intervention plan review")),
        (CaseFollowUp.history.filter(case_id=case.pk), _("Follow-up visit")),
    ]
    labels = {}
    rows = []
    for records, label in sources:
        for row in records.select_related("history_user"):
            labels[id(row)] = str(label)
            rows.append(row)
    rows.sort(key=lambda r: (r.history_date, r.history_id))
    return history_entries(rows, label=lambda r: labels[id(r)])
