"""Background jobs of the child registry (cwis.core.jobs)."""

from django.utils.translation import gettext_lazy as _

from cwis.children import selectors
from cwis.children.export import children_filename, children_workbook
from cwis.core.jobs.models import Job
from cwis.core.jobs.registry import JobFile, Progress, job_kind


@job_kind("children.export", label=_("Children list (Excel)"))
def children_export(job: Job, progress: Progress) -> JobFile:
    children = selectors.child_list(actor=job.owner, filters=job.params.get("filters"))
    return JobFile(children_filename(), children_workbook(children, progress=progress))
