import time

from django.conf import settings
from django.core.management.base import BaseCommand


class Command(BaseCommand):
    help = ("Time the screening import (ADR 0016): write a workbook of --rows rows for the "
            "villages of --county, check it and import it in this process. It WRITES that "
            "many community files: never run it on a database you keep.")

    def add_arguments(self, parser):
        parser.add_argument("--county", required=True, help="6-digit county code")
        parser.add_argument("--rows", type=int, default=100_000)
        parser.add_argument("--bad-every", type=int, default=1000,
                            help="every n-th row lacks its name (0: none)")

    def handle(self, *args, **options):
        settings.DEBUG = False
        from cwis.benchmarks.screening import screening_import_timing

        started = time.monotonic()
        timings = screening_import_timing(county=options["county"], rows=options["rows"],
                                          bad_every=options["bad_every"],
                                          out=self.stdout.write)
        self.stdout.write(", ".join(f"{k} {v:.0f}s" for k, v in timings.items())
                          + f" (total {time.monotonic() - started:.0f}s)")
