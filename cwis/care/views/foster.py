"""Pages of family foster care and family-style couples: the registry of foster families,
a family's page and its actions, placing a child, a placement's visits, evaluation and
ending; the residences' couples. Thin: parse, call one service or selector, render."""

from django.contrib import messages
from django.http import Http404
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from cwis.care import forms_foster as forms
from cwis.care.choices_family import FamilyState
from cwis.care.selectors import foster as selectors
from cwis.care.selectors.pattern import care_child
from cwis.care.services import foster as services
from cwis.care.views.common import log
from cwis.core.errors import PermissionDeniedError
from cwis.core.history import history_of
from cwis.core.pagination import CappedPaginator
from cwis.core.permissions import Perm, has_perm
from cwis.core.web import page, render_form, run_service

PAGE_SIZE = 50
HISTORY_LIMIT = 30


def _writer(request) -> None:
    if not has_perm(request.user, Perm.CARE_FAMILY):
        raise PermissionDeniedError()


def _form_page(request, form, *, title, back: str, submit=None, record=None):
    return render_form(request, "care/family/form.html", form, {
        "title": title, "back": back, "submit": submit or _("Save"), "record": record})


# ------------------------------------------------------------------- foster families


@page
def family_list(request):
    state = request.GET.get("state", FamilyState.ACTIVE)
    state = state if state in FamilyState.values or state == "" else FamilyState.ACTIVE
    families = selectors.foster_family_list(actor=request.user, state=state)
    page_obj = CappedPaginator(families, PAGE_SIZE).get_page(request.GET.get("page"))
    return render(request, "care/family/families.html", {
        "page": page_obj, "state": state, "states": FamilyState.choices,
        "may_write": has_perm(request.user, Perm.CARE_FAMILY), "query": f"state={state}"})


@page(methods=("GET", "POST"))
def family_new(request):
    _writer(request)
    form = forms.FamilyForm(request.POST or None)
    if form.is_bound and form.is_valid():
        family = run_service(form, lambda: services.foster_family_register(
            actor=request.user, data=form.data_for_service()))
        if family is not None:
            messages.success(request, _("The family was registered."))
            return redirect("care_foster_family", family.pk)
    return _form_page(request, form, title=_("Register a foster family"),
                      back=reverse("care_foster_families"))


@page
def family_detail(request, pk: int):
    family = selectors.foster_family_get(actor=request.user, family_id=pk)
    today = timezone.localdate()
    return render(request, "care/family/family.html", {
        "family": family, "today": today,
        "may_write": has_perm(request.user, Perm.CARE_FAMILY)
        and family.state == FamilyState.ACTIVE,
        "open": [p for p in family.placements.all()
                 if p.ended_on is None and p.placement.ended_on is None],
        "history": history_of(family, limit=HISTORY_LIMIT)})


@page(methods=("GET", "POST"))
def family_edit(request, pk: int):
    family = selectors.foster_family_get(actor=request.user, family_id=pk)
    _writer(request)
    initial = {"version": family.version,
               **{f: getattr(family, f) for f in forms.FamilyForm.FIELDS}}
    form = forms.FamilyForm(request.POST or None, initial=initial, editing=True)
    if form.is_bound and form.is_valid():
        saved = run_service(form, lambda: services.foster_family_update(
            actor=request.user, family_id=pk, version=form.cleaned_data["version"],
            data=form.data_for_service(), reason=form.cleaned_data.get("reason", "")))
        if saved is not None:
            messages.success(request, _("The family's record was saved."))
            return redirect("care_foster_family", pk)
    return _form_page(request, form, title=_("Change the foster family's record"),
                      back=reverse("care_foster_family", args=[pk]), record=family)


def _owner_action(request, *, action: str, back: str, record, owner: dict):
    """Training, evaluation: the same pages for a foster family and a residence couple."""
    if action == "training":
        form = forms.TrainingForm(request.POST or None,
                                  initial={"held_on": timezone.localdate()})
        call, title = services.carer_training_record, _("Record training")
    else:
        form = forms.EvaluationForm(request.POST or None,
                                    initial={"evaluated_on": timezone.localdate()})
        call, title = services.carer_evaluation_record, _("Record an evaluation")
    if form.is_bound and form.is_valid():
        saved = run_service(form, lambda: call(actor=request.user,
                                               data=form.data_for_service(), **owner))
        if saved is not None:
            messages.success(request, _("Saved."))
            return redirect(back)
    return _form_page(request, form, title=title, back=back, record=record)


