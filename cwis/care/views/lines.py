"""Pages of the records each line adds: medical visits, insurance enrolment and health
checks; rehabilitation assistance; school places and student aid. One page records a new
one of any kind (`RECORDS`); the actions that move them (an answer, a decision, a check
done, leaving a school) have a page each. Thin: parse, call one service, render."""

from collections.abc import Callable
from dataclasses import dataclass

from django.contrib import messages
from django.shortcuts import redirect
from django.utils import timezone
from django.utils.functional import Promise
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from cwis.care import forms_lines, selectors
from cwis.care.choices import CareLine
from cwis.care.models import (
    HealthCheck,
    InsuranceEnrolment,
    MedicalVisit,
    RehabAssistance,
    SchoolPlace,
    StudentAid,
)
from cwis.care.services import lines as services
from cwis.care.services.rules import line_perm, require_any
from cwis.care.views.common import action_page, log, tab_url
from cwis.core.errors import NotFoundError
from cwis.core.permissions import Perm
from cwis.core.web import page, run_service

ADMIN = (Perm.CARE_APPROVE,)


@dataclass(frozen=True)
class RecordKind:
    line: str
    model: type
    fields: tuple[str, ...]
    title: Promise
    record: Callable  # (actor, child_id, data) -> the new record
    perms: tuple[Perm, ...] = ()  # besides the line's profession
    optional: tuple[str, ...] = ()


RECORDS = {
    "medical-visit": RecordKind(
        CareLine.MEDICAL, MedicalVisit, services.VISIT_FIELDS,
        gettext_lazy("Record a medical visit"),
        lambda actor, child_id, data: services.medical_visit_record(
            actor=actor, child_id=child_id, data=data)),
    "enrolment": RecordKind(
        CareLine.MEDICAL, InsuranceEnrolment, services.ENROLMENT_FIELDS,
        gettext_lazy("Apply for medical insurance enrolment"),
        lambda actor, child_id, data: services.insurance_enrolment_record(
            actor=actor, child_id=child_id, data=data), perms=ADMIN),
    "health-check": RecordKind(
        CareLine.MEDICAL, HealthCheck, ("due_on",), gettext_lazy("Set the next health check"),
        lambda actor, child_id, data: services.health_check_schedule(
            actor=actor, child_id=child_id, due_on=data["due_on"])),
    "assistance": RecordKind(
        CareLine.REHABILITATION, RehabAssistance, services.ASSISTANCE_FIELDS,
        gettext_lazy("Apply for rehabilitation assistance"),
        lambda actor, child_id, data: services.assistance_apply(
            actor=actor, child_id=child_id, data=data), perms=ADMIN),
    "school-place": RecordKind(
        CareLine.EDUCATION, SchoolPlace, services.PLACE_FIELDS,
        gettext_lazy("Record a school place"),
        lambda actor, child_id, data: services.school_place_record(
            actor=actor, child_id=child_id, data=data)),
    "student-aid": RecordKind(
        CareLine.EDUCATION, StudentAid, services.AID_FIELDS,
        gettext_lazy("Record student aid"),
        lambda actor, child_id, data: services.student_aid_record(
            actor=actor, child_id=child_id, data=data), perms=ADMIN),
}


def _initial(kind: RecordKind) -> dict:
    today = timezone.localdate()
    dated = {"started_on", "applied_on", "enrolled_on", "received_on"}
    initial = {f: today for f in kind.fields if f in dated}
    if "year" in kind.fields:
        initial["year"] = today.year
    return initial


@page(methods=("GET", "POST"))
def record_new(request, child_id: int, kind: str):
    if kind not in RECORDS:
        raise NotFoundError()
    spec = RECORDS[kind]
    child = selectors.care_child(actor=request.user, child_id=child_id)
    require_any(request.user, (line_perm(spec.line), *spec.perms))
    form = forms_lines.model_form(spec.model, spec.fields, request.POST or None,
                                  initial=_initial(spec), optional=spec.optional)
    if form.is_bound and form.is_valid():
        saved = run_service(form, lambda: spec.record(request.user, child_id,
                                                      form.cleaned_data))
        if saved is not None:
            messages.success(request, _("Saved."))
            return redirect(tab_url(child_id, spec.line))
    return action_page(request, form, child=child, title=spec.title, submit=_("Save"),
                       back=tab_url(child_id, spec.line))


