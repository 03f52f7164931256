import os
import signal
import subprocess
import sys
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

from django.conf import settings
from django.core.management import call_command
from django.core.management.base import BaseCommand

from cwis.core.services import divisions_load
from cwis.demo import demo_load
from cwis.demo_base import ACCOUNTS, DEMO_PASSWORD


@contextmanager
def worker_process() -> Iterator[subprocess.Popen]:
    """`cwis worker` in a child process for as long as the server runs, so large exports
    finish in the demo too."""
    process = subprocess.Popen([sys.executable, "-m", "cwis", "worker"], env=os.environ.copy())
    # SIGTERM would end this process at once, leaving the worker behind: unwind instead.
    previous = signal.signal(signal.SIGTERM, lambda _signum, _frame: sys.exit(0))
    try:
        yield process
    finally:
        signal.signal(signal.SIGTERM, previous)
        process.terminate()
        try:
            process.wait(timeout=15)
        except subprocess.TimeoutExpired:
            process.kill()
            process.wait()


class Command(BaseCommand):
    help = ("Set up the database with demo data and serve the site with a background worker "
            "(the README's quick start).")

    def add_arguments(self, parser):
        parser.add_argument("--no-serve", action="store_true", help="set up only, do not serve")
        parser.add_argument("--addr", default="127.0.0.1:8000", help="address:port to serve on")

    def handle(self, *args, **options):
        db = settings.DATABASES["default"]
        if db["ENGINE"].endswith("sqlite3") and "memory" not in str(db["NAME"]):
            Path(db["NAME"]).parent.mkdir(parents=True, exist_ok=True)
        call_command("migrate", interactive=False, verbosity=0)
        created = divisions_load()
        demo_load()
        self.stdout.write(f"Divisions loaded: {created} new.")
        self.stdout.write(f"Demo accounts (password: {DEMO_PASSWORD}):")
        for username, display_name, role, _code, _inst in ACCOUNTS:
            self.stdout.write(f"  {username:<24} {role:<20} {display_name}")
        if options["no_serve"]:
            return
        self.stdout.write(self.style.SUCCESS(f"CWIS is at http://{options['addr']}/"))
        with worker_process():
            call_command("runserver", options["addr"], use_reloader=False)
