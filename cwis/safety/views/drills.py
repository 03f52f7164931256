"""Pages of emergency plans, drills (and the hazards a drill finds) and food safety. Thin:
parse the form, call one service or selector, render."""

from django.contrib import messages
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from cwis.core.pagination import CappedPaginator
from cwis.core.permissions import Perm, has_perm
from cwis.core.web import page, run_service
from cwis.safety import forms
from cwis.safety.selectors import drills as selectors
from cwis.safety.selectors.hazards import institutions_for_record
from cwis.safety.services import drills as services
from cwis.safety.services import food as food_services
from cwis.safety.views.hazards import PAGE_SIZE, form_page, list_query


def _institutions(request):
    """The institutions an office picks from; None for institution staff (their own)."""
    if request.user.institution_id is not None:
        return None
    return institutions_for_record(actor=request.user)


def _record_page(request, form_class, call, *, title, done, back, initial=None, next_url=None):
    """The one page that records a record of an institution through `call(institution_id,
    data)`, then goes to `next_url(saved)` or back to the list."""
    form = form_class(request.POST or None, request.FILES or None,
                      institutions=_institutions(request), initial=initial or {})
    if form.is_bound and form.is_valid():
        saved = run_service(form, lambda: call(form.cleaned_data.get("institution_id"),
                                               form.data_for_service(), form.cleaned_data))
        if saved is not None:
            messages.success(request, done)
            return redirect(next_url(saved) if next_url else back)
    return form_page(request, form, title=title, back=back)


# ------------------------------------------------------------------ plans and drills


@page(perm=Perm.SAFETY_VIEW)
def plan_list(request):
    listing = CappedPaginator(selectors.plan_list(actor=request.user), PAGE_SIZE
                              ).get_page(request.GET.get("page"))
    return render(request, "safety/plan_list.html", {
        "page": listing, "today": timezone.localdate(),
        "may_record": has_perm(request.user, Perm.SAFETY_RECORD)})


@page(perm=Perm.SAFETY_RECORD, methods=("GET", "POST"))
def plan_new(request):
    return _record_page(
        request, forms.PlanForm,
        lambda institution_id, data, cleaned: services.plan_record(
            actor=request.user, institution_id=institution_id, data=data,
            file=cleaned.get("file")),
        title=_("Record an emergency plan"), done=_("The plan was recorded."),
        back="safety_plan_list", initial={"approved_on": timezone.localdate()})


@page(perm=Perm.SAFETY_VIEW)
def drill_list(request):
    period = forms.PeriodFilterForm(request.GET or None)
    listing = CappedPaginator(selectors.drill_list(actor=request.user,
                                                   filters=period.filters()), PAGE_SIZE
                              ).get_page(request.GET.get("page"))
    return render(request, "safety/drill_list.html", {
        "page": listing, "query": list_query(request),
        "may_record": has_perm(request.user, Perm.SAFETY_RECORD)})


@page(perm=Perm.SAFETY_RECORD, methods=("GET", "POST"))
def drill_new(request):
    return _record_page(
        request, forms.DrillForm,
        lambda institution_id, data, _cleaned: services.drill_record(
            actor=request.user, institution_id=institution_id, data=data),
        title=_("Record a drill"), done=_("The drill was recorded."), back="safety_drill_list",
        initial={"held_on": timezone.localdate()},
        next_url=lambda drill: reverse("safety_drill_detail", args=[drill.pk]))


@page(perm=Perm.SAFETY_VIEW)
def drill_detail(request, pk: int):
    drill = selectors.drill_get(actor=request.user, drill_id=pk)
    return render(request, "safety/drill_detail.html", {
        "drill": drill, "hazards": selectors.drill_hazards(drill=drill),
        "may_record": has_perm(request.user, Perm.SAFETY_RECORD),
        "history": selectors.drill_history(drill=drill), "today": timezone.localdate()})


@page(perm=Perm.SAFETY_RECORD, methods=("GET", "POST"))
def drill_hazard_new(request, pk: int):
    drill = selectors.drill_get(actor=request.user, drill_id=pk)
    form = forms.HazardForm(request.POST or None)
    if form.is_bound and form.is_valid():
        saved = run_service(form, lambda: services.drill_hazard_record(
            actor=request.user, drill_id=pk, data=form.data_for_service()))
        if saved is not None:
            messages.success(request, _("The hazard was recorded."))
            return redirect("safety_drill_detail", pk=pk)
    return form_page(request, form, title=_("Record a hazard the drill found"),
                     subtitle=f"{drill.institution.name} · {drill}", back="safety_drill_list")


# ------------------------------------------------------------------------ food safety


@page(perm=Perm.SAFETY_VIEW)
def food(request):
    today = timezone.localdate()
    return render(request, "safety/food.html", {
        "certificates": CappedPaginator(selectors.certificate_list(actor=request.user),
                                        PAGE_SIZE).get_page(request.GET.get("page")),
        "samples": selectors.sample_list(actor=request.user)[:PAGE_SIZE],
        "today": today, "may_record": has_perm(request.user, Perm.SAFETY_RECORD)})


@page(perm=Perm.SAFETY_RECORD, methods=("GET", "POST"))
def certificate_new(request):
    return _record_page(
        request, forms.CertificateForm,
        lambda institution_id, data, _cleaned: food_services.certificate_record(
            actor=request.user, institution_id=institution_id, data=data),
        title=_("Record a food safety certificate"), done=_("The certificate was recorded."),
        back="safety_food")


@page(perm=Perm.SAFETY_RECORD, methods=("GET", "POST"))
def sample_new(request):
    return _record_page(
        request, forms.SampleForm,
        lambda institution_id, data, _cleaned: food_services.sample_record(
            actor=request.user, institution_id=institution_id, data=data),
        title=_("Record the food samples of a meal"), done=_("The samples were recorded."),
        back="safety_food", initial={"served_on": timezone.localdate(), "kept_hours": 48})
