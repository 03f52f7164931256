"""The care tab of a child's file and the pages of the shared pattern: assessment, plan,
approval, sessions, review. Thin: parse, call one service or selector, render."""

from django.contrib import messages
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from cwis.care import forms, selectors, services
from cwis.care.choices import CareLine, PlanStatus
from cwis.care.services.rules import may_view_clinical, may_write
from cwis.care.views.common import (
    action_page,
    file_context,
    log,
    plan_url,
    seen_by_provider,
    tab_url,
)
from cwis.core.errors import PermissionDeniedError
from cwis.core.history import history_of
from cwis.core.permissions import Perm, has_perm
from cwis.core.web import page, run_service
from cwis.safety.selectors.organisations import provider_choices

HISTORY_LIMIT = 30


@page
def care_tab(request, child_id: int, line: str):
    selectors.check_line(line)
    child = selectors.care_child(actor=request.user, child_id=child_id)
    tab = selectors.care_tab(actor=request.user, child=child, line=line)
    log(request, child, "child", f"care_{line}")
    return render(request, "care/tab.html", {
        **file_context(request, child, line), "care": tab, "today": timezone.localdate(),
        "line_label": CareLine(line).label,
    })


def _writable_child(request, child_id: int, line: str):
    selectors.check_line(line)
    child = selectors.care_child(actor=request.user, child_id=child_id)
    if not may_write(request.user, line):
        raise PermissionDeniedError()
    return child


# ------------------------------------------------------------------------- assessments


@page(methods=("GET", "POST"))
def assessment_new(request, child_id: int, line: str):
    child = _writable_child(request, child_id, line)
    form = forms.AssessmentForm(request.POST or None,
                                initial={"assessed_on": timezone.localdate()})
    if form.is_bound and form.is_valid():
        saved = run_service(form, lambda: services.assessment_record(
            actor=request.user, child_id=child_id, line=line, data=form.data_for_service()))
        if saved is not None:
            messages.success(request, _("The assessment was recorded."))
            return redirect(tab_url(child_id, line))
    return action_page(request, form, child=child, submit=_("Save"),
                       title=_("New assessment: %(line)s") % {"line": CareLine(line).label},
                       back=tab_url(child_id, line))


def _record_page(request, record, kind: str, *, back: str, may_edit: bool):
    """One record with its history; the read goes to the access log."""
    log(request, record, f"care_{kind}")
    return render(request, "care/record.html", {
        "record": record, "child": record.child, "kind": kind, "back": back,
        "may_edit": may_edit, "history": history_of(record, limit=HISTORY_LIMIT),
    })


@page
def assessment_detail(request, pk: int):
    assessment = selectors.assessment_get(actor=request.user, assessment_id=pk)
    return _record_page(request, assessment, "assessment",
                        back=tab_url(assessment.child_id, assessment.line),
                        may_edit=may_write(request.user, assessment.line)
                        and not assessment.closed_on)


@page(methods=("GET", "POST"))
def assessment_edit(request, pk: int):
    assessment = selectors.assessment_get(actor=request.user, assessment_id=pk)
    if not may_write(request.user, assessment.line):
        raise PermissionDeniedError()
    form = forms.AssessmentForm(request.POST or None, initial={
        "version": assessment.version, **{f: getattr(assessment, f) for f in
                                          services.pattern.ASSESSMENT_FIELDS}})
    if form.is_bound and form.is_valid():
        saved = run_service(form, lambda: services.assessment_update(
            actor=request.user, assessment_id=pk, version=form.cleaned_data["version"],
            data=form.data_for_service()))
        if saved is not None:
            messages.success(request, _("The assessment was saved."))
            return redirect("care_assessment_detail", pk)
    log(request, assessment, "care_assessment", "edit")
    return action_page(request, form, child=assessment.child, submit=_("Save"),
                       title=_("Change the assessment"), record=assessment,
                       back=tab_url(assessment.child_id, assessment.line))


# ------------------------------------------------------------------------------- plans


def _plan_form(request, child, line, *, plan=None):
    staff = selectors.staff_choices(
        institution_id=plan.outside_service.provider_id if plan and plan.outside_service
        else child.current_institution_id)
    assessments = selectors.assessments_for_plan(actor=request.user, child=child, line=line)
    if plan is None:
        initial = {"starts_on": timezone.localdate(), "responsible_id": request.user.pk}
    else:
        initial = {"version": plan.version, **{f: getattr(plan, f) for f in
                                               services.pattern.PLAN_FIELDS}}
    return forms.PlanForm(request.POST or None, initial=initial, staff=staff,
                          assessments=assessments, editing=plan is not None)


