"""Pages of the child registry. Thin: parse the form, call one service or selector, render."""

from urllib.parse import urlencode

from django.contrib import messages
from django.http import Http404
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from cwis.children import selectors, services
from cwis.children.choices import DocumentKind
from cwis.children.export import children_filename, children_workbook
from cwis.children.forms import (
    DocumentForm,
    EditForm,
    FilterForm,
    LeaveForm,
    MergeForm,
    MoveForm,
    ReasonForm,
    RegisterForm,
    intake_initial,
)
from cwis.children.models import Child
from cwis.children.register_page import register_page
from cwis.children.tabs import TABS, file_tabs, print_sections
from cwis.core import uploads
from cwis.core.audit import access_log_children, access_log_record
from cwis.core.divisions import division_names
from cwis.core.errors import PermissionDeniedError
from cwis.core.export import export_response
from cwis.core.pagination import CappedPaginator
from cwis.core.permissions import Perm, require
from cwis.core.replicas import above_county
from cwis.core.scoping import actor_prefix, scope
from cwis.core.sorting import list_order, sort_headers
from cwis.core.web import page, render_form, run_service
from cwis.institutions.models import FamilyResidence
from cwis.institutions.selectors import institution_list

PAGE_SIZE = 50


def _to_tab(pk: int, tab: str):
    return redirect(reverse("child_detail", args=[pk]) + f"?tab={tab}")


def _log(request, child: Child, action: str = "view") -> None:
    access_log_record(actor=request.user, object_type="child", object_id=child.pk,
                      division_code=child.division_code, request=request, action=action)


# --------------------------------------------------------------------------------- list


def _filter_form(request) -> FilterForm:
    institutions = institution_list(actor=request.user)
    return FilterForm(request.GET or None, institutions=institutions)


SORTS = {"name": gettext_lazy("Name"), "birth": gettext_lazy("Date of birth")}


@page(perm=Perm.CHILD_VIEW, replica=above_county)
def child_list(request):
    form = _filter_form(request)
    filters = form.filters() if form.is_bound else {}
    order = list_order(request, [k for key in SORTS for k in (key, f"-{key}")])
    children = selectors.child_list(actor=request.user, filters=filters, order=order)
    page = CappedPaginator(children, PAGE_SIZE).get_page(request.GET.get("page"))
    division_names(c.division_code for c in page if c.current_institution_id is None)
    query = urlencode([(k, v) for k, v in request.GET.items() if k != "page" and v])
    return render(request, "children/list.html", {
        "page": page, "form": form, "query": query,
        "sorts": sort_headers(request, SORTS, order)})


@page(perm=Perm.CHILD_VIEW)
def child_export(request):
    form = _filter_form(request)
    filters = form.filters() if form.is_bound else {}
    children = selectors.child_list(actor=request.user, filters=filters)
    access_log_record(actor=request.user, object_type="child_list", object_id="export",
                      division_code=actor_prefix(request.user) or "", request=request,
                      action="export")
    return export_response(request, rows=children, build=lambda: children_workbook(children),
                           filename=children_filename(), kind="children.export",
                           params={"filters": filters})


# ------------------------------------------------------------------------------ detail


def _file_context(request, child: Child) -> dict:
    """What every section of the file shows (the page shows one tab, the print all)."""
    actions = selectors.child_actions(actor=request.user, child=child)
    missing = selectors.child_missing_documents(child=child)
    return {
        "child": child,
        "actions": actions,
        "id_number": selectors.child_id_number_for(actor=request.user, child=child),
        "intakes": selectors.child_intakes(child=child),
        "placements": selectors.child_placements(child=child),
        "documents": selectors.child_documents(child=child),
        "missing_documents": [DocumentKind(k).label for k in missing],
        "deadlines": selectors.child_open_deadlines(child=child, today=timezone.localdate()),
        "today": timezone.localdate(),
    }


@page
def child_detail(request, pk: int):
    child = selectors.child_get(actor=request.user, child_id=pk)
    tab = request.GET.get("tab", "identity")
    if tab not in dict(TABS):
        tab = "identity"
    _log(request, child)
    context = _file_context(request, child)
    context.update(tab=tab, section=f"children/sections/{tab}.html",
                   tabs=file_tabs(actor=request.user, child_id=child.pk, on_file=True))
    actions = context["actions"]
    if tab == "history":
        changes = selectors.child_history(actor=request.user, child_id=pk)
        context.update(history=[c.entry for c in changes], history_records=True)
    if tab == "identity" and actions.correct:
        context["duplicates"] = selectors.child_possible_duplicates(actor=request.user,
                                                                    child=child)
        access_log_children(actor=request.user, children=context["duplicates"],
                            request=request, action="duplicate_check")
    return render(request, "children/detail.html", context)


