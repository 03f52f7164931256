"""The preview and the commit of a batch, as the background jobs run them.

Preview: the workbook is read one row at a time; each row's cells are parsed and the kind
checks what it would do; the rows go to the staged table (ImportRow) in chunks, with their
refusals, and nothing else is written. Commit: the rows found valid are applied in ONE
transaction, each through the kind's `apply` (the app's own services, so audit, history and
deadlines are those of one-by-one entry); any refusal or error undoes all of it.
"""

import logging
from collections.abc import Iterator
from typing import Any

from django.core.exceptions import ValidationError
from django.db import DEFAULT_DB_ALIAS, connections, transaction
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext

from cwis.core.export import Column, excel_table
from cwis.core.imports.models import BatchState, ImportBatch, ImportRow, RowAction
from cwis.core.imports.registry import Context, ImportKind, RowCheck, kind_get
from cwis.core.imports.workbook import SheetReader, parse_row
from cwis.core.jobs.models import Job, JobState
from cwis.core.jobs.registry import JobFile, Progress

logger = logging.getLogger(__name__)

CHUNK = 1000  # rows written to, and read from, the staged table at a time
PROGRESS_STEPS = 100

MSG_SAME_IN_FILE = _("The same record is already on row %(row)s of this file.")
MSG_ROW_REFUSED_AT_COMMIT = _(
    "Row %(row)s was refused while importing, so nothing was imported: %(reason)s "
    "The row is now listed with the refusals; import again to import the other rows."
)
MSG_COMMIT_FAILED = _("The import stopped on an error, so nothing was imported. Try again; "
                      "if it fails again, tell the system administrator.")
MSG_PREVIEW_FAILED = _("The check stopped on an error. Upload the file again; if it fails "
                       "again, tell the system administrator.")
MSG_WHOLE_ROW = _("Whole row")


def column_label(kind: ImportKind, field: str) -> str:
    column = kind.column(field)
    return str(column.label) if column is not None else str(MSG_WHOLE_ROW)


# ------------------------------------------------------------------------------ preview


def batch_preview(batch: ImportBatch, progress: Progress) -> JobFile:
    """Check every row of the batch's workbook into the staged table; the refusals as a
    workbook the user can work through."""
    kind = kind_get(batch.kind)
    context = kind.context(batch)
    ImportRow.objects.filter(batch=batch).delete()  # a job run again starts afresh
    try:
        with batch.file.open("rb") as file:
            counts = _check_rows(batch, kind, context, SheetReader(file, kind), progress)
    except ValidationError as exc:
        ImportBatch.objects.filter(pk=batch.pk).update(state=BatchState.FAILED,
                                                       error=" ".join(exc.messages))
        raise
    except Exception:
        ImportBatch.objects.filter(pk=batch.pk).update(state=BatchState.FAILED,
                                                       error=str(MSG_PREVIEW_FAILED))
        raise
    ImportBatch.objects.filter(pk=batch.pk).update(
        state=BatchState.PREVIEWED, previewed_at=timezone.now(), error="",
        rows_total=sum(counts.values()), rows_create=counts[RowAction.CREATE],
        rows_update=counts[RowAction.UPDATE], rows_refused=counts[RowAction.REFUSE])
    name = pgettext("import file name", "refusals")
    return JobFile(f"{name}-{batch.pk}.xlsx", refusals_workbook(batch))


