"""Risk flags on a community child (keeping the registry true, policy 三(二)).

Each rule is a registered function with a label: given the community files and today, it
returns those the rule flags, and for one child says in words why. A flag is not stored: it
is the rule's answer today, so it clears by itself once its cause is resolved (a visit is
recorded, the school status or the ID number is updated, the category is closed, a
rehabilitation service is agreed). Each rule names the next step it leads to.

The rules and where they come from:

- visit overdue: the registry's own visit deadline (`CWIS_COMMUNITY_VISIT_DAYS`);
- out of school: the file says "of school age, not attending" (义务教育控辍保学);
- guardian changed or left: who looks after the child changed since the last visit
  (`GuardianChange`, written by `community_update`), or nobody does;
- turning 16: the left-behind category ends at 16 (农村留守儿童: under 16), flagged
  `CWIS_COMMUNITY_TURNING_16_DAYS` before the birthday until the category is closed;
- no ID number: none recorded `CWIS_COMMUNITY_ID_NUMBER_DAYS` after registration;
- disability without rehabilitation: a disability is registered and there is neither a live
  rehabilitation service to the child outside an institution (`care.OutsideService`, line
  rehabilitation, agreed or open) nor a rehabilitation assistance application applied for or
  approved (`care.RehabAssistance`, 残疾儿童康复救助): the two records the care app keeps
  that a community child can have.
"""

import datetime as dt
from collections.abc import Callable
from dataclasses import dataclass

from django.conf import settings
from django.db.models import Exists, OuterRef, Q, QuerySet
from django.urls import reverse
from django.utils.functional import Promise
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from cwis.children.choices import DeadlineKind, EducationStatus, GuardianRelation
from cwis.children.models import Child, ChildDeadline
from cwis.children.services.rules import add_years

Filter = Callable[[QuerySet[Child], dt.date], QuerySet[Child]]
Explain = Callable[[Child, dt.date], str]


@dataclass(frozen=True)
class NextStep:
    label: Promise
    url_name: str  # takes the child's id
    perm: str


@dataclass(frozen=True)
class FlagRule:
    code: str
    label: Promise
    flagged: Filter
    explain: Explain
    steps: tuple[NextStep, ...]


RULES: dict[str, FlagRule] = {}

STEP_VISIT = NextStep(gettext_lazy("Record a visit"), "community_visit", "community.visit")
STEP_UPDATE = NextStep(gettext_lazy("Update the file"), "community_edit", "community.register")
STEP_CASE = NextStep(gettext_lazy("Open a protection case"), "case_open", "case.write")
STEP_CLOSE = NextStep(gettext_lazy("Close a category"), "community_category_close",
                      "community.register")
STEP_REFER_REHAB = NextStep(gettext_lazy("Refer for rehabilitation"), "care_outside_agree",
                            "care.outside_agree")


def rule(code: str, label: Promise, *steps: NextStep) -> Callable[[Filter], Filter]:
    """Register `flagged(files, today)` under `code`; its `explain` is set with
    `@explains(code)`."""
    def decorator(func: Filter) -> Filter:
        RULES[code] = FlagRule(code, label, func, lambda child, today: str(label), steps)
        return func
    return decorator


def explains(code: str) -> Callable[[Explain], Explain]:
    def decorator(func: Explain) -> Explain:
        found = RULES[code]
        RULES[code] = FlagRule(found.code, found.label, found.flagged, func, found.steps)
        return func
    return decorator


# ------------------------------------------------------------------------------ rules


def _visit_deadlines(today: dt.date):
    return ChildDeadline.objects.filter(kind=DeadlineKind.COMMUNITY_VISIT,
                                        closed_on__isnull=True, due_on__lt=today)


@rule("visit_overdue", gettext_lazy("Visit overdue"), STEP_VISIT)
def _visit_overdue(files: QuerySet[Child], today: dt.date) -> QuerySet[Child]:
    return files.filter(Exists(_visit_deadlines(today).filter(child=OuterRef("pk"))))


@explains("visit_overdue")
def _visit_overdue_why(child: Child, today: dt.date) -> str:
    due = _visit_deadlines(today).filter(child=child).values_list("due_on", flat=True).first()
    return _("The visit was due on %(due)s and nobody has visited since.") % {"due": due}


@rule("out_of_school", gettext_lazy("Out of school"), STEP_VISIT, STEP_UPDATE, STEP_CASE)
def _out_of_school(files: QuerySet[Child], today: dt.date) -> QuerySet[Child]:
    return files.filter(education_status=EducationStatus.NOT_ATTENDING)


@explains("out_of_school")
def _out_of_school_why(child: Child, today: dt.date) -> str:
    return _("The file says the child is of school age and not attending school: find out "
             "why with the family and the school, and update the school status.")


