"""Pages of services to children outside the institution (policy 二(七)): the child's side
agrees; the delivering institution opens (or declines) and then works on the service's own
page, which shows the child's summary and that service's records only; either side closes.
Thin: parse, call one service or selector, render."""

from django.contrib import messages
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from cwis.care import forms, forms_lines, selectors
from cwis.care.choices import OUTSIDE_LINES, CareLine, OutsideState
from cwis.care.selectors import outside as outside_selectors
from cwis.care.services import outside as services
from cwis.care.services import pattern
from cwis.care.services.rules import may_view_clinical, may_write
from cwis.care.views.common import action_page, log, tab_url
from cwis.core.errors import PermissionDeniedError
from cwis.core.pagination import CappedPaginator
from cwis.core.permissions import Perm, has_perm
from cwis.core.web import page, run_service

PAGE_SIZE = 50


def service_url(service) -> str:
    return reverse("care_outside_detail", args=[service.pk])


@page(methods=("GET", "POST"))
def outside_agree(request, child_id: int):
    child = selectors.care_child(actor=request.user, child_id=child_id)
    if not has_perm(request.user, Perm.CARE_OUTSIDE_AGREE):
        raise PermissionDeniedError()
    lines = [(line, CareLine(line).label) for line in OUTSIDE_LINES]
    form = forms_lines.AgreeForm(request.POST or None, lines=lines,
                                 providers=outside_selectors.provider_choices(child=child),
                                 initial={"agreed_on": timezone.localdate()})
    if form.is_bound and form.is_valid():
        saved = run_service(form, lambda: services.outside_service_agree(
            actor=request.user, child_id=child_id, **form.cleaned_data))
        if saved is not None:
            messages.success(request, _("The service was agreed; the institution opens it."))
            return redirect(service_url(saved))
    return action_page(request, form, child=child, submit=_("Agree"),
                       title=_("Agree to a service by another institution"),
                       back=reverse("child_detail", args=[child_id]))


@page
def outside_list(request):
    services_delivered = CappedPaginator(
        outside_selectors.outside_services_delivered(actor=request.user), PAGE_SIZE,
    ).get_page(request.GET.get("page"))
    return render(request, "care/outside_list.html", {"services": services_delivered,
                                                      "page": services_delivered})


@page
def outside_detail(request, pk: int):
    service = outside_selectors.outside_service_get(actor=request.user, service_id=pk)
    actor = request.user
    provider_side = actor.institution_id == service.provider_id
    log(request, service, "care_outside_service")
    today = timezone.localdate()
    return render(request, "care/outside.html", {
        "service": service, "provider_side": provider_side,
        "summary": outside_selectors.outside_child_summary(service, today=today)
        if provider_side and service.state == OutsideState.OPEN else None,
        "summary_waits": provider_side and service.state == OutsideState.AGREED,
        "records": outside_selectors.outside_records(actor=actor, service=service),
        "clinical": may_view_clinical(actor, service.line),
        "may_write": provider_side and service.state == OutsideState.OPEN
        and may_write(actor, service.line),
        "may_open": provider_side and service.state == OutsideState.AGREED
        and has_perm(actor, Perm.CARE_APPROVE),
        "may_close": service.is_live and (
            (provider_side and has_perm(actor, Perm.CARE_APPROVE))
            or (not provider_side and has_perm(actor, Perm.CARE_OUTSIDE_AGREE))),
        "child_tab": None if provider_side else tab_url(service.child_id, service.line),
    })


_ACTIONS = {
    "open": (forms.ApproveForm, lambda actor, pk, d: services.outside_service_open(
        actor=actor, service_id=pk, version=d["version"])),
    "decline": (forms_lines.NoteForm, lambda actor, pk, d: services.outside_service_decline(
        actor=actor, service_id=pk, version=d["version"], note=d["note"])),
    "close": (forms_lines.NoteForm, lambda actor, pk, d: services.outside_service_close(
        actor=actor, service_id=pk, version=d["version"], note=d["note"])),
}


@page(methods=("GET", "POST"))
def outside_action(request, pk: int, action: str):
    service = outside_selectors.outside_service_get(actor=request.user, service_id=pk)
    if action not in _ACTIONS:
        raise PermissionDeniedError()
    form_class, call = _ACTIONS[action]
    if request.method == "GET":
        log(request, service, "care_outside_service")
    form = form_class(request.POST or None, initial={"version": service.version})
    if form.is_bound and form.is_valid():
        saved = run_service(form, lambda: call(request.user, pk, form.cleaned_data))
        if saved is not None:
            messages.success(request, _("Saved."))
            if saved.is_live:
                return redirect(service_url(saved))
            mine = request.user.institution_id == saved.provider_id
            return redirect("care_outside_list" if mine else "child_detail",
                            *([] if mine else [saved.child_id]))
    title = {"open": _("Open the service"), "decline": _("Decline the service"),
             "close": _("Close the service")}[action]
    return action_page(request, form, child=service.child, record=service, title=title,
                       submit=title, back=service_url(service))


@page(methods=("GET", "POST"))
def outside_assessment_new(request, pk: int):
    service = outside_selectors.outside_service_get(actor=request.user, service_id=pk)
    form = forms.AssessmentForm(request.POST or None,
                                initial={"assessed_on": timezone.localdate()})
    if form.is_bound and form.is_valid():
        saved = run_service(form, lambda: pattern.assessment_record(
            actor=request.user, child_id=None, line=service.line, service_id=pk,
            data=form.data_for_service()))
        if saved is not None:
            return redirect(service_url(service))
    return action_page(request, form, child=service.child, record=service,
                       title=_("New assessment"), submit=_("Save"), back=service_url(service))


@page(methods=("GET", "POST"))
def outside_plan_new(request, pk: int):
    service = outside_selectors.outside_service_get(actor=request.user, service_id=pk)
    staff = selectors.staff_choices(institution_id=service.provider_id)
    records = outside_selectors.outside_records(actor=request.user, service=service)
    form = forms.PlanForm(request.POST or None, staff=staff, assessments=records.assessments,
                          initial={"starts_on": timezone.localdate(),
                                   "responsible_id": request.user.pk})
    if form.is_bound and form.is_valid():
        saved = run_service(form, lambda: pattern.plan_create(
            actor=request.user, child_id=None, line=service.line, service_id=pk,
            data=form.data_for_service()))
        if saved is not None:
            return redirect("care_plan_detail", saved.pk)
    return action_page(request, form, child=service.child, record=service,
                       title=_("New plan"), submit=_("Submit for approval"),
                       back=service_url(service))
