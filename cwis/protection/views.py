"""Pages of the community children registry. Thin: parse the form, call one service or
selector, render."""

from urllib.parse import urlencode

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _

from cwis.children import selectors as child_selectors
from cwis.children.models import Child
from cwis.children.services import PossibleDuplicateError
from cwis.core.audit import access_log_record
from cwis.core.errors import PermissionDeniedError
from cwis.core.export import export_response
from cwis.core.pagination import CappedPaginator
from cwis.core.permissions import Perm, require
from cwis.core.scoping import actor_prefix
from cwis.core.web import not_found_as_404
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

PAGE_SIZE = 50


def _log(request, child: Child, action: str = "view") -> None:
    access_log_record(actor=request.user, object_type="child", object_id=child.pk,
                      division_code=child.division_code, request=request, action=action)


def _filtered(request):
    form = CommunityFilterForm(request.GET or None)
    filters = form.filters() if form.is_bound else {}
    children = selectors.community_list(actor=request.user, filters=filters,
                                        today=timezone.localdate())
    return form, children


@login_required
@not_found_as_404
def community_list(request):
    require(request.user, Perm.CHILD_VIEW)
    form, children = _filtered(request)
    page = CappedPaginator(children, PAGE_SIZE).get_page(request.GET.get("page"))
    query = urlencode([(k, v) for k, v in request.GET.items() if k != "page" and v])
    return render(request, "protection/list.html", {
        "page": page, "form": form, "query": query, "today": timezone.localdate(),
    })


@login_required
@not_found_as_404
def community_export(request):
    require(request.user, Perm.CHILD_VIEW)
    form, children = _filtered(request)
    access_log_record(actor=request.user, object_type="community_list", object_id="export",
                      division_code=actor_prefix(request.user) or "", request=request,
                      action="export")
    return export_response(request, rows=children,
                           build=lambda: community_workbook(children),
                           filename=community_filename(), kind="community.export",
                           params={"filters": form.filters() if form.is_bound else {}})


@login_required
@not_found_as_404
def community_detail(request, pk: int):
    child = selectors.community_get(actor=request.user, child_id=pk)
    _log(request, child)
    return render(request, "protection/detail.html", {
        "child": child,
        "actions": selectors.community_actions(actor=request.user, child=child),
        "id_number": child_selectors.child_id_number_for(actor=request.user, child=child),
        "visits": selectors.community_visits(child=child),
        "visit_due": selectors.community_visit_due(child=child),
        "today": timezone.localdate(),
    })


@login_required
@not_found_as_404
def community_register(request):
    require(request.user, Perm.COMMUNITY_REGISTER)
    initial = {"registered_on": timezone.localdate()}
    if request.user.division_id and request.user.division.level in ("township", "village"):
        initial["division"] = request.user.division.code
    form = CommunityRegisterForm(request.POST or None, initial=initial)
    candidates, outside_scope = [], 0
    if request.method == "POST" and form.is_valid():
        try:
            child = services.community_register(
                actor=request.user, data=form.file_data(),
                dismissed_duplicates=form.cleaned_data["dismissed_duplicates"],
            )
        except PossibleDuplicateError as exc:
            candidates, outside_scope = exc.candidates, exc.outside_scope
            form.apply_errors(exc)
        except ValidationError as exc:
            form.apply_errors(exc)
        else:
            messages.success(request, _("The child was registered."))
            return redirect("community_detail", pk=child.pk)
    return render(request, "protection/register.html", {
        "form": form, "candidates": candidates, "outside_scope": outside_scope,
    })


@login_required
@not_found_as_404
def community_edit(request, pk: int):
    child = selectors.community_get(actor=request.user, child_id=pk)
    if not selectors.community_actions(actor=request.user, child=child).edit:
        raise PermissionDeniedError()
    form = CommunityEditForm(request.POST or None, child=child)
    if request.method == "POST" and form.is_valid():
        data = form.file_data()
        saved = form.run_service(lambda: services.community_update(
            actor=request.user, child_id=pk, version=form.cleaned_data["version"], data=data))
        if saved:
            messages.success(request, _("The file was saved."))
            return redirect("community_detail", pk=pk)
    return render(request, "protection/edit.html", {"form": form, "child": child})


@login_required
@not_found_as_404
def community_visit(request, pk: int):
    child = selectors.community_get(actor=request.user, child_id=pk)
    if not selectors.community_actions(actor=request.user, child=child).visit:
        raise PermissionDeniedError()
    form = VisitForm(request.POST or None, initial={"visited_on": timezone.localdate(),
                                                    "method": "home"})
    if request.method == "POST" and form.is_valid():
        saved = form.run_service(lambda: services.community_visit_record(
            actor=request.user, child_id=pk, data=form.cleaned_data))
        if saved:
            messages.success(request, _("The visit was recorded."))
            return redirect("community_detail", pk=pk)
    return render(request, "protection/action.html", {
        "form": form, "child": child, "title": _("Record a visit"), "submit": _("Save"),
    })


@login_required
@not_found_as_404
def community_remove(request, pk: int):
    child = selectors.community_get(actor=request.user, child_id=pk)
    if not selectors.community_actions(actor=request.user, child=child).remove:
        raise PermissionDeniedError()
    form = RemoveForm(request.POST or None, initial={"version": child.version,
                                                     "on": timezone.localdate()})
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        saved = form.run_service(lambda: services.community_remove(
            actor=request.user, child_id=pk, version=data["version"], reason=data["reason"],
            on=data["on"], note=data["note"]))
        if saved:
            messages.success(request, _("The child was removed from the registry."))
            return redirect("community_detail", pk=pk)
    return render(request, "protection/action.html", {
        "form": form, "child": child, "title": _("Remove from the registry"),
        "submit": _("Remove from the registry"),
    })


@login_required
@not_found_as_404
def community_take_into_care(request, pk: int):
    child = selectors.community_get(actor=request.user, child_id=pk)
    if not selectors.community_actions(actor=request.user, child=child).take_into_care:
        raise PermissionDeniedError()
    institutions = institution_list(actor=request.user, filters={"status": "operating"})
    form = TakeIntoCareForm(request.POST or None, institutions=institutions, initial={
        "version": child.version, "intake_on": timezone.localdate()})
    if request.method == "POST" and form.is_valid():
        data = {**form.cleaned_data}
        data["institution_id"] = data.pop("institution").pk
        saved = form.run_service(lambda: services.community_take_into_care(
            actor=request.user, child_id=pk, **data))
        if saved:
            messages.success(request, _("The child was taken into care: the same file "
                                        "continues in the institution."))
            return redirect("child_detail", pk=pk)
    return render(request, "protection/action.html", {
        "form": form, "child": child, "title": _("Take into civil affairs care"),
        "submit": _("Take into care"),
    })
