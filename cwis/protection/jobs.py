"""Background jobs of the community registry (cwis.core.jobs)."""

from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from cwis.core.jobs.models import Job
from cwis.core.jobs.registry import JobFile, Progress, job_kind
from cwis.protection import selectors
from cwis.protection.export import community_filename, community_workbook


@job_kind("community.export", label=_("Community children list (Excel)"))
def community_export(job: Job, progress: Progress) -> JobFile:
    children = selectors.community_list(actor=job.owner, filters=job.params.get("filters"),
                                        today=timezone.localdate())
    return JobFile(community_filename(), community_workbook(children, progress=progress))
