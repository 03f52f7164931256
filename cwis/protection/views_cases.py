"""Pages of the county protection casework. Thin: parse the form, call one service or
selector, render. Every read of a case is written to the access log."""

from urllib.parse import urlencode

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from cwis.children import selectors as child_selectors
from cwis.children.tabs import file_tabs
from cwis.core.audit import access_log_record
from cwis.core.errors import PermissionDeniedError
from cwis.core.pagination import CappedPaginator
from cwis.core.permissions import Perm, has_perm
from cwis.core.sorting import list_order, sort_headers
from cwis.core.web import page, render_form, run_service
from cwis.protection.forms_cases import (
    AssessmentEditForm,
    AssessmentForm,
    CaseEditForm,
    CaseFilterForm,
    CaseIntakeForm,
    ConferenceForm,
    ConfirmForm,
    DecisionDoneForm,
    ReasonForm,
)
from cwis.protection.models.cases import CaseState, ProtectionCase
from cwis.protection.selectors import cases as selectors
from cwis.protection.selectors import casework as casework_selectors
from cwis.protection.selectors import exits as exit_selectors
from cwis.protection.services import cases as services
from cwis.protection.services import conferences as conference_services

PAGE_SIZE = 50
SORTS = {"opened": gettext_lazy("Opened on")}


def _log(request, case: ProtectionCase, action: str = "view") -> None:
    access_log_record(actor=request.user, object_type="protection_case", object_id=case.pk,
                      division_code=case.county_code, request=request, action=action)


@page
def case_list(request):
    """The county's cases (capped count, filters and order in the address); the offices
    above see open cases counted per county."""
    if not has_perm(request.user, Perm.CASE_VIEW):
        if not has_perm(request.user, Perm.CASE_COUNTS):
            raise PermissionDeniedError()
        number = request.GET.get("case", "").strip().lstrip("#")
        if number.isdigit():  # a case number given by the county: open it with a reason
            return redirect("case_detail", pk=int(number))
        return render(request, "protection/case_counts.html", {
            "counts": selectors.case_counts(actor=request.user)})
    form = CaseFilterForm(request.GET or None)
    order = list_order(request, ["opened", "-opened"]) or "-opened"
    cases = selectors.case_list(actor=request.user, filters=form.filters(),
                                today=timezone.localdate(), order=order)
    listing = CappedPaginator(cases, PAGE_SIZE).get_page(request.GET.get("page"))
    query = urlencode([(k, v) for k, v in request.GET.items() if k != "page" and v])
    return render(request, "protection/case_list.html", {
        "page": listing, "form": form, "query": query, "today": timezone.localdate(),
        "sorts": sort_headers(request, SORTS, order, default="-opened"),
        "may_register": has_perm(request.user, Perm.CASE_WRITE),
        "may_set_period": has_perm(request.user, Perm.CASE_SETTINGS),
    })


def _detail(request, case: ProtectionCase, *, reasoned: bool = False):
    return render(request, "protection/case_detail.html", {
        "case": case, "child": case.child, "reasoned": reasoned,
        "actions": (selectors.case_actions(actor=request.user, case=case)
                    if not reasoned else None),
        "timeline": selectors.case_timeline(case=case),
        "has_assessment": case.assessments.exists(),
        "care": casework_selectors.case_care_status(case=case),
        "follow_ups": (exit_selectors.case_follow_ups(case=case) if case.follow_up_months
                       and not reasoned else []),
        "history": selectors.case_history(case=case) if not reasoned else [],
        "history_records": True,
        "today": timezone.localdate(),
    })


@page(methods=("GET", "POST"))
def case_detail(request, pk: int):
    """The case and its timeline. An office above the county first states its reason (the
    page shows nothing of the case before); 404 out of scope."""
    if not selectors.case_needs_reason(actor=request.user, case_id=pk):
        case = selectors.case_get(actor=request.user, case_id=pk)
        _log(request, case)
        return _detail(request, case)
    form = ReasonForm(request.POST or None)
    if form.is_bound and form.is_valid():
        case = run_service(form, lambda: services.case_open_with_reason(
            actor=request.user, case_id=pk, reason=form.cleaned_data["reason"],
            request=request))
        if case is not None:
            return _detail(request, case, reasoned=True)
    return render_form(request, "protection/case_reason.html", form, {"case_id": pk})


@page(perm=Perm.CASE_VIEW)
def case_tab(request, child_id: int):
    """The "Protection case" tab of the child's file: every case of the child, the open one
    with its timeline."""
    child = child_selectors.child_get(actor=request.user, child_id=child_id)
    cases = list(selectors.child_cases(actor=request.user, child=child))
    for case in cases:
        _log(request, case)
    current = next((c for c in cases if c.state == CaseState.OPEN), None)
    return render(request, "protection/case_tab.html", {
        "child": child, "cases": cases, "case": current, "tab": "protection_case",
        "tabs": file_tabs(actor=request.user, child_id=child.pk),
        "timeline": selectors.case_timeline(case=current) if current else [],
        "may_open": has_perm(request.user, Perm.CASE_WRITE) and current is None,
        "today": timezone.localdate(),
    })


@page(perm=Perm.CASE_WRITE, methods=("GET", "POST"))
def case_open(request, child_id: int):
    child = child_selectors.child_get(actor=request.user, child_id=child_id)
    now = timezone.localtime().replace(second=0, microsecond=0, tzinfo=None)
    form = CaseIntakeForm(request.POST or None, initial={
        "opened_on": timezone.localdate(), "reported_at": now, "placed_at": now})
    if form.is_bound and form.is_valid():
        case = run_service(form, lambda: services.case_open(
            actor=request.user, child_id=child.pk, data=form.intake_data()))
        if case is not None:
            messages.success(request, _("The protection case was opened."))
            return redirect("case_detail", pk=case.pk)
    return render_form(request, "protection/case_form.html", form, {
        "child": child, "title": _("Open a protection case"), "submit": _("Open the case"),
    })


