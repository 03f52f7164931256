"""Reading jobs. A job is its owner's alone: anyone else gets NotFoundError, as for a record
outside their jurisdiction (DESIGN.md rule 1)."""

from typing import TYPE_CHECKING

from django.db.models import QuerySet

from cwis.core.errors import NotFoundError
from cwis.core.jobs.models import Job, JobState

if TYPE_CHECKING:
    from cwis.accounts.models import User


def job_list(*, actor: "User") -> QuerySet[Job]:
    """The actor's own jobs, newest first."""
    if not getattr(actor, "is_authenticated", False) or not actor.is_active:
        return Job.objects.none()
    return Job.objects.filter(owner=actor)


def job_get(*, actor: "User", job_id: int) -> Job:
    job = job_list(actor=actor).filter(pk=job_id).first()
    if job is None:
        raise NotFoundError()
    return job


def job_result_get(*, actor: "User", job_id: int) -> Job:
    """A finished job whose file the actor may download; NotFoundError otherwise."""
    job = job_get(actor=actor, job_id=job_id)
    if job.state != JobState.DONE or not job.result:
        raise NotFoundError()
    return job
