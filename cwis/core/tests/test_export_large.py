"""Exports of any size (cwis.core.export): up to one sheet's rows as a workbook, beyond it a
CSV file (UTF-8 with BOM) in a zip, written row by row, always as the owner's scope allows.
The sheet's limit is lowered by its setting so that a handful of rows crosses it."""

import csv
import io
import zipfile

import pytest
from openpyxl import load_workbook

from cwis.children.tests.factories import ChildFactory
from cwis.core.export import Column, ExportFile, csv_value, csv_zip
from cwis.core.jobs.models import Job, JobState
from cwis.core.jobs.registry import JobFile
from cwis.core.jobs.testing import run_queued_jobs

pytestmark = pytest.mark.django_db


def _export(settings, client, *, limit: int) -> tuple[Job, bytes]:
    settings.CWIS_EXPORT_SYNC_MAX_ROWS = 0  # every export as a job
    settings.CWIS_EXPORT_XLSX_MAX_ROWS = limit
    assert client.get("/children/export.xlsx").status_code == 302
    assert run_queued_jobs() == 1
    job = Job.objects.get()
    assert job.state == JobState.DONE, job.error
    response = client.get(f"/jobs/{job.pk}/download/")
    assert response.status_code == 200
    return job, b"".join(response.streaming_content)


@pytest.fixture
def five(scope_users):
    names = ["李一", "李二", "=HYPERLINK(1)", "张四", "王五"]
    for name in names:
        ChildFactory(current_institution=scope_users.institution_a, name=name)
    ChildFactory(current_institution=scope_users.institution_b, name="县外")  # out of scope
    return names


def test_an_export_up_to_one_sheets_rows_is_a_workbook(settings, scope_users, five, web):
    job, content = _export(settings, web(scope_users.in_scope), limit=5)
    assert job.result_name.endswith(".xlsx")
    sheet = load_workbook(io.BytesIO(content), read_only=True).active
    rows = list(sheet.iter_rows(values_only=True))
    assert len(rows) == 1 + 5  # the header, the county's five children, not the other's


def test_an_export_beyond_one_sheets_rows_is_a_csv_in_a_zip(settings, scope_users, five, web):
    job, content = _export(settings, web(scope_users.in_scope), limit=4)
    assert job.result_name.endswith(".zip")
    with zipfile.ZipFile(io.BytesIO(content)) as archive:
        [member] = archive.namelist()
        assert member.endswith(".csv")
        raw = archive.read(member)
    assert raw.startswith("\ufeff".encode())  # the BOM Excel needs to read UTF-8
    rows = list(csv.reader(io.StringIO(raw.decode("utf-8-sig"))))
    assert len(rows) == 1 + 5
    names = sorted(row[0] for row in rows[1:])
    assert names == sorted(["李一", "李二", "'=HYPERLINK(1)", "张四", "王五"])
    assert "县外" not in names


def test_a_read_only_overseer_exports_what_they_may_see(settings, scope_users, five, web):
    _job, content = _export(settings, web(scope_users.overseer), limit=1)
    with zipfile.ZipFile(io.BytesIO(content)) as archive:
        text = archive.read(archive.namelist()[0]).decode("utf-8-sig")
    assert len(text.strip().splitlines()) == 1 + 6  # the province: both counties


def test_the_csv_reports_its_progress_and_writes_empty_and_dated_cells():
    import datetime as dt

    reports = []
    out = csv_zip("表", [Column("a", lambda r: r[0]), Column("b", lambda r: r[1])],
                  iter([(None, dt.date(2020, 1, 2)), ("x", 3)]),
                  progress=lambda done, total: reports.append((done, total)), total=2)
    with zipfile.ZipFile(out) as archive:
        assert archive.namelist() == ["表.csv"]
        text = archive.read("表.csv").decode("utf-8-sig")
    assert text.splitlines() == ["a,b", ",2020-01-02", "x,3"]
    assert reports[0] == (0, 2)
    assert reports[-1] == (2, 2)
    assert csv_value("+1") == "'+1"


def test_a_jobs_download_is_named_after_what_the_file_is():
    assert JobFile("children-20260101.xlsx", ExportFile(".zip")).name == "children-20260101.zip"
    assert JobFile("children.xlsx", ExportFile(".xlsx")).name == "children.xlsx"
    assert JobFile("report.docx", b"...").name == "report.docx"
