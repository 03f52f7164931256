"""Pages of the exit of a protection case: return home or entrust (with follow-up visits),
long-term guardianship, a follow-up visit (also for the village and township workers of the
child's area, who see that visit and not the rest of the case), and the receiving
institution's direct long-term intake. Thin: parse, call one service or selector, render."""

from django.contrib import messages
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _

from cwis.core.audit import access_log_record
from cwis.core.permissions import Perm, has_perm
from cwis.core.web import page, render_form, run_service
from cwis.protection.forms_cases import ConfirmForm
from cwis.protection.forms_exits import (
    ExitHomeForm,
    FollowUpForm,
    FollowUpPeriodForm,
    LongTermForm,
    LongTermIntakeForm,
    follow_up_defaults,
)
from cwis.protection.selectors import cases as case_selectors
from cwis.protection.selectors import exits as selectors
from cwis.protection.services import case_settings
from cwis.protection.services import exits as services


def _log(request, case, action: str) -> None:
    access_log_record(actor=request.user, object_type="protection_case", object_id=case.pk,
                      division_code=case.county_code, request=request, action=action)


@page(perm=Perm.CASE_WRITE, methods=("GET", "POST"))
def case_exit(request, pk: int):
    """Return the child to the guardian or entrust the child to relatives."""
    case = case_selectors.case_get(actor=request.user, case_id=pk)
    form = ExitHomeForm(request.POST or None, initial={
        "version": case.version, "exit_on": timezone.localdate(),
        **follow_up_defaults(selectors.follow_up_period(county_code=case.county_code))})
    if form.is_bound and form.is_valid():
        saved = run_service(form, lambda: services.case_exit_home(
            actor=request.user, case_id=pk, version=form.cleaned_data["version"],
            **form.data_for_service()))
        if saved is not None:
            messages.success(request, _("The exit was recorded: the follow-up visits are on "
                                        "the to-do list."))
            return redirect("case_detail", pk=pk)
    child = case.child
    in_care = child.status == "in_care" and child.current_institution_id
    return render_form(request, "protection/case_form.html", form, {
        "child": child, "case": case, "title": _("The child goes home"),
        "submit": _("Record the exit"),
        "subject": _("The child lives in %(institution)s: recording the exit also records "
                     "the child's leaving its care.") % {
            "institution": child.current_institution.name} if in_care else "",
    })


@page(perm=Perm.CASE_WRITE, methods=("GET", "POST"))
def case_long_term(request, pk: int):
    """Long-term guardianship under art. 94: to the county's receiving institution."""
    case = case_selectors.case_get(actor=request.user, case_id=pk)
    form = LongTermForm(request.POST or None, initial={
        "version": case.version, "decided_on": timezone.localdate()})
    if form.is_bound and form.is_valid():
        saved = run_service(form, lambda: services.case_long_term(
            actor=request.user, case_id=pk, version=form.cleaned_data["version"],
            **form.data_for_service()))
        if saved is not None:
            if saved.transfer_id:
                messages.success(request, _("Long-term guardianship was recorded and the "
                                            "transfer to %(receiver)s drafted.")
                                 % {"receiver": saved.receiver.name})
                return redirect("transfer_detail", pk=saved.transfer_id)
            messages.success(request, _("Long-term guardianship was recorded: %(receiver)s "
                                        "takes the child in.") % {"receiver": saved.receiver.name})
            return redirect("case_detail", pk=pk)
    return render_form(request, "protection/case_form.html", form, {
        "child": case.child, "case": case,
        "title": _("Long-term guardianship (Minors Protection Law art. 94)"),
        "submit": _("Record the decision"),
    })


