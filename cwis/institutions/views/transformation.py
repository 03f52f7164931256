"""Pages of a county institution's transformation: the plan, the checklist, starting and
completing it, and the facts of its integration."""

from django.contrib import messages
from django.http import HttpResponse
from django.shortcuts import redirect
from django.utils import timezone
from django.utils.translation import gettext as _

from cwis.core.permissions import Perm, require
from cwis.core.web import page, render_form, run_service
from cwis.institutions import forms, selectors, services
from cwis.institutions.models import ProtectionDuty, TransformationState
from cwis.institutions.views.common import FORM_TEMPLATE, saved, transformation_url

FORM_METHODS = ("GET", "POST")
PLAN_FIELDS = ("target_handover_date", "target_completion_date", "new_name", "version")


def _transformation_page(request, pk: int, form: forms.TransitionForm) -> HttpResponse:
    """The page; `form` is the start or complete button that was refused, if any (its
    reasons, such as the open checklist items, are listed at the top)."""
    view = selectors.transformation_view(actor=request.user, institution_id=pk)
    return render_form(request, "institutions/transformation.html", form, {
        "view": view,
        "institution": view.institution,
        "plan": view.transformation,
        "states": TransformationState,
        "duty_count": len(ProtectionDuty),
        "history": (selectors.record_history(view.transformation, limit=20)
                    if view.transformation else []),
    })


@page
def transformation_detail(request, pk: int):
    return _transformation_page(request, pk, forms.TransitionForm())


def _transition(request, pk: int, service, message: str) -> HttpResponse:
    form = forms.TransitionForm(request.POST)
    if form.is_valid() and run_service(form, lambda: service(
            actor=request.user, institution_id=pk,
            version=form.cleaned_data["version"])) is not None:
        messages.success(request, message)
        return redirect(transformation_url(pk))
    return _transformation_page(request, pk, form)


@page(methods=("POST",))
def transformation_start(request, pk: int):
    return _transition(request, pk, services.transformation_start,
                       _("Handing over has started."))


@page(methods=("POST",))
def transformation_complete(request, pk: int):
    return _transition(request, pk, services.transformation_complete,
                       _("The transformation is complete."))


@page(methods=FORM_METHODS)
def transformation_plan(request, pk: int):
    institution = selectors.institution_get(actor=request.user, institution_id=pk)
    require(request.user, Perm.TRANSFORMATION_PLAN)
    plan = selectors.transformation_of(institution)
    initial = {f: getattr(plan, f) for f in PLAN_FIELDS} if plan else {}
    form = forms.TransformationPlanForm(request.POST or None, initial=initial)
    if form.is_bound and form.is_valid():
        result = run_service(form, lambda: services.transformation_plan(
            actor=request.user, institution_id=pk, **form.cleaned_data))
        if result is not None:
            return saved(request, transformation_url(pk))
    return render_form(request, FORM_TEMPLATE, form, {
        "title": _("Transformation targets"), "subtitle": institution.name,
        "back": transformation_url(pk)})


@page(methods=FORM_METHODS)
def fact_add(request, pk: int):
    institution = selectors.institution_get(actor=request.user, institution_id=pk)
    require(request.user, Perm.TRANSFORMATION_RUN)
    initial = {"kind": request.GET.get("kind", ""), "duty": request.GET.get("duty", ""),
               "effective_on": timezone.localdate()}
    form = forms.FactForm(request.POST or None, initial=initial)
    if form.is_bound and form.is_valid():
        result = run_service(form, lambda: services.integration_fact_record(
            actor=request.user, institution_id=pk, **form.cleaned_data))
        if result is not None:
            return saved(request, transformation_url(pk))
    return render_form(request, FORM_TEMPLATE, form, {
        "title": _("Record an integration fact"), "subtitle": institution.name,
        "back": transformation_url(pk)})


@page(methods=FORM_METHODS)
def fact_withdraw(request, fact_id: int):
    fact = selectors.fact_get(actor=request.user, fact_id=fact_id)
    require(request.user, Perm.TRANSFORMATION_RUN)
    back = transformation_url(fact.transformation.institution_id)
    form = forms.WithdrawForm(request.POST or None, initial={"version": fact.version})
    if form.is_bound and form.is_valid():
        result = run_service(form, lambda: services.integration_fact_withdraw(
            actor=request.user, fact_id=fact_id, **form.cleaned_data))
        if result is not None:
            return saved(request, back)
    return render_form(request, FORM_TEMPLATE, form, {
        "title": _("Withdraw the fact"), "subtitle": str(fact), "back": back})
