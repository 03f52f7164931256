"""Figures of family care and adult placement (policy 二(一), 二(五)), added to the care
figures (cwis/care/figures.py) so that the yearly report, the dashboard and their lists
read them the same way: children in foster families and in family-style residences, young
adults placed per path, children from 16 awaiting placement, follow-ups done."""

from django.conf import settings
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from cwis.care.choices_family import PathKind, PathState
from cwis.care.figures import FIGURES, CareFigure, _open_on, among
from cwis.care.models import AdulthoodFollowUp, AdulthoodPath
from cwis.children.choices import PlacementKind
from cwis.children.models import Placement
from cwis.children.services import add_years


def _living(kind: str):
    def narrow(children, day, year):
        placements = Placement.objects.filter(_open_on(day, "started_on", "ended_on"),
                                              kind=kind)
        return among(children, placements)
    return narrow


def _achieved(day, year, kind: str | None = None):
    paths = AdulthoodPath.objects.filter(state=PathState.ACHIEVED, outcome_on__lte=day)
    return paths.filter(kind=kind) if kind else paths


def _placed(kind: str):
    def narrow(children, day, year):
        paths = _achieved(day, year, kind).filter(outcome_on__year=year)
        return among(children, paths)
    return narrow


def _awaiting(children, day, year):
    """In care on `day`, 16 or older, with no path achieved by then."""
    age = settings.CWIS_ADULTHOOD_PLAN_AGE
    in_care = Q(guardianship_since__lte=day) & (Q(left_care_on__isnull=True)
                                                | Q(left_care_on__gt=day))
    return children.filter(in_care, birth_date__lte=add_years(day, -age),
                           current_institution__isnull=False).exclude(
        pk__in=_achieved(day, year).values("child_id"))


def _followed_up(children, day, year):
    done = AdulthoodFollowUp.objects.filter(done_on__year=year, done_on__lte=day)
    return among(children, done)


PATH_LABELS = {
    PathKind.EMPLOYMENT: _("Young adults placed: employment"),
    PathKind.ENLISTMENT: _("Young adults placed: army enlistment"),
    PathKind.EDUCATION: _("Young adults placed: further education"),
    PathKind.EXTREME_POVERTY: _("Young adults placed: extreme-poverty support"),
    PathKind.HOUSING: _("Young adults placed: housing security"),
}

FAMILY_FIGURES = [
    CareFigure("care_foster_children", _("Children living with foster families"),
               _living(PlacementKind.FOSTER_FAMILY)),
    CareFigure("care_residence_children", _("Children living in family-style residences"),
               _living(PlacementKind.FAMILY_RESIDENCE)),
    *(CareFigure(f"care_adult_placed_{kind}", label, _placed(kind))
      for kind, label in PATH_LABELS.items()),
    CareFigure("care_adult_awaiting", _("Children aged 16 and over awaiting placement"),
               _awaiting),
    CareFigure("care_adult_follow_ups", _("Young adults contacted after leaving care"),
               _followed_up),
]
FIGURES.update({f.key: f for f in FAMILY_FIGURES})
