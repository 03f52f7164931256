import datetime as dt
from pathlib import Path

from django.core.management.base import BaseCommand, CommandError

from cwis.core.backup import BackupError, backup_create


class Command(BaseCommand):
    help = ("Write one archive (tar.gz) holding the database dump, every media file and a "
            "manifest with their checksums (docs/operations.md).")

    def add_arguments(self, parser):
        parser.add_argument(
            "archive", nargs="?",
            help="where to write it (default: cwis-backup-<UTC time>.tar.gz here)")
        parser.add_argument("--database", default="default")

    def handle(self, *args, **options):
        stamp = dt.datetime.now(dt.UTC).strftime("%Y%m%dT%H%M%SZ")
        target = Path(options["archive"] or f"cwis-backup-{stamp}.tar.gz")
        if target.exists():
            raise CommandError(f"{target} exists: choose another name")
        try:
            manifest = backup_create(target, using=options["database"])
        except BackupError as exc:
            raise CommandError(str(exc)) from exc
        rows = sum(manifest["row_counts"].values())
        files = len(manifest["files"]) - 1
        self.stdout.write(f"{target}: {len(manifest['row_counts'])} tables, {rows} rows, "
                          f"{files} media files")
