from pathlib import Path

from django.core.management.base import BaseCommand, CommandError

from cwis.core.backup import BackupError, backup_restore


class Command(BaseCommand):
    help = ("Restore an archive written by `cwis backup` into an empty database and media "
            "folder, after checking every checksum (docs/operations.md).")

    def add_arguments(self, parser):
        parser.add_argument("archive")
        parser.add_argument("--database", default="default")
        parser.add_argument(
            "--force", action="store_true",
            help="restore over a database or media folder that is not empty")

    def handle(self, *args, **options):
        archive = Path(options["archive"])
        if not archive.is_file():
            raise CommandError(f"{archive}: no such file")
        try:
            result = backup_restore(archive, using=options["database"], force=options["force"])
        except BackupError as exc:
            raise CommandError(str(exc)) from exc
        self.stdout.write(f"restored {result.tables} tables, {result.rows} rows, "
                          f"{result.files} media files; run `cwis migrate` if this CWIS is "
                          "newer than the archive")
