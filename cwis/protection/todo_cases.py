"""Protection case deadlines on the to-do list (DESIGN.md rule 6), from the dates stored on
the records: the first guardianship assessment of a case (due CWIS_CASE_FIRST_ASSESSMENT_DAYS
after the opening), the reassessment the latest assessment set, the decisions of case
conferences not yet done, and assessments awaiting the county officer's confirmation. The
county's protection workers and officers see their county's; the offices above read counts,
never a case.
"""

import datetime as dt

from django.db.models import Exists, OuterRef, Subquery
from django.urls import reverse
from django.utils.translation import gettext as _

from cwis.accounts.models import User
from cwis.core.permissions import Perm, has_perm
from cwis.core.scoping import scope
from cwis.core.todo import TodoItem, register
from cwis.protection.models.cases import CaseState, GuardianshipAssessment, ProtectionCase
from cwis.protection.models.conferences import ConferenceDecision

MAX_ITEMS = 200


def _item(kind: str, title: str, case: ProtectionCase, due: dt.date,
          since: dt.date) -> TodoItem:
    return TodoItem(kind=f"protection.{kind}", title=title, due=due,
                    url=reverse("case_detail", args=[case.pk]), since=since)


def _assessments(cases) -> list[TodoItem]:
    assessments = GuardianshipAssessment.objects.filter(case=OuterRef("pk"))
    items = [
        _item("first_assessment", _("%(child)s: first guardianship assessment")
              % {"child": case.child.name}, case, case.first_assessment_due, case.opened_on)
        for case in cases.exclude(Exists(assessments)).order_by("first_assessment_due")
        [:MAX_ITEMS]
    ]
    latest = assessments.order_by("-assessed_on", "-id")
    for case in cases.annotate(
        reassess_on=Subquery(latest.values("reassess_on")[:1]),
        assessed_on=Subquery(latest.values("assessed_on")[:1]),
    ).filter(reassess_on__isnull=False).order_by("reassess_on")[:MAX_ITEMS]:
        items.append(_item("reassessment", _("%(child)s: guardianship reassessment")
                           % {"child": case.child.name}, case, case.reassess_on,
                           case.assessed_on))
    return items


@register
def protection_cases_todo(actor: User, today: dt.date) -> list[TodoItem]:
    if not has_perm(actor, Perm.CASE_WRITE):
        return []
    cases = scope(ProtectionCase.objects.filter(state=CaseState.OPEN), actor).select_related(
        "child")
    items = _assessments(cases)
    decisions = scope(ConferenceDecision.objects.filter(
        done_on__isnull=True, conference__case__state=CaseState.OPEN), actor).select_related(
        "conference__case__child").order_by("due_on", "id")[:MAX_ITEMS]
    items.extend(
        _item("decision", _("%(child)s: %(action)s (case conference decision)")
              % {"child": d.conference.case.child.name, "action": d.action[:60]},
              d.conference.case, d.due_on, d.conference.held_on)
        for d in decisions)
    if has_perm(actor, Perm.CASE_CONFIRM_ASSESSMENT):
        waiting = scope(GuardianshipAssessment.objects.filter(
            confirmed_on__isnull=True, case__state=CaseState.OPEN), actor).select_related(
            "case__child").order_by("assessed_on")[:MAX_ITEMS]
        items.extend(_item("confirm_assessment",
                           _("%(child)s: confirm the guardianship assessment")
                           % {"child": a.case.child.name}, a.case, a.assessed_on,
                           a.assessed_on) for a in waiting)
    return items