@page(methods=("GET", "POST"))
def family_action(request, pk: int, action: str):
    family = selectors.foster_family_get(actor=request.user, family_id=pk)
    _writer(request)
    back = reverse("care_foster_family", args=[pk])
    if action in ("training", "evaluation"):
        return _owner_action(request, action=action, back=back, record=family,
                             owner={"family_id": pk})
    if action == "check":
        form = forms.VersionOnForm(request.POST or None, initial={
            "version": family.version, "on": timezone.localdate()})
        title = _("Record that the family meets the conditions")
        def call():
            return services.foster_family_check(
                actor=request.user, family_id=pk, version=form.cleaned_data["version"],
                on=form.cleaned_data["on"])
    elif action == "end":
        form = forms.EndForm(request.POST or None, initial={
            "version": family.version, "on": timezone.localdate()})
        title = _("The family no longer fosters")
        def call():
            return services.foster_family_end(
                actor=request.user, family_id=pk, version=form.cleaned_data["version"],
                on=form.cleaned_data["on"], reason=form.cleaned_data["reason"])
    else:
        raise Http404
    form.service_labels = _condition_labels()
    if form.is_bound and form.is_valid() and run_service(form, call) is not None:
        messages.success(request, _("Saved."))
        return redirect(back)
    return _form_page(request, form, title=title, back=back, record=family)


def _condition_labels() -> dict:
    """The conditions a refused check names at the top of the form."""
    from cwis.care.models import FosterFamily

    names = ("local_hukou_fixed_home", "income_at_least_middle", "carer_birth_date",
             "carer_education", "no_disqualifying_illness", "no_disqualifying_record",
             "youngest_own_child_born")
    return {n: str(FosterFamily._meta.get_field(n).verbose_name).capitalize() for n in names}


# ---------------------------------------------------------------- foster placements


@page(methods=("GET", "POST"))
def place_child(request, child_id: int):
    child = care_child(actor=request.user, child_id=child_id)
    _writer(request)
    families = selectors.foster_families_for_child(actor=request.user, child=child)
    form = forms.PlaceForm(request.POST or None, families=families,
                           initial={"on": timezone.localdate()})
    if form.is_bound and form.is_valid():
        foster = run_service(form, lambda: services.foster_place(
            actor=request.user, child_id=child_id, family_id=form.cleaned_data["family_id"],
            on=form.cleaned_data["on"], reason=form.cleaned_data["reason"]))
        if foster is not None:
            messages.success(request, _("The child was placed with the family."))
            return redirect("care_foster_placement", foster.pk)
    return render_form(request, "care/action.html", form, {
        "child": child, "title": _("Place with a foster family"), "submit": _("Place"),
        "back": reverse("care_family_tab", args=[child_id])})


@page
def placement_detail(request, pk: int):
    foster = selectors.foster_placement_get(actor=request.user, foster_id=pk)
    log(request, foster, "care_foster_placement")
    is_open = foster.ended_on is None and foster.placement.ended_on is None
    return render(request, "care/family/placement.html", {
        "foster": foster, "child": foster.child, "today": timezone.localdate(),
        "may_write": has_perm(request.user, Perm.CARE_FAMILY), "is_open": is_open,
        "history": history_of(foster, limit=HISTORY_LIMIT)})


