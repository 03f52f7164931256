"""Operations other apps' checked services compose: closing what is open on a child's file
when the file closes (registered with cwis.children.services.closing from hooks.py).

No role or scope check: the closing service (leaving care, removal from the registry, a
merge, entered in error) has checked once and holds the child's row locked.
"""

import datetime as dt

from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from cwis.accounts.models import User
from cwis.care.choices import CloseReason, OutsideState, PlanStatus
from cwis.care.models import CareAssessment, CarePlan, HealthCheck, OutsideService
from cwis.care.services import rules
from cwis.care.services.pattern import plan_close
from cwis.children.models import Child
from cwis.core.concurrency import bump_version

MSG_CLOSED_WITH_FILE = _("Closed with the child's file.")


def care_close_with_file(*, child: Child, on: dt.date, actor: User) -> None:
    """Close the child's open plans, assessments, due health checks and outside services:
    kept as they were, closed on the day the file closed."""
    for plan in CarePlan.objects.select_for_update().filter(
            child=child, status__in=(PlanStatus.PENDING, PlanStatus.ACTIVE)):
        plan_close(plan, on=max(on, plan.starts_on), why=CloseReason.LEFT_CARE, actor=actor,
                   note=str(MSG_CLOSED_WITH_FILE))
    for assessment in CareAssessment.objects.select_for_update().filter(
            child=child, closed_on__isnull=True):
        assessment.closed_on, assessment.close_reason = on, CloseReason.LEFT_CARE
        bump_version(assessment, actor)
        rules.save(assessment, actor, str(MSG_CLOSED_WITH_FILE))
    for check in HealthCheck.objects.select_for_update().filter(
            child=child, done_on__isnull=True, cancelled_reason=""):
        check.cancelled_reason = str(MSG_CLOSED_WITH_FILE)
        bump_version(check, actor)
        rules.save(check, actor, str(MSG_CLOSED_WITH_FILE))
    for service in OutsideService.objects.select_for_update().filter(
            Q(child=child), state__in=(OutsideState.AGREED, OutsideState.OPEN)):
        service.state, service.closed_on, service.closed_by = OutsideState.CLOSED, on, actor
        service.close_note = str(MSG_CLOSED_WITH_FILE)
        bump_version(service, actor)
        rules.save(service, actor, str(MSG_CLOSED_WITH_FILE))
