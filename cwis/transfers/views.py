"""Pages of the transfers module. Thin: parse the form, call one service or selector, render.

A step refused by its service shows the detail page again (422) with the reasons beside
the fields of the form that was sent; a step done goes back to the detail page.
"""

from urllib.parse import urlencode

from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from cwis.core.audit import access_log_record
from cwis.core.export import export_response
from cwis.core.forms import BaseForm
from cwis.core.pagination import CappedPaginator
from cwis.core.permissions import Perm, has_perm
from cwis.core.scoping import actor_prefix, scope
from cwis.core.web import page, render_form, run_service
from cwis.institutions.models import Institution, InstitutionLevel, InstitutionStatus
from cwis.transfers import forms, selectors, services
from cwis.transfers.export import (
    HUKOU_FILENAME,
    SCHOOL_FILENAME,
    hukou_rows,
    hukou_workbook,
    school_rows,
    school_workbook,
)
from cwis.transfers.models import Transfer, TransferStatus

# step -> (its form, its service, what the page says when it is done)
STEPS = {
    "approve": (forms.ApproveForm, services.transfer_approve,
                gettext_lazy("The transfer was approved.")),
    "send": (forms.SendForm, services.transfer_send, gettext_lazy("The child was sent.")),
    "receive": (forms.ReceiveForm, services.transfer_receive,
                gettext_lazy("The child was received.")),
    "return": (forms.ReturnForm, services.transfer_return,
               gettext_lazy("The transfer was returned.")),
    "cancel": (forms.CancelForm, services.transfer_cancel,
               gettext_lazy("The transfer was cancelled.")),
}


PAGE_SIZE = 50


def _list(request: HttpRequest, *, arriving: bool) -> HttpResponse:
    form = forms.FilterForm(request.GET or None, actor=request.user)
    filters = form.filters() if form.is_bound else {}
    transfers = selectors.transfer_list(actor=request.user, today=timezone.localdate(),
                                        arriving=arriving, **filters)
    page_ = CappedPaginator(transfers, PAGE_SIZE).get_page(request.GET.get("page"))
    query = urlencode([(k, v) for k, v in request.GET.items() if k != "page" and v])
    return render(request, "transfers/list.html", {
        "page": page_, "form": form, "query": query, "status": filters.get("status", ""),
        "statuses": TransferStatus.choices, "arriving": arriving,
        "can_batch": has_perm(request.user, Perm.TRANSFER_DRAFT),
    })


@page(perm=Perm.CHILD_VIEW)
def transfer_list(request: HttpRequest) -> HttpResponse:
    return _list(request, arriving=False)


@page(perm=Perm.CHILD_VIEW)
def transfer_arriving(request: HttpRequest) -> HttpResponse:
    return _list(request, arriving=True)


@page(perm=Perm.TRANSFER_DRAFT, methods=("GET", "POST"))
def transfer_batch(request: HttpRequest) -> HttpResponse:
    counties = scope(Institution.objects.filter(
        level=InstitutionLevel.COUNTY, status=InstitutionStatus.OPERATING), request.user)
    form = forms.BatchForm(request.POST or None, institutions=counties)
    if form.is_bound and form.is_valid():
        data = form.cleaned_data
        drafted = run_service(form, lambda: services.transfer_batch_draft(
            actor=request.user, institution_id=data["institution"].pk,
            planned_on=data["planned_on"], reason=data["reason"]))
        if drafted is not None:
            messages.success(request, _("%(n)d transfers drafted.") % {"n": len(drafted)})
            return redirect(f"{reverse('transfer_list')}?status={TransferStatus.DRAFTED}")
    return render_form(request, "transfers/batch.html", form)