@page(methods=("GET", "POST"))
def placement_action(request, pk: int, action: str):
    foster = selectors.foster_placement_get(actor=request.user, foster_id=pk)
    _writer(request)
    back = reverse("care_foster_placement", args=[pk])
    if action == "visit":
        form = forms.VisitForm(request.POST or None,
                               initial={"visited_on": timezone.localdate()})
        title = _("Record a visit")
        def call():
            return services.foster_visit_record(
                actor=request.user, foster_id=pk, data=form.data_for_service())
    elif action == "evaluate":
        form = forms.PlacementEvaluationForm(request.POST or None, initial={
            "version": foster.version, "evaluated_on": timezone.localdate(),
            "evaluation": foster.evaluation, "evaluation_note": foster.evaluation_note})
        title = _("Evaluate the placement")
        def call():
            return services.foster_evaluate(
                actor=request.user, foster_id=pk, version=form.cleaned_data["version"],
                data=form.data_for_service())
    elif action == "end":
        form = forms.PlacementEndForm(request.POST or None, initial={
            "version": foster.version, "on": timezone.localdate()})
        title = _("End the placement")
        def call():
            return services.foster_end(
                actor=request.user, foster_id=pk, version=form.cleaned_data["version"],
                on=form.cleaned_data["on"], reason=form.cleaned_data["reason"],
                note=form.cleaned_data["note"])
    else:
        raise Http404
    if form.is_bound and form.is_valid() and run_service(form, call) is not None:
        messages.success(request, _("Saved."))
        return redirect(back)
    log(request, foster, "care_foster_placement", "edit")
    return render_form(request, "care/action.html", form, {
        "child": foster.child, "title": title, "submit": _("Save"), "back": back,
        "record": foster})


# ---------------------------------------------------------- family-style couples


@page
def residence_list(request):
    return render(request, "care/family/residences.html", {
        "residences": selectors.residence_list(actor=request.user),
        "may_write": has_perm(request.user, Perm.CARE_FAMILY)})


@page
def residence_detail(request, pk: int):
    residence = selectors.residence_get(actor=request.user, residence_id=pk)
    couples = list(selectors.couples_of_residence(actor=request.user, residence=residence))
    return render(request, "care/family/residence.html", {
        "residence": residence, "couples": couples,
        # A new couple comes only once the present one has left (one at a time).
        "may_write": has_perm(request.user, Perm.CARE_FAMILY)
        and residence.institution_id == request.user.institution_id
        and not any(c.ended_on is None for c in couples)})


@page(methods=("GET", "POST"))
def couple_new(request, residence_id: int):
    residence = selectors.residence_get(actor=request.user, residence_id=residence_id)
    _writer(request)
    form = forms.CoupleForm(request.POST or None, initial={"started_on": timezone.localdate()})
    form.service_labels = {"residence_id": _("Family-style residence")}
    if form.is_bound and form.is_valid():
        couple = run_service(form, lambda: services.couple_record(
            actor=request.user, residence_id=residence_id, data=form.data_for_service()))
        if couple is not None:
            messages.success(request, _("The couple was recorded."))
            return redirect("care_couple", couple.pk)
    return _form_page(request, form, title=_("A couple comes to the residence"),
                      back=reverse("care_residence", args=[residence_id]), record=residence)


@page
def couple_detail(request, pk: int):
    couple = selectors.couple_get(actor=request.user, couple_id=pk)
    return render(request, "care/family/couple.html", {
        "couple": couple, "may_write": has_perm(request.user, Perm.CARE_FAMILY)
        and couple.ended_on is None, "history": history_of(couple, limit=HISTORY_LIMIT)})


@page(methods=("GET", "POST"))
def couple_action(request, pk: int, action: str):
    couple = selectors.couple_get(actor=request.user, couple_id=pk)
    _writer(request)
    back = reverse("care_couple", args=[pk])
    if action in ("training", "evaluation"):
        return _owner_action(request, action=action, back=back, record=couple,
                             owner={"couple_id": pk})
    initial = {"version": couple.version, "on": timezone.localdate()}
    if action == "qualify":
        form = forms.QualifyForm(request.POST or None, initial=initial)
        title = _("Confirm the couple as qualified")
        def call():
            return services.couple_qualify(
                actor=request.user, couple_id=pk, version=form.cleaned_data["version"],
                on=form.cleaned_data["on"], note=form.cleaned_data["note"])
    elif action == "end":
        form = forms.EndForm(request.POST or None, initial=initial)
        title = _("The couple leaves the residence")
        def call():
            return services.couple_end(
                actor=request.user, couple_id=pk, version=form.cleaned_data["version"],
                on=form.cleaned_data["on"], reason=form.cleaned_data["reason"])
    else:
        raise Http404
    if form.is_bound and form.is_valid() and run_service(form, call) is not None:
        messages.success(request, _("Saved."))
        return redirect(back)
    return _form_page(request, form, title=title, back=back, record=couple)
