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


def _versioned(request, form, service, **ids):
    """`service` called on the record (`ids`) with the version the form read and its data."""
    return lambda data: service(actor=request.user, version=data["version"],
                                data=form.data_for_service(), **ids)


def _action(request, form, call, *, done, to, title, submit, back, child=None):
    """The one shape of an adoption action: a valid form runs `call(cleaned_data)` (every
    refusal shown beside its field), then says `done` and goes `to` (a URL, or a function
    of the saved record); otherwise the form page again."""
    if form.is_bound and form.is_valid():
        saved = run_service(form, lambda: call(form.cleaned_data))
        if saved is not None:
            messages.success(request, done)
            return redirect(to(saved) if callable(to) else to)
    return _form_page(request, form, title=title, submit=submit, back=back, child=child)


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
    back = reverse("care_adoption_case", args=[pk])
    return _action(request, form, lambda data: services.adoption_list(
        actor=request.user, case_id=pk, version=data["version"], listed_on=data["listed_on"]),
        done=_("The child is listed for adoption."), to=back, child=case.child,
        title=_("List the child for adoption"), submit=_("List for adoption"), back=back)


@page(methods=("GET", "POST"))
def match_new(request, pk: int):
    case = selectors.adoption_case_get(actor=request.user, case_id=pk)
    _writer(request)
    form = forms.MatchForm(request.POST or None, initial={"matched_on": timezone.localdate()},
                           applications=selectors.suitable_applications(actor=request.user,
                                                                        case=case))
    return _action(request, form, lambda data: services.match_make(
        actor=request.user, case_id=pk, application_id=data["application_id"],
        data=form.data_for_service()),
        done=_("The child was matched with the applicants."),
        to=lambda match: reverse("care_adoption_match", args=[match.pk]), child=case.child,
        title=_("Match the child with applicants"), submit=_("Make the match"),
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
    return _action(request, form, lambda _data: services.application_record(
        actor=request.user, data=form.data_for_service()),
        done=_("The application was recorded."),
        to=lambda saved: reverse("care_adoption_application", args=[saved.pk]),
        title=_("New adoption application"), submit=_("Save"),
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
    _log(request, application, "care_adoption_application", "edit")
    back = reverse("care_adoption_application", args=[pk])
    call = _versioned(request, form, services.application_update, application_id=pk)
    return _action(request, form, call,
        done=_("The application was saved."), to=back,
        title=_("Change the application"), submit=_("Save"), back=back)


@page(methods=("GET", "POST"))
def application_assess(request, pk: int):
    application = selectors.application_get(actor=request.user, application_id=pk)
    _writer(request)
    form = forms.AdopterAssessmentForm(request.POST or None, initial={
        "version": application.version, "assessed_on": timezone.localdate()})
    back = reverse("care_adoption_application", args=[pk])
    call = _versioned(request, form, services.application_assess, application_id=pk)
    return _action(request, form, call,
        done=_("The adopter assessment was recorded."), to=back,
        title=_("Adopter assessment"), submit=_("Save"), back=back)


@page(methods=("GET", "POST"))
def application_withdraw(request, pk: int):
    application = selectors.application_get(actor=request.user, application_id=pk)
    _writer(request)
    form = ReasonForm(request.POST or None, initial={"version": application.version})
    back = reverse("care_adoption_application", args=[pk])
    return _action(request, form, lambda data: services.application_withdraw(
        actor=request.user, application_id=pk, version=data["version"],
        reason=data["reason"]),
        done=_("The application was withdrawn."), to=back,
        title=_("Withdraw the application"), submit=_("Withdraw"), back=back)


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
    back = reverse("care_adoption_match", args=[pk])
    call = _versioned(request, form, services.adoption_register, match_id=pk)
    return _action(request, form, call,
        done=_("The adoption was registered; the child's care is closed."), to=back,
        child=match.child, title=_("Adoption registration"),
        submit=_("Register the adoption"), back=back)


@page(methods=("GET", "POST"))
def match_end(request, pk: int):
    match = selectors.match_get(actor=request.user, match_id=pk)
    _writer(request)
    form = ReasonForm(request.POST or None, initial={"version": match.version})
    return _action(request, form, lambda data: services.match_end(
        actor=request.user, match_id=pk, version=data["version"], reason=data["reason"]),
        done=_("The match was ended."),
        to=reverse("care_adoption_case", args=[match.case_id]), child=match.child,
        title=_("End the match"), submit=_("End the match"),
        back=reverse("care_adoption_match", args=[pk]))


@page(methods=("GET", "POST"))
def follow_up(request, pk: int):
    visit = selectors.follow_up_get(actor=request.user, follow_up_id=pk)
    _writer(request)
    form = forms.FollowUpForm(request.POST or None, initial={
        "version": visit.version, "visited_on": timezone.localdate()})
    _log(request, visit, "care_adoption_follow_up")
    back = reverse("care_adoption_match", args=[visit.match_id])
    call = _versioned(request, form, services.follow_up_record, follow_up_id=pk)
    return _action(request, form, call,
        done=_("The visit was recorded."), to=back,
        title=_("Visit to the adoptive family"), submit=_("Save"), back=back)
