"""`cwis backup` / `cwis restore`: the round trip keeps every row and every file, and a
damaged or mismatched archive is refused before anything is touched."""

import io
import json
import tarfile
from pathlib import Path

import pytest
from django.core.files.base import ContentFile
from django.core.management import call_command
from django.core.management.base import CommandError
from django.db import connections

from cwis.children.choices import DocumentKind
from cwis.children.models import ChildDocument
from cwis.children.tests.factories import ChildFactory
from cwis.core.backup import MANIFEST, table_names
from cwis.core.jobs.models import Job, JobState
from cwis.oversight.tests.factories import PlanAttachmentFactory

pytestmark = pytest.mark.django_db(transaction=True)
SCRATCH = "restore_scratch"


@pytest.fixture
def media(settings, tmp_path) -> Path:
    settings.MEDIA_ROOT = tmp_path / "media"
    return settings.MEDIA_ROOT


@pytest.fixture
def scratch(tmp_path):
    """An empty database of the same kind as the test database, as the alias SCRATCH; on
    PostgreSQL created beside the test database (named after it) and dropped afterwards."""
    default = connections["default"]
    settings_dict = dict(default.settings_dict)
    postgres = default.vendor == "postgresql"
    if postgres:
        settings_dict["NAME"] = f"{default.settings_dict['NAME']}_restore"
        with default.cursor() as cursor:
            cursor.execute(f'DROP DATABASE IF EXISTS "{settings_dict["NAME"]}"')
            cursor.execute(f'CREATE DATABASE "{settings_dict["NAME"]}"')
    else:
        settings_dict["NAME"] = str(tmp_path / "restored.sqlite3")
    connections.settings[SCRATCH] = settings_dict
    # Connect directly: Django's test case refuses to open a connection to an alias the
    # test did not declare, and pytest-django would try to create a test database for one.
    connections[SCRATCH].connect()
    yield connections[SCRATCH]
    connections[SCRATCH].close()
    del connections[SCRATCH]
    del connections.settings[SCRATCH]
    if postgres:
        with default.cursor() as cursor:
            cursor.execute(f'DROP DATABASE IF EXISTS "{settings_dict["NAME"]}"')


def dataset(scope_users) -> None:
    """A little of everything that keeps files: a photo, a document, a plan attachment and a
    job's result, with names in Chinese and in nested folders."""
    child = ChildFactory(current_institution=scope_users.institution_a)
    child.photo.save("照片.png", ContentFile(b"\x89PNG\r\n\x1a\nphoto"), save=True)
    document = ChildDocument(child=child, kind=DocumentKind.values[0], original_name="户口.pdf")
    document.file.save("户口.pdf", ContentFile(b"%PDF-1.4 hukou"), save=True)
    PlanAttachmentFactory()
    job = Job.objects.create(owner=scope_users.in_scope, kind="test.rows", state=JobState.DONE,
                             result_name="rows.txt")
    job.result.save("jobs/rows.txt", ContentFile("第1行\n".encode()), save=True)


def rows_of(alias: str) -> dict[str, list[str]]:
    connection = connections[alias]
    qn = connection.ops.quote_name
    rows = {}
    with connection.cursor() as cursor:
        for table in table_names(alias):
            cursor.execute(f"SELECT * FROM {qn(table)}")  # noqa: S608 - quoted table name
            rows[table] = sorted(repr(row) for row in cursor.fetchall())
    return rows


def files_of(root: Path) -> dict[str, bytes]:
    return {p.relative_to(root).as_posix(): p.read_bytes()
            for p in root.rglob("*") if p.is_file()}


def test_a_restore_gives_back_every_row_and_every_file(scope_users, media, scratch, tmp_path,
                                                       settings):
    dataset(scope_users)
    archive = tmp_path / "backup.tar.gz"
    call_command("backup", str(archive), stdout=io.StringIO())
    with tarfile.open(archive) as tar:
        manifest = json.load(tar.extractfile(MANIFEST))
    assert manifest["row_counts"]["children_childdocument"] == 1
    assert "children.0001_initial" in manifest["migrations"]
    assert len([n for n in manifest["files"] if n.startswith("media/")]) == 4

    settings.MEDIA_ROOT = tmp_path / "restored-media"
    call_command("restore", str(archive), "--database", SCRATCH, stdout=io.StringIO())

    original = rows_of("default")
    assert original["children_child"]
    assert rows_of(SCRATCH) == original
    assert files_of(settings.MEDIA_ROOT) == files_of(media)
    assert len(files_of(media)) == 4


def rewrite(archive: Path, target: Path, *, change=None, drop=None, edit_manifest=None):
    """Copy the archive, altering one member's bytes, leaving one out or editing the
    manifest (keeping the other checksums as they were)."""
    with tarfile.open(archive) as src, tarfile.open(target, "w:gz") as out:
        for member in src:
            data = src.extractfile(member).read()
            if member.name == drop:
                continue
            if member.name == change:
                data = data + b"!"
            if member.name == MANIFEST and edit_manifest:
                manifest = json.loads(data)
                edit_manifest(manifest)
                data = json.dumps(manifest).encode()
            member.size = len(data)
            out.addfile(member, io.BytesIO(data))
    return target


def refusal(archive: Path, *args: str) -> str:
    with pytest.raises(CommandError) as refused:
        call_command("restore", str(archive), *args, stdout=io.StringIO())
    return str(refused.value)


def test_a_damaged_or_mismatched_archive_is_refused_before_anything_changes(
        scope_users, media, scratch, tmp_path, settings):
    dataset(scope_users)
    archive = tmp_path / "backup.tar.gz"
    call_command("backup", str(archive), stdout=io.StringIO())
    with tarfile.open(archive) as tar:
        manifest = json.load(tar.extractfile(MANIFEST))
    media_file = next(n for n in manifest["files"] if n.startswith("media/"))
    dump = manifest["database"]["dump"]
    settings.MEDIA_ROOT = tmp_path / "restored-media"
    on_scratch = ("--database", SCRATCH)

    assert "checksum mismatch: " + media_file in refusal(
        rewrite(archive, tmp_path / "a.tar.gz", change=media_file), *on_scratch)
    assert "checksum mismatch: " + dump in refusal(
        rewrite(archive, tmp_path / "b.tar.gz", change=dump), *on_scratch)
    assert "lacks files its manifest lists" in refusal(
        rewrite(archive, tmp_path / "c.tar.gz", drop=media_file), *on_scratch)
    truncated = tmp_path / "d.tar.gz"
    truncated.write_bytes(archive.read_bytes()[: archive.stat().st_size // 2])
    assert "damaged or unreadable" in refusal(truncated, *on_scratch)
    other = "sqlite" if connections["default"].vendor == "postgresql" else "postgresql"
    assert "restore it on a server of the same kind" in refusal(rewrite(
        archive, tmp_path / "e.tar.gz",
        edit_manifest=lambda m: m["database"].update(vendor=other)), *on_scratch)
    assert "made by a newer CWIS" in refusal(rewrite(
        archive, tmp_path / "f.tar.gz",
        edit_manifest=lambda m: m["migrations"].append("children.9999_future")), *on_scratch)
    assert "the database is not empty" in refusal(archive)

    assert table_names(SCRATCH) == []
    assert not settings.MEDIA_ROOT.exists()
