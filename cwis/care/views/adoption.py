"""Adoption's pages: the children recommended and listed, the applications and their
adopter assessment, the match, the registration that closes the child's care, the visits.
Every read of adopters' data goes to the access log. Thin: parse, call, render."""

from django.contrib import messages
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from cwis.care import forms_adoption as forms
from cwis.care import selectors
from cwis.care.forms import ReasonForm
from cwis.care.services import adoption as services
from cwis.care.views.common import action_page
from cwis.core.audit import access_log_record
from cwis.core.errors import PermissionDeniedError
from cwis.core.history import history_of
from cwis.core.permissions import Perm, has_perm
from cwis.core.web import page, render_form, run_service


def _log(request, record, object_type: str, action: str = "view") -> None:
    """Adopters' data: every view is logged under the institution's division."""
    access_log_record(actor=request.user, object_type=object_type, object_id=record.pk,
                      division_code=record.institution.division_code, request=request,
                      action=action)


def _writer(request) -> None:
    if not has_perm(request.user, Perm.ADOPTION_RECORD):
        raise PermissionDeniedError()


def _form_page(request, form, *, title, submit, back, child=None):
    if child is not None:
        return action_page(request, form, child=child, title=title, submit=submit, back=back)
    return render_form(request, "care/adoption_action.html", form, {
        "title": title, "submit": submit, "back": back})


@page
def adoption_home(request):
    """The children on the way to adoption, and the counts every reader may see."""
    state = request.GET.get("state", "")
    cases = selectors.adoption_cases(actor=request.user, state=state)[:500]
    return render(request, "care/adoption_home.html", {
        "cases": cases, "counts": selectors.adoption_counts(actor=request.user),
        "state": state, "adopters": has_perm(request.user, Perm.ADOPTION_VIEW),
        "writer": has_perm(request.user, Perm.ADOPTION_RECORD),
    })


@page
def case_detail(request, pk: int):
    case = selectors.adoption_case_get(actor=request.user, case_id=pk)
    access_log_record(actor=request.user, object_type="care_adoption_case", object_id=pk,
                      division_code=case.child.division_code, request=request)
    writer = has_perm(request.user, Perm.ADOPTION_RECORD) and case.is_open
    return render(request, "care/adoption_case.html", {
        "case": case, "child": case.child, "writer": writer,
        "matches": selectors.case_matches(actor=request.user, case=case),
        "history": history_of(case, limit=30),
    })


@page(methods=("GET", "POST"))
def case_list(request, pk: int):
    case = selectors.adoption_case_get(actor=request.user, case_id=pk)
    _writer(request)
    form = forms.ListForm(request.POST or None, initial={
        "version": case.version, "listed_on": timezone.localdate()})
    if form.is_bound and form.is_valid():
        saved = run_service(form, lambda: services.adoption_list(
            actor=request.user, case_id=pk, version=form.cleaned_data["version"],
            listed_on=form.cleaned_data["listed_on"]))
        if saved is not None:
            messages.success(request, _("The child is listed for adoption."))
            return redirect("care_adoption_case", pk)
    return action_page(request, form, child=case.child, submit=_("List for adoption"),
                       title=_("List the child for adoption"),
                       back=reverse("care_adoption_case", args=[pk]))


@page(methods=("GET", "POST"))
def match_new(request, pk: int):
    case = selectors.adoption_case_get(actor=request.user, case_id=pk)
    _writer(request)
    form = forms.MatchForm(request.POST or None, initial={"matched_on": timezone.localdate()},
                           applications=selectors.suitable_applications(actor=request.user,
                                                                        case=case))
    if form.is_bound and form.is_valid():
        saved = run_service(form, lambda: services.match_make(
            actor=request.user, case_id=pk, application_id=form.cleaned_data["application_id"],
            data=form.data_for_service()))
        if saved is not None:
            messages.success(request, _("The child was matched with the applicants."))
            return redirect("care_adoption_match", saved.pk)
    return action_page(request, form, child=case.child, submit=_("Make the match"),
                       title=_("Match the child with applicants"),
                       back=reverse("care_adoption_case", args=[pk]))


# ------------------------------------------------------------------------- applications


@page
def application_list(request):
    state = request.GET.get("state", "")
    found = selectors.applications(actor=request.user, state=state)[:500]
    access_log_record(actor=request.user, object_type="care_adoption_applications",
                      object_id="", division_code="", request=request, action="list")
    return render(request, "care/adoption_applications.html", {
        "applications": found, "state": state,
        "writer": has_perm(request.user, Perm.ADOPTION_RECORD)})


@page(methods=("GET", "POST"))
def application_new(request):
    _writer(request)
    form = forms.ApplicationForm(request.POST or None,
                                 initial={"received_on": timezone.localdate()})
    if form.is_bound and form.is_valid():
        saved = run_service(form, lambda: services.application_record(
            actor=request.user, data=form.data_for_service()))
        if saved is not None:
            messages.success(request, _("The application was recorded."))
            return redirect("care_adoption_application", saved.pk)
    return _form_page(request, form, title=_("New adoption application"), submit=_("Save"),
                      back=reverse("care_adoption_applications"))


@page
def application_detail(request, pk: int):
    application = selectors.application_get(actor=request.user, application_id=pk)
    _log(request, application, "care_adoption_application")
    writer = has_perm(request.user, Perm.ADOPTION_RECORD) and application.state not in (
        "adopted", "withdrawn")
    return render(request, "care/adoption_application.html", {
        "record": application, "writer": writer,
        "matches": selectors.application_matches(application=application),
        "history": history_of(application, limit=30),
    })


