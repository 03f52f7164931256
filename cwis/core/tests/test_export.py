"""The one Excel helper, and the exports that turn into background jobs past the threshold."""

import datetime as dt
import io

import pytest
from openpyxl import load_workbook

from cwis.children.demo import citizen_id
from cwis.children.models import Child
from cwis.children.tests.factories import ChildFactory
from cwis.conftest import COUNTY_A, PREFECTURE, division
from cwis.core.export import Column, ExcelWorkbook, excel_table, export_too_large, safe_cell
from cwis.core.jobs.models import Job, JobState
from cwis.core.jobs.testing import run_queued_jobs
from cwis.core.permissions import Role
from cwis.institutions.models import CountyReceiver
from cwis.institutions.tests.factories import InstitutionFactory
from cwis.protection import services as community_services
from cwis.protection.tests.factories import VILLAGE, ensure_divisions, left_behind_boy
from cwis.transfers import services as transfer_services

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def _media_root(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path / "media"


def rows_of(content: bytes, sheet: int = 0) -> list[tuple]:
    book = load_workbook(io.BytesIO(content), read_only=True)
    return list(book.worksheets[sheet].iter_rows(values_only=True))


def test_a_table_has_a_header_its_rows_and_reports_its_progress():
    reports = []
    columns = [Column("n", lambda n: n), Column("square", lambda n: n * n, width=12)]
    out = excel_table("Squares", columns, range(1, 251), total=250,
                      progress=lambda done, total: reports.append((done, total)))
    rows = rows_of(out.read())
    assert rows[0] == ("n", "square")
    assert rows[250] == (250, 62500)
    assert len(rows) == 251
    assert reports[0] == (0, 250)
    assert reports[-1] == (250, 250)
    assert [done for done, _total in reports] == sorted(done for done, _t in reports)


@pytest.mark.parametrize("text", ["=1+1", "+1", "-1", "@SUM(A1)", "\t=1", "\r=1"])
def test_text_a_spreadsheet_would_run_is_neutralised_with_a_quote(text):
    assert safe_cell(text) == "'" + text


def test_numbers_dates_and_plain_text_are_written_as_they_are():
    day = dt.date(2026, 1, 2)
    assert [safe_cell(v) for v in (-3, 2.5, day, None, "李明", "a=b")] == [
        -3, 2.5, day, None, "李明", "a=b"]
    assert safe_cell("李\x00\x07明\n") == "李明\n"


def test_no_cell_of_a_workbook_is_a_formula():
    book = ExcelWorkbook()
    book.add_sheet("=x", [Column("=label", lambda r: r)], ["=1+1", 5],
                   heading=["=HYPERLINK(\"http://x\",\"y\")"])
    sheet = load_workbook(io.BytesIO(book.save().read())).worksheets[0]
    cells = [cell for row in sheet.iter_rows() for cell in row if cell.value is not None]
    assert [cell.data_type for cell in cells] == ["s", "s", "s", "n"]
    assert cells[2].value == "'=1+1"


def test_a_sheet_may_have_heading_lines_and_no_header_row():
    book = ExcelWorkbook()
    book.add_sheet("One", [Column("a", lambda r: r)], ["x"], heading=["Title", "Subtitle"])
    book.add_sheet("Two", [Column("a", lambda r: r)], ["y"], header=False)
    content = book.save().read()
    assert rows_of(content, 0) == [("Title",), ("Subtitle",), (), ("a",), ("x",)]
    assert rows_of(content, 1) == [("y",)]


def test_too_large_means_more_rows_than_the_setting(settings, scope_users):
    for _ in range(3):
        ChildFactory(current_institution=scope_users.institution_a)
    settings.CWIS_EXPORT_SYNC_MAX_ROWS = 3
    assert not export_too_large(Child.objects.all())
    settings.CWIS_EXPORT_SYNC_MAX_ROWS = 2
    assert export_too_large(Child.objects.all())


def download(client, response) -> list[tuple]:
    """Follow an export that became a job: run it, then fetch its file."""
    assert response.status_code == 302
    job = Job.objects.get()
    assert response["Location"] == f"/jobs/{job.pk}/"
    assert run_queued_jobs() == 1
    job.refresh_from_db()
    assert job.state == JobState.DONE, job.error
    file = client.get(f"/jobs/{job.pk}/download/")
    assert file.status_code == 200
    return rows_of(b"".join(file.streaming_content))


def test_a_large_children_export_becomes_a_job_with_the_same_filters(settings, scope_users,
                                                                     web):
    settings.CWIS_EXPORT_SYNC_MAX_ROWS = 2
    for name in ("李一", "李二", "李三", "张四"):
        ChildFactory(current_institution=scope_users.institution_a, name=name)
    ChildFactory(current_institution=scope_users.institution_b, name="李外")
    client = web(scope_users.in_scope)
    rows = download(client, client.get("/children/export.xlsx", {"q": "李"}))
    assert sorted(row[0] for row in rows[1:]) == ["李一", "李三", "李二"]
    assert Job.objects.get().kind == "children.export"


def test_a_small_children_export_is_sent_at_once(settings, scope_users, web):
    settings.CWIS_EXPORT_SYNC_MAX_ROWS = 2
    ChildFactory(current_institution=scope_users.institution_a)
    response = web(scope_users.in_scope).get("/children/export.xlsx")
    assert response.status_code == 200
    assert not Job.objects.exists()


@pytest.mark.parametrize("limit", [2, 0])  # sent at once, then as a job
def test_every_export_is_in_the_security_log_with_its_address(settings, scope_users, web,
                                                             limit):
    from cwis.accounts.models import SecurityEvent
    from cwis.core.audit import SecurityEventKind

    settings.CWIS_EXPORT_SYNC_MAX_ROWS = limit
    ChildFactory(current_institution=scope_users.institution_a)
    web(scope_users.in_scope).get("/children/export.xlsx", REMOTE_ADDR="10.3.2.1")
    event = SecurityEvent.objects.get(kind=SecurityEventKind.EXPORT)
    assert (event.actor, event.ip_address) == (scope_users.in_scope, "10.3.2.1")
    assert event.detail.startswith("children.export: ")


def test_a_partner_viewer_cannot_start_a_children_export(settings, make_user, web):
    settings.CWIS_EXPORT_SYNC_MAX_ROWS = 0
    partner = make_user(Role.PARTNER_VIEWER, partner_department="education")
    assert web(partner).get("/children/export.xlsx").status_code == 403
    assert not Job.objects.exists()


def test_a_large_community_export_becomes_a_job(settings, scope_users, web, make_user):
    settings.CWIS_EXPORT_SYNC_MAX_ROWS = 1
    ensure_divisions()
    director = make_user(Role.CHILD_DIRECTOR, division_code=VILLAGE)
    for number, name in enumerate(("李留一", "王留二")):
        birth = dt.date(2018, 5, 10 + number)
        community_services.community_register(actor=director, data=left_behind_boy(
            name=name, birth_date=birth, citizen_id=citizen_id(COUNTY_A, birth, 123)))
    client = web(scope_users.in_scope)
    rows = download(client, client.get("/community/export.xlsx"))
    assert sorted(row[0] for row in rows[1:]) == ["李留一", "王留二"]


def test_a_large_school_roll_list_becomes_a_job(settings, scope_users, web):
    settings.CWIS_EXPORT_SYNC_MAX_ROWS = 1
    receiver = InstitutionFactory(division_code=PREFECTURE, level="prefecture")
    CountyReceiver.objects.create(county=division(COUNTY_A), division_code=COUNTY_A,
                                  receiver=receiver)
    for name in ("上学甲", "上学乙"):
        child = ChildFactory(current_institution=scope_users.institution_a, name=name,
                             school_name="莲塘小学")
        transfer = transfer_services.transfer_draft(
            actor=scope_users.in_scope, child_id=child.pk, to_institution_id=receiver.pk,
            reason="县级儿童福利机构转型", planned_on=dt.date(2026, 3, 1))
        transfer_services.transfer_approve(actor=scope_users.in_scope, transfer_id=transfer.pk)
    client = web(scope_users.in_scope)
    rows = download(client, client.get("/transfers/school.xlsx"))
    assert sorted(row[0] for row in rows[1:]) == ["上学乙", "上学甲"]
