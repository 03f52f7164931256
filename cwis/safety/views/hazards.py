"""Pages of inspections and hazards to closure. Thin: parse the form, call one service or
selector, render."""

from urllib.parse import urlencode

from django.contrib import messages
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _

from cwis.core.errors import NotFoundError
from cwis.core.export import export_response
from cwis.core.pagination import CappedPaginator
from cwis.core.permissions import Perm, has_perm
from cwis.core.web import page, render_form, run_service
from cwis.safety import forms
from cwis.safety.export import hazard_filename, hazard_workbook, status_filename, status_workbook
from cwis.safety.models import HazardState
from cwis.safety.selectors import checklists as checklist_selectors
from cwis.safety.selectors import hazards as selectors
from cwis.safety.selectors import status as status_selectors
from cwis.safety.services import hazards as services

PAGE_SIZE = 50


def list_query(request) -> str:
    return urlencode([(k, v) for k, v in request.GET.items() if k != "page" and v])


def form_page(request, form, *, title, back: str, submit=None, subtitle=""):
    """The one form page of the safety module."""
    return render_form(request, "safety/form.html", form, {
        "title": title, "back": back, "submit": submit or _("Save"), "subtitle": subtitle})


# ------------------------------------------------------------------------- inspections


@page(perm=Perm.SAFETY_VIEW)
def inspection_list(request):
    period = forms.PeriodFilterForm(request.GET or None)
    inspections = selectors.inspection_list(actor=request.user, filters=period.filters())
    listing = CappedPaginator(inspections, PAGE_SIZE).get_page(request.GET.get("page"))
    return render(request, "safety/inspection_list.html", {
        "page": listing, "query": list_query(request),
        "may_record": has_perm(request.user, Perm.SAFETY_RECORD)})


@page(perm=Perm.SAFETY_RECORD, methods=("GET", "POST"))
def inspection_new(request):
    office = request.user.institution_id is None
    form = forms.InspectionForm(
        request.POST or None,
        institutions=selectors.institutions_for_record(actor=request.user) if office else None,
        initial={"inspected_on": timezone.localdate(),
                 "kind": "" if office else "self_check"})
    if form.is_bound and form.is_valid():
        saved = run_service(form, lambda: services.inspection_record(
            actor=request.user, institution_id=form.cleaned_data.get("institution_id"),
            data=form.data_for_service()))
        if saved is not None:
            messages.success(request, _("The inspection was recorded."))
            return redirect("safety_inspection_detail", pk=saved.pk)
    return form_page(request, form, title=_("Record an inspection"),
                     back="safety_inspection_list")


@page(perm=Perm.SAFETY_VIEW)
def inspection_detail(request, pk: int):
    inspection = selectors.inspection_get(actor=request.user, inspection_id=pk)
    return render(request, "safety/inspection_detail.html", {
        "inspection": inspection,
        "hazards": selectors.inspection_hazards(inspection=inspection),
        "checklist": checklist_selectors.inspection_checklist(inspection=inspection),
        "photos": checklist_selectors.inspection_photos(inspection=inspection),
        "may_record": has_perm(request.user, Perm.SAFETY_RECORD),
        "history": selectors.inspection_history(inspection=inspection),
        "today": timezone.localdate(),
    })


@page(perm=Perm.SAFETY_RECORD, methods=("GET", "POST"))
def hazard_new(request, pk: int):
    inspection = selectors.inspection_get(actor=request.user, inspection_id=pk)
    form = forms.HazardForm(request.POST or None)
    if form.is_bound and form.is_valid():
        saved = run_service(form, lambda: services.hazard_record(
            actor=request.user, inspection_id=pk, data=form.data_for_service()))
        if saved is not None:
            messages.success(request, _("The hazard was recorded."))
            return redirect("safety_hazard_detail", pk=saved.pk)
    return form_page(request, form, title=_("Record a hazard the inspection found"),
                     subtitle=f"{inspection.institution.name} · {inspection}",
                     back="safety_inspection_list")


# ---------------------------------------------------------------------------- hazards


def _hazards(request):
    form = forms.HazardFilterForm(request.GET or None)
    return form, selectors.hazard_list(actor=request.user, filters=form.filters(),
                                       today=timezone.localdate())


@page(perm=Perm.SAFETY_VIEW)
def hazard_list(request):
    form, hazards = _hazards(request)
    listing = CappedPaginator(hazards, PAGE_SIZE).get_page(request.GET.get("page"))
    return render(request, "safety/hazard_list.html", {
        "page": listing, "form": form, "query": list_query(request),
        "today": timezone.localdate()})


@page(perm=Perm.SAFETY_VIEW)
def hazard_export(request):
    form, hazards = _hazards(request)
    return export_response(request, rows=hazards, build=lambda: hazard_workbook(hazards),
                           filename=hazard_filename(), kind="safety.hazards_export",
                           params={"filters": form.filters()})


@page(perm=Perm.SAFETY_VIEW)
def hazard_detail(request, pk: int):
    hazard = selectors.hazard_get(actor=request.user, hazard_id=pk)
    recorder = has_perm(request.user, Perm.SAFETY_RECORD)
    return render(request, "safety/hazard_detail.html", {
        "hazard": hazard, "today": timezone.localdate(),
        "may_fix": recorder and hazard.state == HazardState.OPEN,
        "may_check": recorder and hazard.state == HazardState.FIXED
        and hazard.fixed_by_id != request.user.pk,
        "history": selectors.hazard_history(hazard=hazard),
    })


@page(perm=Perm.SAFETY_RECORD, methods=("GET", "POST"))
def hazard_fix(request, pk: int):
    hazard = selectors.hazard_get(actor=request.user, hazard_id=pk)
    form = forms.FixForm(request.POST or None, initial={
        "fixed_on": timezone.localdate(), "version": hazard.version})
    if form.is_bound and form.is_valid():
        saved = run_service(form, lambda: services.hazard_fix_record(
            actor=request.user, hazard_id=pk, version=form.cleaned_data["version"],
            **form.data_for_service()))
        if saved is not None:
            messages.success(request, _("The fix was recorded; another person checks it."))
            return redirect("safety_hazard_detail", pk=pk)
    return form_page(request, form, title=_("Record the fix"), subtitle=hazard.description,
                     back="safety_hazard_list")


@page(perm=Perm.SAFETY_RECORD, methods=("GET", "POST"))
def hazard_check(request, pk: int):
    hazard = selectors.hazard_get(actor=request.user, hazard_id=pk)
    form = forms.CheckForm(request.POST or None, initial={"version": hazard.version})
    if form.is_bound and form.is_valid():
        saved = run_service(form, lambda: services.hazard_check(
            actor=request.user, hazard_id=pk, version=form.cleaned_data["version"],
            **form.data_for_service()))
        if saved is not None:
            messages.success(request, _("The check was recorded."))
            return redirect("safety_hazard_detail", pk=pk)
    return form_page(request, form, title=_("Check the fix"),
                     subtitle=f"{hazard.description} — {hazard.fix_description}",
                     back="safety_hazard_list")


@page(perm=Perm.SAFETY_VIEW)
def status_export(request, department: str):
    """The institutions' fire safety (for the fire service) or food safety (for market
    supervision) in Excel; a background job when long."""
    if department not in status_selectors.DEPARTMENTS:
        raise NotFoundError()
    institutions = status_selectors.institution_status(
        actor=request.user, department=department, today=timezone.localdate())
    return export_response(
        request, rows=institutions,
        build=lambda: status_workbook(institutions, department=department),
        filename=status_filename(department), kind="safety.status_export",
        params={"department": department})
