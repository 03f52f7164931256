"""Pages of the registry: the list, an institution's page, registering and editing it, and
its licences."""

from django.shortcuts import render
from django.urls import reverse
from django.utils import timezone
from django.utils.http import urlencode
from django.utils.translation import gettext as _

from cwis.core.forms import AreaFilterForm
from cwis.core.pagination import CappedPaginator
from cwis.core.permissions import Perm, require
from cwis.core.web import page, render_form, run_service
from cwis.institutions import forms, selectors, services
from cwis.institutions.models import InstitutionKind, InstitutionLevel, InstitutionStatus
from cwis.institutions.views.common import FORM_TEMPLATE, detail_url, saved, without_version

FORM_METHODS = ("GET", "POST")
LICENCE_FIELDS = ("kind", "number", "issued_by", "valid_from", "valid_to", "note", "version")


@page
def institution_list(request):
    filters = {k: request.GET.get(k, "") for k in selectors.FILTERS}
    institutions = selectors.institution_list(actor=request.user, filters=filters)
    page_obj = CappedPaginator(institutions, 50).get_page(request.GET.get("page"))
    return render(
        request,
        "institutions/list.html",
        {
            "page": page_obj,
            "filters": filters,
            "query": urlencode({k: v for k, v in filters.items() if v}),
            "levels": InstitutionLevel.choices,
            "kinds": InstitutionKind.choices,
            "statuses": InstitutionStatus.choices,
            "provinces": selectors.province_choices(actor=request.user)[:2],
            "area_form": AreaFilterForm(request.GET or None, actor=request.user),
        },
    )


@page
def institution_detail(request, pk: int):
    institution = selectors.institution_get(actor=request.user, institution_id=pk)
    posts = selectors.post_table(institution)
    residences = list(institution.family_residences.all())
    residents = selectors.residents_by_residence(actor=request.user, residences=residences)
    return render(
        request,
        "institutions/detail.html",
        {
            "institution": institution,
            "licences": selectors.licences_of(institution),
            "posts": posts,
            "social_work": selectors.social_work_summary(institution, posts),
            "residences": [(r, residents[r.pk]) for r in residences],
            "transformation": selectors.transformation_of(institution),
            "history": selectors.record_history(institution, limit=30),
            "today": timezone.localdate(),
        },
    )


@page(perm=Perm.INSTITUTION_CREATE, methods=FORM_METHODS)
def institution_create(request):
    form = forms.InstitutionForm(request.POST or None, actor=request.user)
    if form.is_bound and form.is_valid():
        institution = run_service(form, lambda: services.institution_create(
            actor=request.user, **form.cleaned_data))
        if institution is not None:
            return saved(request, detail_url(institution.pk))
    return render_form(request, FORM_TEMPLATE, form, {
        "title": _("Register an institution"), "back": reverse("institution_list")})


@page(methods=FORM_METHODS)
def institution_edit(request, pk: int):
    institution = selectors.institution_for_edit(actor=request.user, institution_id=pk)
    form = forms.InstitutionEditForm(
        request.POST or None, actor=request.user, institution=institution,
        initial=forms.InstitutionEditForm.initial_for(institution),
    )
    if form.is_bound and form.is_valid():
        changes = without_version(form.cleaned_data)
        result = run_service(form, lambda: services.institution_update(
            actor=request.user, institution_id=pk, version=form.cleaned_data["version"],
            changes=changes))
        if result is not None:
            return saved(request, detail_url(pk))
    return render_form(request, FORM_TEMPLATE, form, {
        "title": _("Edit %(name)s") % {"name": institution.name}, "back": detail_url(pk)})


# --- licences ------------------------------------------------------------------------------

@page(methods=FORM_METHODS)
def licence_add(request, pk: int):
    institution = selectors.institution_for_edit(actor=request.user, institution_id=pk)
    form = forms.LicenceForm(request.POST or None)
    if form.is_bound and form.is_valid():
        result = run_service(form, lambda: services.licence_add(
            actor=request.user, institution_id=pk,
            **without_version(form.cleaned_data)))
        if result is not None:
            return saved(request, detail_url(pk))
    return render_form(request, FORM_TEMPLATE, form, {
        "title": _("Add a licence or designation"), "subtitle": institution.name,
        "back": detail_url(pk)})


@page(methods=FORM_METHODS)
def licence_edit(request, licence_id: int):
    licence = selectors.licence_get(actor=request.user, licence_id=licence_id)
    require(request.user, Perm.INSTITUTION_EDIT)
    form = forms.LicenceForm(request.POST or None,
                             initial={f: getattr(licence, f) for f in LICENCE_FIELDS})
    back = detail_url(licence.institution_id)
    if form.is_bound and form.is_valid():
        result = run_service(form, lambda: services.licence_update(
            actor=request.user, licence_id=licence_id, **form.cleaned_data))
        if result is not None:
            return saved(request, back)
    return render_form(request, FORM_TEMPLATE, form, {
        "title": _("Edit the licence or designation"), "subtitle": licence.institution.name,
        "back": back})
