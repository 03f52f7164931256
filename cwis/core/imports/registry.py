"""The kinds of import, each declared by the app that owns the records it writes.

An app declares a kind in its `imports.py` (imported at start-up, like `jobs.py`):

    KIND = import_kind(ImportKind(
        name="screening.community", label=_("Screening campaign"), perm=Perm.SCREENING_RUN,
        columns=[Column("name", _("Name"), required=True), ...],
        context=campaign_context,   # (batch) -> the kind's own context, built once per run
        check=row_check,            # (context, values, cell_errors) -> RowCheck
        apply=row_apply,            # (context, row) -> RowOutcome, inside the commit
    ))

`check` runs in the preview and writes nothing; `apply` runs in the commit's one
transaction and identifies the record from the row's values (its natural key), never from
the row number or what the preview found, so a commit applied twice creates nothing twice.
A ValidationError from `apply` (the data changed since the preview) undoes the whole commit.
"""

import datetime as dt
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any

from django.utils.functional import Promise

from cwis.core.permissions import Perm

if TYPE_CHECKING:
    from cwis.core.imports.models import ImportBatch, ImportRow


class ColumnType:
    TEXT = "text"
    DATE = "date"
    YES_NO = "yes_no"
    CHOICE = "choice"
    INTEGER = "integer"


@dataclass(frozen=True)
class Column:
    """A column of the template: the value's name in the row, its Chinese header, its type;
    a CHOICE column takes its (value, label) pairs from `choices`, or from the kind's context
    (`choices_from`: a key of `Context.choices`, e.g. the villages of a campaign)."""

    field: str
    label: str | Promise
    type: str = ColumnType.TEXT
    required: bool = False
    choices: Sequence[tuple[Any, Any]] = ()
    choices_from: str = ""
    help: str | Promise = ""
    width: int = 16


@dataclass
class Context:
    """What a kind builds once per preview or commit: the batch, the acting user and the
    dynamic choices (a campaign's villages...); `extra` is the kind's own."""

    batch: "ImportBatch"
    choices: dict[str, Sequence[tuple[Any, Any]]] = field(default_factory=dict)
    today: dt.date | None = None
    extra: dict[str, Any] = field(default_factory=dict)


@dataclass
class RowCheck:
    """What the preview found for one row: create or update (`target_id`), or refusals as
    (column field, message); `key` identifies the record within the import."""

    key: str
    errors: list[tuple[str, Any]] = field(default_factory=list)
    target_id: int | None = None
    division_code: str = ""
    label: str = ""


@dataclass(frozen=True)
class ImportKind:
    name: str
    label: str | Promise
    perm: Perm
    columns: Sequence[Column]
    context: "Callable[[ImportBatch], Context]"
    # (context, values, the cells already refused as (field, message)) -> the row's RowCheck,
    # whose errors include those; rows with refused cells need not be checked further.
    check: Callable[[Context, dict[str, Any], list[tuple[str, Any]]], RowCheck]
    apply: "Callable[[Context, ImportRow], str]"
    instructions: Sequence[str | Promise] = ()
    # What the template's file is called (without .xlsx), from the context.
    template_name: Callable[[Context], str] = lambda _context: "template"

    def column(self, name: str) -> Column | None:
        return next((c for c in self.columns if c.field == name), None)


_KINDS: dict[str, ImportKind] = {}


def import_kind(kind: ImportKind) -> ImportKind:
    _KINDS[kind.name] = kind
    return kind


def kind_get(name: str) -> ImportKind:
    """The registered kind; KeyError for a name nobody registered."""
    return _KINDS[name]
