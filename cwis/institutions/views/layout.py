"""Pages of the province layout: planned numbers, the chart, and the institution receiving
each county's children (set from the county's row, redrawn by HTMX)."""

from django.contrib import messages
from django.http import Http404
from django.shortcuts import redirect, render
from django.utils.http import urlencode
from django.utils.translation import gettext as _

from cwis.core.pagination import CappedPaginator
from cwis.core.permissions import Perm, has_perm, require
from cwis.core.web import page, render_form, run_service
from cwis.institutions import forms, selectors, services
from cwis.institutions.models import InstitutionKind, InstitutionLevel, InstitutionStatus
from cwis.institutions.views.common import FORM_TEMPLATE, province_url, saved

LAYOUT_FIELDS = ("planned_child_welfare", "planned_minors_protection", "note", "version")


@page
def province_index(request):
    provinces = list(selectors.province_choices(actor=request.user))
    if not provinces:
        raise Http404
    if len(provinces) == 1:
        return redirect(province_url(provinces[0].code))
    return render(request, "institutions/province_choose.html", {"provinces": provinces})


@page
def province_layout(request, code: str):
    view = selectors.province_layout_view(actor=request.user, province_code=code)
    filters = {k: request.GET.get(k, "") for k in selectors.FILTERS}
    if not filters["division"].startswith(code[:2]):
        filters["division"] = ""
    listed = selectors.institution_list(
        actor=request.user, filters={**filters, "division": filters["division"] or code[:2]}
    )
    return render(
        request,
        "institutions/province.html",
        {
            "view": view,
            "page": CappedPaginator(listed, 50).get_page(request.GET.get("page")),
            "filters": filters,
            "query": urlencode({k: v for k, v in filters.items() if v}),
            "levels": InstitutionLevel.choices,
            "kinds": InstitutionKind.choices,
            "statuses": InstitutionStatus.choices,
            "prefectures": selectors.prefectures_of(view.province),
            "can_plan": has_perm(request.user, Perm.TRANSFORMATION_PLAN),
        },
    )


@page(methods=("GET", "POST"))
def layout_edit(request, code: str):
    province = selectors.province_get(actor=request.user, province_code=code)
    require(request.user, Perm.TRANSFORMATION_PLAN)
    layout = selectors.province_layout_get(province=province)
    initial = {f: getattr(layout, f) for f in LAYOUT_FIELDS} if layout else {}
    form = forms.LayoutForm(request.POST or None, initial=initial)
    if form.is_bound and form.is_valid():
        result = run_service(form, lambda: services.province_layout_set(
            actor=request.user, province_code=code, **form.cleaned_data))
        if result is not None:
            return saved(request, province_url(code))
    return render_form(request, FORM_TEMPLATE, form, {
        "title": _("Planned number of institutions"), "subtitle": province.name,
        "back": province_url(code)})


@page(methods=("POST",))
def receiver_set(request, county_code: str):
    """Set a county's receiver from its row on the province page (HTMX redraws the row)."""
    row = selectors.county_row(actor=request.user, county_code=county_code)
    receivers = selectors.receiver_choices(province_code=county_code)
    form = forms.ReceiverForm(request.POST, receivers=receivers)
    if form.is_valid():
        run_service(form, lambda: services.county_receiver_set(
            actor=request.user, county_code=county_code, **form.cleaned_data))
    errors = [str(error) for field_errors in form.errors.values() for error in field_errors]
    if request.htmx:
        row = selectors.county_row(actor=request.user, county_code=county_code)
        return render(request, "institutions/_county_row.html",
                      {"row": row, "receivers": receivers, "can_plan": True, "errors": errors,
                       "saved": not errors})
    for error in errors:
        messages.error(request, f"{row.county.name}: {error}")
    if not errors:
        messages.success(request, _("Saved."))
    return redirect(province_url(county_code[:2] + "0000") + f"#county-{county_code}")
