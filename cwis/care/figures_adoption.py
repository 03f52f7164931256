"""Figures of the upbringing assessment and adoption (policy 二(一)), in the care figures
(cwis/care/figures.py adds them to FIGURES): each narrows a queryset of children, so that
the report's and the dashboard's number is the length of the list it drills down to.

Adoptions are counted from the leaving reason "adopted" (the registration closes care
through the children app's leaving), as the yearly report's statistics are: one record,
one number."""

import datetime as dt

from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from cwis.care.choices_adoption import UpbringingPath, UpbringingStatus
from cwis.care.figures import CareFigure, Narrow, among
from cwis.care.models import UpbringingAssessment
from cwis.children.choices import ChildStatus, LeaveReason


def current_on(day: dt.date):
    """The assessments current on `day`: confirmed by then, not yet due again, not closed."""
    return UpbringingAssessment.objects.filter(
        Q(closed_on__isnull=True) | Q(closed_on__gt=day),
        status__in=(UpbringingStatus.CONFIRMED, UpbringingStatus.CLOSED),
        confirmed_on__lte=day, next_due_on__gte=day)


def _assessed(path: str | None) -> Narrow:
    def narrow(children, day, year):
        current = current_on(day)
        if path is not None:
            current = current.filter(path=path)
        return among(children, current)
    return narrow


def _not_assessed(children, day, year):
    in_care = children.filter(
        Q(status=ChildStatus.IN_CARE, guardianship_since__lte=day)
        | Q(left_care_on__gt=day, guardianship_since__lte=day))
    return in_care.exclude(pk__in=current_on(day).values("child_id"))


def _adopted(extra: Q | None = None) -> Narrow:
    def narrow(children, day, year):
        found = children.filter(leave_reason=LeaveReason.ADOPTION, left_care_on__year=year,
                                left_care_on__lte=day)
        return found.filter(extra) if extra is not None else found
    return narrow


PATH_LABELS = {
    UpbringingPath.ADOPTION: _("Children recommended for adoption"),
    UpbringingPath.FOSTER_FAMILY: _("Children recommended for family foster care"),
    UpbringingPath.FAMILY_RESIDENCE: _("Children recommended for a family-style residence"),
    UpbringingPath.INSTITUTION: _("Children recommended to stay in the institution"),
    UpbringingPath.REUNIFICATION: _("Children recommended for reunification"),
}

ADOPTION_FIGURES: list[CareFigure] = [
    CareFigure("care_upbringing_assessed",
               _("Children with a current upbringing assessment"), _assessed(None)),
    CareFigure("care_upbringing_missing",
               _("Children in care with no current upbringing assessment"), _not_assessed),
    *(CareFigure(f"care_upbringing_{path}", label, _assessed(path))
      for path, label in PATH_LABELS.items()),
    CareFigure("care_adopted", _("Children adopted (adoption registered)"), _adopted()),
    CareFigure("care_adopted_disabled", _("of which adopted children with a disability"),
               _adopted(~Q(disability_type=""))),
    CareFigure("care_adopted_girls", _("of which adopted girls"), _adopted(Q(sex="female"))),
]
