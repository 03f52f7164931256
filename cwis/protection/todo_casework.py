"""Referral and emotional care deadlines on the county case workers' to-do list (DESIGN.md
rule 6): each referral awaiting an answer (due `answer_due`, an alert once overdue), each
intervention plan's review date, and each child flagged at risk by the latest care session
without an intervention plan in force (due the day of that session). The offices above the
county get none of these one by one (cwis/protection/todo_escalation.py sends them the
escalated case deadlines, by case number and county only)."""

import datetime as dt

from django.db.models import Exists, OuterRef, Subquery
from django.urls import reverse
from django.utils.translation import gettext as _

from cwis.accounts.models import User
from cwis.core.permissions import Perm, has_perm
from cwis.core.scoping import scope
from cwis.core.todo import TodoItem, register
from cwis.protection.models.cases import CaseState, ProtectionCase
from cwis.protection.models.emotional_care import AT_RISK_LEVELS, CareSession, InterventionPlan
from cwis.protection.models.referrals import Referral, ReferralState

MAX_ITEMS = 200


def _item(kind: str, title: str, case_id: int, due: dt.date, since: dt.date) -> TodoItem:
    return TodoItem(kind=f"protection.{kind}", title=title, due=due,
                    url=reverse("case_detail", args=[case_id]), since=since)


def _referrals(actor: User) -> list[TodoItem]:
    referrals = scope(Referral.objects.filter(state=ReferralState.SENT,
                                              case__state=CaseState.OPEN), actor)
    return [
        _item("referral_answer",
              _("%(child)s: answer to the referral for %(service)s (%(recipient)s)") % {
                  "child": r.case.child.name, "service": r.get_service_display(),
                  "recipient": r.recipient_name},
              r.case_id, r.answer_due, r.sent_on)
        for r in referrals.select_related("case__child").order_by("answer_due", "id")
        [:MAX_ITEMS]
    ]


def _care(actor: User) -> list[TodoItem]:
    plans = scope(InterventionPlan.objects.filter(ended_on__isnull=True,
                                                  case__state=CaseState.OPEN), actor)
    items = [
        _item("care_plan_review", _("%(child)s: review the intervention plan")
              % {"child": p.case.child.name}, p.case_id, p.review_on, p.made_on)
        for p in plans.select_related("case__child").order_by("review_on", "id")[:MAX_ITEMS]
    ]
    latest = CareSession.objects.filter(case=OuterRef("pk")).order_by("-held_on", "-id")
    in_force = InterventionPlan.objects.filter(case=OuterRef("pk"), ended_on__isnull=True)
    cases = scope(ProtectionCase.objects.filter(state=CaseState.OPEN), actor).annotate(
        risk=Subquery(latest.values("risk_level")[:1]),
        flagged_on=Subquery(latest.values("held_on")[:1]),
    ).filter(risk__in=AT_RISK_LEVELS).exclude(Exists(in_force)).select_related("child")
    items.extend(
        _item("care_plan_missing", _("%(child)s: at risk without an intervention plan")
              % {"child": c.child.name}, c.pk, c.flagged_on, c.flagged_on)
        for c in cases.order_by("flagged_on", "id")[:MAX_ITEMS])
    return items


@register
def protection_casework_todo(actor: User, today: dt.date) -> list[TodoItem]:
    if not has_perm(actor, Perm.CASE_WRITE):
        return []
    return _referrals(actor) + _care(actor)
