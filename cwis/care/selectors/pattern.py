"""Reads of the care pattern, scoped (cwis.core.scoping) and limited by role: the line's
profession and the director read everything; caregivers and other professions read plans
and sessions, not assessments, reviews, diagnoses or costs; the offices above read counts.
"""

import datetime as dt
from dataclasses import dataclass, field

from django.db.models import Count, Q, QuerySet

from cwis.accounts.models import User
from cwis.care.choices import LINE_PERM, OUTSIDE_LINES, PlanStatus
from cwis.care.models import CareAssessment, CarePlan, CareReview, CareSession, OutsideService
from cwis.care.selectors.lines import line_records
from cwis.care.services.rules import may_view_clinical, may_write, require_clinical
from cwis.children import selectors as child_selectors
from cwis.children.choices import ChildStatus
from cwis.children.models import Child
from cwis.core.errors import NotFoundError
from cwis.core.permissions import Perm, has_perm, require
from cwis.core.scoping import get_scoped, scope

TIMELINE_LIMIT = 300  # entries on one tab; older ones stay in the lists of each plan


def check_line(line: str) -> str:
    if line not in LINE_PERM:
        raise NotFoundError()
    return line


def care_child(*, actor: User, child_id: int) -> Child:
    """The file whose care tab is read: in scope (404), and a role that reads care records
    or their counts (403)."""
    child = child_selectors.child_get(actor=actor, child_id=child_id)
    if not (has_perm(actor, Perm.CARE_VIEW) or has_perm(actor, Perm.CARE_FIGURES)):
        require(actor, Perm.CARE_VIEW)
    return child


@dataclass(frozen=True)
class TimelineEntry:
    on: dt.date
    kind: str  # assessment, plan, approval, session, review, closed
    record: object
    clinical: bool = False


@dataclass
class CareTab:
    """One line of one child: what the actor may read of it."""

    child: Child
    line: str
    clinical: bool  # assessments and reviews shown
    counts_only: bool  # the offices above: how many, never what
    may_write: bool
    may_approve: bool
    plans: list[CarePlan] = field(default_factory=list)
    assessments: list[CareAssessment] = field(default_factory=list)
    timeline: list[TimelineEntry] = field(default_factory=list)
    counts: dict[str, int] = field(default_factory=dict)
    records: dict[str, list] = field(default_factory=dict)  # what the line adds
    outside: list = field(default_factory=list)  # services by other institutions
    may_agree: bool = False


def care_tab(*, actor: User, child: Child, line: str) -> CareTab:
    """The child's care in `line`: plans, assessments and a timeline newest first (a
    constant number of queries), or only counts for the offices above."""
    check_line(line)
    counts_only = not has_perm(actor, Perm.CARE_VIEW)
    tab = CareTab(child=child, line=line, clinical=may_view_clinical(actor, line),
                  counts_only=counts_only, may_write=may_write(actor, line),
                  may_approve=has_perm(actor, Perm.CARE_APPROVE))
    tab.outside = list(scope(OutsideService.objects.filter(child=child, line=line), actor)
                       .exclude(provider_id=actor.institution_id).select_related("provider"))
    tab.may_agree = line in OUTSIDE_LINES and has_perm(actor, Perm.CARE_OUTSIDE_AGREE) and (
        child.status in (ChildStatus.IN_CARE, ChildStatus.IN_COMMUNITY))
    if counts_only:
        tab.counts = care_counts(actor=actor, child=child, line=line)
        return tab
    plans = list(scope(CarePlan.objects.filter(child=child, line=line), actor)
                 .select_related("responsible", "approved_by", "outside_service__provider")
                 .order_by("-starts_on", "-id"))
    sessions = list(scope(CareSession.objects.filter(child=child, line=line), actor)
                    .select_related("staff").order_by("-held_on", "-id")[:TIMELINE_LIMIT])
    tab.plans = plans
    entries = [TimelineEntry(s.held_on, "session", s) for s in sessions]
    for plan in plans:
        entries.append(TimelineEntry(plan.submitted_on, "plan", plan))
        if plan.approved_on:
            entries.append(TimelineEntry(plan.approved_on, "approval", plan))
        if plan.closed_on and plan.close_reason != "reviewed":
            entries.append(TimelineEntry(plan.closed_on, "closed", plan))
    if tab.clinical:
        tab.assessments = list(scope(CareAssessment.objects.filter(child=child, line=line),
                                     actor).select_related("assessor"))
        reviews = scope(CareReview.objects.filter(child=child, line=line), actor)
        entries += [TimelineEntry(a.assessed_on, "assessment", a, True)
                    for a in tab.assessments]
        entries += [TimelineEntry(r.reviewed_on, "review", r, True)
                    for r in reviews.select_related("reviewer")]
    tab.records = line_records(actor=actor, child=child, line=line)
    entries += _line_entries(tab.records)
    entries.sort(key=lambda e: (e.on, e.kind != "session"), reverse=True)
    tab.timeline = entries[:TIMELINE_LIMIT]
    return tab


