"""Starting jobs, and keeping the ones whose worker died from hanging for ever."""

import datetime as dt
from typing import TYPE_CHECKING

from django.conf import settings
from django.db import transaction
from django.utils import timezone, translation
from django.utils.translation import gettext_lazy as _

from cwis.core.jobs.models import Job, JobState
from cwis.core.jobs.registry import kind_get

if TYPE_CHECKING:
    from cwis.accounts.models import User

MSG_WORKER_LOST = _(
    "The worker preparing this stopped too many times. Start it again; if it stops again, "
    "tell the system administrator."
)


@transaction.atomic
def job_start(*, actor: "User", kind: str, params: dict | None = None) -> Job:
    """Queue a job of `kind` for `actor`. The caller has checked the actor's role: the job
    runs as the actor, and its selectors scope what it reads when it runs.

    The job row and its task row are written in one transaction, so a worker never sees a
    task without its job, and a failed start leaves neither.
    """
    kind_get(kind)  # a kind nobody registered is a programming error: fail here, loudly
    job = Job.objects.create(owner=actor, kind=kind, params=params or {},
                             language=translation.get_language() or "")
    job.task_id = _enqueue(job)
    job.save(update_fields=["task_id"])
    return job


def _enqueue(job: Job) -> str:
    from cwis.core.jobs.runner import job_run_task

    return str(job_run_task.enqueue(job_id=job.pk).id)


def jobs_heartbeat(*, worker: str) -> int:
    """Renew the lease of the jobs `worker` is running (called by the worker's lease keeper)."""
    return Job.objects.filter(state=JobState.RUNNING, worker=worker).update(
        heartbeat_at=timezone.now())


def jobs_reap_stale(*, now: dt.datetime | None = None) -> int:
    """Jobs running on a worker not heard from for CWIS_JOB_LEASE_SECONDS: queue them again,
    or fail them after CWIS_JOB_MAX_ATTEMPTS. Returns how many were taken back.

    The dead attempt can write nothing more: progress and results are written only while
    the row still carries the attempt that wrote them (see runner).
    """
    now = now or timezone.now()
    cutoff = now - dt.timedelta(seconds=settings.CWIS_JOB_LEASE_SECONDS)
    stale = Job.objects.filter(state=JobState.RUNNING, heartbeat_at__lt=cutoff)
    taken = 0
    for pk in list(stale.values_list("pk", flat=True)[:500]):
        with transaction.atomic():
            job = stale.select_for_update(skip_locked=True).filter(pk=pk).first()
            if job is None:  # another worker's keeper has it, or it moved on
                continue
            _take_back(job, now)
        taken += 1
    return taken


def _take_back(job: Job, now: dt.datetime) -> None:
    _abandon_task(job.task_id)
    job.worker = ""
    if job.attempts >= settings.CWIS_JOB_MAX_ATTEMPTS:
        with translation.override(job.language or settings.LANGUAGE_CODE):
            job.error = str(MSG_WORKER_LOST)
        job.state, job.finished_at = JobState.FAILED, now
        job.save(update_fields=["state", "error", "finished_at", "worker"])
        return
    job.state = JobState.QUEUED
    job.task_id = _enqueue(job)
    job.save(update_fields=["state", "task_id", "worker"])


def jobs_expire(*, now: dt.datetime | None = None) -> int:
    """Remove the result files of jobs finished more than CWIS_JOB_RESULT_DAYS ago and mark
    the jobs expired; the rows stay (who prepared which file, and when). Returns how many.

    The row is changed first, in a conditional update: once it no longer points to the file,
    no download can start, and the file goes."""
    from cwis.core.jobs.runner import job_files_delete

    now = now or timezone.now()
    cutoff = now - dt.timedelta(days=settings.CWIS_JOB_RESULT_DAYS)
    old = Job.objects.filter(state=JobState.DONE, finished_at__lt=cutoff)
    expired = 0
    for pk in old.values_list("pk", flat=True).iterator():
        if Job.objects.filter(pk=pk, state=JobState.DONE).update(state=JobState.EXPIRED,
                                                                 result=""):
            job_files_delete(pk)
            expired += 1
    return expired


def _abandon_task(task_id: str) -> None:
    """Close the dead attempt's task row, which its worker left 'running'."""
    from django_tasks.base import TaskResultStatus
    from django_tasks_db.models import DBTaskResult

    if task_id:
        DBTaskResult.objects.filter(id=task_id, status=TaskResultStatus.RUNNING).update(
            status=TaskResultStatus.FAILED, finished_at=timezone.now())
