"""Pages of adulthood plans (policy 二(五)): the list of children from 16 by path (and its
Excel list for a department), the plan, its paths and steps, the outcomes, the follow-ups
after leaving care. Thin: parse, call one service or selector, render."""

from urllib.parse import urlencode

from django.contrib import messages
from django.http import Http404
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from cwis.care import forms_adulthood as forms
from cwis.care.choices import PlanStatus
from cwis.care.choices_family import PATH_STEPS
from cwis.care.export_family import adulthood_export
from cwis.care.selectors import adulthood as selectors
from cwis.care.selectors.pattern import care_child, staff_choices
from cwis.care.services import adulthood as services
from cwis.care.views.common import log
from cwis.core.audit import access_log_record
from cwis.core.errors import PermissionDeniedError
from cwis.core.history import history_of
from cwis.core.pagination import CappedPaginator
from cwis.core.permissions import Perm, has_perm
from cwis.core.scoping import actor_prefix
from cwis.core.web import page, render_form, run_service

PAGE_SIZE = 50
HISTORY_LIMIT = 30


def _writer(request) -> None:
    if not has_perm(request.user, Perm.CARE_ADULTHOOD):
        raise PermissionDeniedError()


def _plan_url(plan_id: int) -> str:
    return reverse("care_adulthood_plan", args=[plan_id])


def _action(request, form, *, child, title, back: str, record=None):
    return render_form(request, "care/action.html", form, {
        "child": child, "title": title, "submit": _("Save"), "back": back, "record": record})


def _list_filters(request) -> dict:
    form = forms.ListFilters(request.GET or None)
    data = form.cleaned_data if form.is_bound and form.is_valid() else {}
    division = request.GET.get("division", "")
    return {"form": form, "path": data.get("path", ""),
            "without_plan": bool(data.get("without_plan")),
            "division": division if division.isdigit() else ""}


@page
def adulthood_list(request):
    """Children in care from 16: their open paths, or those without a plan."""
    f = _list_filters(request)
    today = timezone.localdate()
    children = selectors.approaching_adulthood(
        actor=request.user, today=today, division=f["division"], path=f["path"],
        without_plan=f["without_plan"])
    page_obj = CappedPaginator(children, PAGE_SIZE).get_page(request.GET.get("page"))
    paths = selectors.open_paths_of(list(page_obj), f["path"])
    access_log_record(actor=request.user, object_type="care_adulthood_list",
                      object_id=f["path"] or "all", request=request, action="list",
                      division_code=actor_prefix(request.user) or "")
    query = urlencode([(k, v) for k, v in request.GET.items() if k != "page" and v])
    return render(request, "care/family/adulthood_list.html", {
        **f, "page": page_obj, "rows": [(c, paths.get(c.pk, [])) for c in page_obj],
        "query": query, "export_query": query})


@page
def adulthood_list_export(request):
    f = _list_filters(request)
    return adulthood_export(request, path=f["path"], division=f["division"])


@page(methods=("GET", "POST"))
def plan_new(request, child_id: int):
    child = care_child(actor=request.user, child_id=child_id)
    _writer(request)
    form = forms.PlanForm(request.POST or None, staff=staff_choices(
        institution_id=child.current_institution_id), initial={
        "starts_on": timezone.localdate(), "responsible_id": request.user.pk})
    if form.is_bound and form.is_valid():
        plan = run_service(form, lambda: services.adulthood_plan_create(
            actor=request.user, child_id=child_id, data=form.data_for_service()))
        if plan is not None:
            messages.success(request, _("The adulthood plan was written. Add its paths."))
            return redirect(_plan_url(plan.pk))
    return _action(request, form, child=child, title=_("New adulthood plan"),
                   back=reverse("care_family_tab", args=[child_id]))


@page
def plan_detail(request, pk: int):
    plan = selectors.adulthood_plan_get(actor=request.user, plan_id=pk)
    log(request, plan, "care_adulthood_plan")
    today = timezone.localdate()
    writer = has_perm(request.user, Perm.CARE_ADULTHOOD)
    is_open = plan.is_open and plan.child.status == "in_care"
    return render(request, "care/family/adulthood_plan.html", {
        "plan": plan, "child": plan.child, "today": today, "is_open": is_open,
        "may_write": writer and is_open,
        "may_approve": has_perm(request.user, Perm.CARE_APPROVE) and is_open
        and plan.status == PlanStatus.PENDING,
        "stalled": {p.pk for p in plan.paths.all() if selectors.is_stalled(p, today)},
        "history": history_of(plan, limit=HISTORY_LIMIT)})


