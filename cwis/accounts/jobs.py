"""Background jobs of the accounts module (cwis.core.jobs): the security log export."""

import datetime as dt

from django.conf import settings
from django.utils.translation import gettext_lazy as _

from cwis.accounts.export import security_log_filename, security_log_xlsx
from cwis.accounts.selectors import security_event_list
from cwis.core.jobs.models import Job
from cwis.core.jobs.registry import JobFile, Progress, job_kind

DATE_FILTERS = ("date_from", "date_to")


@job_kind("accounts.security_log", label=_("Security log (Excel)"))
def security_log_export(job: Job, progress: Progress) -> JobFile:
    """The security log filtered as on the page when the export was asked for; the selector
    checks, when the job runs, that its owner is still the audit administrator."""
    filters = dict(job.params.get("filters") or {})
    for key in DATE_FILTERS:
        if filters.get(key):
            filters[key] = dt.date.fromisoformat(filters[key])
    events = security_event_list(actor=job.owner, **filters)
    events = events[: settings.CWIS_SECURITY_LOG_EXPORT_MAX_ROWS]
    return JobFile(security_log_filename(), security_log_xlsx(events, progress=progress))
