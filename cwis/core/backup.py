"""Backups: the database and the media files in one archive (`cwis backup`, `cwis restore`).

The archive is a tar.gz of `manifest.json`, the database dump (`database.dump`, pg_dump's
custom format, on PostgreSQL; `database.sqlite3`, a copy through SQLite's online backup API,
on SQLite) and every file under MEDIA_ROOT as `media/<path>`. The manifest records the CWIS
version, the applied migrations, the row count of every table and the SHA-256 of every other
member; restore checks all of it before it touches the database or the media folder.
docs/operations.md says how to use them.
"""

import datetime as dt
import hashlib
import json
import os
import shutil
import sqlite3
import subprocess
import tarfile
import tempfile
import zlib
from collections.abc import Iterator
from dataclasses import dataclass
from importlib import metadata
from pathlib import Path, PurePosixPath

from django.conf import settings
from django.db import connections
from django.db.migrations.loader import MigrationLoader
from django.db.migrations.recorder import MigrationRecorder

MANIFEST = "manifest.json"
MEDIA_PREFIX = "media/"
FORMAT = 1
CHUNK = 1024 * 1024


class BackupError(Exception):
    """A backup that cannot be made or an archive that must not be restored."""


@dataclass(frozen=True)
class RestoreResult:
    tables: int
    rows: int
    files: int


def sha256_of(path: Path) -> str:
    digest = hashlib.sha256()
    with path.open("rb") as f:
        while chunk := f.read(CHUNK):
            digest.update(chunk)
    return digest.hexdigest()


def cwis_version() -> str:
    try:
        return metadata.version("cwis")
    except metadata.PackageNotFoundError:
        return "unknown"


def vendor(using: str = "default") -> str:
    return connections[using].vendor


def dump_name(db_vendor: str) -> str:
    return "database.dump" if db_vendor == "postgresql" else "database.sqlite3"


def table_names(using: str = "default") -> list[str]:
    connection = connections[using]
    with connection.cursor() as cursor:
        return sorted(connection.introspection.table_names(cursor))


def row_counts(using: str = "default") -> dict[str, int]:
    """Rows per table, read in one transaction so the figures belong to one moment."""
    connection = connections[using]
    qn = connection.ops.quote_name
    counts = {}
    with connection.cursor() as cursor:
        for table in table_names(using):
            cursor.execute(f"SELECT COUNT(*) FROM {qn(table)}")  # noqa: S608 - quoted name
            counts[table] = cursor.fetchone()[0]
    return counts


def applied_migrations(using: str = "default") -> list[str]:
    recorder = MigrationRecorder(connections[using])
    return sorted(f"{app}.{name}" for app, name in recorder.applied_migrations())


def media_files(root: Path) -> Iterator[tuple[str, Path]]:
    """(name in the archive, path on disk) of every regular file under the media root."""
    if not root.is_dir():
        return
    for path in sorted(root.rglob("*")):
        if path.is_file() and not path.is_symlink():
            yield MEDIA_PREFIX + path.relative_to(root).as_posix(), path


# ------------------------------------------------------------------ PostgreSQL


def pg_environment(using: str) -> dict[str, str]:
    """libpq's variables for the connection, so the password never shows on a command line."""
    db = connections[using].settings_dict
    env = dict(os.environ)
    for key, name in (("HOST", "PGHOST"), ("PORT", "PGPORT"), ("USER", "PGUSER"),
                      ("PASSWORD", "PGPASSWORD"), ("NAME", "PGDATABASE")):
        if db.get(key):
            env[name] = str(db[key])
    return env


def pg_tool(name: str) -> str:
    path = shutil.which(name)
    if path is None:
        raise BackupError(f"{name} was not found on PATH: install the PostgreSQL client "
                          "programs of the server's major version (or newer)")
    return path


def pg_run(argv: list[str], using: str) -> None:
    done = subprocess.run(argv, env=pg_environment(using), capture_output=True,  # noqa: S603
                          text=True, check=False)
    if done.returncode != 0:
        raise BackupError(f"{Path(argv[0]).name} failed: {done.stderr.strip()}")