@page
def child_print(request, pk: int):
    """The whole file on A4 (every tab's section, no navigation or buttons), to print or
    save as PDF from the browser. It shows the whole file, so it is logged as a print."""
    child = selectors.child_get(actor=request.user, child_id=pk)
    _log(request, child, action="print")
    context = _file_context(request, child)
    changes = selectors.child_history(actor=request.user, child_id=pk)
    context.update(history=[c.entry for c in changes], history_records=True, printing=True,
                   sections=print_sections(actor=request.user, child=child),
                   printed_at=timezone.localtime())
    return render(request, "children/print.html", context)


# ------------------------------------------------------------------------------- writes


@page(perm=Perm.CHILD_REGISTER, methods=("GET", "POST"))
def child_register(request):
    institutions = institution_list(actor=request.user, filters={"status": "operating"})
    form = RegisterForm(request.POST or None, request.FILES or None, institutions=institutions,
                        initial=intake_initial(timezone.localdate()))

    def register():
        data = form.cleaned_data
        return services.child_register(
            actor=request.user,
            institution_id=data["institution"].pk if data["institution"] else None,
            intake_on=data["intake_on"], intake_category=data["intake_category"],
            legal_basis=data["legal_basis"], legal_basis_note=data["legal_basis_note"],
            received_from=data["received_from"], intake_note=data["intake_note"],
            bed=data["bed"], data=form.file_data(),
            dismissed_duplicates=data["dismissed_duplicates"],
        )

    return register_page(request, form, register, template="children/register.html",
                         done=_("The child's file was opened."),
                         next_url=lambda child: reverse("child_detail", args=[child.pk]))


@page(methods=("GET", "POST"))
def child_edit(request, pk: int):
    child = selectors.child_get(actor=request.user, child_id=pk)
    if not selectors.child_actions(actor=request.user, child=child).edit:
        raise PermissionDeniedError()
    form = EditForm(request.POST or None, request.FILES or None, child=child)
    if form.is_bound and form.is_valid():
        saved = run_service(form, lambda: services.child_update(
            actor=request.user, child_id=pk, version=form.cleaned_data["version"],
            changes=form.file_data(), reason=form.cleaned_data.get("reason", ""),
        ))
        if saved is not None:
            messages.success(request, _("The file was saved."))
            return redirect("child_detail", pk=pk)
    _log(request, child, "edit")  # the form shows the whole file
    return render_form(request, "children/edit.html", form, {"child": child})


@page(methods=("GET", "POST"))
def child_leave(request, pk: int):
    child = selectors.child_get(actor=request.user, child_id=pk)
    if not selectors.child_actions(actor=request.user, child=child).leave:
        raise PermissionDeniedError()
    form = LeaveForm(request.POST or None, initial={"version": child.version,
                                                    "on": timezone.localdate()})
    if form.is_bound and form.is_valid():
        data = form.cleaned_data
        saved = run_service(form, lambda: services.child_leave_care(
            actor=request.user, child_id=pk, version=data["version"], on=data["on"],
            reason=data["reason"], note=data["note"], adult_placement=data["adult_placement"],
            destination=data["destination"], document_number=data["document_number"],
        ))
        if saved is not None:
            messages.success(request, _("Leaving care was recorded; the file is closed."))
            return redirect("child_detail", pk=pk)
    return render_form(request, "children/action.html", form, {
        "child": child, "title": _("Record leaving care"),
        "submit": _("Record leaving care"),
    })


@page(methods=("GET", "POST"))
def child_move(request, pk: int):
    child = selectors.child_get(actor=request.user, child_id=pk)
    if not selectors.child_actions(actor=request.user, child=child).move:
        raise PermissionDeniedError()
    residences = scope(FamilyResidence.objects.filter(
        institution_id=child.current_institution_id, is_active=True), request.user)
    form = MoveForm(request.POST or None, residences=residences,
                    initial={"version": child.version, "on": timezone.localdate()})
    if form.is_bound and form.is_valid():
        data = form.cleaned_data
        saved = run_service(form, lambda: services.child_move(
            actor=request.user, child=child, on=data["on"], reason=data["reason"],
            kind=data["kind"], family_residence=data["family_residence"],
            foster_carer=data["foster_carer"], foster_address=data["foster_address"],
            bed=data["bed"], expected_version=data["version"],
        ))
        if saved is not None:
            messages.success(request, _("The move was recorded."))
            return _to_tab(pk, "residence")
    return render_form(request, "children/action.html", form, {
        "child": child, "title": _("Change residence"), "submit": _("Save"),
    })


