"""What the care module gives the oversight module: yearly-report figures as of 31 December
and a dashboard panel, each figure linked to the list of the children it counts
(`/care/figures/<key>/`, views/figures.py)."""

import datetime as dt
from urllib.parse import urlencode

from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from cwis.accounts.models import User
from cwis.care import figures_family, selectors  # noqa: F401 - adds its figures to FIGURES
from cwis.care.choices import CareLine
from cwis.care.figures import FIGURES, CareFigure
from cwis.care.selectors.figures import WITHOUT_REHABILITATION_PLAN
from cwis.care.stored import panel_value, register_keys, stored_for
from cwis.children.choices import ChildStatus
from cwis.children.models import Child
from cwis.core.permissions import Perm, has_perm
from cwis.oversight import dashboard, figures

SECTION = "care"
PANEL_FIGURES = ("care_rehabilitation_plan", "care_rehabilitation_received",
                 "care_assistance_approved", "care_school_enrolled", "care_social_work_plan",
                 "care_outside_services")


def figure_url(key: str, prefix: str, year: int | None = None) -> str:
    params = {"division": prefix, "year": year}
    query = urlencode({k: v for k, v in params.items() if v not in (None, "")})
    url = reverse("care_figure", args=[key])
    return f"{url}?{query}" if query else url


def _area_children(prefix: str):
    return Child.objects.filter(division_code__startswith=prefix).exclude(
        status__in=(ChildStatus.MERGED, ChildStatus.ENTERED_IN_ERROR))


def _compute(figure: CareFigure):
    def compute(prefix: str, moment: dt.datetime) -> int:
        day = moment.date()
        return figure.value(_area_children(prefix), day, day.year)
    return compute


def care_panel(actor: User, area: dashboard.Area) -> dashboard.Panel:
    """Today's care figures of the area; each equals the length of the list it links to."""
    panel = dashboard.Panel(key="care", title=_("Care services"))
    if not has_perm(actor, Perm.CARE_FIGURES):
        return panel
    today = timezone.localdate()
    stored = stored_for(actor, area, today)
    panel.as_of = stored.as_of if stored else None
    if stored is not None:
        without = stored.own.get(WITHOUT_REHABILITATION_PLAN, 0)
    else:
        without = selectors.children_without_plan(
            actor=actor, line=CareLine.REHABILITATION, filters={"division": area.prefix},
            today=today).count()
    panel.cells.append(dashboard.Cell(
        label=str(_("Children with a disability and no rehabilitation plan")),
        value=without,
        url=dashboard.list_link("care_without_plan", line=CareLine.REHABILITATION,
                                division=area.prefix)))
    for key in PANEL_FIGURES:
        panel.cells.append(dashboard.Cell(
            label=str(FIGURES[key].label),
            value=panel_value(actor, area, key, today, stored),
            url=figure_url(key, area.prefix)))
    return panel


def register() -> None:
    register_keys(PANEL_FIGURES)
    figures.section_register(SECTION, _("Care services"))
    for figure in FIGURES.values():
        figures.register(figure.key, figure.label, SECTION,
                         drill=lambda prefix, year, key=figure.key: figure_url(key, prefix, year)
                         )(_compute(figure))
    if care_panel not in dashboard.PANELS:
        dashboard.PANELS.append(care_panel)