def _guardian_changes():
    from cwis.protection.models import CommunityVisit, GuardianChange

    seen = CommunityVisit.objects.filter(child=OuterRef("child"),
                                         visited_on__gte=OuterRef("changed_on"))
    return GuardianChange.objects.filter(~Exists(seen))


@rule("guardian_changed", gettext_lazy("Guardian changed or left"), STEP_VISIT, STEP_CASE)
def _guardian_changed(files: QuerySet[Child], today: dt.date) -> QuerySet[Child]:
    return files.filter(Q(guardian_relation=GuardianRelation.NONE)
                        | Exists(_guardian_changes().filter(child=OuterRef("pk"))))


@explains("guardian_changed")
def _guardian_changed_why(child: Child, today: dt.date) -> str:
    if child.guardian_relation == GuardianRelation.NONE:
        return _("Nobody looks after the child: visit, and open a protection case if the "
                 "child is left without care.")
    change = _guardian_changes().filter(child=child).order_by("-changed_on").first()
    before = GuardianRelation(change.relation_before).label if change.relation_before else "—"
    return _("Who looks after the child changed on %(on)s (before: %(before)s) and nobody "
             "has visited since.") % {"on": change.changed_on, "before": before}


def _sixteen_before(today: dt.date) -> dt.date:
    """Born on or before this date: 16 within the warning days."""
    return add_years(today + dt.timedelta(days=settings.CWIS_COMMUNITY_TURNING_16_DAYS), -16)


@rule("turning_16", gettext_lazy("Turning 16"), STEP_CLOSE)
def _turning_16(files: QuerySet[Child], today: dt.date) -> QuerySet[Child]:
    return files.filter(is_left_behind=True, birth_date__lte=_sixteen_before(today))


@explains("turning_16")
def _turning_16_why(child: Child, today: dt.date) -> str:
    return _("The child turns 16 on %(on)s: the left-behind category ends then. Close it with "
             "the date, and keep the child on the registry if another category "
             "applies.") % {"on": add_years(child.birth_date, 16)}


def _id_number_by(today: dt.date) -> dt.date:
    return today - dt.timedelta(days=settings.CWIS_COMMUNITY_ID_NUMBER_DAYS)


@rule("no_id_number", gettext_lazy("No ID number"), STEP_UPDATE)
def _no_id_number(files: QuerySet[Child], today: dt.date) -> QuerySet[Child]:
    return files.filter(citizen_id_hash="", registered_on__lte=_id_number_by(today))


@explains("no_id_number")
def _no_id_number_why(child: Child, today: dt.date) -> str:
    return _("No ID number has been recorded %(days)s days after the registration "
             "(%(on)s): help the family register the child's hukou and enter the "
             "number.") % {"days": settings.CWIS_COMMUNITY_ID_NUMBER_DAYS,
                           "on": child.registered_on}


def _rehabilitation():
    from cwis.care.models import OutsideService, RehabAssistance

    outside = OutsideService.objects.filter(child=OuterRef("pk"), line="rehabilitation",
                                            state__in=("agreed", "open"))
    assistance = RehabAssistance.objects.filter(child=OuterRef("pk"),
                                                state__in=("applied", "approved"))
    return Exists(outside) | Exists(assistance)


@rule("disability_no_rehab", gettext_lazy("Disability without rehabilitation"),
      STEP_REFER_REHAB, STEP_VISIT)
def _disability_no_rehab(files: QuerySet[Child], today: dt.date) -> QuerySet[Child]:
    return files.exclude(disability_type="").exclude(_rehabilitation())


@explains("disability_no_rehab")
def _disability_no_rehab_why(child: Child, today: dt.date) -> str:
    return _("A disability is registered (%(kind)s) and the child has no rehabilitation "
             "service nor an application for rehabilitation assistance.") % {
        "kind": child.get_disability_type_display()}


# ------------------------------------------------------------------------------ reading


@dataclass(frozen=True)
class Flag:
    rule: FlagRule
    why: str
    steps: list[tuple[str, str]]  # (label, url) the actor may take


def flags_of(child: Child, *, today: dt.date, perms: frozenset | set) -> list[Flag]:
    """The child's flags today, each explained, with the next steps the actor may take."""
    one = Child.objects.filter(pk=child.pk)
    found = []
    for flag_rule in RULES.values():
        if not flag_rule.flagged(one, today).exists():
            continue
        steps = [(str(step.label), reverse(step.url_name, args=[child.pk]))
                 for step in flag_rule.steps if step.perm in perms]
        found.append(Flag(flag_rule, flag_rule.explain(child, today), steps))
    return found
