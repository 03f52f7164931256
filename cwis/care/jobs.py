"""Background jobs of care services (cwis.core.jobs)."""

from django.utils.translation import gettext_lazy as _

from cwis.care import selectors
from cwis.care.export import school_report_filename, school_report_workbook
from cwis.children import selectors as child_selectors
from cwis.core.jobs.models import Job
from cwis.core.jobs.registry import JobFile, Progress, job_kind


@job_kind("care.school_report", label=_("School-age report (Excel)"))
def school_report_export(job: Job, progress: Progress) -> JobFile:
    report = selectors.school_report_get(actor=job.owner, report_id=job.params["report_id"])
    entries = selectors.school_report_entries(report=report)

    def id_number(child):
        return child_selectors.child_id_number_for(actor=job.owner, child=child)

    return JobFile(school_report_filename(report),
                   school_report_workbook(report, entries, id_number=id_number,
                                          progress=progress))


@job_kind("care.adulthood_paths", label=_("Children approaching adulthood, by path (Excel)"))
def adulthood_paths_export(job: Job, progress: Progress) -> JobFile:
    from django.utils import timezone

    from cwis.care.export_family import adulthood_filename, adulthood_workbook, id_number_for
    from cwis.care.selectors.adulthood import paths_for_departments

    today = timezone.localdate()
    path, division = job.params.get("path", ""), job.params.get("division", "")
    paths = paths_for_departments(actor=job.owner, today=today, path=path, division=division)
    return JobFile(adulthood_filename(path, today),
                   adulthood_workbook(paths, path=path, id_number=id_number_for(job.owner),
                                      progress=progress))