@page(methods=("GET", "POST"))
def plan_new(request, child_id: int, line: str):
    child = _writable_child(request, child_id, line)
    form = _plan_form(request, child, line)
    if form.is_bound and form.is_valid():
        plan = run_service(form, lambda: services.plan_create(
            actor=request.user, child_id=child_id, line=line, data=form.data_for_service()))
        if plan is not None:
            messages.success(request, _("The plan was written; it now waits for the "
                                        "director's approval."))
            return redirect(plan_url(plan))
    return action_page(request, form, child=child, submit=_("Submit for approval"),
                       title=_("New plan: %(line)s") % {"line": CareLine(line).label},
                       back=tab_url(child_id, line))


@page
def plan_detail(request, pk: int):
    plan = selectors.plan_get(actor=request.user, plan_id=pk)
    log(request, plan, "care_plan")
    actor = request.user
    writes = may_write(actor, plan.line)
    service = plan.outside_service
    provider_view = seen_by_provider(actor, plan)
    back = (reverse("care_outside_detail", args=[service.pk]) if provider_view
            else tab_url(plan.child_id, plan.line))
    return render(request, "care/plan.html", {
        "plan": plan, "child": plan.child, "back": back, "provider_view": provider_view,
        "sessions": selectors.plan_sessions(plan=plan),
        "review": selectors.plan_review(actor=actor, plan=plan),
        "clinical": may_view_clinical(actor, plan.line),
        "may_edit": writes and plan.is_open,
        "may_record": writes and plan.status == PlanStatus.ACTIVE,
        "may_approve": has_perm(actor, Perm.CARE_APPROVE) and plan.status == PlanStatus.PENDING,
        "may_withdraw": (writes or has_perm(actor, Perm.CARE_APPROVE)) and plan.is_open,
        "history": history_of(plan, limit=HISTORY_LIMIT),
        "today": timezone.localdate(),
    })


@page(methods=("GET", "POST"))
def plan_edit(request, pk: int):
    plan = selectors.plan_get(actor=request.user, plan_id=pk)
    if not may_write(request.user, plan.line):
        raise PermissionDeniedError()
    form = _plan_form(request, plan.child, plan.line, plan=plan)
    if form.is_bound and form.is_valid():
        saved = run_service(form, lambda: services.plan_update(
            actor=request.user, plan_id=pk, version=form.cleaned_data["version"],
            data=form.data_for_service(), reason=form.cleaned_data.get("reason", "")))
        if saved is not None:
            messages.success(request, _("The plan was saved."))
            return redirect(plan_url(saved))
    log(request, plan, "care_plan", "edit")
    return action_page(request, form, child=plan.child, submit=_("Save"),
                       title=_("Change the plan"), record=plan, back=plan_url(plan))


@page(perm=Perm.CARE_APPROVE, methods=("GET", "POST"))
def plan_approve(request, pk: int):
    plan = selectors.plan_get(actor=request.user, plan_id=pk)
    form = forms.ApproveForm(request.POST or None, initial={"version": plan.version})
    if form.is_bound and form.is_valid():
        saved = run_service(form, lambda: services.plan_approve(
            actor=request.user, plan_id=pk, version=form.cleaned_data["version"]))
        if saved is not None:
            messages.success(request, _("The plan was approved."))
            return redirect(plan_url(saved))
    return action_page(request, form, child=plan.child, submit=_("Approve the plan"),
                       title=_("Approve the plan"), record=plan, back=plan_url(plan))


@page(methods=("GET", "POST"))
def plan_withdraw(request, pk: int):
    plan = selectors.plan_get(actor=request.user, plan_id=pk)
    form = forms.WithdrawForm(request.POST or None, initial={"version": plan.version})
    if form.is_bound and form.is_valid():
        saved = run_service(form, lambda: services.plan_withdraw(
            actor=request.user, plan_id=pk, version=form.cleaned_data["version"],
            reason=form.cleaned_data["reason"]))
        if saved is not None:
            messages.success(request, _("The plan was withdrawn; it is kept, closed."))
            return redirect(plan_url(saved))
    return action_page(request, form, child=plan.child, submit=_("Withdraw the plan"),
                       title=_("Withdraw the plan"), record=plan, back=plan_url(plan))