@page(methods=("GET", "POST"))
def child_document_add(request, pk: int):
    child = selectors.child_get(actor=request.user, child_id=pk)
    if not selectors.child_actions(actor=request.user, child=child).add_document:
        raise PermissionDeniedError()
    form = DocumentForm(request.POST or None, request.FILES or None,
                        initial={"kind": request.GET.get("kind")})
    if form.is_bound and form.is_valid():
        data = form.cleaned_data
        saved = run_service(form, lambda: services.child_document_add(
            actor=request.user, child_id=pk, kind=data["kind"], file=data["file"],
            issued_on=data["issued_on"], number=data["number"], note=data["note"],
        ))
        if saved is not None:
            messages.success(request, _("The document was added."))
            return _to_tab(pk, "documents")
    return render_form(request, "children/action.html", form, {
        "child": child, "title": _("Add a document"), "submit": _("Add"),
        "multipart": True,
    })


@page
def child_document_file(request, pk: int, document_id: int):
    document = selectors.child_document_get(actor=request.user, child_id=pk,
                                            document_id=document_id)
    if not document.file:
        raise Http404
    _log(request, document.child, "document")
    return uploads.attachment_response(document.file, document.original_name)


@page
def child_photo(request, pk: int):
    child = selectors.child_get(actor=request.user, child_id=pk)
    if not child.photo:
        raise Http404
    _log(request, child, "photo")
    return uploads.inline_image_response(child.photo)


@page(methods=("GET", "POST"))
def child_document_withdraw(request, pk: int, document_id: int):
    child = selectors.child_get(actor=request.user, child_id=pk)
    require(request.user, Perm.CHILD_CORRECT)
    document = selectors.child_document_get(actor=request.user, child_id=pk,
                                            document_id=document_id)
    form = ReasonForm(request.POST or None)
    if form.is_bound and form.is_valid():
        saved = run_service(form, lambda: services.child_document_withdraw(
            actor=request.user, child_id=pk, document_id=document_id,
            reason=form.cleaned_data["reason"]))
        if saved is not None:
            messages.success(request, _("The document was withdrawn."))
            return _to_tab(pk, "documents")
    return render_form(request, "children/action.html", form, {
        "child": child, "submit": _("Withdraw"),
        "title": _("Withdraw %(document)s") % {"document": document},
    })


@page(methods=("GET", "POST"))
def child_merge(request, pk: int):
    child = selectors.child_get(actor=request.user, child_id=pk)
    if not selectors.child_actions(actor=request.user, child=child).correct:
        raise PermissionDeniedError()
    candidates = selectors.child_possible_duplicates(actor=request.user, child=child)
    access_log_children(actor=request.user, children=candidates, request=request,
                        action="duplicate_check")
    form = MergeForm(request.POST or None, candidates=candidates,
                     initial={"version": child.version})
    if form.is_bound and form.is_valid():
        data = form.cleaned_data
        saved = run_service(form, lambda: services.child_merge(
            actor=request.user, survivor_id=pk, duplicate_id=data["duplicate"],
            version=data["version"], reason=data["reason"]))
        if saved is not None:
            messages.success(request, _("The files were merged."))
            return redirect("child_detail", pk=pk)
    return render_form(request, "children/action.html", form, {
        "child": child, "title": _("Merge a duplicate file into this one"),
        "submit": _("Merge"), "empty": not candidates,
    })


@page(methods=("GET", "POST"))
def child_entered_in_error(request, pk: int):
    child = selectors.child_get(actor=request.user, child_id=pk)
    if not selectors.child_actions(actor=request.user, child=child).correct:
        raise PermissionDeniedError()
    form = ReasonForm(request.POST or None, initial={"version": child.version})
    if form.is_bound and form.is_valid():
        saved = run_service(form, lambda: services.child_mark_entered_in_error(
            actor=request.user, child_id=pk, version=form.cleaned_data["version"],
            reason=form.cleaned_data["reason"]))
        if saved is not None:
            messages.success(request, _("The file was marked as entered in error."))
            return redirect("child_detail", pk=pk)
    return render_form(request, "children/action.html", form, {
        "child": child, "title": _("Mark as entered in error"),
        "submit": _("Mark as entered in error"),
    })