def _check_rows(batch: ImportBatch, kind: ImportKind, context: Context, reader: SheetReader,
                progress: Progress) -> dict[str, int]:
    counts = dict.fromkeys(RowAction.values, 0)
    first_row: dict[str, int] = {}  # natural key -> the row it first appeared on
    pending: list[ImportRow] = []
    total = reader.total  # 0 when the file does not say (then: a count every chunk)
    every = max(1, total // PROGRESS_STEPS) if total else CHUNK
    progress(0, total)
    done = 0
    for number, raw in reader:
        values, cell_errors = parse_row(kind, context, raw)
        check = kind.check(context, values, cell_errors)
        _same_in_file(check, number, first_row)
        row = _staged(batch, kind, number, values, check)
        counts[row.action] += 1
        pending.append(row)
        if len(pending) >= CHUNK:
            ImportRow.objects.bulk_create(pending)
            pending = []
        done += 1
        if done % every == 0:
            progress(done, max(total, done) if total else 0)
    ImportRow.objects.bulk_create(pending)
    if not done:
        from cwis.core.imports.workbook import MSG_NO_ROWS

        raise ValidationError(MSG_NO_ROWS, code="no_rows")
    progress(done, done)
    return counts


def _same_in_file(check: RowCheck, number: int, first_row: dict[str, int]) -> None:
    if not check.key or check.errors:
        return
    if check.key in first_row:
        check.errors.append(("", MSG_SAME_IN_FILE % {"row": first_row[check.key]}))
    else:
        first_row[check.key] = number


def _staged(batch: ImportBatch, kind: ImportKind, number: int, values: dict[str, Any],
            check: RowCheck) -> ImportRow:
    errors = [[column_label(kind, field), str(message)] for field, message in check.errors]
    if errors:
        action = RowAction.REFUSE
    else:
        action = RowAction.UPDATE if check.target_id else RowAction.CREATE
    return ImportRow(batch=batch, row_number=number, key=check.key[:200],
                     division_code=check.division_code[:12], label=check.label[:200],
                     action=action, target_id=check.target_id, errors=errors,
                     data=_jsonable(values))


def _jsonable(values: dict[str, Any]) -> dict[str, Any]:
    return {k: v.isoformat() if hasattr(v, "isoformat") else v for k, v in values.items()}


def refusals_workbook(batch: ImportBatch):
    """Every refusal of the batch: row, column, reason, record."""
    def lines() -> Iterator[tuple[int, str, str, str]]:
        rows = batch.rows.filter(action=RowAction.REFUSE).order_by("row_number")
        for row in rows.iterator(chunk_size=CHUNK):
            for label, message in row.errors:
                yield row.row_number, label, message, row.label

    columns = [Column(_("Row"), lambda r: r[0], 8), Column(_("Column"), lambda r: r[1], 20),
               Column(_("Reason"), lambda r: r[2], 70), Column(_("Record"), lambda r: r[3], 30)]
    return excel_table(_("Refused rows"), columns, lines())


# ------------------------------------------------------------------------------- commit


class RowRefusedError(Exception):
    def __init__(self, row: ImportRow, error: ValidationError) -> None:
        super().__init__(row.row_number)
        self.row, self.error = row, error


def batch_commit(batch: ImportBatch, progress: Progress) -> JobFile:
    """Apply the valid rows in one transaction; nothing is written unless all of them are."""
    kind = kind_get(batch.kind)
    context = kind.context(batch)
    rows = batch.rows.exclude(action=RowAction.REFUSE).order_by("row_number")
    total = rows.count()
    progress(0, total)
    side = SideProgress(progress, total)
    try:
        with transaction.atomic():
            created, updated = _apply_rows(kind, context, rows, side)
            ImportBatch.objects.filter(pk=batch.pk).update(
                state=BatchState.COMMITTED, committed_at=timezone.now(), error="",
                rows_created=created, rows_updated=updated)
    except RowRefusedError as exc:
        _refused_at_commit(batch, kind, exc)
    except Exception:
        ImportBatch.objects.filter(pk=batch.pk).update(state=BatchState.PREVIEWED,
                                                       error=str(MSG_COMMIT_FAILED))
        raise
    finally:
        side.close()
    progress(total, total)
    batch.refresh_from_db()
    name = pgettext("import file name", "imported")
    return JobFile(f"{name}-{batch.pk}.xlsx", refusals_workbook(batch))


def _apply_rows(kind: ImportKind, context: Context, rows, side: "SideProgress"
                ) -> tuple[int, int]:
    from cwis.core.imports.models import RowOutcome

    created = updated = 0
    chunk: list[ImportRow] = []
    for done, row in enumerate(rows.iterator(chunk_size=CHUNK), start=1):
        try:
            row.outcome = kind.apply(context, row)
        except ValidationError as exc:
            raise RowRefusedError(row, exc) from exc
        created += row.outcome == RowOutcome.CREATED
        updated += row.outcome == RowOutcome.UPDATED
        chunk.append(row)
        if len(chunk) >= CHUNK:
            ImportRow.objects.bulk_update(chunk, ["outcome", "target_id"])
            chunk = []
        side(done)
    ImportRow.objects.bulk_update(chunk, ["outcome", "target_id"])
    return created, updated


def _refused_at_commit(batch: ImportBatch, kind: ImportKind, exc: RowRefusedError) -> None:
    """The data changed since the preview: the row joins the refusals, nothing was written,
    and the job fails with the reason."""
    error = exc.error
    pairs = ([(f, m) for f, ms in error.message_dict.items() for m in ms]
             if hasattr(error, "error_dict") else [("", m) for m in error.messages])
    row = exc.row
    row.action = RowAction.REFUSE
    row.errors = [[column_label(kind, f if kind.column(f) else ""), str(m)] for f, m in pairs]
    row.save(update_fields=["action", "errors"])
    counts = {a: batch.rows.filter(action=a).count() for a in RowAction.values}
    message = str(MSG_ROW_REFUSED_AT_COMMIT % {
        "row": row.row_number, "reason": " ".join(m for _label, m in row.errors)})
    ImportBatch.objects.filter(pk=batch.pk).update(
        state=BatchState.PREVIEWED, error=message, rows_create=counts[RowAction.CREATE],
        rows_update=counts[RowAction.UPDATE], rows_refused=counts[RowAction.REFUSE])
    raise ValidationError(message, code="refused_at_commit")


class SideProgress:
    """The commit's progress while its transaction is open. Writes made inside it would be
    seen by nobody until the end, so on PostgreSQL the count goes through a connection of
    its own (autocommit), carrying the attempt as the runner's own writes do (ADR 0009);
    elsewhere (SQLite, tests) the bar jumps from 0 to the end."""

    def __init__(self, progress: Progress, total: int) -> None:
        self.total, self.every = total, max(1, total // PROGRESS_STEPS)
        job, attempt = getattr(progress, "job", None), getattr(progress, "attempt", None)
        self.target = (job.pk, attempt) if isinstance(job, Job) else None
        self.connection = None
        if self.target and connections[DEFAULT_DB_ALIAS].vendor == "postgresql":
            self.connection = connections.create_connection(DEFAULT_DB_ALIAS)

    def __call__(self, done: int) -> None:
        if self.connection is None or done % self.every:
            return
        table = Job._meta.db_table
        try:
            with self.connection.cursor() as cursor:
                cursor.execute(
                    f"UPDATE {table} SET progress_done = %s, progress_total = %s "  # noqa: S608
                    "WHERE id = %s AND state = %s AND attempts = %s",
                    [done, self.total, self.target[0], JobState.RUNNING, self.target[1]])
        except Exception:  # progress is a courtesy: the import goes on without it
            logger.warning("import progress not written", exc_info=True)
            self.close()

    def close(self) -> None:
        if self.connection is not None:
            self.connection.close()
            self.connection = None
