"""Pages of posts and staff: the headcounts, staff members, their qualifications and
training, and each one's outcome in a transformation."""

from collections.abc import Callable

from django.contrib import messages
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from cwis.core.permissions import Perm, require
from cwis.core.web import page, render_form, run_service
from cwis.institutions import forms, selectors, services
from cwis.institutions.models import PostType, StaffMember
from cwis.institutions.views.common import FORM_TEMPLATE, saved, staff_url, without_version

FORM_METHODS = ("GET", "POST")
STAFF_FIELDS = ("name", "post_type", "started_on", "left_on", "version")


@page
def staff_page(request, pk: int):
    institution, staff = selectors.staff_list(actor=request.user, institution_id=pk)
    rows = {row.post_type: row for row in selectors.post_table(institution)}
    return render(
        request,
        "institutions/staff.html",
        {
            "institution": institution,
            "post_rows": [(value, label, rows.get(value)) for value, label in PostType.choices],
            "staff": staff,
            "transformation": selectors.transformation_of(institution),
        },
    )


@page(methods=("POST",))
def post_set(request, pk: int, post_type: str):
    """One row of the post table; the refusal is shown above the table."""
    form = forms.PostForm(request.POST)
    if form.is_valid() and run_service(form, lambda: services.post_set_headcount(
            actor=request.user, institution_id=pk, post_type=post_type,
            **form.cleaned_data)) is not None:
        messages.success(request, _("Saved."))
    for errors in form.errors.values():
        for error in errors:
            messages.error(request, error)
    return redirect(staff_url(pk))


@page(methods=FORM_METHODS)
def staff_add(request, pk: int):
    institution = selectors.institution_for_edit(actor=request.user, institution_id=pk)
    form = forms.StaffForm(request.POST or None)
    if form.is_bound and form.is_valid():
        staff = run_service(form, lambda: services.staff_add(
            actor=request.user, institution_id=pk, **without_version(form.cleaned_data)))
        if staff is not None:
            return saved(request, reverse("staff_detail", args=[staff.pk]))
    return render_form(request, FORM_TEMPLATE, form, {
        "title": _("Add a staff member"), "subtitle": institution.name, "back": staff_url(pk)})


@page
def staff_detail(request, staff_id: int):
    staff = selectors.staff_get(actor=request.user, staff_id=staff_id)
    return render(request, "institutions/staff_detail.html", {
        "staff": staff,
        "transformation": selectors.transformation_of(staff.institution),
        "history": selectors.record_history(staff, limit=20),
    })


def _staff_for_edit(request, staff_id: int) -> StaffMember:
    staff = selectors.staff_get(actor=request.user, staff_id=staff_id)
    require(request.user, Perm.INSTITUTION_EDIT)
    return staff


def _staff_form_page(request, staff: StaffMember, form, call: Callable, title: str):
    """A form about one staff member, back to their page once saved."""
    back = reverse("staff_detail", args=[staff.pk])
    if form.is_bound and form.is_valid() and run_service(form, call) is not None:
        return saved(request, back)
    return render_form(request, FORM_TEMPLATE, form, {
        "title": title, "subtitle": f"{staff.name} · {staff.institution}", "back": back})


@page(methods=FORM_METHODS)
def staff_edit(request, staff_id: int):
    staff = _staff_for_edit(request, staff_id)
    form = forms.StaffForm(request.POST or None,
                           initial={f: getattr(staff, f) for f in STAFF_FIELDS})
    return _staff_form_page(request, staff, form, lambda: services.staff_update(
        actor=request.user, staff_id=staff_id, **form.cleaned_data),
        _("Edit the staff member"))


@page(methods=FORM_METHODS)
def staff_outcome(request, staff_id: int):
    staff = _staff_for_edit(request, staff_id)
    form = forms.OutcomeForm(request.POST or None, institution=staff.institution, initial={
        "integration_outcome": staff.integration_outcome,
        "integration_on": staff.integration_on or timezone.localdate(),
        "transferred_to_id": staff.transferred_to_id, "version": staff.version,
    })

    def call():
        data = form.cleaned_data
        return services.staff_record_outcome(
            actor=request.user, staff_id=staff_id, version=data["version"],
            outcome=data["integration_outcome"], decided_on=data["integration_on"],
            transferred_to_id=data["transferred_to_id"],
        )

    return _staff_form_page(request, staff, form, call, _("Outcome of the transformation"))


@page(methods=FORM_METHODS)
def qualification_add(request, staff_id: int):
    staff = _staff_for_edit(request, staff_id)
    form = forms.QualificationForm(request.POST or None)
    return _staff_form_page(request, staff, form, lambda: services.qualification_add(
        actor=request.user, staff_id=staff_id, **form.cleaned_data), _("Add a qualification"))


@page(methods=FORM_METHODS)
def training_add(request, staff_id: int):
    staff = _staff_for_edit(request, staff_id)
    form = forms.TrainingForm(request.POST or None)
    return _staff_form_page(request, staff, form, lambda: services.training_add(
        actor=request.user, staff_id=staff_id, **form.cleaned_data),
        _("Add a training record"))
