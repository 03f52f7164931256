"""One way to write an Excel export, and one way to answer a request for one.

`ExcelWorkbook` streams rows into a write-only openpyxl workbook (memory stays flat for a
hundred thousand rows) and reports progress; `excel_table` is the one-sheet case every list
export is: rows are read in chunks (from a replica when one is configured, through a
connection that can stream them) and written as they come, so memory stays flat whatever the
size; beyond one sheet's rows (CWIS_EXPORT_XLSX_MAX_ROWS) the table is a CSV file (UTF-8 with
BOM, which Excel opens) in a zip. Every value goes through `safe_cell`: an export never
fails because of stored data and never carries a live formula. `export_response` sends a
small export at once and hands a large one (more than CWIS_EXPORT_SYNC_MAX_ROWS rows; 0: every
export) to a background job, sending the user to the job's page.
"""

import csv
import io
import tempfile
import zipfile
from collections.abc import Callable, Iterable, Iterator, Sequence
from dataclasses import dataclass
from typing import IO, TYPE_CHECKING, Any, Generic, TypeVar

from django.conf import settings
from django.contrib import messages
from django.db.models import QuerySet
from django.http import FileResponse, HttpRequest, HttpResponse
from django.shortcuts import redirect
from django.utils.functional import Promise
from django.utils.translation import gettext_lazy as _
from openpyxl import Workbook
from openpyxl.cell import WriteOnlyCell
from openpyxl.cell.cell import ILLEGAL_CHARACTERS_RE
from openpyxl.styles import Font
from openpyxl.utils import get_column_letter

from cwis.core.audit import SecurityEventKind, security_event_record
from cwis.core.divisions import division_name, with_division_names
from cwis.core.jobs.registry import Progress
from cwis.core.jobs.services import job_start
from cwis.core.pagination import capped_count
from cwis.core.replicas import replica_reads, streaming

if TYPE_CHECKING:
    from openpyxl.worksheet._write_only import WriteOnlyWorksheet

XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
CHUNK = 2000  # rows fetched from the database at a time
PROGRESS_REPORTS = 100  # a sheet reports its progress about this many times
MEMORY_LIMIT = 8 * 1024 * 1024  # a workbook larger than this spills to a temporary file

MSG_EXPORT_QUEUED = _(
    "This export has more than %(limit)s rows, so it is prepared in the background. "
    "The file will be here when it is ready."
)

T = TypeVar("T")

# What makes a spreadsheet read a cell as a formula (OWASP, "CSV injection").
FORMULA_TRIGGERS = ("=", "+", "-", "@", "\t", "\r")


def printable(text: str) -> str:
    """The text without the control characters an Office file (XML) cannot hold; tab, newline
    and carriage return stay."""
    return ILLEGAL_CHARACTERS_RE.sub("", text)


def safe_cell(value: object) -> object:
    """A value as it may be written to a cell: text that a spreadsheet would take as a formula
    gets a leading single quote (OWASP's neutralisation), so it is stored and shown as text;
    numbers, dates and empty cells stay as they are."""
    if isinstance(value, Promise):
        value = str(value)
    if not isinstance(value, str):
        return value
    text = printable(value)
    return "'" + text if text.startswith(FORMULA_TRIGGERS) else text



@dataclass(frozen=True)
class Column(Generic[T]):
    """One column: its heading, how to read its cell from a row, and its width (characters)."""

    label: Any
    value: Callable[[T], object]
    width: float | None = None


class ExportFile(tempfile.SpooledTemporaryFile):
    """An export's file, in memory while small; `suffix` is its kind (".xlsx", ".zip"), which
    a job's download name follows (cwis.core.jobs.registry.JobFile)."""

    def __init__(self, suffix: str) -> None:
        super().__init__(max_size=MEMORY_LIMIT)
        self.suffix = suffix


