"""The upbringing assessment's pages: the child's page (a tab of the file, linked from the
social work tab), record, change, confirm; the list of children with no current assessment.
Thin: parse, call one service or selector, render."""

from urllib.parse import urlencode

from django.contrib import messages
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from cwis.care import forms_adoption as forms
from cwis.care import selectors
from cwis.care.forms import ApproveForm
from cwis.care.services import upbringing as services
from cwis.care.views.common import action_page, log
from cwis.care.views.figures import WithoutPlanFilters
from cwis.children.tabs import file_tabs
from cwis.core.audit import access_log_record
from cwis.core.errors import PermissionDeniedError
from cwis.core.history import history_of
from cwis.core.pagination import CappedPaginator
from cwis.core.permissions import Perm, has_perm
from cwis.core.scoping import actor_prefix
from cwis.core.web import page, run_service

PAGE_SIZE = 50


def child_url(child_id: int) -> str:
    return reverse("care_upbringing_child", kwargs={"child_id": child_id})


@page
def upbringing_child(request, child_id: int):
    info = selectors.upbringing_page(actor=request.user, child_id=child_id)
    log(request, info.child, "child", "upbringing")
    return render(request, "care/upbringing_child.html", {
        "child": info.child, "info": info, "tab": "care_upbringing",
        "tabs": file_tabs(actor=request.user, child_id=child_id),
        "today": timezone.localdate(),
    })


@page(methods=("GET", "POST"))
def upbringing_new(request, child_id: int):
    info = selectors.upbringing_page(actor=request.user, child_id=child_id)
    if not info.may_write:
        raise PermissionDeniedError()
    form = forms.UpbringingForm(request.POST or None,
                                initial={"assessed_on": timezone.localdate()})
    if form.is_bound and form.is_valid():
        saved = run_service(form, lambda: services.upbringing_record(
            actor=request.user, child_id=child_id, data=form.data_for_service()))
        if saved is not None:
            messages.success(request, _("The assessment was recorded; it now waits for the "
                                        "director's confirmation."))
            return redirect("care_upbringing_detail", saved.pk)
    return action_page(request, form, child=info.child, submit=_("Submit for confirmation"),
                       title=_("New upbringing assessment"), back=child_url(child_id))


@page
def upbringing_detail(request, pk: int):
    assessment = selectors.upbringing_get(actor=request.user, assessment_id=pk)
    log(request, assessment, "care_upbringing")
    pending = assessment.status == "pending" and assessment.child.status == "in_care"
    return render(request, "care/upbringing_detail.html", {
        "record": assessment, "child": assessment.child, "back": child_url(assessment.child_id),
        "may_edit": pending, "may_confirm": pending and _approver(request.user),
        "history": history_of(assessment, limit=30),
    })


def _approver(user) -> bool:
    return has_perm(user, Perm.CARE_APPROVE)


@page(methods=("GET", "POST"))
def upbringing_edit(request, pk: int):
    assessment = selectors.upbringing_get(actor=request.user, assessment_id=pk)
    form = forms.UpbringingForm(request.POST or None, initial={
        "version": assessment.version, **{f: getattr(assessment, f) for f in services.FIELDS}})
    if form.is_bound and form.is_valid():
        saved = run_service(form, lambda: services.upbringing_update(
            actor=request.user, assessment_id=pk, version=form.cleaned_data["version"],
            data=form.data_for_service()))
        if saved is not None:
            messages.success(request, _("The assessment was saved."))
            return redirect("care_upbringing_detail", pk)
    return action_page(request, form, child=assessment.child, submit=_("Save"),
                       title=_("Change the upbringing assessment"), record=assessment,
                       back=reverse("care_upbringing_detail", args=[pk]))


@page(methods=("GET", "POST"))
def upbringing_confirm(request, pk: int):
    assessment = selectors.upbringing_get(actor=request.user, assessment_id=pk)
    if not _approver(request.user):
        raise PermissionDeniedError()
    form = ApproveForm(request.POST or None, initial={"version": assessment.version})
    if form.is_bound and form.is_valid():
        saved = run_service(form, lambda: services.upbringing_confirm(
            actor=request.user, assessment_id=pk, version=form.cleaned_data["version"]))
        if saved is not None:
            messages.success(request, _("The assessment was confirmed."))
            return redirect(child_url(assessment.child_id))
    return action_page(request, form, child=assessment.child, submit=_("Confirm the assessment"),
                       title=_("Confirm the upbringing assessment"), record=assessment,
                       back=reverse("care_upbringing_detail", args=[pk]))


@page
def without_assessment(request):
    """Children in care with no current upbringing assessment (names and institutions)."""
    form = WithoutPlanFilters(request.GET or None, actor=request.user)
    del form.fields["line"]
    filters = form.filters() if form.is_bound else {}
    children = selectors.children_without_assessment(
        actor=request.user, filters=filters, today=timezone.localdate()).select_related(
        "current_institution").order_by("current_institution__name", "name", "pk")
    page_obj = CappedPaginator(children, PAGE_SIZE).get_page(request.GET.get("page"))
    access_log_record(actor=request.user, object_type="care_without_upbringing",
                      object_id="", division_code=actor_prefix(request.user) or "",
                      request=request, action="list")
    query = urlencode([(k, v) for k, v in request.GET.items() if k != "page" and v])
    return render(request, "care/upbringing_without.html", {
        "page": page_obj, "form": form, "query": query})
