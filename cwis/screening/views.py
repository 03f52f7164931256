"""Pages of screening campaigns: the list, a new campaign, a campaign with its figures and
workbooks, the template, the upload, one workbook's check (with its progress while a job
runs) and its import, the children not seen again."""

from django.conf import settings
from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext_lazy as _

from cwis.core.imports.models import RowAction
from cwis.core.imports.workbook import template_workbook
from cwis.core.pagination import CappedPaginator
from cwis.core.permissions import Perm, has_perm
from cwis.core.web import page, render_form, run_service
from cwis.screening import selectors, services
from cwis.screening.forms import CampaignForm, UploadForm
from cwis.screening.imports import SCREENING_IMPORT, campaign_context_of

PAGE_SIZE = 50
XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


@page(perm=Perm.CHILD_VIEW)
def campaign_list(request):
    campaigns = selectors.campaign_list(actor=request.user)
    listing = CappedPaginator(campaigns, PAGE_SIZE).get_page(request.GET.get("page"))
    return render(request, "screening/list.html", {
        "page": listing, "can_run": has_perm(request.user, Perm.SCREENING_RUN)})


@page(perm=Perm.SCREENING_RUN, methods=("GET", "POST"))
def campaign_new(request):
    form = CampaignForm(request.POST or None, actor=request.user)
    if form.is_bound and form.is_valid():
        campaign = run_service(form, lambda: services.campaign_open(
            actor=request.user, **form.data_for_service()))
        if campaign is not None:
            messages.success(request, _("The screening campaign was opened."))
            return redirect("screening_detail", pk=campaign.pk)
    return render_form(request, "screening/form.html", form)


@page(perm=Perm.CHILD_VIEW)
def campaign_detail(request, pk: int):
    return _detail(request, pk, None)


def _detail(request, pk: int, upload_form: UploadForm | None):
    """The campaign's page; with the upload form refused (422) when given."""
    campaign = selectors.campaign_get(actor=request.user, campaign_id=pk)
    batches = selectors.campaign_batches(actor=request.user, campaign=campaign)[:20]
    return render(request, "screening/detail.html", {
        "campaign": campaign, "townships": selectors.campaign_townships(campaign),
        "figures": selectors.campaign_figures(actor=request.user, campaign=campaign),
        "batches": batches, "form": upload_form or UploadForm(),
        "previous": selectors.campaign_previous(actor=request.user, campaign=campaign),
        "can_run": has_perm(request.user, Perm.SCREENING_RUN),
    }, status=422 if upload_form is not None else 200)


@page(perm=Perm.SCREENING_RUN)
def campaign_template(request, pk: int):
    campaign = selectors.campaign_get(actor=request.user, campaign_id=pk)
    context = campaign_context_of(campaign, None)
    response = HttpResponse(template_workbook(SCREENING_IMPORT, context), content_type=XLSX)
    name = f"{SCREENING_IMPORT.template_name(context)}.xlsx"
    from django.utils.http import content_disposition_header

    response["Content-Disposition"] = content_disposition_header(True, name)
    return response


@page(perm=Perm.SCREENING_RUN, methods=("POST",))
def campaign_upload(request, pk: int):
    form = UploadForm(request.POST, request.FILES)
    if form.is_valid():
        batch = run_service(form, lambda: services.campaign_import(
            actor=request.user, campaign_id=pk, upload=form.cleaned_data["file"]))
        if batch is not None:
            return redirect("screening_batch", pk=batch.pk)
    return _detail(request, pk, form)


@page(perm=Perm.CHILD_VIEW)
def batch_detail(request, pk: int):
    """The workbook's check: its progress while a job runs (the part an HTMX poll gets;
    the page reloads when the job ends), then the rows refused and the rows to import."""
    batch, campaign = selectors.batch_get(actor=request.user, batch_id=pk)
    job = batch.job
    # A job that failed outside the engine (a worker lost too often) ends the wait too.
    running = batch.busy and not (job is not None and job.finished)
    context = {"batch": batch, "campaign": campaign, "job": job, "running": running,
               "poll_ms": settings.CWIS_JOB_POLL_MS,
               "can_run": has_perm(request.user, Perm.SCREENING_RUN)}
    if request.htmx:
        response = render(request, "screening/_batch_progress.html", context)
        if not running:
            response["HX-Refresh"] = "true"
        return response
    show = request.GET.get("show") or RowAction.REFUSE
    rows = selectors.imports.batch_rows(batch=batch, action=show)
    context.update(show=show, rows=CappedPaginator(rows, PAGE_SIZE).get_page(
        request.GET.get("page")))
    return render(request, "screening/batch.html", context)


@page(perm=Perm.SCREENING_RUN, methods=("POST",))
def batch_commit(request, pk: int):
    batch, _campaign = selectors.batch_get(actor=request.user, batch_id=pk)
    try:
        services.campaign_commit(actor=request.user, batch_id=batch.pk)
    except ValidationError as exc:
        for message in exc.messages:
            messages.error(request, message)
    return redirect("screening_batch", pk=batch.pk)


@page(perm=Perm.CHILD_VIEW)
def campaign_not_seen(request, pk: int):
    campaign = selectors.campaign_get(actor=request.user, campaign_id=pk)
    children = selectors.campaign_not_seen(actor=request.user, campaign=campaign)
    listing = CappedPaginator(children, PAGE_SIZE).get_page(request.GET.get("page"))
    from cwis.core.divisions import division_names

    names = division_names(c.division_code for c in listing)
    return render(request, "screening/not_seen.html", {
        "campaign": campaign, "page": listing, "names": names,
        "previous": selectors.campaign_previous(actor=request.user, campaign=campaign)})