# ---------------------------------------------------------------------------- sessions


def _staff(plan):
    service = plan.outside_service
    return selectors.staff_choices(
        institution_id=service.provider_id if service else plan.child.current_institution_id)


@page(methods=("GET", "POST"))
def session_new(request, plan_id: int):
    plan = selectors.plan_get(actor=request.user, plan_id=plan_id)
    if not may_write(request.user, plan.line):
        raise PermissionDeniedError()
    form = forms.SessionForm(request.POST or None, staff=_staff(plan),
                             organisations=provider_choices(actor=request.user), initial={
        "held_on": timezone.localdate(), "staff_id": request.user.pk})
    if form.is_bound and form.is_valid():
        saved = run_service(form, lambda: services.session_record(
            actor=request.user, plan_id=plan_id, data=form.data_for_service()))
        if saved is not None:
            messages.success(request, _("The session was recorded."))
            return redirect(plan_url(plan))
    return action_page(request, form, child=plan.child, submit=_("Save"),
                       title=_("Record a session"), record=plan, back=plan_url(plan))


@page
def session_detail(request, pk: int):
    session = selectors.session_get(actor=request.user, session_id=pk)
    return _record_page(request, session, "session", back=plan_url(session.plan),
                        may_edit=may_write(request.user, session.line)
                        and not session.entered_in_error)


@page(methods=("GET", "POST"))
def session_edit(request, pk: int):
    session = selectors.session_get(actor=request.user, session_id=pk)
    if not may_write(request.user, session.line):
        raise PermissionDeniedError()
    initial = {"version": session.version,
               **{f: getattr(session, f) for f in services.pattern.SESSION_FIELDS}}
    form = forms.SessionForm(request.POST or None, staff=_staff(session.plan),
                             organisations=provider_choices(actor=request.user),
                             initial=initial)
    if form.is_bound and form.is_valid():
        saved = run_service(form, lambda: services.session_update(
            actor=request.user, session_id=pk, version=form.cleaned_data["version"],
            data=form.data_for_service()))
        if saved is not None:
            messages.success(request, _("The session was saved."))
            return redirect("care_session_detail", pk)
    log(request, session, "care_session", "edit")
    return action_page(request, form, child=session.child, submit=_("Save"),
                       title=_("Change the session"), record=session.plan,
                       back=plan_url(session.plan))


@page(methods=("GET", "POST"))
def session_error(request, pk: int):
    session = selectors.session_get(actor=request.user, session_id=pk)
    if not may_write(request.user, session.line):
        raise PermissionDeniedError()
    form = forms.ReasonForm(request.POST or None, initial={"version": session.version})
    if form.is_bound and form.is_valid():
        saved = run_service(form, lambda: services.session_mark_error(
            actor=request.user, session_id=pk, version=form.cleaned_data["version"],
            reason=form.cleaned_data["reason"]))
        if saved is not None:
            messages.success(request, _("The session is marked as entered in error."))
            return redirect(plan_url(session.plan))
    return action_page(request, form, child=session.child, submit=_("Mark as entered in error"),
                       title=_("Session entered in error"), record=session.plan,
                       back=plan_url(session.plan))


# ----------------------------------------------------------------------------- reviews


@page(methods=("GET", "POST"))
def review_new(request, plan_id: int):
    plan = selectors.plan_get(actor=request.user, plan_id=plan_id)
    if not may_write(request.user, plan.line):
        raise PermissionDeniedError()
    form = forms.ReviewForm(request.POST or None, initial={
        "version": plan.version, "reviewed_on": timezone.localdate()})
    if form.is_bound and form.is_valid():
        saved = run_service(form, lambda: services.review_record(
            actor=request.user, plan_id=plan_id, version=form.cleaned_data["version"],
            data=form.data_for_service()))
        if saved is not None:
            messages.success(request, _("The review was recorded; the plan is closed."))
            return redirect(plan_url(plan))
    return action_page(request, form, child=plan.child, submit=_("Save the review"),
                       title=_("Review the plan"), record=plan, back=plan_url(plan))


@page
def review_detail(request, pk: int):
    review = selectors.review_get(actor=request.user, review_id=pk)
    return _record_page(request, review, "review", back=plan_url(review.plan),
                        may_edit=False)
