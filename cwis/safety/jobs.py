"""Background jobs of the safety module (cwis.core.jobs): the long hazard lists in Excel."""

from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from cwis.core.jobs.models import Job
from cwis.core.jobs.registry import JobFile, Progress, job_kind
from cwis.safety.export import (
    hazard_filename,
    hazard_workbook,
    status_filename,
    status_workbook,
)
from cwis.safety.selectors import hazards as selectors
from cwis.safety.selectors.status import institution_status


@job_kind("safety.hazards_export", label=_("Safety hazards (Excel)"))
def hazards_export(job: Job, progress: Progress) -> JobFile:
    hazards = selectors.hazard_list(actor=job.owner, filters=job.params.get("filters"),
                                    today=timezone.localdate())
    return JobFile(hazard_filename(), hazard_workbook(hazards, progress=progress))


@job_kind("safety.status_export", label=_("Institutions' fire or food safety (Excel)"))
def status_export(job: Job, progress: Progress) -> JobFile:
    department = job.params.get("department", "")
    institutions = institution_status(actor=job.owner, department=department,
                                      today=timezone.localdate())
    return JobFile(status_filename(department),
                   status_workbook(institutions, department=department, progress=progress))
