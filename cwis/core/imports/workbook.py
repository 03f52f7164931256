"""The Excel side of an import: the template a kind's users fill in, and the streaming read
of what they send back (openpyxl's read-only mode: one row in memory at a time, ADR 0016)."""

import datetime as dt
import io
from collections.abc import Iterator, Sequence
from typing import IO, Any

from django.conf import settings
from django.core.exceptions import ValidationError
from django.utils import translation
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy
from openpyxl import Workbook, load_workbook
from openpyxl.styles import Alignment, Font, PatternFill
from openpyxl.utils import get_column_letter
from openpyxl.worksheet.datavalidation import DataValidation

from cwis.core.export import safe_cell
from cwis.core.imports.registry import Column, ColumnType, Context, ImportKind

YES = pgettext_lazy("import cell", "Yes")
NO = pgettext_lazy("import cell", "No")
REQUIRED_MARK = " *"
TEMPLATE_ROWS = 5000  # rows the drop-downs and text formats cover in the template

MSG_NOT_A_WORKBOOK = _("This is not an Excel workbook (.xlsx): download the template and "
                       "fill it in.")
MSG_COLUMNS_MISSING = _("The first sheet lacks these columns of the template: %(columns)s.")
MSG_NO_ROWS = _("The first sheet has no rows to import under its header.")
MSG_CELL_REQUIRED = _("Fill in this cell.")
MSG_CELL_DATE = _("Write a date such as 2020-05-01.")
MSG_CELL_YES_NO = _("Write 是 or 否 (yes or no).")
MSG_CELL_CHOICE = _("Choose one of the values in the cell's drop-down list.")
MSG_CELL_INTEGER = _("Write a whole number.")
MSG_CELL_TOO_LONG = _("This text is longer than %(max)s characters.")
MAX_TEXT = 200

_HEADER_FILL = PatternFill("solid", fgColor="DDEBF7")
_REQUIRED_FILL = PatternFill("solid", fgColor="FCE4D6")
_DATE_FORMATS = ("%Y-%m-%d", "%Y/%m/%d", "%Y.%m.%d", "%Y%m%d", "%Y年%m月%d日")


# ---------------------------------------------------------------------------- template


def choices_of(column: Column, context: Context) -> Sequence[tuple[Any, Any]]:
    if column.type == ColumnType.YES_NO:
        return ((True, YES), (False, NO))
    if column.choices_from:
        return context.choices.get(column.choices_from, ())
    return column.choices


def template_workbook(kind: ImportKind, context: Context) -> bytes:
    """The kind's template: a data sheet with Chinese headers (required ones marked and
    shaded), a drop-down on every choice column, ID-like columns formatted as text; a sheet
    of instructions; a hidden sheet holding the drop-downs' lists."""
    book = Workbook()
    data = book.active
    data.title = str(_("Data"))[:31]
    lists = book.create_sheet(str(_("Lists"))[:31])
    lists.sheet_state = "hidden"
    for index, column in enumerate(kind.columns, start=1):
        letter = get_column_letter(index)
        cell = data.cell(row=1, column=index,
                         value=str(column.label) + (REQUIRED_MARK if column.required else ""))
        cell.font = Font(bold=True)
        cell.fill = _REQUIRED_FILL if column.required else _HEADER_FILL
        cell.alignment = Alignment(wrap_text=True, vertical="center")
        data.column_dimensions[letter].width = column.width
        if column.type == ColumnType.TEXT:
            data.column_dimensions[letter].number_format = "@"
        if column.type == ColumnType.DATE:
            data.column_dimensions[letter].number_format = "yyyy-mm-dd"
        options = choices_of(column, context)
        if options:  # a drop-down; a text column with one (villages) also takes a code
            for row, (_value, label) in enumerate(options, start=1):
                lists.cell(row=row, column=index, value=safe_cell(str(label)))
            # The formula as OOXML stores it: no leading "=", the sheet name quoted.
            source = f"'{lists.title}'!${letter}$1:${letter}${len(options)}"
            check = DataValidation(type="list", formula1=source, allow_blank=True,
                                   showErrorMessage=True, error=str(MSG_CELL_CHOICE))
            check.add(f"{letter}2:{letter}{TEMPLATE_ROWS + 1}")
            data.add_data_validation(check)
    data.freeze_panes = "A2"
    _instructions(book.create_sheet(str(_("Instructions"))[:31], 1), kind, context)
    out = io.BytesIO()
    book.save(out)
    return out.getvalue()


def _instructions(sheet, kind: ImportKind, context: Context) -> None:
    sheet.column_dimensions["A"].width = 24
    sheet.column_dimensions["B"].width = 12
    sheet.column_dimensions["C"].width = 90
    sheet.append([str(kind.label)])
    sheet["A1"].font = Font(bold=True, size=14)
    for line in kind.instructions:
        sheet.append([str(line)])
    sheet.append([])
    sheet.append([str(_("Column")), str(_("Required")), str(_("What to write"))])
    for cell in sheet[sheet.max_row]:
        cell.font = Font(bold=True)
    for column in kind.columns:
        sheet.append([str(column.label), str(YES if column.required else NO),
                      _describe(column, context)])
        sheet.cell(row=sheet.max_row, column=3).alignment = Alignment(wrap_text=True)


def _describe(column: Column, context: Context) -> str:
    parts = [str(column.help)] if column.help else []
    if column.type == ColumnType.DATE:
        parts.append(str(MSG_CELL_DATE))
    elif column.type == ColumnType.YES_NO:
        parts.append(str(MSG_CELL_YES_NO))
    elif column.type == ColumnType.CHOICE or column.choices_from:
        options = choices_of(column, context)
        shown = "、".join(str(label) for _value, label in list(options)[:30])
        parts.append(f"{MSG_CELL_CHOICE} {shown}{'……' if len(options) > 30 else ''}")
    return " ".join(parts)


