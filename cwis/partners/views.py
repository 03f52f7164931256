"""Pages of the partner requests: the list and one request with its children and their
answers (a department answers there, or by the Excel round trip), and a new request
(civil affairs). Thin: parse, call one service or selector, render. Every view of a
request is in the access log."""

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import FileResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _

from cwis.core.audit import SecurityEventKind, access_log_record, security_event_record
from cwis.core.export import XLSX
from cwis.core.pagination import CappedPaginator
from cwis.core.permissions import Perm, has_perm
from cwis.core.web import form_add_service_errors, page, run_service
from cwis.partners import export, forms, selectors, services
from cwis.partners.kinds import BASE_FIELDS, KINDS
from cwis.partners.models import ItemStatus, RequestKind

PAGE_SIZE = 50


@page
def request_list(request):
    requests = selectors.request_list(actor=request.user, filters={
        "status": request.GET.get("status", ""), "kind": request.GET.get("kind", "")})
    listing = CappedPaginator(requests, PAGE_SIZE).get_page(request.GET.get("page"))
    access_log_record(actor=request.user, object_type="partner_request_list",
                      object_id="list", division_code=_area(request.user), request=request)
    return render(request, "partners/request_list.html", {
        "page": listing, "may_send": has_perm(request.user, Perm.PARTNER_SEND)})


def _area(user) -> str:
    return user.division.code if user.division_id else ""


def _detail(request, pk: int, *, answer_forms=None, upload_form=None, status=200):
    partner_request = selectors.request_get(actor=request.user, request_id=pk)
    items = selectors.request_items(actor=request.user, request=partner_request)
    rows = selectors.item_rows(items, partner_request.kind)
    may_answer = has_perm(request.user, Perm.PARTNER_ANSWER)
    answer_forms = answer_forms or {}
    for row in rows:
        if may_answer and row["status"] == ItemStatus.OPEN:
            row["form"] = answer_forms.get(row["id"]) or forms.AnswerForm(
                item_id=row["id"], initial={"on": timezone.localdate()})
    access_log_record(actor=request.user, object_type="partner_request", object_id=pk,
                      division_code=partner_request.division_code, request=request)
    spec = KINDS[partner_request.kind]
    return render(request, "partners/request_detail.html", {
        "req": partner_request, "rows": rows, "fields": (*BASE_FIELDS, *spec.fields),
        "reference_label": spec.reference_label, "may_answer": may_answer,
        "upload_form": upload_form or forms.UploadForm(),
        "open_status": ItemStatus.OPEN}, status=status)


@page
def request_detail(request, pk: int):
    return _detail(request, pk)


@page(perm=Perm.PARTNER_ANSWER, methods=("POST",))
def item_answer(request, pk: int):
    item = selectors.item_get(actor=request.user, item_id=pk)
    form = forms.AnswerForm(request.POST, item_id=pk)
    if form.is_valid():
        saved = run_service(form, lambda: services.item_answer(
            actor=request.user, item_id=pk, data=form.cleaned_data))
        if saved is not None:
            messages.success(request, _("The answer was recorded.") if saved[1]
                             else _("This answer was already recorded; nothing changed."))
            return redirect("partner_request_detail", item.request_id)
    return _detail(request, item.request_id, answer_forms={pk: form}, status=422)


@page
def request_export(request, pk: int):
    partner_request = selectors.request_get(actor=request.user, request_id=pk)
    items = selectors.request_items(actor=request.user, request=partner_request)
    filename = f"request-{partner_request.pk}.xlsx"
    security_event_record(SecurityEventKind.EXPORT, request.user, request, filename)
    content = export.request_workbook(partner_request,
                                      selectors.item_rows(items, partner_request.kind))
    return FileResponse(content, as_attachment=True, filename=filename, content_type=XLSX)


@page(perm=Perm.PARTNER_ANSWER, methods=("POST",))
def request_upload(request, pk: int):
    selectors.request_get(actor=request.user, request_id=pk)
    form = forms.UploadForm(request.POST, request.FILES)
    upload = request.FILES.get("file")
    if form.is_valid() and upload is not None:
        try:
            rows = export.answers_from_workbook(upload)
            changed = services.request_answers_import(actor=request.user, request_id=pk,
                                                      rows=rows)
        except ValidationError as exc:
            form_add_service_errors(form, exc)
        else:
            messages.success(request, _("%(count)s answers were recorded.") % {
                "count": changed})
            return redirect("partner_request_detail", pk)
    elif upload is None:
        form.add_error("file", _("Choose the answered list."))
    return _detail(request, pk, upload_form=form, status=422)


@page(perm=Perm.PARTNER_SEND, methods=("GET", "POST"))
def request_new(request):
    kind = request.POST.get("kind") or request.GET.get("kind") or RequestKind.HUKOU_MIGRATION
    if kind not in KINDS:
        kind = RequestKind.HUKOU_MIGRATION
    candidates = _candidates(request.user, kind)
    form = forms.RequestForm(request.POST or None, candidates=candidates,
                             initial={"kind": kind,
                                      "department": KINDS[kind].departments[0]})
    if form.is_bound and form.is_valid():
        data = form.cleaned_data
        saved = run_service(form, lambda: services.request_send(
            actor=request.user, kind=data["kind"], department=data["department"],
            child_ids=data["children"], note=data["note"]))
        if saved is not None:
            messages.success(request, _("The request was sent."))
            return redirect("partner_request_detail", saved.pk)
    status = 422 if form.is_bound and form.errors else 200
    return render(request, "partners/request_new.html", {
        "form": form, "kind": kind, "kinds": RequestKind.choices}, status=status)


MAX_CANDIDATES = 500


def _candidates(actor, kind: str) -> list[tuple[int, str]]:
    if KINDS[kind].from_referral:
        return [(r.case.child_id, f"{r.case.child.name} · {r.get_service_display()}")
                for department in KINDS[kind].departments
                for r in selectors.referral_candidates(actor=actor, department=department)
                [:MAX_CANDIDATES]]
    if KINDS[kind].from_transfer:
        return [(t.child_id, f"{t.child.name} → {t.to_institution.name}")
                for t in selectors.transfer_candidates(actor=actor)[:MAX_CANDIDATES]]
    return [(c.pk, f"{c.name} ({c.birth_date:%Y-%m-%d})")
            for c in selectors.request_candidates(actor=actor, kind=kind)[:MAX_CANDIDATES]]