def _reported(rows: Iterable[T], progress: Progress | None, total: int) -> Iterator[T]:
    """`rows` as they come, `progress(done, total)` reported about PROGRESS_REPORTS times."""
    every = max(1, total // PROGRESS_REPORTS)
    done = 0
    if progress is not None:
        progress(0, total)
    for row in rows:
        yield row
        done += 1
        if progress is not None and done % every == 0:
            progress(done, max(total, done))
    if progress is not None:
        progress(done, max(total, done))


class ExcelWorkbook:
    """A workbook written row by row; `save()` returns it as an open file, at its start."""

    def __init__(self) -> None:
        self._book = Workbook(write_only=True)

    def add_sheet(self, title: Any, columns: Sequence[Column[T]], rows: Iterable[T], *,
                  heading: Sequence[Any] = (), header: bool = True,
                  progress: Progress | None = None, total: int | None = None) -> int:
        """Write `rows` under a header row of the columns' labels; return how many rows.

        `heading` lines go above the table (the first in large bold type, then a blank
        line). A queryset is read in chunks. With `progress`, the sheet reports
        `progress(done, total)`; `total` is counted from a queryset when not given.
        """
        sheet = self._book.create_sheet(title=str(title)[:31])
        for index, column in enumerate(columns, start=1):
            if column.width:
                sheet.column_dimensions[get_column_letter(index)].width = column.width
        self._heading(sheet, heading)
        if header:
            sheet.append([self._bold(sheet, column.label) for column in columns])
        if isinstance(rows, QuerySet):
            if progress is not None and total is None:
                total = rows.count()
            rows = rows.iterator(chunk_size=CHUNK)
        done = 0
        for row in _reported(rows, progress, total or 0):
            sheet.append([safe_cell(column.value(row)) for column in columns])
            done += 1
        return done

    def save(self) -> IO[bytes]:
        out = ExportFile(".xlsx")
        self._book.save(out)
        out.seek(0)
        return out

    def _heading(self, sheet: "WriteOnlyWorksheet", lines: Sequence[Any]) -> None:
        for number, line in enumerate(lines):
            cell = WriteOnlyCell(sheet, value=safe_cell(str(line)))
            cell.font = Font(bold=True, size=14) if number == 0 else Font()
            sheet.append([cell])
        if lines:
            sheet.append([])

    @staticmethod
    def _bold(sheet: "WriteOnlyWorksheet", value: Any) -> WriteOnlyCell:
        cell = WriteOnlyCell(sheet, value=safe_cell(str(value)))
        cell.font = Font(bold=True)
        return cell


def excel_table(title: Any, columns: Sequence[Column[T]], rows: Iterable[T], *,
                progress: Progress | None = None, total: int | None = None,
                place_of: Callable[[T], str] | None = None) -> IO[bytes]:
    """A one-sheet workbook of `rows`, as an open file at its start; or, when there are
    more rows than one sheet holds (counted for a background job, which reports
    `progress`, or given as `total`), a zip of one CSV file. With `place_of` (a row's
    division code), the places' names are read a chunk of rows at a time, for columns that
    show them (`place_columns`). An export's reads tolerate a few seconds of lag."""
    with replica_reads():
        if isinstance(rows, QuerySet):
            rows = streaming(rows)
            if progress is not None and total is None:
                total = rows.count()
            rows = rows.iterator(chunk_size=CHUNK)
        if place_of is not None:
            rows = with_division_names(rows, place_of, chunk=CHUNK)
        if total is not None and total > settings.CWIS_EXPORT_XLSX_MAX_ROWS:
            return csv_zip(title, columns, rows, progress=progress, total=total)
        book = ExcelWorkbook()
        book.add_sheet(title, columns, rows, progress=progress, total=total)
        return book.save()


def csv_value(value: object) -> object:
    """A cell as CSV text holds it: neutralised like a sheet's cell (a spreadsheet opens the
    CSV file too), dates as ISO dates, nothing as an empty field."""
    value = safe_cell(value)
    if value is None:
        return ""
    return value.isoformat() if hasattr(value, "isoformat") else value


def csv_zip(title: Any, columns: Sequence[Column[T]], rows: Iterable[T], *,
            progress: Progress | None = None, total: int = 0) -> IO[bytes]:
    """`rows` as a CSV file (UTF-8 with a byte-order mark, so that Excel reads the Chinese
    text; a header row of the columns' labels) compressed in a zip, written as they come."""
    out = ExportFile(".zip")
    with zipfile.ZipFile(out, "w", compression=zipfile.ZIP_DEFLATED) as archive, \
            archive.open(f"{title}.csv", "w", force_zip64=True) as member, \
            io.TextIOWrapper(member, encoding="utf-8-sig", newline="") as text:
        writer = csv.writer(text)
        writer.writerow([str(column.label) for column in columns])
        for row in _reported(rows, progress, total):
            writer.writerow([csv_value(column.value(row)) for column in columns])
    out.seek(0)
    return out


def place_columns(label: Any, place_of: Callable[[T], str]) -> list[Column[T]]:
    """A place by name, and its code in the next column (places by name, codes for
    machines)."""
    return [Column(label, lambda row: division_name(place_of(row))),
            Column(_("Division code"), place_of)]


def choice_labels(model, field: str) -> dict:
    """A choice field's values and labels, translated once per export: Django's
    `get_FOO_display` rebuilds and hashes the lazy choice list on every call, which was
    half the time of a large export (benchmarks/RESULTS.md)."""
    return {value: str(label) for value, label in model._meta.get_field(field).flatchoices}


def export_too_large(rows: QuerySet) -> bool:
    """More rows than CWIS_EXPORT_SYNC_MAX_ROWS (counted no further than that)?"""
    limit = settings.CWIS_EXPORT_SYNC_MAX_ROWS
    return capped_count(rows, cap=limit)[1]


def export_response(request: HttpRequest, *, rows: QuerySet, build: Callable[[], IO[bytes]],
                    filename: str, kind: str, params: dict) -> HttpResponse:
    """The workbook `build()` makes, sent now; or, when `rows` are too many to build inside
    a request, a job of `kind` (which builds the same file from `params`) and its page.
    Either way the export is in the security log (who, from where, which list)."""
    if not export_too_large(rows):
        security_event_record(SecurityEventKind.EXPORT, request.user, request,
                              detail=f"{kind}: {filename}")
        return FileResponse(build(), as_attachment=True, filename=filename, content_type=XLSX)
    job = job_start(actor=request.user, kind=kind, params=params)
    security_event_record(SecurityEventKind.EXPORT, request.user, request,
                          detail=f"{kind}: background job {job.pk}")
    messages.info(request, MSG_EXPORT_QUEUED % {"limit": settings.CWIS_EXPORT_SYNC_MAX_ROWS})
    return redirect("job_detail", job.pk)
