"""Pages of the transfers module. Thin: parse the form, call one service or selector, render."""

from django import forms
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.http import Http404
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_POST

from cwis.core.audit import access_log_record
from cwis.core.export import export_response
from cwis.core.permissions import Perm, has_perm
from cwis.core.scoping import scope
from cwis.core.web import legacy_run_service as run_service
from cwis.core.web import not_found_as_404
from cwis.institutions.models import Institution, InstitutionLevel, InstitutionStatus
from cwis.transfers import selectors, services
from cwis.transfers.export import (
    HUKOU_FILENAME,
    SCHOOL_FILENAME,
    hukou_rows,
    hukou_workbook,
    school_rows,
    school_workbook,
)
from cwis.transfers.models import (
    ArchiveKind,
    HukouDecision,
    HukouStatus,
    TransferStatus,
)

ACTIONS = {
    "approve": services.transfer_approve,
    "send": services.transfer_send,
    "receive": services.transfer_receive,
    "return": services.transfer_return,
    "cancel": services.transfer_cancel,
}
DONE = {
    "approve": gettext_lazy("The transfer was approved."),
    "send": gettext_lazy("The child was sent."),
    "receive": gettext_lazy("The child was received."),
    "return": gettext_lazy("The transfer was returned."),
    "cancel": gettext_lazy("The transfer was cancelled."),
}


class BatchForm(forms.Form):
    institution = forms.ModelChoiceField(queryset=Institution.objects.none(),
                                         label=gettext_lazy("Institution"))
    planned_on = forms.DateField(label=gettext_lazy("Planned date"),
                                 widget=forms.DateInput(attrs={"type": "date"}))
    reason = forms.CharField(label=gettext_lazy("Reason"), max_length=300)


class PlanForm(forms.Form):
    version = forms.IntegerField(widget=forms.HiddenInput)
    planned_on = forms.DateField(label=gettext_lazy("Planned date"),
                                 widget=forms.DateInput(attrs={"type": "date"}))
    hukou_decision = forms.ChoiceField(label=gettext_lazy("Hukou"),
                                       choices=HukouDecision.choices)
    hukou_stay_reason = forms.CharField(label=gettext_lazy("Why the hukou stays"),
                                        required=False, max_length=300)
    plan_told = forms.CharField(label=gettext_lazy("What the child is told"), required=False,
                                widget=forms.Textarea(attrs={"rows": 2}))
    plan_accompanied_by = forms.CharField(label=gettext_lazy("Who accompanies"),
                                          required=False, max_length=200)
    plan_familiar = forms.CharField(label=gettext_lazy("Familiar carers or objects"),
                                    required=False, widget=forms.Textarea(attrs={"rows": 2}))
    counselling_before = forms.IntegerField(label=gettext_lazy("Counselling sessions before"),
                                            min_value=0, initial=0)
    counselling_after = forms.IntegerField(label=gettext_lazy("Counselling sessions after"),
                                           min_value=0, initial=0)


class ArchiveForm(forms.Form):
    kind = forms.ChoiceField(label=gettext_lazy("Kind"), choices=ArchiveKind.choices)
    title = forms.CharField(label=gettext_lazy("Title"), max_length=200)
    pages = forms.IntegerField(label=gettext_lazy("Pages"), min_value=0, initial=0)
    original = forms.BooleanField(label=gettext_lazy("Original"), required=False, initial=True)


def _require_view(request) -> None:
    if not has_perm(request.user, Perm.CHILD_VIEW):
        raise PermissionDenied


@login_required
@not_found_as_404
def transfer_list(request, arriving: bool = False):
    _require_view(request)
    status = request.GET.get("status", "")
    status = status if status in TransferStatus.values else ""
    transfers = selectors.transfer_list(
        actor=request.user, today=timezone.localdate(), status=status,
        overdue=request.GET.get("overdue") == "1", arriving=arriving,
        division=request.GET.get("division", "")[:12],
    )
    return render(request, "transfers/list.html", {
        "transfers": transfers[:500], "status": status, "statuses": TransferStatus.choices,
        "arriving": arriving, "can_batch": has_perm(request.user, Perm.TRANSFER_DRAFT),
    })


def transfer_arriving(request):
    return transfer_list(request, arriving=True)


@login_required
@not_found_as_404
def transfer_batch(request):
    if not has_perm(request.user, Perm.TRANSFER_DRAFT):
        raise PermissionDenied
    form = BatchForm(request.POST or None)
    form.fields["institution"].queryset = scope(Institution.objects.filter(
        level=InstitutionLevel.COUNTY, status=InstitutionStatus.OPERATING), request.user)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        done, ok = run_service(request, lambda: services.transfer_batch_draft(
            actor=request.user, institution_id=data["institution"].pk,
            planned_on=data["planned_on"], reason=data["reason"]), form=form)
        if ok:
            messages.success(request, _("%(n)d transfers drafted.") % {"n": len(done)})
            return redirect(f"{request.path.rsplit('batch/', 1)[0]}?status=drafted")
    return render(request, "transfers/batch.html", {"form": form})


