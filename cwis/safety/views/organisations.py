"""Pages of social organisations, their engagements and volunteers (policy 三(三)), and
their figures per area. Thin: parse the form, call one service or selector, render."""

from django.contrib import messages
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _

from cwis.core.divisions import division_names
from cwis.core.home import SUBAREA_WIDTH
from cwis.core.pagination import CappedPaginator
from cwis.core.permissions import Perm, has_perm
from cwis.core.scoping import actor_prefix
from cwis.core.web import page, run_service
from cwis.safety import forms
from cwis.safety.forms import PeriodFilterForm
from cwis.safety.models import OrganisationKind
from cwis.safety.selectors import organisations as selectors
from cwis.safety.selectors.hazards import institutions_for_record
from cwis.safety.services import organisations as services
from cwis.safety.views.hazards import PAGE_SIZE, form_page


@page(perm=Perm.ORG_VIEW)
def organisation_list(request):
    listing = CappedPaginator(selectors.organisation_list(actor=request.user), PAGE_SIZE
                              ).get_page(request.GET.get("page"))
    return render(request, "safety/organisation_list.html", {
        "page": listing, "may_manage": has_perm(request.user, Perm.ORG_MANAGE),
        "may_figures": has_perm(request.user, Perm.ORG_FIGURES)})


@page(perm=Perm.ORG_MANAGE, methods=("GET", "POST"))
def organisation_new(request):
    office = request.user.institution_id is None
    form = forms.OrganisationForm(
        request.POST or None,
        institutions=institutions_for_record(actor=request.user) if office else None)
    if office:
        form.fields["institution_id"].required = False
    if form.is_bound and form.is_valid():
        saved = run_service(form, lambda: services.organisation_register(
            actor=request.user, institution_id=form.cleaned_data.get("institution_id"),
            data=form.data_for_service()))
        if saved is not None:
            messages.success(request, _("The organisation was registered."))
            return redirect("safety_organisation_detail", pk=saved.pk)
    return form_page(request, form, title=_("Register a social organisation"),
                     back="safety_organisation_list")


@page(perm=Perm.ORG_VIEW)
def organisation_detail(request, pk: int):
    organisation = selectors.organisation_get(actor=request.user, organisation_id=pk)
    return render(request, "safety/organisation_detail.html", {
        "organisation": organisation,
        "engagements": selectors.organisation_engagements(organisation=organisation),
        "may_manage": has_perm(request.user, Perm.ORG_MANAGE)})


@page(perm=Perm.ORG_MANAGE, methods=("GET", "POST"))
def engagement_new(request, pk: int):
    organisation = selectors.organisation_get(actor=request.user, organisation_id=pk)
    form = forms.EngagementFormFields(request.POST or None)
    if form.is_bound and form.is_valid():
        saved = run_service(form, lambda: services.engagement_record(
            actor=request.user, organisation_id=pk, data=form.data_for_service()))
        if saved is not None:
            messages.success(request, _("The engagement was recorded."))
            return redirect("safety_organisation_detail", pk=pk)
    return form_page(request, form, title=_("Record an engagement"),
                     subtitle=organisation.name, back="safety_organisation_list")


@page(perm=Perm.ORG_VIEW)
def volunteer_list(request):
    listing = CappedPaginator(selectors.volunteer_list(actor=request.user), PAGE_SIZE
                              ).get_page(request.GET.get("page"))
    return render(request, "safety/volunteer_list.html", {
        "page": listing, "may_manage": has_perm(request.user, Perm.ORG_MANAGE)})


@page(perm=Perm.ORG_MANAGE, methods=("GET", "POST"))
def volunteer_new(request):
    groups = selectors.organisation_list(actor=request.user, filters={
        "kind": OrganisationKind.VOLUNTEER_GROUP})
    form = forms.VolunteerForm(request.POST or None, groups=groups)
    if form.is_bound and form.is_valid():
        saved = run_service(form, lambda: services.volunteer_register(
            actor=request.user, organisation_id=form.cleaned_data.get("organisation_id"),
            data=form.data_for_service()))
        if saved is not None:
            messages.success(request, _("The volunteer was registered."))
            return redirect("safety_volunteer_list")
    return form_page(request, form, title=_("Register a volunteer"),
                     back="safety_volunteer_list")


@page(perm=Perm.ORG_MANAGE, methods=("GET", "POST"))
def volunteer_hours(request, pk: int):
    volunteer = selectors.volunteer_get(actor=request.user, volunteer_id=pk)
    form = forms.VolunteerServiceForm(request.POST or None,
                                      initial={"served_on": timezone.localdate()})
    if form.is_bound and form.is_valid():
        saved = run_service(form, lambda: services.volunteer_service_record(
            actor=request.user, volunteer_id=pk, **form.data_for_service()))
        if saved is not None:
            messages.success(request, _("The hours were recorded."))
            return redirect("safety_volunteer_list")
    return form_page(request, form, title=_("Record service hours"), subtitle=volunteer.name,
                     back="safety_volunteer_list")


@page(perm=Perm.ORG_FIGURES)
def organisation_figures(request):
    filters = PeriodFilterForm(request.GET or None).filters()  # a report figure's drill-down
    prefix = filters.get("division") or actor_prefix(request.user) or ""
    width = min(SUBAREA_WIDTH.get(len(prefix), 6), 6)
    year = filters.get("year") or timezone.localdate().year
    found = selectors.organisation_figures(actor=request.user, prefix=prefix, width=width,
                                           year=year)
    names = division_names(found)
    rows = [{"code": code, "name": names.get(code, code), **found[code]}
            for code in sorted(found)]
    return render(request, "safety/organisation_figures.html", {"rows": rows, "year": year})