def _detail(request: HttpRequest, transfer: Transfer, sent: BaseForm | None = None,
            name: str = "") -> HttpResponse:
    """The detail page, with `sent` (the form named `name`, refused) in place of its
    empty twin."""
    context = {
        "plan_form": forms.PlanForm.of(transfer), "archive_form": forms.ArchiveForm(),
        "hukou_form": forms.HukouForm(),
        **{f"{step}_form": form_class(transfer=transfer)
           for step, (form_class, _s, _d) in STEPS.items()},
    }
    if sent is not None:
        context[f"{name}_form"] = sent
    return render_form(request, "transfers/detail.html", sent or BaseForm(), {
        **context,
        "t": transfer, "can": selectors.transfer_actions(actor=request.user, transfer=transfer),
        "archives": transfer.archive_items.all(), "property": transfer.property_items.all(),
        "balance": services.ledger_balance(transfer.child, transfer.from_institution_id),
        "today": timezone.localdate(),
    })


@page
def transfer_detail(request: HttpRequest, pk: int) -> HttpResponse:
    transfer = selectors.transfer_get(actor=request.user, transfer_id=pk)
    access_log_record(actor=request.user, object_type="transfer", object_id=pk,
                      division_code=transfer.from_division_code, request=request)
    return _detail(request, transfer)


@page(methods=("POST",))
def transfer_plan(request: HttpRequest, pk: int) -> HttpResponse:
    transfer = selectors.transfer_get(actor=request.user, transfer_id=pk)
    form = forms.PlanForm(request.POST)
    if form.is_valid() and run_service(form, lambda: services.transfer_update_plan(
            actor=request.user, transfer_id=pk, expected_version=form.cleaned_data["version"],
            **form.plan())) is not None:
        messages.success(request, _("The plan was saved."))
        return redirect("transfer_detail", pk)
    return _detail(request, transfer, form, "plan")


@page(methods=("POST",))
def transfer_archive_add(request: HttpRequest, pk: int) -> HttpResponse:
    transfer = selectors.transfer_get(actor=request.user, transfer_id=pk)
    form = forms.ArchiveForm(request.POST)
    if form.is_valid() and run_service(form, lambda: services.transfer_archive_add(
            actor=request.user, transfer_id=pk, **form.cleaned_data)) is not None:
        messages.success(request, _("The file was added to the archive manifest."))
        return redirect("transfer_detail", pk)
    return _detail(request, transfer, form, "archive")


@page(methods=("POST",))
def transfer_hukou(request: HttpRequest, pk: int) -> HttpResponse:
    transfer = selectors.transfer_get(actor=request.user, transfer_id=pk)
    form = forms.HukouForm(request.POST)
    if form.is_valid() and run_service(form, lambda: services.transfer_hukou_report(
            actor=request.user, transfer_id=pk, status=form.cleaned_data["status"],
            on=timezone.localdate())) is not None:
        messages.success(request, _("The hukou migration was recorded."))
        return redirect("transfer_detail", pk)
    return _detail(request, transfer, form, "hukou")


@page(methods=("POST",))
def transfer_action(request: HttpRequest, pk: int, action: str) -> HttpResponse:
    if action not in STEPS:
        raise Http404
    form_class, service, done = STEPS[action]
    transfer = selectors.transfer_get(actor=request.user, transfer_id=pk)
    form = form_class(request.POST, transfer=transfer)
    if form.is_valid() and run_service(form, lambda: service(
            actor=request.user, transfer_id=pk, **form.service_kwargs())) is not None:
        messages.success(request, done)
        return redirect("transfer_detail", pk)
    return _detail(request, transfer, form, action)


def _require_view(request) -> None:
    if not has_perm(request.user, Perm.CHILD_VIEW):
        raise PermissionDenied


def _export(request, rows, build, filename: str, kind: str):
    _require_view(request)
    transfers = selectors.transfer_list(actor=request.user, today=timezone.localdate())
    # Logged when asked for, whether the file is sent now or prepared by a job: these lists
    # carry whole ID numbers.
    access_log_record(actor=request.user, object_type="transfer_list", object_id=kind,
                      division_code=actor_prefix(request.user) or "", request=request,
                      action="export")
    return export_response(request, rows=rows(transfers),
                           build=lambda: build(request.user, transfers), filename=filename,
                           kind=kind, params={})


@page
def hukou_export(request):
    return _export(request, hukou_rows, hukou_workbook, HUKOU_FILENAME,
                   "transfers.hukou_export")


@page
def school_export(request):
    return _export(request, school_rows, school_workbook, SCHOOL_FILENAME,
                   "transfers.school_export")
