"""The lease keeper: a thread in each `cwis worker` that says the worker is alive and takes
back the jobs of workers that are not.

A job's lease is its heartbeat: the keeper renews it for this worker's running jobs every
third of CWIS_JOB_LEASE_SECONDS, whatever the job itself is doing (a long query reports no
progress), and hands jobs whose heartbeat is older than the lease to the reaper. A worker
killed with SIGKILL or a lost machine stops renewing, so its jobs are retried by whichever
worker's keeper looks next.
"""

import logging
import threading

from django.conf import settings
from django.db import DatabaseError, connections

from cwis.core.jobs.services import jobs_heartbeat, jobs_reap_stale

logger = logging.getLogger(__name__)


class LeaseKeeper(threading.Thread):
    def __init__(self, worker: str) -> None:
        super().__init__(name=f"lease-keeper-{worker}", daemon=True)
        self.worker = worker
        self.stopped = threading.Event()

    def run(self) -> None:
        interval = max(settings.CWIS_JOB_LEASE_SECONDS / 3, 1)
        while True:
            self.keep()
            if self.stopped.wait(interval):
                return

    def keep(self) -> None:
        try:
            jobs_heartbeat(worker=self.worker)
            taken = jobs_reap_stale()
            if taken:
                logger.warning("took back %d job(s) of workers not heard from", taken)
        except DatabaseError:  # the next round tries again; the worker goes on
            logger.exception("lease keeper: database error")
        finally:
            connections.close_all()  # this thread's own connections

    def stop(self) -> None:
        self.stopped.set()
        self.join(timeout=10)
