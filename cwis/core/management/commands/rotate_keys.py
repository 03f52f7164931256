"""`cwis rotate_keys`: rewrite every encrypted column under the first key of CWIS_FIELD_KEYS
and every keyed hash under the first key of CWIS_SEARCH_KEYS (docs/security.md)."""

from django.apps import apps
from django.core.management.base import BaseCommand

from cwis.core.key_rotation import Rotated, rotate_all


class Command(BaseCommand):
    help = ("Re-encrypt ID numbers and telephones under the current key and recompute their "
            "search hashes; safe to stop and run again.")

    def add_arguments(self, parser):
        parser.add_argument("--batch-size", type=int, default=2000)

    def handle(self, *args, batch_size: int, **options):
        def progress(r: Rotated) -> None:
            if r.rows_read % (batch_size * 50) == 0:
                self.stdout.write(f"  {r.table}: {r.rows_read} rows read, "
                                  f"{r.rows_rewritten} rewritten")

        for r in rotate_all(apps.get_models(), batch_size=batch_size, progress=progress):
            self.stdout.write(f"{r.table}: {r.rows_read} rows read, {r.rows_rewritten} rewritten")
        self.stdout.write(self.style.SUCCESS("Every encrypted column is under the current keys."))
