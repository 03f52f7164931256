"""`cwis worker`: run background jobs (django-tasks-db's `db_worker`, with a lease keeper).

Options are db_worker's (`--batch` to run what is queued and exit, `--max-tasks`,
`--interval`, `--worker-id`, ...), except that code reloading is off unless `--reload`.
"""

import os

from django.utils.autoreload import DJANGO_AUTORELOAD_ENV
from django_tasks_db.management.commands.db_worker import Command as DbWorkerCommand

from cwis.core.jobs.keeper import LeaseKeeper


class Command(DbWorkerCommand):
    help = "Run background jobs (exports, imports) until stopped; --batch to run what is queued."

    def add_arguments(self, parser) -> None:
        super().add_arguments(parser)
        parser.set_defaults(reload=False)

    def handle(self, *args, **options) -> None:
        # With --reload the parent process only watches files; the child runs the jobs.
        runs_jobs = not options["reload"] or os.environ.get(DJANGO_AUTORELOAD_ENV) == "true"
        keeper = LeaseKeeper(options["worker_id"]) if runs_jobs else None
        if keeper is not None:
            keeper.keep()  # jobs of a worker that died are queued before this one looks
            keeper.start()
        try:
            super().handle(*args, **options)
        finally:
            if keeper is not None:
                keeper.stop()