@login_required
@not_found_as_404
def transfer_detail(request, pk: int):
    transfer = selectors.transfer_get(actor=request.user, transfer_id=pk)
    access_log_record(actor=request.user, object_type="transfer", object_id=pk,
                      division_code=transfer.from_division_code, request=request)
    can = services.can_act(request.user, transfer)
    plan = PlanForm(initial={
        "version": transfer.version, "planned_on": transfer.planned_on,
        "hukou_decision": transfer.hukou_decision,
        "hukou_stay_reason": transfer.hukou_stay_reason, "plan_told": transfer.plan_told,
        "plan_accompanied_by": transfer.plan_accompanied_by,
        "plan_familiar": transfer.plan_familiar,
        "counselling_before": transfer.counselling_before,
        "counselling_after": transfer.counselling_after,
    })
    return render(request, "transfers/detail.html", {
        "t": transfer, "can": can, "plan_form": plan, "archive_form": ArchiveForm(),
        "archives": transfer.archive_items.all(), "property": transfer.property_items.all(),
        "balance": services.ledger_balance(transfer.child, transfer.from_institution_id),
        "hukou_statuses": [HukouStatus.REQUESTED, HukouStatus.DONE],
        "today": timezone.localdate(),
    })


@login_required
@require_POST
@not_found_as_404
def transfer_plan(request, pk: int):
    selectors.transfer_get(actor=request.user, transfer_id=pk)
    form = PlanForm(request.POST)
    if form.is_valid():
        data = dict(form.cleaned_data)
        version = data.pop("version")
        _r, ok = run_service(request, lambda: services.transfer_update_plan(
            actor=request.user, transfer_id=pk, expected_version=version, **data))
        if ok:
            messages.success(request, _("The plan was saved."))
    else:
        messages.error(request, _("Check the plan: some fields are not valid."))
    return redirect("transfer_detail", pk)


@login_required
@require_POST
@not_found_as_404
def transfer_archive_add(request, pk: int):
    selectors.transfer_get(actor=request.user, transfer_id=pk)
    form = ArchiveForm(request.POST)
    if form.is_valid():
        run_service(request, lambda: services.transfer_archive_add(
            actor=request.user, transfer_id=pk, **form.cleaned_data))
    else:
        messages.error(request, _("Give the kind and the title of the file."))
    return redirect("transfer_detail", pk)


@login_required
@require_POST
@not_found_as_404
def transfer_hukou(request, pk: int):
    selectors.transfer_get(actor=request.user, transfer_id=pk)
    run_service(request, lambda: services.transfer_hukou_report(
        actor=request.user, transfer_id=pk, status=request.POST.get("status", ""),
        on=timezone.localdate()))
    return redirect("transfer_detail", pk)


def _int_or_none(value):
    try:
        return int(value)
    except (TypeError, ValueError):
        return None


@login_required
@require_POST
@not_found_as_404
def transfer_action(request, pk: int, action: str):
    if action not in ACTIONS:
        raise Http404
    transfer = selectors.transfer_get(actor=request.user, transfer_id=pk)
    kwargs = {"actor": request.user, "transfer_id": pk,
              "expected_version": _int_or_none(request.POST.get("version"))}
    if action in ("return", "cancel"):
        kwargs["reason"] = request.POST.get("reason", "")
    if action == "send":
        kwargs["property_total"] = request.POST.get("property_total") or None
    if action == "receive":
        kwargs["missing_archive_ids"] = [
            i for i in map(_int_or_none, request.POST.getlist("missing")) if i]
        kwargs["confirmed"] = {
            item.pk: (request.POST.get(f"confirmed_{item.pk}") or item.sent_amount,
                      request.POST.get(f"note_{item.pk}", ""))
            for item in transfer.property_items.all()
        }
    _r, ok = run_service(request, lambda: ACTIONS[action](**kwargs))
    if ok:
        messages.success(request, DONE[action])
    return redirect("transfer_detail", pk)


def _export(request, rows, build, filename: str, kind: str):
    _require_view(request)
    transfers = selectors.transfer_list(actor=request.user, today=timezone.localdate())
    return export_response(request, rows=rows(transfers),
                           build=lambda: build(request.user, transfers), filename=filename,
                           kind=kind, params={})


@login_required
@not_found_as_404
def hukou_export(request):
    return _export(request, hukou_rows, hukou_workbook, HUKOU_FILENAME,
                   "transfers.hukou_export")


@login_required
@not_found_as_404
def school_export(request):
    return _export(request, school_rows, school_workbook, SCHOOL_FILENAME,
                   "transfers.school_export")
