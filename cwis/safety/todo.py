"""Safety deadlines on the to-do list (DESIGN.md rule 6).

Those who record safety (the director, the county officer): every hazard waiting for its
fix (due its deadline), and every fix waiting for its check (from the day it was recorded).
The offices above the county (counts per area on the dashboard): a general hazard only once
it is overdue past `CWIS_ESCALATION_DAYS["safety.hazard"]`, a major hazard at once (kind
"safety.hazard_major", serious by nature: not listed there).
"""

import datetime as dt

from django.conf import settings
from django.db.models import Max, Q
from django.urls import reverse
from django.utils.translation import gettext as _

from cwis.accounts.models import User
from cwis.core.permissions import Perm, has_perm
from cwis.core.scoping import scope
from cwis.core.todo import TodoItem, counts_only, escalation_cutoff, register
from cwis.institutions.models import Institution, InstitutionStatus
from cwis.protection.services.exits import add_months
from cwis.safety.models import (
    EmergencyPlan,
    FoodCertificate,
    Hazard,
    HazardLevel,
    HazardState,
    Incident,
    IncidentState,
)

MAX_ITEMS = 200


def _kind(hazard: Hazard) -> str:
    if hazard.state == HazardState.FIXED:
        return "safety.hazard_check"
    return "safety.hazard_major" if hazard.level == HazardLevel.MAJOR else "safety.hazard"


def _item(hazard: Hazard) -> TodoItem:
    kind = _kind(hazard)
    if kind == "safety.hazard_check":
        title = _("%(institution)s: check the fix of a hazard (%(what)s)")
        due = since = hazard.fixed_on
    else:
        title = _("%(institution)s: fix the %(level)s (%(what)s)")
        due, since = hazard.due_on, hazard.found_on
    return TodoItem(kind=kind, title=title % {
        "institution": hazard.institution.name, "what": hazard.description[:40],
        "level": str(hazard.get_level_display()).lower()},
        due=due, url=reverse("safety_hazard_detail", args=[hazard.pk]),
        institution=hazard.institution.name, since=since)


def _escalated(today: dt.date) -> Q:
    condition = Q(level=HazardLevel.MAJOR)
    cutoff = escalation_cutoff("safety.hazard", today)
    if cutoff is not None:
        condition |= Q(level=HazardLevel.GENERAL, due_on__lt=cutoff)
    return Q(state=HazardState.OPEN) & condition


@register
def safety_hazards_todo(actor: User, today: dt.date) -> list[TodoItem]:
    if counts_only(actor):
        if not has_perm(actor, Perm.SAFETY_VIEW):
            return []
        condition = _escalated(today)
    elif has_perm(actor, Perm.SAFETY_RECORD):
        condition = Q(state__in=(HazardState.OPEN, HazardState.FIXED))
    else:
        return []
    hazards = (scope(Hazard.objects.filter(condition), actor)
               .select_related("institution").order_by("due_on", "id")[:MAX_ITEMS])
    return [_item(hazard) for hazard in hazards]


# ------------------------------------------------- drills, plans and certificates


def _institutions(actor: User):
    return scope(Institution.objects.filter(status=InstitutionStatus.OPERATING), actor)


@register
def safety_routine_todo(actor: User, today: dt.date) -> list[TodoItem]:
    """The institution's routine safety deadlines, for those who record safety in it or in
    the county: no drill for `CWIS_SAFETY_DRILL_MONTHS` months (due that many months after
    the last drill, or from today when there was none), a plan past its review date, a food
    safety certificate expiring within `CWIS_SAFETY_CERTIFICATE_NOTICE_DAYS` days."""
    if counts_only(actor) or not has_perm(actor, Perm.SAFETY_RECORD):
        return []
    items: list[TodoItem] = []
    months = settings.CWIS_SAFETY_DRILL_MONTHS
    notice = today + dt.timedelta(days=30)
    for institution in (_institutions(actor).annotate(last_drill=Max("drills__held_on"))
                        .order_by("last_drill", "id")[:MAX_ITEMS]):
        due = add_months(institution.last_drill, months) if institution.last_drill else today
        if due <= notice:
            items.append(TodoItem(
                kind="safety.drill", title=_("%(institution)s: hold an emergency drill "
                                             "(none for %(months)d months)") % {
                    "institution": institution.name, "months": months},
                due=due, url=reverse("safety_drill_list"), institution=institution.name))
    for plan in (scope(EmergencyPlan.objects.filter(replaced_on__isnull=True,
                                                    review_on__lte=notice), actor)
                 .select_related("institution").order_by("review_on", "id")[:MAX_ITEMS]):
        items.append(TodoItem(
            kind="safety.plan_review", title=_("%(institution)s: review the plan %(plan)s") % {
                "institution": plan.institution.name, "plan": plan.title},
            due=plan.review_on, url=reverse("safety_plan_list"),
            institution=plan.institution.name))
    expiring = today + dt.timedelta(days=settings.CWIS_SAFETY_CERTIFICATE_NOTICE_DAYS)
    for cert in (scope(FoodCertificate.objects.filter(replaced_on__isnull=True,
                                                      expires_on__lte=expiring), actor)
                 .select_related("institution").order_by("expires_on", "id")[:MAX_ITEMS]):
        items.append(TodoItem(
            kind="safety.certificate", title=_("%(institution)s: %(kind)s of %(holder)s "
                                               "expires") % {
                "institution": cert.institution.name, "kind": cert.get_kind_display(),
                "holder": cert.holder},
            due=cert.expires_on, url=reverse("safety_food"), institution=cert.institution.name))
    return items


# -------------------------------------------------------------------------- incidents


@register
def safety_incidents_todo(actor: User, today: dt.date) -> list[TodoItem]:
    """The recorder: each open incident not yet reported to the office above, due its
    report time. The prefecture and province: each open serious incident at once, named by
    its kind, institution and date only (the page asks for a reason before it shows more)."""
    if counts_only(actor):
        if not has_perm(actor, Perm.INCIDENT_VIEW_WITH_REASON):
            return []
        incidents = scope(Incident.objects.filter(serious=True, state=IncidentState.OPEN),
                          actor)
        kind, title = "safety.incident_serious", _("Serious incident at %(institution)s: "
                                                   "%(kind)s (%(date)s)")
    elif has_perm(actor, Perm.INCIDENT_RECORD):
        incidents = scope(Incident.objects.filter(state=IncidentState.OPEN,
                                                  reported_at__isnull=True), actor)
        kind, title = "safety.incident_report", _("%(institution)s: report the incident "
                                                  "%(kind)s (%(date)s) to the office above")
    else:
        return []
    rows = incidents.select_related("institution").order_by("occurred_at", "id")[:MAX_ITEMS]
    return [TodoItem(
        kind=kind, title=title % {"institution": i.institution.name,
                                  "kind": i.get_kind_display(),
                                  "date": f"{i.occurred_at:%Y-%m-%d}"},
        due=i.report_due_at.date() if kind == "safety.incident_report" else i.occurred_at.date(),
        url=reverse("safety_incident_detail", args=[i.pk]), institution=i.institution.name,
        since=i.occurred_at.date()) for i in rows]
