"""Every write of care services (see docs/care.md)."""

from cwis.care.services.pattern import (
    assessment_record,
    assessment_update,
    plan_approve,
    plan_create,
    plan_update,
    plan_withdraw,
    review_record,
    review_update,
    session_mark_error,
    session_record,
    session_update,
)

__all__ = [
    "assessment_record",
    "assessment_update",
    "plan_approve",
    "plan_create",
    "plan_update",
    "plan_withdraw",
    "review_record",
    "review_update",
    "session_mark_error",
    "session_record",
    "session_update",
]
