import sys
import time

from django.conf import settings
from django.core.management.base import BaseCommand


class Command(BaseCommand):
    help = ("Run the benchmark suite (cwis/benchmarks/) against this database, filled by "
            "`cwis generate`; prints a Markdown table. Never part of the test run.")

    def add_arguments(self, parser):
        parser.add_argument("--export-rows", type=int, default=100_000)
        parser.add_argument("--output", help="also write the table to this file")
        parser.add_argument("--load", metavar="URL",
                            help="only run item 8: wrk against a running `cwis serve` at URL "
                                 "(127.0.0.1 only)")
        parser.add_argument("--duration", type=int, default=30, help="seconds of load")
        parser.add_argument("--connections", type=int, default=8)
        parser.add_argument("--group", action="append",
                            help="only this case group (e.g. care_cases); repeatable")

    def handle(self, *args, **options):
        settings.DEBUG = False  # no query log: it would grow and slow every case
        from cwis.benchmarks.cases import all_results
        from cwis.benchmarks.harness import markdown

        if options["load"]:
            from cwis.benchmarks.load import run

            figures = run(options["load"], duration=options["duration"],
                          connections=options["connections"])
            raw = figures.pop("raw")
            self.stdout.write(raw)
            self.stdout.write(", ".join(f"{k} {v}" for k, v in figures.items()))
            return
        started = time.monotonic()
        results = all_results(export_rows=options["export_rows"], groups=options["group"],
                              out=lambda s: (sys.stderr.write(s), sys.stderr.flush()))
        table = markdown(results)
        self.stdout.write(table)
        self.stdout.write(f"\n({time.monotonic() - started:.0f}s)")
        if options["output"]:
            with open(options["output"], "w", encoding="utf-8") as f:
                f.write(table + "\n")
