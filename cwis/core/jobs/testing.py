"""Running jobs inside tests, where no `cwis worker` runs.

`run_queued_jobs()` runs every waiting job in the test's own thread. `JobStepper` runs one
job in a thread that stops after each progress report until the test calls `step()`, so a
browser test can watch the progress bar move between two polls of the page.
"""

import threading

from django.db import DEFAULT_DB_ALIAS, connections

from cwis.core.jobs.models import Job, JobState
from cwis.core.jobs.runner import job_run

WAIT_SECONDS = 30


def run_queued_jobs() -> int:
    """Run every waiting job here and now; how many were run."""
    ids = list(Job.objects.filter(state=JobState.QUEUED).order_by("pk")
               .values_list("pk", flat=True))
    for pk in ids:
        job_run(job_id=pk, worker="test")
    return len(ids)


class JobStepper:
    """Run job `job_id` one progress report at a time:

        stepper = JobStepper(job.pk).start()   # returns at the job's first report
        stepper.step()                          # on to the next report (or the end)
        stepper.finish()                        # to the end; re-raises what the thread raised
        stepper.release()                       # clean-up: to the end, errors ignored

    An in-memory SQLite test database exists only on the test thread's connection, which
    the live server thread already shares (Django's LiveServerThread); the job's thread
    shares it too. Other databases give the thread its own connection.
    """

    def __init__(self, job_id: int) -> None:
        self.job_id = job_id
        self._go = threading.Semaphore(0)
        self._paused = threading.Event()
        self._done = threading.Event()
        self._error: BaseException | None = None
        self._released = False
        self._thread = threading.Thread(target=self._run, name=f"job-{job_id}", daemon=True)
        self._main = connections[DEFAULT_DB_ALIAS]
        self._share = self._main.vendor == "sqlite" and self._main.is_in_memory_db()

    def start(self) -> "JobStepper":
        if self._share:
            self._main.inc_thread_sharing()
        self._thread.start()
        self._wait()
        return self

    def step(self) -> None:
        if self._done.is_set():
            return
        self._paused.clear()
        self._go.release()
        self._wait()

    def finish(self) -> None:
        while not self._done.is_set():
            self.step()
        self._thread.join(WAIT_SECONDS)
        if self._error is not None:
            raise self._error

    def release(self) -> None:
        """Let the job run to its end without stopping (a test's clean-up)."""
        self._released = True
        self._go.release()
        self._thread.join(WAIT_SECONDS)

    def _run(self) -> None:
        if self._share:
            connections[DEFAULT_DB_ALIAS] = self._main
        try:
            job_run(job_id=self.job_id, worker="stepper", on_progress=self._pause)
        except BaseException as exc:  # handed to the test thread by finish()
            self._error = exc
        finally:
            if self._share:
                self._main.dec_thread_sharing()
            else:
                connections.close_all()
            self._done.set()
            self._paused.set()

    def _pause(self, _job: Job) -> None:
        if self._released:
            return
        self._paused.set()
        self._go.acquire()

    def _wait(self) -> None:
        if not self._paused.wait(WAIT_SECONDS):
            raise TimeoutError(f"job {self.job_id} did not report progress")
