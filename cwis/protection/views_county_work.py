"""Pages around the county's cases: registering a child directly for a case, policy talks,
township workstations and guidance visits, and the year's figures per area. Thin: parse the
form, call one service or selector, render."""

from urllib.parse import urlencode

from django.contrib import messages
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy, pgettext_lazy

from cwis.children.register_page import register_page
from cwis.core.divisions import division_names
from cwis.core.export import export_response
from cwis.core.pagination import CappedPaginator
from cwis.core.permissions import Perm, has_perm
from cwis.core.sorting import list_order, sort_headers
from cwis.core.web import page, render_form, run_service
from cwis.protection import services
from cwis.protection.export_county_work import (
    talk_filename,
    talk_workbook,
    visit_filename,
    visit_workbook,
    workstation_filename,
    workstation_workbook,
)
from cwis.protection.forms_county_work import (
    DirectRegisterForm,
    FiguresForm,
    GuidanceVisitForm,
    TalkFilterForm,
    TalkForm,
    VisitFilterForm,
    WorkstationFilterForm,
    WorkstationForm,
)
from cwis.protection.selectors import county_work as selectors
from cwis.protection.services import county_work as work_services

PAGE_SIZE = 50
TALK_SORTS = {"held": pgettext_lazy("talk", "Held on"),
              "audience": gettext_lazy("Audience count")}


def _query(request) -> str:
    return urlencode([(k, v) for k, v in request.GET.items() if k != "page" and v])


# ------------------------------------------------------------- direct registration


@page(perm=Perm.CASE_WRITE, methods=("GET", "POST"))
def child_register_for_case(request):
    """Register a child never seen before (a child found alone) and go on to open the case."""
    today = timezone.localdate()
    form = DirectRegisterForm(request.POST or None, actor=request.user, initial={
        "registered_on": today, "found_on": today})
    return register_page(
        request, form, lambda: services.child_register_for_case(
            actor=request.user, data=form.file_data(),
            dismissed_duplicates=form.cleaned_data["dismissed_duplicates"]),
        template="protection/direct_register.html",
        done=_("The child was registered: now open the case."),
        next_url=lambda child: reverse("case_open", kwargs={"child_id": child.pk}))


# ------------------------------------------------------------------------ policy talks


def _talks(request):
    form = TalkFilterForm(request.GET or None)
    order = list_order(request, ["held", "-held", "audience", "-audience"]) or "-held"
    return form, order, selectors.talk_list(actor=request.user, filters=form.filters(),
                                            order=order)


@page(perm=Perm.TALK_RECORD)
def talk_list(request):
    form, order, talks = _talks(request)
    listing = CappedPaginator(talks, PAGE_SIZE).get_page(request.GET.get("page"))
    return render(request, "protection/talk_list.html", {
        "page": listing, "form": form, "query": _query(request),
        "sorts": sort_headers(request, TALK_SORTS, order, default="-held"),
    })


@page(perm=Perm.TALK_RECORD)
def talk_export(request):
    form, _order, talks = _talks(request)
    return export_response(request, rows=talks, build=lambda: talk_workbook(talks),
                           filename=talk_filename(), kind="protection.talks_export",
                           params={"filters": form.filters()})


@page(perm=Perm.TALK_RECORD, methods=("GET", "POST"))
def talk_new(request):
    form = TalkForm(request.POST or None, initial={"held_on": timezone.localdate()})
    if form.is_bound and form.is_valid():
        talk = run_service(form, lambda: work_services.talk_record(
            actor=request.user, data=form.data_for_service()))
        if talk is not None:
            messages.success(request, _("The policy talk was recorded."))
            return redirect("talk_detail", pk=talk.pk)
    return render_form(request, "protection/work_form.html", form, {
        "title": _("Record a policy talk"), "cancel": "talk_list"})


@page(perm=Perm.TALK_RECORD)
def talk_detail(request, pk: int):
    talk = selectors.talk_get(actor=request.user, talk_id=pk)
    return render(request, "protection/talk_detail.html", {
        "talk": talk, "history": selectors.talk_history(talk=talk)})


@page(perm=Perm.TALK_RECORD, methods=("GET", "POST"))
def talk_edit(request, pk: int):
    talk = selectors.talk_get(actor=request.user, talk_id=pk)
    initial = {f: getattr(talk, f) for f in work_services.TALK_FIELDS}
    form = TalkForm(request.POST or None, initial={**initial, "version": talk.version})
    if form.is_bound and form.is_valid():
        saved = run_service(form, lambda: work_services.talk_update(
            actor=request.user, talk_id=pk, version=form.cleaned_data["version"],
            data=form.data_for_service()))
        if saved is not None:
            messages.success(request, _("The policy talk was saved."))
            return redirect("talk_detail", pk=pk)
    return render_form(request, "protection/work_form.html", form, {
        "title": _("Correct the policy talk"), "cancel": "talk_detail", "pk": pk})


# ---------------------------------------------------------------------- workstations


def _stations(request):
    form = WorkstationFilterForm(request.GET or None)
    year = timezone.localdate().year
    return form, selectors.workstation_list(actor=request.user, filters=form.filters(),
                                            year=year)


@page(perm=Perm.WORKSTATION_VIEW)
def workstation_list(request):
    form, stations = _stations(request)
    listing = CappedPaginator(stations, PAGE_SIZE).get_page(request.GET.get("page"))
    division_names(s.township_code for s in listing)
    return render(request, "protection/workstation_list.html", {
        "page": listing, "form": form, "query": _query(request),
        "may_manage": has_perm(request.user, Perm.WORKSTATION_MANAGE),
    })