# What each line's records put on the timeline: (records key, kind, date attribute).
_LINE_TIMELINE = (("visits", "medical_visit", "started_on", True),
                  ("health_checks", "health_check", "done_on", True),
                  ("enrolments", "enrolment", "applied_on", False),
                  ("assistance", "assistance", "applied_on", True),
                  ("school_places", "school_place", "enrolled_on", False),
                  ("student_aid", "student_aid", "received_on", False))


def _line_entries(records: dict[str, list]) -> list[TimelineEntry]:
    entries = []
    for key, kind, attribute, clinical in _LINE_TIMELINE:
        for record in records.get(key, ()):
            day = getattr(record, attribute)
            if day is not None:
                entries.append(TimelineEntry(day, kind, record, clinical))
    return entries


def care_counts(*, actor: User, child: Child, line: str) -> dict[str, int]:
    """How many plans (open, closed) and sessions the child has in `line`: what an office
    above reads of a child's care."""
    plans = scope(CarePlan.objects.filter(child=child, line=line), actor).aggregate(
        open=Count("pk", filter=Q(status__in=(PlanStatus.PENDING, PlanStatus.ACTIVE))),
        closed=Count("pk", filter=Q(status=PlanStatus.CLOSED)),
    )
    sessions = scope(CareSession.objects.filter(child=child, line=line, entered_in_error=""),
                     actor).count()
    return {"open_plans": plans["open"], "closed_plans": plans["closed"],
            "sessions": sessions}


# ----------------------------------------------------------------------------- records


def plan_get(*, actor: User, plan_id: int) -> CarePlan:
    """A plan in scope (404) for a role that reads plans (403)."""
    plan = get_scoped(CarePlan.objects.select_related(
        "child", "child__current_institution", "responsible", "approved_by", "assessment",
        "outside_service__provider"), actor, pk=plan_id)
    require(actor, Perm.CARE_VIEW)
    return plan


def plan_sessions(*, plan: CarePlan) -> QuerySet[CareSession]:
    return plan.sessions.select_related("staff").order_by("-held_on", "-id")


def plan_review(*, actor: User, plan: CarePlan) -> CareReview | None:
    """The plan's review, for those who read the line's clinical records."""
    if not may_view_clinical(actor, plan.line):
        return None
    return CareReview.objects.filter(plan=plan).select_related("reviewer").first()


def assessment_get(*, actor: User, assessment_id: int) -> CareAssessment:
    assessment = get_scoped(CareAssessment.objects.select_related("child", "assessor"),
                            actor, pk=assessment_id)
    require_clinical(actor, assessment.line)
    return assessment


def session_get(*, actor: User, session_id: int) -> CareSession:
    session = get_scoped(CareSession.objects.select_related("child", "plan", "staff"),
                         actor, pk=session_id)
    require(actor, Perm.CARE_VIEW)
    return session


def review_get(*, actor: User, review_id: int) -> CareReview:
    review = get_scoped(CareReview.objects.select_related("child", "plan", "reviewer"),
                        actor, pk=review_id)
    require_clinical(actor, review.line)
    return review


def assessments_for_plan(*, actor: User, child: Child, line: str
                         ) -> QuerySet[CareAssessment]:
    """The assessments a new plan may rest on (open ones of the child in the line)."""
    return scope(CareAssessment.objects.filter(child=child, line=line, closed_on__isnull=True),
                 actor).order_by("-assessed_on", "-id")


def staff_choices(*, institution_id: int | None) -> QuerySet[User]:
    """Who may be named responsible or as the staff of a session: the institution's active
    accounts (the child's institution, or the one delivering an outside service)."""
    return User.objects.filter(institution_id=institution_id, is_active=True).order_by(
        "display_name", "username")