@page(methods=("GET", "POST"))
def enrolment_answer(request, pk: int):
    enrolment = selectors.enrolment_get(actor=request.user, enrolment_id=pk)
    require_any(request.user, (Perm.CARE_MEDICAL, *ADMIN))
    form = forms_lines.EnrolmentAnswerForm(request.POST or None, initial={
        "version": enrolment.version, "answered_on": timezone.localdate()})
    if form.is_bound and form.is_valid():
        data = form.cleaned_data
        saved = run_service(form, lambda: services.insurance_enrolment_answer(
            actor=request.user, enrolment_id=pk, version=data["version"], state=data["state"],
            answered_on=data["answered_on"], enrolled_on=data["enrolled_on"],
            insurance_number=data["insurance_number"], note=data["note"]))
        if saved is not None:
            messages.success(request, _("The answer was recorded."))
            return redirect(tab_url(enrolment.child_id, CareLine.MEDICAL))
    return action_page(request, form, child=enrolment.child, record=enrolment,
                       title=_("The medical insurance office's answer"), submit=_("Save"),
                       back=tab_url(enrolment.child_id, CareLine.MEDICAL))


@page(methods=("GET", "POST"))
def health_check_done(request, pk: int):
    check = selectors.health_check_get(actor=request.user, check_id=pk)
    require_any(request.user, (Perm.CARE_MEDICAL,))
    form = forms_lines.model_form(HealthCheck, services.CHECK_FIELDS, request.POST or None,
                                  versioned=True, optional=("done_on",), initial={
                                      "version": check.version,
                                      "done_on": timezone.localdate()})
    if form.is_bound and form.is_valid():
        data = {k: form.cleaned_data[k] for k in services.CHECK_FIELDS}
        saved = run_service(form, lambda: services.health_check_record(
            actor=request.user, check_id=pk, version=form.cleaned_data["version"], data=data))
        if saved is not None:
            messages.success(request, _("The health check was recorded; the next one is "
                                        "due."))
            return redirect(tab_url(check.child_id, CareLine.MEDICAL))
    log(request, check, "care_health_check", "edit")
    return action_page(request, form, child=check.child, record=check,
                       title=_("Record the health check"), submit=_("Save"),
                       back=tab_url(check.child_id, CareLine.MEDICAL))


@page(methods=("GET", "POST"))
def assistance_decide(request, pk: int):
    application = selectors.assistance_get(actor=request.user, application_id=pk)
    require_any(request.user, (Perm.CARE_REHABILITATION, *ADMIN))
    form = forms_lines.DecisionForm(request.POST or None, initial={
        "version": application.version, "decided_on": timezone.localdate()})
    if form.is_bound and form.is_valid():
        data = {k: v for k, v in form.cleaned_data.items() if k != "version"}
        saved = run_service(form, lambda: services.assistance_decide(
            actor=request.user, application_id=pk, version=form.cleaned_data["version"],
            data=data))
        if saved is not None:
            messages.success(request, _("The decision was recorded."))
            return redirect(tab_url(application.child_id, CareLine.REHABILITATION))
    log(request, application, "care_assistance", "edit")
    return action_page(request, form, child=application.child, record=application,
                       title=_("The disabled persons' federation's decision"),
                       submit=_("Save"),
                       back=tab_url(application.child_id, CareLine.REHABILITATION))


@page(methods=("GET", "POST"))
def school_place_edit(request, pk: int):
    place = selectors.school_place_get(actor=request.user, place_id=pk)
    require_any(request.user, (Perm.CARE_EDUCATION,))
    fields = (*services.PLACE_FIELDS, "left_on")
    form = forms_lines.model_form(SchoolPlace, fields, request.POST or None, versioned=True,
                                  initial={"version": place.version,
                                           **{f: getattr(place, f) for f in fields}})
    if form.is_bound and form.is_valid():
        data = {k: form.cleaned_data[k] for k in fields}
        saved = run_service(form, lambda: services.school_place_update(
            actor=request.user, place_id=pk, version=form.cleaned_data["version"], data=data))
        if saved is not None:
            messages.success(request, _("Saved."))
            return redirect(tab_url(place.child_id, CareLine.EDUCATION))
    return action_page(request, form, child=place.child, record=place,
                       title=_("Change the school place"), submit=_("Save"),
                       back=tab_url(place.child_id, CareLine.EDUCATION))
