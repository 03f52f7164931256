"""Running one job in a worker: claim it, run its kind, store its file, or record why not.

Nothing is half-written. The result file is saved under a new name of CWIS's choosing, and
the job points to it only once it is complete, in one conditional update that also marks
the job done; a worker killed on the way leaves the job running with an old heartbeat, and
the reaper (services.jobs_reap_stale) queues it again or fails it. Every write of the
runner carries the attempt it claimed, so an attempt taken for dead writes nothing more.
"""

import logging
import posixpath
import uuid
from collections.abc import Callable
from contextlib import suppress

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.files import File
from django.core.files.base import ContentFile
from django.core.files.storage import default_storage
from django.db import transaction
from django.utils import timezone, translation
from django.utils.translation import gettext_lazy as _
from django_tasks import TaskContext, task

from cwis.core import replicas
from cwis.core.errors import NotFoundError, PermissionDeniedError
from cwis.core.jobs.models import Job, JobState
from cwis.core.jobs.registry import JobFile, kind_get
from cwis.core.replicas import primary_reads

logger = logging.getLogger(__name__)

MSG_JOB_ERROR = _(
    "Something went wrong while preparing this. Start it again; if it fails again, tell the "
    "system administrator (the worker's log has the details)."
)
RESULT_DIR = "jobs"


class JobLostError(Exception):
    """This attempt no longer holds the job (taken for dead and queued again)."""


@task(takes_context=True)
def job_run_task(context: TaskContext, job_id: int) -> None:
    worker_ids = context.task_result.worker_ids
    job_run(job_id=job_id, worker=worker_ids[-1] if worker_ids else "")


def job_run(*, job_id: int, worker: str,
            on_progress: Callable[[Job], None] | None = None) -> None:
    """Run job `job_id` if it is still waiting. `on_progress` is called after each progress
    report is written (tests use it to stop the job between steps)."""
    attempt = _claim(job_id, worker)
    if attempt is None:
        return
    job = Job.objects.select_related("owner").get(pk=job_id)
    reporter = _Reporter(job, attempt, on_progress)
    try:
        # The owner's writes before the job are on the replicas once the job is older than
        # the read-your-writes window; until then it reads from the primary (ADR 0019).
        with translation.override(job.language or settings.LANGUAGE_CODE), primary_reads(
                until=job.created_at.timestamp() + replicas.window()):
            output = kind_get(job.kind).run(job, reporter)
            _finish(job, attempt, output)
    except JobLostError:
        logger.warning("job %s: attempt %s was taken back; its work is dropped", job_id, attempt)
    except Exception as exc:  # whatever the kind raised fails the job, never the worker
        logger.exception("job %s (%s) failed", job_id, job.kind)
        with translation.override(job.language or settings.LANGUAGE_CODE):
            _fail(job, attempt, _message(exc))


def _claim(job_id: int, worker: str) -> int | None:
    """Take the job if it is waiting; the attempt number, or None if it is not ours."""
    with transaction.atomic():
        job = Job.objects.select_for_update().filter(pk=job_id, state=JobState.QUEUED).first()
        if job is None:
            return None
        now = timezone.now()
        job.state, job.worker, job.attempts = JobState.RUNNING, worker, job.attempts + 1
        job.started_at = job.heartbeat_at = now
        job.progress_done, job.error = 0, ""
        job.save(update_fields=["state", "worker", "attempts", "started_at", "heartbeat_at",
                                "progress_done", "error"])
        return job.attempts


def _ours(job: Job, attempt: int):
    return Job.objects.filter(pk=job.pk, state=JobState.RUNNING, attempts=attempt)


class _Reporter:
    """The `progress(done, total)` a kind calls. Writes when the whole percent changes (at
    most about a hundred writes a job, however often it is called); each write renews the
    lease."""

    def __init__(self, job: Job, attempt: int, on_progress) -> None:
        self.job, self.attempt, self.on_progress = job, attempt, on_progress
        self.written: tuple[int, int] | None = None

    def __call__(self, done: int, total: int) -> None:
        total = max(total, 0)
        done = min(max(done, 0), total) if total else max(done, 0)
        mark = (done * 100 // total if total else done, total)
        if mark == self.written:
            return
        self.written = mark
        if not _ours(self.job, self.attempt).update(
                progress_done=done, progress_total=total, heartbeat_at=timezone.now()):
            raise JobLostError
        self.job.progress_done, self.job.progress_total = done, total
        if self.on_progress is not None:
            self.on_progress(self.job)


def _finish(job: Job, attempt: int, output: JobFile) -> None:
    extension = posixpath.splitext(output.name)[1][:10]
    name = f"{RESULT_DIR}/{job.pk}/{attempt}-{uuid.uuid4().hex}{extension}"
    content = output.content
    try:
        stored = default_storage.save(
            name, ContentFile(content) if isinstance(content, bytes) else File(content))
    finally:
        if hasattr(content, "close"):
            content.close()
    now = timezone.now()
    if not _ours(job, attempt).update(state=JobState.DONE, result=stored,
                                      result_name=output.name[:200], finished_at=now,
                                      heartbeat_at=now, progress_done=job.progress_total):
        default_storage.delete(stored)
        raise JobLostError
    job_files_delete(job.pk, keep=stored)  # earlier attempts that died while saving


def job_files_delete(job_id: int, *, keep: str = "") -> None:
    """Delete the files of job `job_id` but `keep` (the one its row points to, if any)."""
    with suppress(OSError, NotImplementedError):
        _dirs, files = default_storage.listdir(f"{RESULT_DIR}/{job_id}")
        for file in files:
            path = f"{RESULT_DIR}/{job_id}/{file}"
            if path != keep:
                default_storage.delete(path)


def _fail(job: Job, attempt: int, message: str) -> None:
    _ours(job, attempt).update(state=JobState.FAILED, error=message,
                               finished_at=timezone.now())


def _message(exc: Exception) -> str:
    """What the owner reads: a refusal's own words, or a general message (details are in
    the log, not on the page)."""
    if isinstance(exc, ValidationError):
        return " ".join(str(m) for m in exc.messages)
    if isinstance(exc, PermissionDeniedError):
        return str(exc.message)
    if isinstance(exc, NotFoundError):
        return str(exc)
    return str(MSG_JOB_ERROR)
