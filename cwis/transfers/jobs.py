"""Background jobs of the transfers module (cwis.core.jobs): the partner departments' lists
when they are too long to prepare inside a request."""

from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from cwis.core.jobs.models import Job
from cwis.core.jobs.registry import JobFile, Progress, job_kind
from cwis.transfers import selectors
from cwis.transfers.export import (
    HUKOU_FILENAME,
    SCHOOL_FILENAME,
    hukou_workbook,
    school_workbook,
)


@job_kind("transfers.hukou_export", label=_("Hukou migration list (Excel)"))
def hukou_export(job: Job, progress: Progress) -> JobFile:
    transfers = selectors.transfer_list(actor=job.owner, today=timezone.localdate())
    return JobFile(HUKOU_FILENAME, hukou_workbook(job.owner, transfers, progress=progress))


@job_kind("transfers.school_export", label=_("School-roll transfer list (Excel)"))
def school_export(job: Job, progress: Progress) -> JobFile:
    transfers = selectors.transfer_list(actor=job.owner, today=timezone.localdate())
    return JobFile(SCHOOL_FILENAME, school_workbook(job.owner, transfers, progress=progress))
