"""Pages of the community children registry. Thin: parse the form, call one service or
selector, render."""

from urllib.parse import urlencode

from django.contrib import messages
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from cwis.children import selectors as child_selectors
from cwis.children.models import Child
from cwis.children.register_page import register_page
from cwis.core.audit import access_log_record
from cwis.core.divisions import division_names
from cwis.core.errors import PermissionDeniedError
from cwis.core.export import export_response
from cwis.core.pagination import CappedPaginator
from cwis.core.permissions import Perm, has_perm
from cwis.core.replicas import above_county
from cwis.core.scoping import actor_prefix
from cwis.core.sorting import list_order, sort_headers
from cwis.core.web import page, render_form, run_service
from cwis.institutions.selectors import institution_list
from cwis.protection import selectors, services
from cwis.protection.export import community_filename, community_workbook
from cwis.protection.forms import (
    CommunityEditForm,
    CommunityFilterForm,
    CommunityRegisterForm,
    RemoveForm,
    TakeIntoCareForm,
    VisitForm,
)
from cwis.protection.selectors import cases as case_selectors
from cwis.protection.selectors import exits as exit_selectors
from cwis.protection.views_registry import child_flags

PAGE_SIZE = 50


def _log(request, child: Child, action: str = "view") -> None:
    access_log_record(actor=request.user, object_type="child", object_id=child.pk,
                      division_code=child.division_code, request=request, action=action)


SORTS = {"name": gettext_lazy("Name"), "birth": gettext_lazy("Date of birth"),
         "registered": gettext_lazy("Registered on")}


def _filtered(request):
    form = CommunityFilterForm(request.GET or None, actor=request.user)
    filters = form.filters() if form.is_bound else {}
    order = list_order(request, [k for key in SORTS for k in (key, f"-{key}")])
    children = selectors.community_list(actor=request.user, filters=filters,
                                        today=timezone.localdate(), order=order)
    return form, children, order


@page(perm=Perm.CHILD_VIEW, replica=above_county)
def community_list(request):
    form, children, order = _filtered(request)
    page = CappedPaginator(children, PAGE_SIZE).get_page(request.GET.get("page"))
    division_names(c.division_code for c in page)  # one query for the page's places
    query = urlencode([(k, v) for k, v in request.GET.items() if k != "page" and v])
    return render(request, "protection/list.html", {
        "page": page, "form": form, "query": query, "today": timezone.localdate(),
        "sorts": sort_headers(request, SORTS, order),
    })


@page(perm=Perm.CHILD_VIEW)
def community_export(request):
    form, children, _order = _filtered(request)
    access_log_record(actor=request.user, object_type="community_list", object_id="export",
                      division_code=actor_prefix(request.user) or "", request=request,
                      action="export")
    return export_response(request, rows=children,
                           build=lambda: community_workbook(children),
                           filename=community_filename(), kind="community.export",
                           params={"filters": form.filters() if form.is_bound else {}})


@page
def community_detail(request, pk: int):
    child = selectors.community_get(actor=request.user, child_id=pk)
    _log(request, child)
    return render(request, "protection/detail.html", {
        "child": child,
        "actions": selectors.community_actions(actor=request.user, child=child),
        "id_number": child_selectors.child_id_number_for(actor=request.user, child=child),
        "visits": selectors.community_visits(child=child),
        "visit_due": selectors.community_visit_due(child=child),
        "follow_up_due": selectors.community_follow_up_due(child=child),
        "today": timezone.localdate(),
        "open_case": case_selectors.case_open_for_child(actor=request.user, child=child),
        "has_open_case": case_selectors.child_has_open_case(actor=request.user, child=child),
        "may_open_case": has_perm(request.user, Perm.CASE_WRITE),
        "case_follow_ups": exit_selectors.child_follow_ups(actor=request.user, child=child),
        "flags": child_flags(request, child),
    })


