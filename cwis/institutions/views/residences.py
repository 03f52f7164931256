"""Pages of family-style residences (they are listed, with the children living there, on
the institution's page)."""

from django.utils.translation import gettext as _

from cwis.core.permissions import Perm, require
from cwis.core.web import page, render_form, run_service
from cwis.institutions import forms, selectors, services
from cwis.institutions.views.common import FORM_TEMPLATE, detail_url, saved, without_version

RESIDENCE_FIELDS = ("name", "capacity", "carer_father", "carer_mother", "carers_qualified_on",
                    "is_active", "version")


@page(methods=("GET", "POST"))
def residence_add(request, pk: int):
    institution = selectors.institution_for_edit(actor=request.user, institution_id=pk)
    form = forms.ResidenceForm(request.POST or None)
    if form.is_bound and form.is_valid():
        result = run_service(form, lambda: services.residence_add(
            actor=request.user, institution_id=pk,
            **without_version(form.cleaned_data)))
        if result is not None:
            return saved(request, detail_url(pk))
    return render_form(request, FORM_TEMPLATE, form, {
        "title": _("Add a family-style residence"), "subtitle": institution.name,
        "back": detail_url(pk)})


@page(methods=("GET", "POST"))
def residence_edit(request, residence_id: int):
    residence = selectors.residence_get(actor=request.user, residence_id=residence_id)
    require(request.user, Perm.INSTITUTION_EDIT)
    form = forms.ResidenceForm(request.POST or None,
                               initial={f: getattr(residence, f) for f in RESIDENCE_FIELDS})
    back = detail_url(residence.institution_id)
    if form.is_bound and form.is_valid():
        result = run_service(form, lambda: services.residence_update(
            actor=request.user, residence_id=residence_id,
            **form.cleaned_data))
        if result is not None:
            return saved(request, back)
    return render_form(request, FORM_TEMPLATE, form, {
        "title": _("Edit the family-style residence"), "subtitle": residence.institution.name,
        "back": back})
