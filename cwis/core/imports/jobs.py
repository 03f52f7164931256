"""The import engine's background jobs (cwis.core.jobs): the check and the commit."""

from django.utils.translation import gettext_lazy as _

from cwis.core.imports import engine, selectors
from cwis.core.jobs.models import Job
from cwis.core.jobs.registry import JobFile, Progress, job_kind


@job_kind("imports.preview", label=_("Spreadsheet import: checking the rows"))
def import_preview(job: Job, progress: Progress) -> JobFile:
    batch = selectors.batch_get(actor=job.owner, batch_id=job.params["batch_id"])
    return engine.batch_preview(batch, progress)


@job_kind("imports.commit", label=_("Spreadsheet import: importing the rows"))
def import_commit(job: Job, progress: Progress) -> JobFile:
    batch = selectors.batch_get(actor=job.owner, batch_id=job.params["batch_id"])
    return engine.batch_commit(batch, progress)