@page(methods=("GET", "POST"))
def application_edit(request, pk: int):
    application = selectors.application_get(actor=request.user, application_id=pk)
    _writer(request)
    form = forms.ApplicationForm(request.POST or None, initial={
        "version": application.version,
        **{k: getattr(application, k) for k in forms.ApplicationForm.keys}})
    if form.is_bound and form.is_valid():
        saved = run_service(form, lambda: services.application_update(
            actor=request.user, application_id=pk, version=form.cleaned_data["version"],
            data=form.data_for_service()))
        if saved is not None:
            messages.success(request, _("The application was saved."))
            return redirect("care_adoption_application", pk)
    _log(request, application, "care_adoption_application", "edit")
    return _form_page(request, form, title=_("Change the application"), submit=_("Save"),
                      back=reverse("care_adoption_application", args=[pk]))


@page(methods=("GET", "POST"))
def application_assess(request, pk: int):
    application = selectors.application_get(actor=request.user, application_id=pk)
    _writer(request)
    form = forms.AdopterAssessmentForm(request.POST or None, initial={
        "version": application.version, "assessed_on": timezone.localdate()})
    if form.is_bound and form.is_valid():
        saved = run_service(form, lambda: services.application_assess(
            actor=request.user, application_id=pk, version=form.cleaned_data["version"],
            data=form.data_for_service()))
        if saved is not None:
            messages.success(request, _("The adopter assessment was recorded."))
            return redirect("care_adoption_application", pk)
    return _form_page(request, form, title=_("Adopter assessment"), submit=_("Save"),
                      back=reverse("care_adoption_application", args=[pk]))


@page(methods=("GET", "POST"))
def application_withdraw(request, pk: int):
    application = selectors.application_get(actor=request.user, application_id=pk)
    _writer(request)
    form = ReasonForm(request.POST or None, initial={"version": application.version})
    if form.is_bound and form.is_valid():
        saved = run_service(form, lambda: services.application_withdraw(
            actor=request.user, application_id=pk, version=form.cleaned_data["version"],
            reason=form.cleaned_data["reason"]))
        if saved is not None:
            messages.success(request, _("The application was withdrawn."))
            return redirect("care_adoption_application", pk)
    return _form_page(request, form, title=_("Withdraw the application"),
                      submit=_("Withdraw"), back=reverse("care_adoption_application", args=[pk]))


# ------------------------------------------------------------------------------ matches


@page
def match_detail(request, pk: int):
    match = selectors.match_get(actor=request.user, match_id=pk)
    _log(request, match, "care_adoption_match")
    writer = has_perm(request.user, Perm.ADOPTION_RECORD)
    return render(request, "care/adoption_match.html", {
        "match": match, "child": match.child, "writer": writer and match.state == "matched",
        "may_register": match.state == "matched" and has_perm(request.user,
                                                              Perm.CHILD_LEAVE_CARE),
        "may_visit": writer, "follow_ups": selectors.match_follow_ups(match=match),
        "today": timezone.localdate(), "history": history_of(match, limit=30),
    })


@page(methods=("GET", "POST"))
def match_register(request, pk: int):
    match = selectors.match_get(actor=request.user, match_id=pk)
    if not has_perm(request.user, Perm.CHILD_LEAVE_CARE):
        raise PermissionDeniedError()
    form = forms.RegisterForm(request.POST or None, initial={
        "version": match.version, "registered_on": timezone.localdate()})
    if form.is_bound and form.is_valid():
        saved = run_service(form, lambda: services.adoption_register(
            actor=request.user, match_id=pk, version=form.cleaned_data["version"],
            data=form.data_for_service()))
        if saved is not None:
            messages.success(request, _("The adoption was registered; the child's care is "
                                        "closed."))
            return redirect("care_adoption_match", pk)
    return action_page(request, form, child=match.child, submit=_("Register the adoption"),
                       title=_("Adoption registration"),
                       back=reverse("care_adoption_match", args=[pk]))


@page(methods=("GET", "POST"))
def match_end(request, pk: int):
    match = selectors.match_get(actor=request.user, match_id=pk)
    _writer(request)
    form = ReasonForm(request.POST or None, initial={"version": match.version})
    if form.is_bound and form.is_valid():
        saved = run_service(form, lambda: services.match_end(
            actor=request.user, match_id=pk, version=form.cleaned_data["version"],
            reason=form.cleaned_data["reason"]))
        if saved is not None:
            messages.success(request, _("The match was ended."))
            return redirect("care_adoption_case", match.case_id)
    return action_page(request, form, child=match.child, submit=_("End the match"),
                       title=_("End the match"),
                       back=reverse("care_adoption_match", args=[pk]))


@page(methods=("GET", "POST"))
def follow_up(request, pk: int):
    visit = selectors.follow_up_get(actor=request.user, follow_up_id=pk)
    _writer(request)
    form = forms.FollowUpForm(request.POST or None, initial={
        "version": visit.version, "visited_on": timezone.localdate()})
    if form.is_bound and form.is_valid():
        saved = run_service(form, lambda: services.follow_up_record(
            actor=request.user, follow_up_id=pk, version=form.cleaned_data["version"],
            data=form.data_for_service()))
        if saved is not None:
            messages.success(request, _("The visit was recorded."))
            return redirect("care_adoption_match", visit.match_id)
    _log(request, visit, "care_adoption_follow_up")
    return _form_page(request, form, title=_("Visit to the adoptive family"),
                      submit=_("Save"), back=reverse("care_adoption_match", args=[visit.match_id]))
