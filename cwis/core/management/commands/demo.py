import os
import signal
import subprocess
import sys
import time
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import TextIO

from django.conf import settings
from django.core.management import call_command
from django.core.management.base import BaseCommand
from django.utils import translation

from cwis.core.services import divisions_load
from cwis.demo import demo_load
from cwis.demo_base import DEMO_PASSWORD

DEFAULT_ADDR = "127.0.0.1:8000"


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


def database_description() -> str:
    """Where the demo's data is: the SQLite file's path, or the PostgreSQL server and name."""
    db = settings.DATABASES["default"]
    if db["ENGINE"].endswith("sqlite3"):
        return f"SQLite file {Path(db['NAME']).resolve()}"
    host = db.get("HOST") or "local socket"
    port = f":{db['PORT']}" if db.get("PORT") else ""
    return f"PostgreSQL database {db['NAME']!r} on {host}{port}"


def demo_accounts() -> list[tuple[str, str, str]]:
    """Every demo account (the README's table): username, role, jurisdiction or
    institution. Read from the database, so the accounts later steps add are there too."""
    from cwis.accounts.models import User

    users = (User.objects.filter(username__startswith="demo-")
             .select_related("division", "institution").order_by("pk"))
    rows = []
    for user in users:
        if user.institution is not None:
            where = user.institution.name
        elif user.division is not None:
            where = f"{user.division.name} ({user.division.code})"
        else:
            where = "whole country" if user.scope_kind == "national" else "-"
        with translation.override("en"):  # the command speaks English, as its other lines
            role = str(user.get_role_display())
        rows.append((user.username, role, where))
    return rows


def print_summary(out: TextIO, *, addr: str, serving: bool) -> None:
    """What a first-time user needs once the demo is set up: the database, the address, the
    accounts and how to serve elsewhere."""
    out.write("\n")
    out.write(f"Database: {database_description()}\n")
    if serving:
        out.write(f"CWIS is at http://{addr}/  (Ctrl+C stops it and its background worker)\n")
    else:
        out.write(f"Serve it with: uv run cwis demo  (then open http://{addr}/)\n")
    out.write(f"\nDemo accounts, all with the password {DEMO_PASSWORD}:\n")
    for username, role, where in demo_accounts():
        out.write(f"  {username:<24} {role:<34} {where}\n")
    out.write(
        "\nThe administrators (demo-admin, demo-security-admin, demo-audit-admin) also type a"
        "\nsign-in code: `uv run cwis demo_code` prints it.\n"
        "\nTo serve on another address, e.g. for other computers on the network:"
        "\n  ALLOWED_HOSTS=<this computer's name or address> uv run cwis demo --addr 0.0.0.0:8000\n"
    )


class Command(BaseCommand):
    help = (
        "Set up the database with demo data (migrations, divisions, one account per role) and "
        "serve the site as production does (DEBUG off, static files through whitenoise) with a "
        "background worker: the README's quick start. Idempotent."
    )

    def add_arguments(self, parser):
        parser.add_argument("--no-serve", action="store_true", help="set up only, do not serve")
        parser.add_argument(
            "--addr", default=DEFAULT_ADDR,
            help=f"address:port to serve on (default {DEFAULT_ADDR}; 0.0.0.0:8000 for every "
                 "network interface, with ALLOWED_HOSTS set to the name users type)")

    def step(self, text: str) -> float:
        self.stdout.write(f"- {text} ...")
        self.stdout.flush()
        return time.monotonic()

    def handle(self, *args, **options):
        out = self.stdout
        out.write(f"Setting up the CWIS demo in {database_description()}")
        db = settings.DATABASES["default"]
        if db["ENGINE"].endswith("sqlite3") and "memory" not in str(db["NAME"]):
            Path(db["NAME"]).parent.mkdir(parents=True, exist_ok=True)
        started = self.step("Applying database migrations (the first run takes about a minute)")
        call_command("migrate", interactive=False, verbosity=0)
        self.step("Loading the administrative divisions (GB/T 2260)")
        created = divisions_load()
        out.write(f"  {created} new divisions")
        demo_load(progress=lambda name: self.step(f"Loading demo data: {name}"))
        out.write(self.style.SUCCESS(f"Set up in {time.monotonic() - started:.0f} s."))
        serving = not options["no_serve"]
        if serving:
            self.step("Collecting static files")
            settings.STATIC_ROOT.mkdir(parents=True, exist_ok=True)
            call_command("collectstatic", interactive=False, verbosity=0)
        print_summary(out, addr=options["addr"], serving=serving)
        if not serving:
            return
        self.serve(options["addr"])

    def serve(self, addr: str) -> None:
        # As production: no debug page listing every URL, whitenoise serving the collected
        # static files (it reads settings.DEBUG when the server builds its handler). Only
        # an explicit CWIS_DEBUG=true keeps Django's debug pages.
        if os.environ.get("CWIS_DEBUG", "").lower() not in ("true", "1", "yes"):
            settings.DEBUG = False
        with worker_process():
            call_command("runserver", addr, use_reloader=False)