def pg_dump(target: Path, using: str) -> tuple[dict[str, int], list[str]]:
    """Dump the database and count its rows in the same snapshot, so the manifest's counts
    are those of the dump even while users keep writing."""
    connection = connections[using]
    if connection.in_atomic_block:
        raise BackupError("cannot back up from inside a transaction")
    with connection.cursor() as cursor:
        cursor.execute("BEGIN TRANSACTION ISOLATION LEVEL REPEATABLE READ READ ONLY")
        try:
            cursor.execute("SELECT pg_export_snapshot()")
            snapshot = cursor.fetchone()[0]
            pg_run([pg_tool("pg_dump"), "--format=custom", f"--snapshot={snapshot}",
                    f"--file={target}"], using)
            counts = row_counts(using)
            migrations = applied_migrations(using)
        finally:
            cursor.execute("ROLLBACK")
    return counts, migrations


def pg_restore(source: Path, using: str, *, force: bool) -> None:
    argv = [pg_tool("pg_restore"), "--no-owner", "--no-privileges", "--exit-on-error",
            "--single-transaction", f"--dbname={connections[using].settings_dict['NAME']}"]
    if force:
        argv += ["--clean", "--if-exists"]
    pg_run([*argv, str(source)], using)


# ------------------------------------------------------------------ SQLite


def sqlite_dump(target: Path, using: str) -> tuple[dict[str, int], list[str]]:
    """Copy the live database through the online backup API, then count the copy's rows."""
    connection = connections[using]
    connection.ensure_connection()
    copy = sqlite3.connect(target)
    try:
        connection.connection.backup(copy)
        counts = {}
        tables = [r[0] for r in copy.execute(
            "SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite_%'")]
        for table in sorted(tables):
            quoted = '"' + table.replace('"', '""') + '"'
            counts[table] = copy.execute(f"SELECT COUNT(*) FROM {quoted}").fetchone()[0]  # noqa: S608
        migrations = sorted(f"{app}.{name}" for app, name in
                            copy.execute("SELECT app, name FROM django_migrations"))
    finally:
        copy.close()
    return counts, migrations


def sqlite_restore(source: Path, using: str) -> None:
    connection = connections[using]
    connection.ensure_connection()
    copy = sqlite3.connect(source)
    try:
        copy.backup(connection.connection)
    finally:
        copy.close()


# ------------------------------------------------------------------ backup


def backup_create(target: Path, *, using: str = "default",
                  media_root: Path | None = None) -> dict:
    """Write the archive to `target` and return its manifest."""
    media_root = Path(media_root or settings.MEDIA_ROOT)
    db_vendor = vendor(using)
    if db_vendor not in ("postgresql", "sqlite"):
        raise BackupError(f"cannot back up a {db_vendor} database")
    with tempfile.TemporaryDirectory(prefix="cwis-backup-") as tmp:
        dump = Path(tmp) / dump_name(db_vendor)
        if db_vendor == "postgresql":
            counts, migrations = pg_dump(dump, using)
        else:
            counts, migrations = sqlite_dump(dump, using)
        members = [(dump.name, dump), *media_files(media_root)]
        manifest = {
            "format": FORMAT,
            "cwis_version": cwis_version(),
            "created_at": dt.datetime.now(dt.UTC).isoformat(),
            "database": {"vendor": db_vendor, "dump": dump.name},
            "migrations": migrations,
            "row_counts": counts,
            "files": {name: {"sha256": sha256_of(path), "size": path.stat().st_size}
                      for name, path in members},
        }
        manifest_path = Path(tmp) / MANIFEST
        manifest_path.write_text(json.dumps(manifest, indent=1, ensure_ascii=False),
                                 encoding="utf-8")
        partial = target.with_name(target.name + ".partial")
        with tarfile.open(partial, "w:gz") as tar:
            tar.add(manifest_path, arcname=MANIFEST)
            for name, path in members:
                tar.add(path, arcname=name, recursive=False)
        partial.replace(target)  # a half-written archive never carries the final name
    return manifest


# ------------------------------------------------------------------ restore


def safe_member_name(name: str) -> bool:
    path = PurePosixPath(name)
    return not path.is_absolute() and ".." not in path.parts and name == path.as_posix()


def read_manifest(tar: tarfile.TarFile) -> dict:
    try:
        handle = tar.extractfile(MANIFEST)
        manifest = json.loads(handle.read().decode("utf-8"))
    except (KeyError, AttributeError, ValueError) as exc:
        raise BackupError("not a CWIS backup: manifest.json is missing or unreadable") from exc
    if not isinstance(manifest, dict) or manifest.get("format") != FORMAT:
        raise BackupError("not a CWIS backup of a format this version reads")
    return manifest


