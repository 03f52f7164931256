"""Background jobs of the community registry (cwis.core.jobs)."""

from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from cwis.core.jobs.models import Job
from cwis.core.jobs.registry import JobFile, Progress, job_kind
from cwis.protection import selectors
from cwis.protection.export import community_filename, community_workbook
from cwis.protection.export_county_work import (
    talk_filename,
    talk_workbook,
    visit_filename,
    visit_workbook,
    workstation_filename,
    workstation_workbook,
)
from cwis.protection.selectors import county_work


@job_kind("community.export", label=_("Community children list (Excel)"))
def community_export(job: Job, progress: Progress) -> JobFile:
    children = selectors.community_list(actor=job.owner, filters=job.params.get("filters"),
                                        today=timezone.localdate())
    return JobFile(community_filename(), community_workbook(children, progress=progress))


@job_kind("protection.talks_export", label=_("Policy talks (Excel)"))
def talks_export(job: Job, progress: Progress) -> JobFile:
    talks = county_work.talk_list(actor=job.owner, filters=job.params.get("filters"))
    return JobFile(talk_filename(), talk_workbook(talks, progress=progress))


@job_kind("protection.workstations_export", label=_("Township protection workstations (Excel)"))
def workstations_export(job: Job, progress: Progress) -> JobFile:
    stations = county_work.workstation_list(actor=job.owner, filters=job.params.get("filters"),
                                            year=timezone.localdate().year)
    return JobFile(workstation_filename(), workstation_workbook(stations, progress=progress))


@job_kind("protection.guidance_export", label=_("Guidance visits (Excel)"))
def guidance_export(job: Job, progress: Progress) -> JobFile:
    visits = county_work.guidance_visit_list(actor=job.owner,
                                             filters=job.params.get("filters"))
    return JobFile(visit_filename(), visit_workbook(visits, progress=progress))


@job_kind("community.partners_education", label=_("School-age community children (Excel)"))
def partners_education_export(job: Job, progress: Progress) -> JobFile:
    from cwis.protection.export_partners import education_filename, education_workbook
    from cwis.protection.selectors.partners import education_list

    children = education_list(actor=job.owner, today=timezone.localdate())
    return JobFile(education_filename(), education_workbook(children, progress=progress))


@job_kind("community.partners_disability",
          label=_("Community children with a disability (Excel)"))
def partners_disability_export(job: Job, progress: Progress) -> JobFile:
    from cwis.protection.export_partners import disability_filename, disability_workbook
    from cwis.protection.selectors.partners import disability_list

    children = disability_list(actor=job.owner)
    return JobFile(disability_filename(), disability_workbook(children, progress=progress))
