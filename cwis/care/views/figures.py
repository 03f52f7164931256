"""The lists the offices above read: children in care with no plan in a line."""

import datetime as dt
from urllib.parse import urlencode

from django import forms
from django.shortcuts import render
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from cwis.care import selectors
from cwis.care.choices import CareLine
from cwis.care.figures import FIGURES
from cwis.core.audit import access_log_record
from cwis.core.forms import BaseForm, place_field
from cwis.core.pagination import CappedPaginator
from cwis.core.permissions import Perm
from cwis.core.scoping import actor_prefix
from cwis.core.web import page

PAGE_SIZE = 50


class WithoutPlanFilters(BaseForm):
    line = forms.ChoiceField(label=_("Service line"), choices=CareLine.choices, required=False)

    def __init__(self, *args, actor, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        # The area by name, inside the user's jurisdiction (nobody types a division code).
        self.fields["division"] = place_field(
            actor, label=_("Area"), levels=("province", "prefecture", "county"),
            required=False, blank=_("Everywhere"), current=self.data.get("division", ""),
            area=True)
        self.style()

    def clean_division(self) -> str:
        value = self.cleaned_data.get("division", "")
        return value if value.isdigit() else ""

    def filters(self) -> dict:
        self.is_valid()  # an invalid filter is dropped, the others still apply
        return {k: v for k, v in self.cleaned_data.items() if v}


@page(perm=Perm.CARE_FIGURES)
def without_plan(request):
    data = request.GET.copy()
    data.setdefault("line", CareLine.REHABILITATION)  # the select shows the line listed
    form = WithoutPlanFilters(data, actor=request.user)
    filters = form.filters() if form.is_bound else {}
    line = filters.pop("line", CareLine.REHABILITATION)
    children = selectors.children_without_plan(actor=request.user, line=line, filters=filters,
                                               today=timezone.localdate())
    page_obj = CappedPaginator(children, PAGE_SIZE).get_page(request.GET.get("page"))
    access_log_record(actor=request.user, object_type="care_without_plan", object_id=line,
                      division_code=actor_prefix(request.user) or "", request=request,
                      action="list")
    query = urlencode([(k, v) for k, v in request.GET.items() if k != "page" and v])
    return render(request, "care/without_plan.html", {
        "page": page_obj, "form": form, "line": line, "line_label": CareLine(line).label,
        "query": query,
    })


class FigureFilters(BaseForm):
    division = forms.RegexField(regex=r"^\d{1,12}$", required=False)
    year = forms.IntegerField(min_value=2000, max_value=2100, required=False)


@page(perm=Perm.CARE_FIGURES)
def figure_list(request, key: str):
    """The children a care figure counts: in a report (`year`: as of 31 December) or on the
    dashboard (today)."""
    form = FigureFilters(request.GET or None)
    form.is_valid()
    data = form.cleaned_data if form.is_bound else {}
    today = timezone.localdate()
    year = data.get("year") or today.year
    day = min(dt.date(year, 12, 31), today)
    figure = FIGURES.get(key)
    children = selectors.figure_children(actor=request.user, key=key,
                                         prefix=data.get("division") or "", day=day,
                                         year=year)
    page_obj = CappedPaginator(children.select_related("current_institution"),
                               PAGE_SIZE).get_page(request.GET.get("page"))
    access_log_record(actor=request.user, object_type="care_figure", object_id=key,
                      division_code=actor_prefix(request.user) or "", request=request,
                      action="list")
    query = urlencode([(k, v) for k, v in request.GET.items() if k != "page" and v])
    return render(request, "care/figure.html", {
        "page": page_obj, "figure": figure, "day": day, "query": query,
        "value": figure.value(children, day, year) if figure.total else None,
    })
