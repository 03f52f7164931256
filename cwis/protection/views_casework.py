"""Pages of the referrals (服务转介) and emotional care (精神关怀) of a protection case. Thin:
parse the form, call one service, render. Only the county's case workers reach them
(CASE_WRITE; the case's county, 404 otherwise); the forms show what the case holds, so
opening one is written to the access log like the case page."""

from collections.abc import Callable

from django.contrib import messages
from django.shortcuts import redirect
from django.utils import timezone
from django.utils.translation import gettext as _

from cwis.core.audit import access_log_record
from cwis.core.permissions import Perm
from cwis.core.web import page, render_form, run_service
from cwis.protection.forms_casework import (
    CareSessionForm,
    InterventionPlanForm,
    InterventionReviewForm,
    ReferralAnswerForm,
    ReferralCloseForm,
    ReferralDeliverForm,
    ReferralForm,
)
from cwis.protection.models.cases import ProtectionCase
from cwis.protection.selectors import cases as case_selectors
from cwis.protection.selectors import casework as selectors
from cwis.protection.services import emotional_care as care_services
from cwis.protection.services import referrals as services
from cwis.safety.selectors.organisations import provider_choices

TEMPLATE = "protection/case_form.html"


def _log(request, case: ProtectionCase) -> None:
    access_log_record(actor=request.user, object_type="protection_case", object_id=case.pk,
                      division_code=case.county_code, request=request, action="edit")


def _case_form(request, pk: int, form_class, *, initial: dict, call: Callable, done: str,
               title: str, **form_kwargs):
    """A form that adds a record to the case (a referral, a session, a plan)."""
    case = case_selectors.case_get(actor=request.user, case_id=pk)
    form = form_class(request.POST or None, initial=initial, **form_kwargs)
    if form.is_bound and form.is_valid():
        saved = run_service(form, lambda: call(form))
        if saved is not None:
            messages.success(request, done)
            return redirect("case_detail", pk=pk)
    return render_form(request, TEMPLATE, form, {
        "child": case.child, "case": case, "title": title, "submit": _("Save")})


@page(perm=Perm.CASE_WRITE, methods=("GET", "POST"))
def referral_send(request, pk: int):
    return _case_form(
        request, pk, ReferralForm, initial={"sent_on": timezone.localdate()},
        call=lambda form: services.referral_send(actor=request.user, case_id=pk,
                                                 data=form.data_for_service()),
        done=_("The referral was recorded as sent."), title=_("Refer for a service"),
        organisations=provider_choices(actor=request.user))


@page(perm=Perm.CASE_WRITE, methods=("GET", "POST"))
def care_session_record(request, pk: int):
    return _case_form(
        request, pk, CareSessionForm, initial={"held_on": timezone.localdate()},
        call=lambda form: care_services.care_session_record(
            actor=request.user, case_id=pk, data=form.data_for_service()),
        done=_("The emotional care session was recorded."),
        title=_("Emotional care session"))


@page(perm=Perm.CASE_WRITE, methods=("GET", "POST"))
def intervention_plan_make(request, pk: int):
    return _case_form(
        request, pk, InterventionPlanForm, initial={"made_on": timezone.localdate()},
        call=lambda form: care_services.intervention_plan_make(
            actor=request.user, case_id=pk, data=form.data_for_service()),
        done=_("The intervention plan was made."), title=_("Intervention plan"))


def _referral_step(request, pk: int, form_class, *, initial: dict, call: Callable,
                   done: str, title: str):
    """A step of a referral: the recipient's answer, the delivery, the closing."""
    referral = selectors.referral_get(actor=request.user, referral_id=pk)
    case = referral.case
    _log(request, case)
    form = form_class(request.POST or None, initial={**initial, "version": referral.version})
    if form.is_bound and form.is_valid():
        saved = run_service(form, lambda: call(form))
        if saved is not None:
            messages.success(request, done)
            return redirect("case_detail", pk=case.pk)
    subject = _("%(service)s — %(recipient)s, sent on %(sent)s") % {
        "service": referral.get_service_display(), "recipient": referral.recipient_name,
        "sent": referral.sent_on.isoformat()}
    return render_form(request, TEMPLATE, form, {
        "child": case.child, "case": case, "title": title, "submit": _("Save"),
        "subject": subject})


@page(perm=Perm.CASE_WRITE, methods=("GET", "POST"))
def referral_answer(request, pk: int):
    def call(form):
        data = form.cleaned_data
        return services.referral_answer(
            actor=request.user, referral_id=pk, version=data["version"],
            accepted=form.accepted(), answered_on=data["answered_on"], note=data["note"],
            decline_reason=data["decline_reason"])

    return _referral_step(request, pk, ReferralAnswerForm,
                          initial={"answered_on": timezone.localdate()}, call=call,
                          done=_("The recipient's answer was recorded."),
                          title=_("Record the answer to the referral"))


@page(perm=Perm.CASE_WRITE, methods=("GET", "POST"))
def referral_deliver(request, pk: int):
    def call(form):
        data = form.cleaned_data
        return services.referral_deliver(
            actor=request.user, referral_id=pk, version=data["version"],
            delivered_on=data["delivered_on"], outcome=data["outcome"])

    return _referral_step(request, pk, ReferralDeliverForm,
                          initial={"delivered_on": timezone.localdate()}, call=call,
                          done=_("The delivery was recorded."),
                          title=_("Record the delivery of the service"))


@page(perm=Perm.CASE_WRITE, methods=("GET", "POST"))
def referral_close(request, pk: int):
    def call(form):
        data = form.cleaned_data
        return services.referral_close(
            actor=request.user, referral_id=pk, version=data["version"],
            closed_on=data["closed_on"], note=data["note"])

    return _referral_step(request, pk, ReferralCloseForm,
                          initial={"closed_on": timezone.localdate()}, call=call,
                          done=_("The referral was closed."), title=_("Close the referral"))


@page(perm=Perm.CASE_WRITE, methods=("GET", "POST"))
def intervention_plan_review(request, pk: int):
    plan = selectors.plan_get(actor=request.user, plan_id=pk)
    case = plan.case
    _log(request, case)
    form = InterventionReviewForm(request.POST or None, initial={
        "version": plan.version, "reviewed_on": timezone.localdate()})
    if form.is_bound and form.is_valid():
        data = form.cleaned_data
        saved = run_service(form, lambda: care_services.intervention_plan_review(
            actor=request.user, plan_id=pk, version=data["version"],
            reviewed_on=data["reviewed_on"], findings=data["findings"],
            next_review_on=data["next_review_on"]))
        if saved is not None:
            messages.success(request, _("The review was recorded."))
            return redirect("case_detail", pk=case.pk)
    subject = _("Goals of the intervention: %(goals)s") % {"goals": plan.goals}
    return render_form(request, TEMPLATE, form, {
        "child": case.child, "case": case, "title": _("Review the intervention plan"),
        "submit": _("Save"), "subject": subject})
