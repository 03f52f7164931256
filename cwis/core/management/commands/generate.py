import sys
import time

from django.core.management.base import BaseCommand

from cwis.synthetic.context import SCALES, SYNTHETIC_PASSWORD
from cwis.synthetic.generate import generate


class Command(BaseCommand):
    help = ("Fill the database with synthetic data (tiny, demo, province or national scale). "
            "Resumable: run it again after an interruption.")

    def add_arguments(self, parser):
        parser.add_argument("--scale", choices=list(SCALES), default="demo")
        parser.add_argument("--seed", type=int, default=1)

    def handle(self, *args, **options):
        started = time.monotonic()

        def out(text: str) -> None:
            sys.stderr.write(text)
            sys.stderr.flush()

        ctx = generate(scale=options["scale"], seed=options["seed"], out=out)
        counts = ", ".join(f"{k} {v}" for k, v in ctx.counts.items())
        self.stdout.write(
            f"Generated {options['scale']} (seed {options['seed']}) in "
            f"{time.monotonic() - started:.1f}s: {counts or 'nothing new'}."
        )
        self.stdout.write(f"Synthetic accounts (syn-...) share the password {SYNTHETIC_PASSWORD}.")
