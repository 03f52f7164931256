"""Background jobs over the API: a program that started a large export (or, later, an
import) follows it and fetches its file. Another user's job answers 404."""

import datetime as dt

from django.http import HttpRequest
from ninja import Router, Schema
from ninja.pagination import paginate

from cwis.core.jobs import selectors
from cwis.core.pagination import CappedLimitOffsetPagination
from cwis.core.uploads import attachment_response

router = Router(tags=["jobs"])


class JobOut(Schema):
    id: int
    kind: str
    kind_label: str
    state: str
    progress_done: int
    progress_total: int
    percent: int
    error: str
    file_name: str
    created_at: dt.datetime
    started_at: dt.datetime | None
    finished_at: dt.datetime | None

    @staticmethod
    def resolve_kind_label(obj) -> str:
        return str(obj.kind_label)

    @staticmethod
    def resolve_file_name(obj) -> str:
        return obj.result_name if obj.state == "done" else ""


@router.get("/jobs", response=list[JobOut])
@paginate(CappedLimitOffsetPagination)
def job_list(request: HttpRequest):
    """Your own background jobs, newest first."""
    return selectors.job_list(actor=request.auth)


@router.get("/jobs/{job_id}", response=JobOut)
def job_get(request: HttpRequest, job_id: int):
    """One of your jobs: its state and progress (poll it); 404 for anyone else's."""
    return selectors.job_get(actor=request.auth, job_id=job_id)


@router.get("/jobs/{job_id}/file")
def job_file(request: HttpRequest, job_id: int):
    """The file of a finished job, as an attachment; 404 until it is done."""
    job = selectors.job_result_get(actor=request.auth, job_id=job_id)
    return attachment_response(job.result, job.result_name)