# ------------------------------------------------------------------------------ reading


class SheetReader:
    """The rows of the first sheet, one at a time, as {column field: cell value}, with their
    row numbers; `total` is the sheet's own count of rows (0 when it does not say)."""

    def __init__(self, file: IO[bytes], kind: ImportKind) -> None:
        try:
            self._book = load_workbook(file, read_only=True, data_only=True)
        except Exception as exc:  # zip, XML or openpyxl errors: not a workbook we can read
            raise ValidationError(MSG_NOT_A_WORKBOOK, code="not_workbook") from exc
        sheet = self._book.worksheets[0]
        self._rows = sheet.iter_rows(values_only=True)
        header = next(self._rows, None) or ()
        self.fields = _header_fields(header, kind)
        self.total = max((sheet.max_row or 1) - 1, 0)

    def __iter__(self) -> Iterator[tuple[int, dict[str, Any]]]:
        try:
            for number, values in enumerate(self._rows, start=2):
                row = {field: value for field, value in zip(self.fields, values, strict=False)
                       if field is not None}
                if any(_present(v) for v in row.values()):
                    yield number, row
        finally:
            self._book.close()


def spellings(label: Any) -> set[str]:
    """A label as every language of CWIS writes it (a template downloaded in English is
    read back whatever the reader's language), folded for comparison."""
    found = {str(label).strip().casefold()}
    for code, _name in settings.LANGUAGES:
        with translation.override(code):
            found.add(str(label).strip().casefold())
    return found


def _header_fields(header: Sequence[Any], kind: ImportKind) -> list[str | None]:
    by_label = {spelling: c.field for c in kind.columns for spelling in spellings(c.label)}
    fields = [by_label.get(str(v or "").replace(REQUIRED_MARK.strip(), "").strip().casefold())
              for v in header]
    missing = [str(c.label) for c in kind.columns if c.required and c.field not in fields]
    if missing:
        raise ValidationError(MSG_COLUMNS_MISSING, params={"columns": "、".join(missing)},
                              code="columns_missing")
    return fields


def _present(value: Any) -> bool:
    return value is not None and not (isinstance(value, str) and not value.strip())


# ------------------------------------------------------------------------------ parsing


def parse_row(kind: ImportKind, context: Context,
              raw: dict[str, Any]) -> tuple[dict[str, Any], list[tuple[str, Any]]]:
    """The row's values as the kind's services take them, and every cell refused as
    (column field, message)."""
    values: dict[str, Any] = {}
    errors: list[tuple[str, Any]] = []
    for column in kind.columns:
        value = raw.get(column.field)
        if not _present(value):
            if column.required:
                errors.append((column.field, MSG_CELL_REQUIRED))
            values[column.field] = _empty(column)
            continue
        try:
            values[column.field] = _parse(column, context, value)
        except ValidationError as exc:
            errors.append((column.field, exc.messages[0]))
            values[column.field] = _empty(column)
    return values, errors


def _empty(column: Column) -> Any:
    if column.type == ColumnType.YES_NO:
        return False
    if column.type in (ColumnType.DATE, ColumnType.INTEGER):
        return None
    return ""


def _parse(column: Column, context: Context, value: Any) -> Any:
    if column.type == ColumnType.DATE:
        return _date(value)
    if column.type == ColumnType.INTEGER:
        try:
            return int(str(value).strip())
        except ValueError:
            raise ValidationError(MSG_CELL_INTEGER) from None
    if column.type in (ColumnType.YES_NO, ColumnType.CHOICE):
        return _choice(column, context, value)
    text = _text(value)
    if len(text) > MAX_TEXT:
        raise ValidationError(MSG_CELL_TOO_LONG % {"max": MAX_TEXT})
    return text


def _text(value: Any) -> str:
    if isinstance(value, float) and value.is_integer():
        value = int(value)  # a phone number typed as a number comes back as 13800000000.0
    return str(value).strip()


def _date(value: Any) -> dt.date:
    if isinstance(value, dt.datetime):
        return value.date()
    if isinstance(value, dt.date):
        return value
    text = _text(value)
    for pattern in _DATE_FORMATS:
        try:
            return dt.datetime.strptime(text, pattern).date()
        except ValueError:
            continue
    raise ValidationError(MSG_CELL_DATE)


def _choice(column: Column, context: Context, value: Any) -> Any:
    if isinstance(value, bool) and column.type == ColumnType.YES_NO:
        return value
    found = _lookup(column, context).get(_text(value).casefold(), _MISSING)
    if found is _MISSING:
        raise ValidationError(MSG_CELL_YES_NO if column.type == ColumnType.YES_NO
                              else MSG_CELL_CHOICE)
    return found


_MISSING = object()
_YES_NO_WORDS = {"y": True, "n": False, "1": True, "0": False, "true": True, "false": False,
                 "是": True, "否": False, "yes": True, "no": False}


def _lookup(column: Column, context: Context) -> dict[str, Any]:
    """{spelling: stored value} of a choice column, built once per run."""
    cache = context.extra.setdefault("_choice_lookup", {})
    if column.field not in cache:
        table = dict(_YES_NO_WORDS) if column.type == ColumnType.YES_NO else {}
        for stored, label in choices_of(column, context):
            table[str(stored).casefold()] = stored
            for spelling in spellings(label):
                table[spelling] = stored
        cache[column.field] = table
    return cache[column.field]