@page(perm=Perm.CASE_WRITE, methods=("GET", "POST"))
def case_edit(request, pk: int):
    case = selectors.case_get(actor=request.user, case_id=pk)
    _log(request, case, "edit")  # the form shows the intake
    initial = {f: getattr(case, f) for f in services.INTAKE_FIELDS}
    for f in ("reported_at", "placed_at"):
        initial[f] = timezone.localtime(initial[f]).replace(tzinfo=None)
    form = CaseEditForm(request.POST or None, initial={**initial, "version": case.version})
    if form.is_bound and form.is_valid():
        saved = run_service(form, lambda: services.case_update(
            actor=request.user, case_id=pk, version=form.cleaned_data["version"],
            data=form.intake_data()))
        if saved is not None:
            messages.success(request, _("The case was saved."))
            return redirect("case_detail", pk=pk)
    return render_form(request, "protection/case_form.html", form, {
        "child": case.child, "case": case, "title": _("Correct the intake"),
        "submit": _("Save"),
    })


@page(perm=Perm.CASE_WRITE, methods=("GET", "POST"))
def assessment_record(request, pk: int):
    case = selectors.case_get(actor=request.user, case_id=pk)
    form = AssessmentForm(request.POST or None, initial={"assessed_on": timezone.localdate()})
    if form.is_bound and form.is_valid():
        saved = run_service(form, lambda: services.assessment_record(
            actor=request.user, case_id=pk, data=form.cleaned_data))
        if saved is not None:
            messages.success(request, _("The assessment was recorded: it waits for the "
                                        "county officer's confirmation."))
            return redirect("case_detail", pk=pk)
    return render_form(request, "protection/case_form.html", form, {
        "child": case.child, "case": case, "title": _("Guardianship assessment"),
        "submit": _("Save"),
    })


@page(perm=Perm.CASE_WRITE, methods=("GET", "POST"))
def assessment_edit(request, pk: int):
    assessment = selectors.assessment_get(actor=request.user, assessment_id=pk)
    case = assessment.case
    _log(request, case, "edit")  # the form shows the assessment
    initial = {f: getattr(assessment, f) for f in services.ASSESSMENT_FIELDS}
    form = AssessmentEditForm(request.POST or None,
                              initial={**initial, "version": assessment.version})
    if form.is_bound and form.is_valid():
        data = {k: v for k, v in form.cleaned_data.items() if k != "version"}
        saved = run_service(form, lambda: services.assessment_update(
            actor=request.user, assessment_id=pk, version=form.cleaned_data["version"],
            data=data))
        if saved is not None:
            messages.success(request, _("The assessment was saved."))
            return redirect("case_detail", pk=case.pk)
    return render_form(request, "protection/case_form.html", form, {
        "child": case.child, "case": case, "title": _("Correct the assessment"),
        "submit": _("Save"),
    })


@page(perm=Perm.CASE_CONFIRM_ASSESSMENT, methods=("POST",))
def assessment_confirm(request, pk: int):
    assessment = selectors.assessment_get(actor=request.user, assessment_id=pk)
    form = ConfirmForm(request.POST)
    if form.is_valid():
        saved = run_service(form, lambda: services.assessment_confirm(
            actor=request.user, assessment_id=pk, version=form.cleaned_data["version"]))
        if saved is not None:
            messages.success(request, _("The assessment was confirmed."))
            return redirect("case_detail", pk=assessment.case_id)
    for error in form.non_field_errors():
        messages.error(request, error)
    return redirect("case_detail", pk=assessment.case_id)


@page(perm=Perm.CASE_WRITE, methods=("GET", "POST"))
def conference_record(request, pk: int):
    case = selectors.case_get(actor=request.user, case_id=pk)
    form = ConferenceForm(request.POST or None, initial={"held_on": timezone.localdate()})

    def record():
        try:
            return conference_services.conference_record(
                actor=request.user, case_id=pk, held_on=form.cleaned_data["held_on"],
                situation=form.cleaned_data["situation"],
                participants=form.participants(), decisions=form.decisions())
        except ValidationError as exc:
            raise form.rekey(exc) from exc

    if form.is_bound and form.is_valid():
        saved = run_service(form, record)
        if saved is not None:
            messages.success(request, _("The case conference was recorded."))
            return redirect("case_detail", pk=pk)
    return render_form(request, "protection/case_conference.html", form, {
        "child": case.child, "case": case})


@page(perm=Perm.CASE_WRITE, methods=("GET", "POST"))
def decision_done(request, pk: int):
    decision = selectors.decision_get(actor=request.user, decision_id=pk)
    case = decision.conference.case
    form = DecisionDoneForm(request.POST or None, initial={
        "version": decision.version, "done_on": timezone.localdate()})
    if form.is_bound and form.is_valid():
        data = form.cleaned_data
        saved = run_service(form, lambda: conference_services.decision_done(
            actor=request.user, decision_id=pk, version=data["version"],
            done_on=data["done_on"], note=data["note"]))
        if saved is not None:
            messages.success(request, _("The decision was marked done."))
            return redirect("case_detail", pk=case.pk)
    return render_form(request, "protection/case_form.html", form, {
        "child": case.child, "case": case, "decision": decision,
        "title": _("Mark the decision done"), "submit": _("Save"),
    })