@page(perm=Perm.COMMUNITY_REGISTER, methods=("GET", "POST"))
def community_register(request):
    initial = {"registered_on": timezone.localdate()}
    if request.user.division_id and request.user.division.level in ("township", "village"):
        initial["division"] = request.user.division.code
    form = CommunityRegisterForm(request.POST or None, initial=initial, actor=request.user)
    return register_page(
        request, form, lambda: services.community_register(
            actor=request.user, data=form.file_data(),
            dismissed_duplicates=form.cleaned_data["dismissed_duplicates"]),
        template="protection/register.html", done=_("The child was registered."),
        next_url=lambda child: reverse("community_detail", args=[child.pk]))


@page(methods=("GET", "POST"))
def community_edit(request, pk: int):
    child = selectors.community_get(actor=request.user, child_id=pk)
    if not selectors.community_actions(actor=request.user, child=child).edit:
        raise PermissionDeniedError()
    form = CommunityEditForm(request.POST or None, child=child, actor=request.user)
    if form.is_bound and form.is_valid():
        data = form.file_data()
        saved = run_service(form, lambda: services.community_update(
            actor=request.user, child_id=pk, version=form.cleaned_data["version"], data=data))
        if saved is not None:
            messages.success(request, _("The file was saved."))
            return redirect("community_detail", pk=pk)
    _log(request, child, "edit")  # the form shows the whole file
    return render_form(request, "protection/edit.html", form, {"child": child})


@page(methods=("GET", "POST"))
def community_visit(request, pk: int):
    child = selectors.community_get(actor=request.user, child_id=pk)
    if not selectors.community_actions(actor=request.user, child=child).visit:
        raise PermissionDeniedError()
    form = VisitForm(request.POST or None, initial={"visited_on": timezone.localdate(),
                                                    "method": "home"})
    if form.is_bound and form.is_valid():
        saved = run_service(form, lambda: services.community_visit_record(
            actor=request.user, child_id=pk, data=form.cleaned_data))
        if saved is not None:
            messages.success(request, _("The visit was recorded."))
            return redirect("community_detail", pk=pk)
    return render_form(request, "protection/action.html", form, {
        "child": child, "title": _("Record a visit"), "submit": _("Save"),
        "keep_typed": True,  # what was typed survives a dropped network (keep-typed.js)
    })


@page(methods=("GET", "POST"))
def community_remove(request, pk: int):
    child = selectors.community_get(actor=request.user, child_id=pk)
    if not selectors.community_actions(actor=request.user, child=child).remove:
        raise PermissionDeniedError()
    form = RemoveForm(request.POST or None, initial={"version": child.version,
                                                     "on": timezone.localdate()})
    if form.is_bound and form.is_valid():
        data = form.cleaned_data
        saved = run_service(form, lambda: services.community_remove(
            actor=request.user, child_id=pk, version=data["version"], reason=data["reason"],
            on=data["on"], note=data["note"]))
        if saved is not None:
            messages.success(request, _("The child was removed from the registry."))
            return redirect("community_detail", pk=pk)
    return render_form(request, "protection/action.html", form, {
        "child": child, "title": _("Remove from the registry"),
        "submit": _("Remove from the registry"),
    })


@page(methods=("GET", "POST"))
def community_take_into_care(request, pk: int):
    child = selectors.community_get(actor=request.user, child_id=pk)
    if not selectors.community_actions(actor=request.user, child=child).take_into_care:
        raise PermissionDeniedError()
    institutions = institution_list(actor=request.user, filters={"status": "operating"})
    form = TakeIntoCareForm(request.POST or None, institutions=institutions, initial={
        "version": child.version, "intake_on": timezone.localdate()})
    if form.is_bound and form.is_valid():
        data = {**form.cleaned_data}
        data["institution_id"] = data.pop("institution").pk
        saved = run_service(form, lambda: services.community_take_into_care(
            actor=request.user, child_id=pk, **data))
        if saved is not None:
            messages.success(request, _("The child was taken into care: the same file "
                                        "continues in the institution."))
            return redirect("child_detail", pk=pk)
    return render_form(request, "protection/action.html", form, {
        "child": child, "title": _("Take into civil affairs care"),
        "submit": _("Take into care"),
    })