@page(perm=Perm.CASE_WRITE, methods=("POST",))
def case_long_term_redraft(request, pk: int):
    """Draft a long-term exit's transfer again after it was returned or cancelled."""
    case = case_selectors.case_get(actor=request.user, case_id=pk)
    form = ConfirmForm(request.POST)
    if form.is_valid():
        saved = run_service(form, lambda: services.case_long_term_redraft(
            actor=request.user, case_id=pk, version=form.cleaned_data["version"]))
        if saved is not None:
            messages.success(request, _("The transfer to %(receiver)s was drafted again.")
                             % {"receiver": saved.receiver.name})
            return redirect("transfer_detail", pk=saved.transfer_id)
    for error in form.non_field_errors():
        messages.error(request, error)
    return redirect("case_detail", pk=case.pk)


@page(perm=Perm.CASE_FOLLOW_UP, methods=("GET", "POST"))
def follow_up(request, pk: int):
    """A follow-up visit: its due date, the other visits' dates, the form while not done.
    A village or township worker sees this and nothing else of the case."""
    visit = selectors.follow_up_get(actor=request.user, follow_up_id=pk)
    case = visit.case
    _log(request, case, "follow_up")
    form = FollowUpForm(request.POST or None, initial={
        "version": visit.version, "visited_on": timezone.localdate()})
    if form.is_bound and form.is_valid() and visit.visited_on is None:
        data = form.cleaned_data
        saved = run_service(form, lambda: services.follow_up_record(
            actor=request.user, follow_up_id=pk, version=data["version"],
            visited_on=data["visited_on"], method=data["method"],
            situation=data["situation"], note=data["note"]))
        if saved is not None:
            case.refresh_from_db()
            messages.success(request, _("The follow-up visit was recorded.") if case.state ==
                             "open" else _("The last follow-up visit was recorded: the case "
                                           "is closed."))
            return redirect("case_follow_up", pk=pk)
    return render_form(request, "protection/case_follow_up.html", form, {
        "visit": visit, "case": case, "child": case.child,
        "visits": selectors.case_follow_ups(case=case),
        "may_read_case": has_perm(request.user, Perm.CASE_VIEW),
        "today": timezone.localdate(),
    })


@page(perm=Perm.CHILD_REGISTER)
def long_term_intake_list(request):
    """The children the county's receiving institution (the actor's) is to take in under
    long-term guardianship from protection cases, without a transfer."""
    return render(request, "protection/long_term_intake_list.html", {
        "cases": selectors.long_term_awaiting(actor=request.user)[:200]})


@page(perm=Perm.CHILD_REGISTER, methods=("GET", "POST"))
def long_term_intake(request, pk: int):
    case = selectors.long_term_awaiting_get(actor=request.user, case_id=pk)
    form = LongTermIntakeForm(request.POST or None,
                              initial={"intake_on": timezone.localdate()})
    if form.is_bound and form.is_valid():
        data = form.cleaned_data
        saved = run_service(form, lambda: services.case_long_term_intake(
            actor=request.user, case_id=pk, intake_on=data["intake_on"], bed=data["bed"],
            note=data["note"]))
        if saved is not None:
            messages.success(request, _("The child was taken in under long-term "
                                        "guardianship."))
            return redirect("child_detail", pk=saved.child_id)
    return render_form(request, "protection/long_term_intake.html", form, {
        "case": case, "child": case.child})


@page(perm=Perm.CASE_SETTINGS, methods=("GET", "POST"))
def follow_up_period(request):
    """The county's own follow-up period, which every exit of its cases proposes."""
    period = selectors.county_follow_up_period(actor=request.user)
    form = FollowUpPeriodForm(request.POST or None, initial={
        "version": period.version, "follow_up_months": period.months,
        "visit_every_months": period.every})
    if form.is_bound and form.is_valid():
        data = form.cleaned_data
        saved = run_service(form, lambda: case_settings.county_follow_up_set(
            actor=request.user, follow_up_months=data["follow_up_months"],
            visit_every_months=data["visit_every_months"], version=data["version"]))
        if saved is not None:
            messages.success(request, _("The county's follow-up period was saved."))
            return redirect("case_follow_up_period")
    return render_form(request, "protection/follow_up_period.html", form, {
        "period": period})
