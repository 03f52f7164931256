"""The yearly school-age report pages: the institution's reports, one report's children
(add, remove with a reason, mark reported) and its Excel list for the education department."""

from django.contrib import messages
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _

from cwis.care import forms_lines, selectors
from cwis.care.choices import ReportState
from cwis.care.export import school_report_filename, school_report_workbook
from cwis.care.services import school_report as services
from cwis.children import selectors as child_selectors
from cwis.core.audit import SecurityEventKind, access_log_children, security_event_record
from cwis.core.export import export_response
from cwis.core.permissions import has_perm
from cwis.core.web import page, render_form, run_service


def _may_write(user) -> bool:
    return any(has_perm(user, p) for p in services.WRITERS)


@page(methods=("GET", "POST"))
def report_list(request):
    reports = selectors.school_reports(actor=request.user)
    form = forms_lines.SchoolReportForm(request.POST or None, initial={
        "year": timezone.localdate().year})
    if form.is_bound and form.is_valid() and _may_write(request.user):
        report = run_service(form, lambda: services.school_report_create(
            actor=request.user, **form.cleaned_data))
        if report is not None:
            messages.success(request, _("The report was opened with the children of school "
                                        "age; remove those who cannot attend ordinary school."))
            return redirect("care_school_report", report.pk)
    return render_form(request, "care/reports.html", form, {
        "reports": reports, "may_write": _may_write(request.user) and
        request.user.institution_id is not None})


@page(methods=("GET", "POST"))
def report_detail(request, pk: int):
    report = selectors.school_report_get(actor=request.user, report_id=pk)
    entries = list(selectors.school_report_entries(report=report))
    writable = _may_write(request.user) and report.state == ReportState.DRAFT
    on_list = {e.child_id for e in entries}
    candidates = [c for c in child_selectors.child_list(
        actor=request.user, filters={"status": "in_care", "institution": report.institution_id})
        if c.pk not in on_list] if writable else []
    initial = {"version": report.version}
    forms = {
        "add": forms_lines.ReportAddForm(None, initial=initial, children=candidates),
        "remove": forms_lines.ReportRemoveForm(None, initial=initial),
        "reported": forms_lines.ReportedForm(None, initial={
            **initial, "reported_on": timezone.localdate()}),
    }
    action = request.POST.get("action", "")
    if request.method == "POST" and writable and action in forms:
        form = type(forms[action])(request.POST, **(
            {"children": candidates} if action == "add" else {}))
        forms[action] = form
        if form.is_valid() and run_service(form, lambda: _act(request, report, action,
                                                              form.cleaned_data)):
            return redirect("care_school_report", pk)
    access_log_children(actor=request.user, children=[e.child for e in entries],
                        request=request, action="school_report")
    status = 422 if any(f.is_bound and f.errors for f in forms.values()) else 200
    return render(request, "care/report.html", {
        "report": report, "entries": entries, "writable": writable, **forms,
    }, status=status)


def _act(request, report, action: str, data: dict):
    actor, version = request.user, data["version"]
    if action == "add":
        return services.school_report_add(actor=actor, report_id=report.pk, version=version,
                                          child_id=data["child_id"], stage=data["stage"],
                                          note=data["note"])
    if action == "remove":
        return services.school_report_remove(actor=actor, report_id=report.pk,
                                             version=version, child_id=data["child_id"],
                                             reason=data["reason"])
    return services.school_report_mark_reported(actor=actor, report_id=report.pk,
                                                version=version,
                                                reported_on=data["reported_on"])


@page
def report_export(request, pk: int):
    report = selectors.school_report_get(actor=request.user, report_id=pk)
    entries = selectors.school_report_entries(report=report)
    filename = school_report_filename(report)
    security_event_record(SecurityEventKind.EXPORT, request.user, request, filename)

    def id_number(child):
        return child_selectors.child_id_number_for(actor=request.user, child=child)

    return export_response(request, rows=entries,
                           build=lambda: school_report_workbook(report, entries,
                                                                id_number=id_number),
                           filename=filename, kind="care.school_report",
                           params={"report_id": report.pk})
