"""Pages of the transfers module. Thin: parse the form, call one service or selector, render.

A step refused by its service shows the detail page again (422) with the reasons beside
the fields of the form that was sent; a step done goes back to the detail page.
"""

from decimal import Decimal
from urllib.parse import urlencode

from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from cwis.children.selectors import child_id_number_for
from cwis.core.audit import access_log_record
from cwis.core.errors import NotFoundError, PermissionDeniedError, StaleVersionError
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

# Steps that cannot be undone: asked to confirm first, by a dialog (static/cwis/actions.js)
# or, without the script, by a page (transfers/confirm.html) that sends the step again.
CONFIRM = {
    "send": gettext_lazy(
        "Send %(child)s to %(to)s? The child, the files listed and the property leave your "
        "institution's care. This cannot be undone."),
    "receive": gettext_lazy(
        "Receive %(child)s from %(from)s? The child, the files ticked and the property "
        "confirmed become your institution's. This cannot be undone."),
    "return": gettext_lazy(
        "Return the transfer of %(child)s to %(from)s? The transfer ends and the child stays "
        "in its file where it is. This cannot be undone."),
}
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
    # Which rows may be ticked: those the user may approve or send (the services check again).
    rows = [(t, selectors.transfer_actions(actor=request.user, transfer=t)) for t in page_]
    return render(request, "transfers/list.html", {
        "page": page_, "rows": rows, "form": form, "query": query,
        "status": filters.get("status", ""), "statuses": TransferStatus.choices,
        "arriving": arriving, "can_batch": has_perm(request.user, Perm.TRANSFER_DRAFT),
        "can_approve": any(a["approve"] for _t, a in rows),
        "can_send": any(a["send"] for _t, a in rows),
        "next": request.get_full_path(),
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


def _questions(transfer: Transfer) -> dict[str, str]:
    names = {"child": transfer.child.name, "from": transfer.from_institution.name,
             "to": transfer.to_institution.name}
    return {step: question % names for step, question in CONFIRM.items()}


def _confirm(request: HttpRequest, transfer: Transfer, action: str) -> HttpResponse:
    """The page that asks to confirm a step (when the dialog did not): it sends the same
    form again, confirmed."""
    kept = [(k, v) for k in request.POST if k not in ("csrfmiddlewaretoken", "confirmed")
            for v in request.POST.getlist(k)]
    return render(request, "transfers/confirm.html", {
        "t": transfer, "question": _questions(transfer)[action], "kept": kept,
        "action_url": request.path, "button": STEPS[action][0].button_label,
        "back": reverse("transfer_detail", args=[transfer.pk]),
    })


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
        "today": timezone.localdate(), "confirm": _questions(transfer),
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
    if not form.is_valid():
        return _detail(request, transfer, form, action)
    if action in CONFIRM and request.POST.get("confirmed") != "1":
        return _confirm(request, transfer, action)
    if run_service(form, lambda: service(
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


# ------------------------------------------------------------------ several at once

# step -> (its service, what is said of each transfer it was done to)
BATCH_STEPS = {
    "approve": (services.transfer_approve, gettext_lazy("%(child)s: the transfer was approved.")),
    "send": (services.transfer_send, gettext_lazy("%(child)s: the child was sent.")),
}


def _chosen(values: list[str]) -> list[tuple[int, int]]:
    """The ticked transfers as (id, version the list showed); anything else is dropped."""
    chosen = []
    for value in values[:selectors.MAX_CHOSEN]:
        pk, _sep, version = value.partition(":")
        if pk.isdigit() and version.isdigit() and len(pk) < 19 and len(version) < 10:
            chosen.append((int(pk), int(version)))
    return chosen


def _refusal(exc: Exception) -> str:
    if isinstance(exc, ValidationError):
        return " ".join(str(m) for m in exc.messages)
    return str(getattr(exc, "message", "") or exc)


@page(perm=Perm.TRANSFER_DRAFT, methods=("POST",))
def transfer_steps(request: HttpRequest) -> HttpResponse:
    """Approve or send the transfers ticked on the list: one service call each, in its own
    transaction, and a message for each (done, or why not). Sending asks to confirm first."""
    step = request.POST.get("step", "")
    back = request.POST.get("next", "")
    back = back if back.startswith("/transfers/") and "//" not in back else reverse(
        "transfer_list")
    chosen = _chosen(request.POST.getlist("transfer"))
    if step not in BATCH_STEPS or not chosen:
        messages.error(request, _("Tick the transfers, then choose what to do with them."))
        return redirect(back)
    if step == "send" and request.POST.get("confirmed") != "1":
        transfers = selectors.transfer_chosen(actor=request.user,
                                              transfer_ids=[pk for pk, _v in chosen])
        return render(request, "transfers/confirm_steps.html", {
            "transfers": transfers, "chosen": request.POST.getlist("transfer"),
            "step": step, "back": back})
    service, done = BATCH_STEPS[step]
    for pk, version in chosen:
        try:
            transfer = selectors.transfer_get(actor=request.user, transfer_id=pk)
        except NotFoundError:
            continue  # not in scope: nothing is said about it
        try:
            service(actor=request.user, transfer_id=pk, expected_version=version)
        except (ValidationError, StaleVersionError, PermissionDeniedError) as exc:
            messages.error(request, _("%(child)s: not done. %(reason)s") % {
                "child": transfer.child.name, "reason": _refusal(exc)})
        else:
            messages.success(request, done % {"child": transfer.child.name})
    return redirect(back)


# ------------------------------------------------------------------ the handover sheet


@page
def transfer_handover(request: HttpRequest, pk: int) -> HttpResponse:
    """The handover sheet (交接单) to print: the child, the archive manifest, the property
    and the lines both sides sign."""
    transfer = selectors.transfer_handover_sheet(actor=request.user, transfer_id=pk)
    access_log_record(actor=request.user, object_type="transfer", object_id=pk,
                      division_code=transfer.from_division_code, request=request,
                      action="print")
    return render(request, "transfers/handover.html", {
        "t": transfer, "id_number": child_id_number_for(actor=request.user,
                                                        child=transfer.child),
        "printed_on": timezone.localdate(),
        "sent_total": sum((line.sent_amount for line in transfer.lines), Decimal("0.00")),
    })
