"""Overdue case deadlines escalated to the offices above the county (DESIGN.md rule 6).

A first guardianship assessment, a reassessment, a case conference decision or a referral's
answer overdue longer than its kind's `CWIS_ESCALATION_DAYS` reaches the prefecture's and the
province's to-do list one by one. The item names the case number and the county, never the
child or what the case holds: it leads to `/protection/cases/<id>/`, where the office states
its reason before it reads anything (the access log keeps it). The ministry, which may not
open a case, reads counts only."""

import datetime as dt

from django.db.models import Exists, OuterRef, Subquery
from django.urls import reverse
from django.utils.translation import gettext as _

from cwis.accounts.models import User
from cwis.core.divisions import division_names
from cwis.core.permissions import Perm, has_perm
from cwis.core.scoping import scope
from cwis.core.todo import TodoItem, counts_only, escalation_cutoff, register
from cwis.protection.models.cases import CaseState, GuardianshipAssessment, ProtectionCase
from cwis.protection.models.conferences import ConferenceDecision
from cwis.protection.models.referrals import Referral, ReferralState

MAX_ITEMS = 200
KINDS = ("first_assessment", "reassessment", "decision", "referral_answer")


def _rows(actor: User, kind: str, cutoff: dt.date) -> list[tuple[int, str, dt.date]]:
    """(case id, county code, due date) of the items of `kind` due before `cutoff`."""
    open_cases = scope(ProtectionCase.objects.filter(state=CaseState.OPEN), actor)
    assessments = GuardianshipAssessment.objects.filter(case=OuterRef("pk"))
    if kind == "first_assessment":
        rows = (open_cases.exclude(Exists(assessments)).filter(first_assessment_due__lt=cutoff)
                .values_list("pk", "county_code", "first_assessment_due")
                .order_by("first_assessment_due", "pk"))
    elif kind == "reassessment":
        latest = assessments.order_by("-assessed_on", "-id").values("reassess_on")[:1]
        rows = (open_cases.annotate(reassess_on=Subquery(latest))
                .filter(reassess_on__lt=cutoff)
                .values_list("pk", "county_code", "reassess_on").order_by("reassess_on", "pk"))
    elif kind == "decision":
        rows = (scope(ConferenceDecision.objects.filter(
            done_on__isnull=True, conference__case__state=CaseState.OPEN, due_on__lt=cutoff),
            actor).values_list("conference__case_id", "conference__case__county_code",
                               "due_on").order_by("due_on", "pk"))
    else:
        rows = (scope(Referral.objects.filter(
            state=ReferralState.SENT, case__state=CaseState.OPEN, answer_due__lt=cutoff),
            actor).values_list("case_id", "case__county_code", "answer_due")
            .order_by("answer_due", "pk"))
    return list(rows[:MAX_ITEMS])


def _titles() -> dict[str, str]:
    return {
        "first_assessment": _("Case no. %(number)s (%(county)s): first guardianship "
                              "assessment overdue"),
        "reassessment": _("Case no. %(number)s (%(county)s): guardianship reassessment "
                          "overdue"),
        "decision": _("Case no. %(number)s (%(county)s): a case conference decision overdue"),
        "referral_answer": _("Case no. %(number)s (%(county)s): a referral unanswered past "
                             "its due date"),
    }


@register
def protection_escalated_todo(actor: User, today: dt.date) -> list[TodoItem]:
    if not (counts_only(actor) and has_perm(actor, Perm.CASE_VIEW_WITH_REASON)):
        return []
    found = []
    for kind in KINDS:
        cutoff = escalation_cutoff(f"protection.{kind}", today)
        if cutoff is not None:
            found += [(kind, *row) for row in _rows(actor, kind, cutoff)]
    names = division_names({county for _kind, _case, county, _due in found})
    titles = _titles()
    return [
        TodoItem(kind=f"protection.{kind}",
                 title=titles[kind] % {"number": case_id, "county": names.get(county, county)},
                 due=due, url=reverse("case_detail", args=[case_id]),
                 institution=names.get(county, county))
        for kind, case_id, county, due in found
    ]