def extract_verified(archive: Path, into: Path) -> dict:
    """Extract every member the manifest lists into `into`, checking each checksum; refuse
    anything unlisted, missing, altered or with a path outside the archive's own folder."""
    try:
        with tarfile.open(archive, "r:gz") as tar:
            manifest = read_manifest(tar)
            expected = manifest.get("files", {})
            seen = extract_members(tar, expected, into)
    except (OSError, tarfile.TarError, EOFError, zlib.error) as exc:
        raise BackupError(f"the archive is damaged or unreadable: {exc}") from exc
    missing = sorted(set(expected) - seen)
    if missing:
        raise BackupError(f"the archive lacks files its manifest lists: {', '.join(missing[:5])}")
    return manifest


def extract_members(tar: tarfile.TarFile, expected: dict, into: Path) -> set[str]:
    seen = set()
    for member in tar:
        if member.name == MANIFEST:
            continue
        check_member(member, expected)
        if copy_member(tar, member, into / member.name) != expected[member.name]["sha256"]:
            raise BackupError(f"checksum mismatch: {member.name}")
        seen.add(member.name)
    return seen


def check_member(member: tarfile.TarInfo, expected: dict) -> None:
    if not member.isfile() or not safe_member_name(member.name):
        raise BackupError(f"unexpected member in the archive: {member.name}")
    if member.name not in expected:
        raise BackupError(f"a file not in the manifest: {member.name}")


def copy_member(tar: tarfile.TarFile, member: tarfile.TarInfo, path: Path) -> str:
    path.parent.mkdir(parents=True, exist_ok=True)
    digest = hashlib.sha256()
    source = tar.extractfile(member)
    with path.open("wb") as out:
        while chunk := source.read(CHUNK):
            digest.update(chunk)
            out.write(chunk)
    return digest.hexdigest()


def check_compatible(manifest: dict, using: str) -> None:
    """Refuse a dump of another database kind, or of migrations this code does not have."""
    db_vendor = vendor(using)
    archived = manifest.get("database", {}).get("vendor")
    if archived != db_vendor:
        raise BackupError(f"the archive holds a {archived} database; this server uses "
                          f"{db_vendor}: restore it on a server of the same kind")
    known = {f"{app}.{name}" for app, name in MigrationLoader(None).disk_migrations}
    unknown = sorted(set(manifest.get("migrations", [])) - known)
    if unknown:
        raise BackupError("the archive was made by a newer CWIS (migrations unknown here: "
                          f"{', '.join(unknown[:5])}); install that version first")


def backup_restore(archive: Path, *, using: str = "default", media_root: Path | None = None,
                   force: bool = False) -> RestoreResult:
    """Check the whole archive, then restore the database and the media files."""
    media_root = Path(media_root or settings.MEDIA_ROOT)
    with tempfile.TemporaryDirectory(prefix="cwis-restore-") as tmp:
        manifest = extract_verified(archive, Path(tmp))
        check_compatible(manifest, using)
        check_empty(using, media_root, force=force)
        dump = Path(tmp) / manifest["database"]["dump"]
        if vendor(using) == "postgresql":
            pg_restore(dump, using, force=force)
        else:
            sqlite_restore(dump, using)
        files = restore_media(Path(tmp) / MEDIA_PREFIX, media_root)
    counts = row_counts(using)
    differ = sorted(t for t, n in manifest["row_counts"].items() if counts.get(t) != n)
    if differ:
        raise BackupError(f"restored, but row counts differ from the manifest: {differ[:5]}")
    return RestoreResult(tables=len(counts), rows=sum(counts.values()), files=files)


def check_empty(using: str, media_root: Path, *, force: bool) -> None:
    if force:
        return
    if table_names(using):
        raise BackupError("the database is not empty: restore into an empty database, "
                          "or pass --force to replace what it holds")
    if media_root.is_dir() and any(p.is_file() for p in media_root.rglob("*")):
        raise BackupError(f"the media folder {media_root} is not empty: restore into an "
                          "empty one, or pass --force to overwrite files of the same name")


def restore_media(source: Path, media_root: Path) -> int:
    count = 0
    if not source.is_dir():
        return count
    for path in sorted(source.rglob("*")):
        if path.is_file():
            target = media_root / path.relative_to(source)
            target.parent.mkdir(parents=True, exist_ok=True)
            shutil.copyfile(path, target)
            count += 1
    return count
