"""Two workers polling one queue on PostgreSQL: every job runs once, by one of them."""

import threading
import time

import pytest
from django.db import connection, connections
from django_tasks_db.management.commands.db_worker import Worker

from cwis.core.jobs.models import Job, JobState
from cwis.core.jobs.registry import JobFile, job_kind
from cwis.core.jobs.services import job_start

RUNS: list[tuple[int, str]] = []
RUNS_LOCK = threading.Lock()


@job_kind("test.counted", label="Counted")
def counted_job(job, progress):
    with RUNS_LOCK:
        RUNS.append((job.pk, job.worker))
    time.sleep(0.02)  # long enough for the other worker to look for work meanwhile
    progress(1, 1)
    return JobFile("one.txt", b"1")


@pytest.fixture(autouse=True)
def _media_root(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path / "media"


@pytest.mark.django_db(transaction=True)
def test_two_workers_never_take_the_same_job(scope_users):
    if connection.vendor != "postgresql":
        pytest.skip("row locks (SKIP LOCKED) need PostgreSQL")
    RUNS.clear()
    jobs = [job_start(actor=scope_users.in_scope, kind="test.counted", params={})
            for _ in range(30)]
    barrier = threading.Barrier(2)

    def work(worker_id: str) -> None:
        try:
            barrier.wait()
            Worker(queue_names=["default"], interval=0, batch=True, backend_name="default",
                   startup_delay=False, max_tasks=None, worker_id=worker_id,
                   excluded_queue_names=[]).run()
        finally:
            connections.close_all()

    threads = [threading.Thread(target=work, args=(name,)) for name in ("one", "two")]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(60)

    ran = sorted(pk for pk, _worker in RUNS)
    assert ran == sorted(job.pk for job in jobs)  # each job once, none left out
    assert {worker for _pk, worker in RUNS} == {"one", "two"}  # both took work
    assert set(Job.objects.values_list("state", "attempts")) == {(JobState.DONE, 1)}
