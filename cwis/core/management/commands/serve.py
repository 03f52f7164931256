import os
import shutil

from django.conf import settings
from django.core.management import call_command
from django.core.management.base import BaseCommand, CommandError


class Command(BaseCommand):
    help = (
        "Serve CWIS in production with gunicorn: collects the static files (whitenoise serves "
        "them), then replaces this process with gunicorn. Settings come from the environment "
        "(docs/deployment.md); run `cwis worker` beside it for background jobs."
    )

    def add_arguments(self, parser):
        parser.add_argument(
            "--bind", default=os.environ.get("CWIS_BIND", "127.0.0.1:8000"),
            help="address:port to listen on (default: $CWIS_BIND or 127.0.0.1:8000; "
                 "0.0.0.0:8000 for every network interface)")
        parser.add_argument(
            "--workers", type=int, default=int(os.environ.get("CWIS_WORKERS", 2)),
            help="gunicorn worker processes (default: $CWIS_WORKERS or 2; about two per "
                 "CPU core)")
        parser.add_argument(
            "--timeout", type=int, default=60,
            help="seconds a request may take before gunicorn restarts its worker (default 60)")

    def handle(self, *args, **options):
        gunicorn = shutil.which("gunicorn")
        if gunicorn is None:
            raise CommandError("gunicorn is not installed")
        settings.STATIC_ROOT.mkdir(parents=True, exist_ok=True)
        call_command("collectstatic", interactive=False, verbosity=0)
        argv = [
            gunicorn,
            "cwis.wsgi:application",
            "--bind", options["bind"],
            "--workers", str(options["workers"]),
            "--timeout", str(options["timeout"]),
            "--access-logfile", "-",
        ]
        os.execv(gunicorn, argv)  # noqa: S606 - replace this process with gunicorn
