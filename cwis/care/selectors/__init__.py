"""Every read of care services, scoped (see docs/care.md)."""

from cwis.care.selectors.figures import children_without_plan, eligible_children
from cwis.care.selectors.pattern import (
    CareTab,
    TimelineEntry,
    assessment_get,
    assessments_for_plan,
    care_child,
    care_counts,
    care_tab,
    check_line,
    plan_get,
    plan_review,
    plan_sessions,
    review_get,
    session_get,
    staff_choices,
)

__all__ = [
    "CareTab",
    "TimelineEntry",
    "assessment_get",
    "assessments_for_plan",
    "care_child",
    "care_counts",
    "care_tab",
    "check_line",
    "children_without_plan",
    "eligible_children",
    "plan_get",
    "plan_review",
    "plan_sessions",
    "review_get",
    "session_get",
    "staff_choices",
]