@page(methods=("GET", "POST"))
def plan_edit(request, pk: int):
    plan = selectors.adulthood_plan_get(actor=request.user, plan_id=pk)
    _writer(request)
    form = forms.PlanForm(request.POST or None, staff=staff_choices(
        institution_id=plan.child.current_institution_id), editing=True, initial={
        "version": plan.version, **{f: getattr(plan, f) for f in forms.PlanForm.FIELDS}})
    if form.is_bound and form.is_valid():
        saved = run_service(form, lambda: services.adulthood_plan_update(
            actor=request.user, plan_id=pk, version=form.cleaned_data["version"],
            data=form.data_for_service(), reason=form.cleaned_data.get("reason", "")))
        if saved is not None:
            messages.success(request, _("The plan was saved."))
            return redirect(_plan_url(pk))
    return _action(request, form, child=plan.child, title=_("Change the adulthood plan"),
                   back=_plan_url(pk), record=plan)


@page(methods=("GET", "POST"))
def plan_action(request, pk: int, action: str):
    plan = selectors.adulthood_plan_get(actor=request.user, plan_id=pk)
    back = _plan_url(pk)
    if action == "approve":
        if not has_perm(request.user, Perm.CARE_APPROVE):
            raise PermissionDeniedError()
        form = forms.ApproveForm(request.POST or None, initial={"version": plan.version})
        title = _("Approve the adulthood plan")
        def call():
            return services.adulthood_plan_approve(
                actor=request.user, plan_id=pk, version=form.cleaned_data["version"])
    elif action == "withdraw":
        _writer(request)
        form = forms.WithdrawForm(request.POST or None, initial={"version": plan.version})
        title = _("Withdraw the adulthood plan")
        def call():
            return services.adulthood_plan_withdraw(
                actor=request.user, plan_id=pk, version=form.cleaned_data["version"],
                reason=form.cleaned_data["reason"])
    elif action == "path":
        _writer(request)
        form = forms.PathForm(request.POST or None)
        title = _("Add a path")
        def call():
            return services.adulthood_path_add(
                actor=request.user, plan_id=pk, data=form.data_for_service())
    else:
        raise Http404
    if form.is_bound and form.is_valid() and run_service(form, call) is not None:
        messages.success(request, _("Saved."))
        return redirect(back)
    return _action(request, form, child=plan.child, title=title, back=back, record=plan)


@page(methods=("GET", "POST"))
def path_action(request, pk: int, action: str):
    path = selectors.adulthood_path_get(actor=request.user, path_id=pk)
    _writer(request)
    back = _plan_url(path.plan_id)
    if action == "step":
        form = forms.StepForm(request.POST or None, kinds=PATH_STEPS.get(path.kind, ()))
        title = _("Add a step: %(path)s") % {"path": path.get_kind_display()}
        def call():
            return services.adulthood_step_add(
                actor=request.user, path_id=pk, data=form.data_for_service())
    elif action == "outcome":
        form = forms.OutcomeForm(request.POST or None, path_kind=path.kind, initial={
            "version": path.version, "outcome_on": timezone.localdate(),
            "support_mode": path.support_mode,
            "support_institution": path.support_institution})
        title = _("Outcome of the path: %(path)s") % {"path": path.get_kind_display()}
        def call():
            return services.adulthood_path_outcome(
                actor=request.user, path_id=pk, version=form.cleaned_data["version"],
                data=form.data_for_service())
    else:
        raise Http404
    if form.is_bound and form.is_valid() and run_service(form, call) is not None:
        messages.success(request, _("Saved."))
        return redirect(back)
    return _action(request, form, child=path.child, title=title, back=back, record=path)


@page(methods=("GET", "POST"))
def step_done(request, pk: int):
    step = selectors.adulthood_step_get(actor=request.user, step_id=pk)
    _writer(request)
    back = _plan_url(step.path.plan_id)
    form = forms.StepDoneForm(request.POST or None, initial={
        "version": step.version, "done_on": timezone.localdate(), "note": step.note})
    if form.is_bound and form.is_valid() and run_service(form, lambda: services.adulthood_step_done(
            actor=request.user, step_id=pk, version=form.cleaned_data["version"],
            done_on=form.cleaned_data["done_on"], note=form.cleaned_data["note"])) is not None:
        messages.success(request, _("Saved."))
        return redirect(back)
    return _action(request, form, child=step.child, record=step, back=back,
                   title=_("Step done: %(step)s") % {"step": step.get_kind_display()})


@page(methods=("GET", "POST"))
def follow_up_record(request, pk: int):
    follow_up = selectors.follow_up_get(actor=request.user, follow_up_id=pk)
    _writer(request)
    back = reverse("care_family_tab", args=[follow_up.child_id])
    form = forms.FollowUpForm(request.POST or None, initial={
        "version": follow_up.version, "done_on": timezone.localdate()})
    if form.is_bound and form.is_valid() and run_service(
            form, lambda: services.adulthood_follow_up_record(
                actor=request.user, follow_up_id=pk, version=form.cleaned_data["version"],
                data=form.data_for_service())) is not None:
        messages.success(request, _("Saved."))
        return redirect(back)
    return _action(request, form, child=follow_up.child, record=follow_up, back=back,
                   title=_("Record the follow-up contact"))
