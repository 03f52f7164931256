"""Reads of the import engine, scoped by the area each batch imports into."""

from typing import TYPE_CHECKING

from django.db.models import QuerySet

from cwis.core.imports.models import ImportBatch, ImportRow, RowAction
from cwis.core.scoping import get_scoped, scope

if TYPE_CHECKING:
    from cwis.accounts.models import User


def batch_get(*, actor: "User", batch_id: int, kind: str | None = None) -> ImportBatch:
    """A batch in scope (of `kind` when given); NotFoundError otherwise."""
    batches = ImportBatch.objects.select_related("owner", "job", "committed_by")
    if kind is not None:
        batches = batches.filter(kind=kind)
    return get_scoped(batches, actor, pk=batch_id)


def batch_list(*, actor: "User", kind: str, target: str) -> QuerySet[ImportBatch]:
    return scope(ImportBatch.objects.filter(kind=kind, target=target), actor).select_related(
        "owner")


def batch_rows(*, batch: ImportBatch, action: str | None = None) -> QuerySet[ImportRow]:
    """The batch's rows (of one action when given), in the workbook's order."""
    rows = batch.rows.order_by("row_number")
    if action in RowAction.values:
        rows = rows.filter(action=action)
    return rows
