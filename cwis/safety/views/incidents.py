"""Pages of incidents. The institution's director and the county officer read and record
them; the prefecture and province state a reason before the page shows anything. Thin:
parse the form, call one service or selector, render."""

from django.contrib import messages
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from cwis.children import selectors as child_selectors
from cwis.children.models import Child
from cwis.children.tabs import file_tabs
from cwis.core.audit import access_log_record
from cwis.core.pagination import CappedPaginator
from cwis.core.permissions import Perm, has_perm
from cwis.core.scoping import actor_prefix
from cwis.core.web import page, render_form, run_service
from cwis.oversight.dashboard import list_link
from cwis.safety import forms
from cwis.safety.models import IncidentKind, IncidentState
from cwis.safety.selectors import incidents as selectors
from cwis.safety.selectors.hazards import institutions_for_record
from cwis.safety.services import incidents as services
from cwis.safety.views.hazards import PAGE_SIZE, form_page, list_query


@page(perm=Perm.INCIDENT_VIEW)
def incident_list(request):
    filters = forms.IncidentFilterForm(request.GET or None).filters()
    listing = CappedPaginator(selectors.incident_list(actor=request.user, filters=filters),
                              PAGE_SIZE).get_page(request.GET.get("page"))
    return render(request, "safety/incident_list.html", {
        "page": listing, "query": list_query(request),
        "may_record": has_perm(request.user, Perm.INCIDENT_RECORD)})


@page(perm=Perm.INCIDENT_RECORD, methods=("GET", "POST"))
def incident_new(request):
    actor = request.user
    own = actor.institution_id is not None
    children = (Child.objects.filter(current_institution_id=actor.institution_id,
                                     status="in_care").order_by("name") if own else ())
    form = forms.IncidentForm(request.POST or None, children=children,
                              institutions=None if own else institutions_for_record(
                                  actor=actor))
    if form.is_bound and form.is_valid():
        saved = run_service(form, lambda: services.incident_record(
            actor=actor, institution_id=form.cleaned_data.get("institution_id"),
            data=form.data_for_service(), child_ids=form.cleaned_data.get("child_ids")))
        if saved is not None:
            messages.success(request, _("The incident was recorded."))
            return redirect("safety_incident_detail", pk=saved.pk)
    return form_page(request, form, title=_("Record an incident"), back="safety_incident_list")


def _log(request, incident) -> None:
    access_log_record(actor=request.user, object_type="safety_incident", object_id=incident.pk,
                      division_code=incident.institution.division_code, request=request)


@page(perm=Perm.INCIDENT_VIEW)
def child_incident_tab(request, child_id: int):
    """The "Incidents" tab of the child's file: the incidents that involved the child, to
    whoever reads incidents with their children (each read in the access log)."""
    child = child_selectors.child_get(actor=request.user, child_id=child_id)
    incidents = list(selectors.child_incidents(actor=request.user, child=child))
    for incident in incidents:
        _log(request, incident)
    return render(request, "safety/child_incidents.html", {
        "child": child, "incidents": incidents, "tab": "safety_incidents",
        "tabs": file_tabs(actor=request.user, child_id=child.pk)})


def _detail(request, incident, *, reasoned: bool = False):
    may_write = (has_perm(request.user, Perm.INCIDENT_RECORD)
                 and incident.state == IncidentState.OPEN)
    return render(request, "safety/incident_detail.html", {
        "incident": incident, "reasoned": reasoned, "may_write": may_write,
        "late": selectors.incident_reported_late(incident, timezone.now()),
        "history": selectors.incident_history(incident=incident)})


@page(methods=("GET", "POST"))
def incident_detail(request, pk: int):
    """The incident with the children involved (in the access log). An office above first
    states its reason; 404 out of scope or for a role that counts only."""
    if not selectors.incident_needs_reason(actor=request.user, incident_id=pk):
        incident = selectors.incident_get(actor=request.user, incident_id=pk)
        _log(request, incident)
        return _detail(request, incident)
    form = forms.ReasonForm(request.POST or None)
    if form.is_bound and form.is_valid():
        incident = run_service(form, lambda: services.incident_open_with_reason(
            actor=request.user, incident_id=pk, reason=form.cleaned_data["reason"],
            request=request))
        if incident is not None:
            return _detail(request, incident, reasoned=True)
    return render_form(request, "safety/incident_reason.html", form, {"pk": pk})


def _action(request, pk: int, form_class, call, *, title, initial=None):
    incident = selectors.incident_get(actor=request.user, incident_id=pk)
    form = form_class(request.POST or None, initial={"version": incident.version,
                                                     **(initial or {})})
    if form.is_bound and form.is_valid():
        saved = run_service(form, lambda: call(incident, form))
        if saved is not None:
            messages.success(request, _("Saved."))
            return redirect(reverse("safety_incident_detail", args=[pk]))
    return form_page(request, form, title=title, subtitle=str(incident),
                     back="safety_incident_list")


@page(perm=Perm.INCIDENT_RECORD, methods=("GET", "POST"))
def incident_report(request, pk: int):
    return _action(request, pk, forms.ReportForm, lambda incident, form:
                   services.incident_report(actor=request.user, incident_id=pk,
                                            version=form.cleaned_data["version"],
                                            **form.data_for_service()),
                   title=_("Record the report to the office above"),
                   initial={"reported_at": timezone.localtime().replace(second=0,
                                                                        microsecond=0)})


@page(perm=Perm.INCIDENT_RECORD, methods=("GET", "POST"))
def incident_close(request, pk: int):
    return _action(request, pk, forms.CloseIncidentForm, lambda incident, form:
                   services.incident_close(actor=request.user, incident_id=pk,
                                           version=form.cleaned_data["version"],
                                           **form.data_for_service()),
                   title=_("Close the incident"))


@page(perm=Perm.INCIDENT_COUNTS)
def incident_figures(request):
    """The incidents of a year in the area, counted by kind (every office; the list of each
    kind only for those who read incidents): the dashboard's and the report's drill-down."""
    form = forms.PeriodFilterForm(request.GET or None)
    filters = form.filters()
    year = filters.get("year") or timezone.localdate().year
    prefix = filters.get("division") or actor_prefix(request.user) or ""
    counts = selectors.incident_counts(actor=request.user, prefix=prefix, year=year)
    listed = has_perm(request.user, Perm.INCIDENT_VIEW)
    rows = [(label, counts.get(kind, 0), list_link("safety_incident_list", kind=kind,
                                                   year=year, division=prefix)
             if listed else "") for kind, label in IncidentKind.choices]
    return render(request, "safety/incident_figures.html", {
        "rows": rows, "year": year, "place": prefix,
        "serious": counts.get("serious", 0), "open": counts.get("open", 0),
        "serious_url": list_link("safety_incident_list", serious="on", year=year,
                                 division=prefix) if listed else ""})