@page(perm=Perm.WORKSTATION_VIEW)
def workstation_export(request):
    form, stations = _stations(request)
    return export_response(request, rows=stations,
                           build=lambda: workstation_workbook(stations),
                           filename=workstation_filename(),
                           kind="protection.workstations_export",
                           params={"filters": form.filters()})


@page(perm=Perm.WORKSTATION_MANAGE, methods=("GET", "POST"))
def workstation_new(request):
    form = WorkstationForm(request.POST or None, actor=request.user,
                           initial={"status": "planned"})
    if form.is_bound and form.is_valid():
        station = run_service(form, lambda: work_services.workstation_register(
            actor=request.user, data=form.data_for_service()))
        if station is not None:
            messages.success(request, _("The workstation was registered."))
            return redirect("workstation_detail", pk=station.pk)
    return render_form(request, "protection/work_form.html", form, {
        "title": _("Register a township protection workstation"),
        "cancel": "workstation_list", "places": True})


@page(perm=Perm.WORKSTATION_VIEW)
def workstation_detail(request, pk: int):
    station = selectors.workstation_get(actor=request.user, workstation_id=pk)
    return render(request, "protection/workstation_detail.html", {
        "station": station,
        "visits": selectors.workstation_visits(workstation=station),
        "actions": selectors.workstation_actions(actor=request.user, workstation=station),
        "history": selectors.workstation_history(workstation=station),
    })


@page(perm=Perm.WORKSTATION_MANAGE, methods=("GET", "POST"))
def workstation_edit(request, pk: int):
    station = selectors.workstation_get(actor=request.user, workstation_id=pk)
    initial = {f: getattr(station, f) for f in work_services.WORKSTATION_FIELDS
               if f != "township"}
    form = WorkstationForm(request.POST or None, actor=request.user, initial={
        **initial, "township": station.township_code, "version": station.version})
    if form.is_bound and form.is_valid():
        saved = run_service(form, lambda: work_services.workstation_update(
            actor=request.user, workstation_id=pk, version=form.cleaned_data["version"],
            data=form.data_for_service()))
        if saved is not None:
            messages.success(request, _("The workstation was saved."))
            return redirect("workstation_detail", pk=pk)
    return render_form(request, "protection/work_form.html", form, {
        "title": _("Change the workstation"), "cancel": "workstation_detail", "pk": pk,
        "places": True})


@page(perm=Perm.WORKSTATION_MANAGE, methods=("GET", "POST"))
def guidance_visit_new(request, pk: int):
    station = selectors.workstation_get(actor=request.user, workstation_id=pk)
    form = GuidanceVisitForm(request.POST or None, initial={"visited_on": timezone.localdate()})
    if form.is_bound and form.is_valid():
        visit = run_service(form, lambda: work_services.guidance_visit_record(
            actor=request.user, workstation_id=pk, data=form.data_for_service()))
        if visit is not None:
            messages.success(request, _("The guidance visit was recorded."))
            return redirect("workstation_detail", pk=pk)
    return render_form(request, "protection/work_form.html", form, {
        "title": _("Record a guidance visit"), "subtitle": station.name,
        "cancel": "workstation_detail", "pk": pk})


@page(perm=Perm.WORKSTATION_MANAGE, methods=("GET", "POST"))
def guidance_visit_edit(request, pk: int):
    visit = selectors.guidance_visit_get(actor=request.user, visit_id=pk)
    initial = {f: getattr(visit, f) for f in work_services.VISIT_FIELDS}
    form = GuidanceVisitForm(request.POST or None, initial={**initial, "version": visit.version})
    if form.is_bound and form.is_valid():
        saved = run_service(form, lambda: work_services.guidance_visit_update(
            actor=request.user, visit_id=pk, version=form.cleaned_data["version"],
            data=form.data_for_service()))
        if saved is not None:
            messages.success(request, _("The guidance visit was saved."))
            return redirect("workstation_detail", pk=visit.workstation_id)
    return render_form(request, "protection/work_form.html", form, {
        "title": _("Correct the guidance visit"), "subtitle": visit.workstation.name,
        "cancel": "workstation_detail", "pk": visit.workstation_id})


def _visits(request):
    form = VisitFilterForm(request.GET or None)
    return form, selectors.guidance_visit_list(actor=request.user, filters=form.filters())


@page(perm=Perm.WORKSTATION_VIEW)
def guidance_visit_list(request):
    form, visits = _visits(request)
    listing = CappedPaginator(visits, PAGE_SIZE).get_page(request.GET.get("page"))
    division_names(v.workstation.township_code for v in listing)
    return render(request, "protection/guidance_list.html", {
        "page": listing, "form": form, "query": _query(request),
        "may_manage": has_perm(request.user, Perm.TALK_RECORD)})


@page(perm=Perm.WORKSTATION_VIEW)
def guidance_visit_export(request):
    form, visits = _visits(request)
    return export_response(request, rows=visits, build=lambda: visit_workbook(visits),
                           filename=visit_filename(), kind="protection.guidance_export",
                           params={"filters": form.filters()})


# --------------------------------------------------------------------------- figures


@page(perm=Perm.COUNTY_WORK_FIGURES)
def county_work_figures(request):
    """A year's policy talks and workstations guided, per area one level down."""
    form = FiguresForm(request.GET or None)
    year = form.chosen_year()
    rows = selectors.county_work_figures(actor=request.user, year=year)
    division_names(r.area for r in rows)
    return render(request, "protection/county_work_figures.html", {
        "form": form, "year": year, "rows": rows,
        "total": selectors.county_work_totals(rows),
        "lists": has_perm(request.user, Perm.TALK_RECORD),
    })
