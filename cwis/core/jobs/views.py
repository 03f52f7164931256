"""The owner's pages of background jobs: the list, one job with its live progress bar, and
the download. Anyone else's job answers 404."""

from django.conf import settings
from django.shortcuts import render

from cwis.core.jobs import selectors
from cwis.core.pagination import CappedPaginator
from cwis.core.uploads import attachment_response
from cwis.core.web import page

PAGE_SIZE = 50


@page
def job_list(request):
    jobs = selectors.job_list(actor=request.user)
    listed = CappedPaginator(jobs, PAGE_SIZE).get_page(request.GET.get("page"))
    return render(request, "core/jobs/list.html", {"page": listed,
                                                   "result_days": settings.CWIS_JOB_RESULT_DAYS})


@page
def job_detail(request, pk: int):
    """The page; to an HTMX poll, only the progress part (which stops polling once the job
    has finished)."""
    job = selectors.job_get(actor=request.user, job_id=pk)
    template = "core/jobs/_progress.html" if request.htmx else "core/jobs/detail.html"
    return render(request, template, {"job": job, "poll_ms": settings.CWIS_JOB_POLL_MS,
                                      "result_days": settings.CWIS_JOB_RESULT_DAYS})


@page
def job_download(request, pk: int):
    job = selectors.job_result_get(actor=request.user, job_id=pk)
    return attachment_response(job.result, job.result_name)
