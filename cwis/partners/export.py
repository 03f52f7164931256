"""The request as an Excel list with answer columns, and the answers read back from it.

The department downloads its request, fills the answer columns (outcome, date, reference,
detail, reason) and uploads the file; `answers_from_workbook` reads the rows it answered
(rows left blank are skipped) for `services.request_answers_import`, which checks every
row before writing any (docs/partners.md)."""

import datetime as dt
from typing import IO, Any

from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy
from openpyxl import load_workbook

from cwis.children.models import Child
from cwis.core.export import Column, excel_table
from cwis.core.forms import parse_date
from cwis.partners.kinds import BASE_FIELDS, KINDS
from cwis.partners.models import ItemStatus, PartnerRequest
from cwis.partners.services.rules import MSG_FILE, MSG_ROW

MAX_UPLOAD_ROWS = 20_000

LINE = _("Line no.")
ANSWER_COLUMNS = {
    "outcome": _("Answer (done / refused)"),
    "on": _("Answer date"),
    "reference": _("Reference number"),
    "detail": _("Answer detail"),
    "reason": _("Reason for refusal"),
}
MSG_DATE_CELL = _("not a date (write YYYY-MM-DD)")


REFERRAL_LABELS = {"referral_service": _("Service asked"),
                   "referral_request": _("What is asked")}


def field_label(name: str):
    if name in REFERRAL_LABELS:
        return REFERRAL_LABELS[name]
    if name == "institution":
        return _("Institution")
    if name == "hukou_division":
        return _("Hukou division")
    if name == "name":
        return pgettext_lazy("person", "name")
    return Child._meta.get_field(name).verbose_name


def field_value(row: dict, name: str) -> object:
    if name == "hukou_division":
        return row.get("hukou_place", "")
    value = row.get(name)
    if name == "referral_service":
        from cwis.protection.models.referrals import ReferralService

        return dict(ReferralService.choices).get(value, value or "")
    if name in ("institution", "name", "birth_date", "hukou_address", "school_name",
                "referral_request"):
        return value or ""
    field = Child._meta.get_field(name)
    return dict(field.flatchoices).get(value, value or "") if field.choices else value


def request_workbook(request: PartnerRequest, rows: list[dict]) -> IO[bytes]:
    fields = (*BASE_FIELDS, *KINDS[request.kind].fields)
    columns: list[Column[dict]] = [Column(LINE, lambda r: r["id"], 10)]
    columns += [Column(field_label(name), lambda r, n=name: field_value(r, n), 16)
                for name in fields]
    columns.append(Column(_("Request note"), lambda r: r["note"], 20))
    columns += [
        Column(ANSWER_COLUMNS["outcome"],
               lambda r: r["status"] if r["status"] != ItemStatus.OPEN else "", 16),
        Column(ANSWER_COLUMNS["on"], lambda r: r["answered_on"], 14),
        Column(ANSWER_COLUMNS["reference"], lambda r: r["reference"], 20),
        Column(ANSWER_COLUMNS["detail"], lambda r: r["detail"], 20),
        Column(ANSWER_COLUMNS["reason"], lambda r: r["refusal_reason"], 24),
    ]
    return excel_table(request.get_kind_display(), columns, rows)


def _outcome(value: Any) -> str:
    text = str(value or "").strip()
    for choice, label in ItemStatus.choices:
        if text.lower() in (choice, str(label).lower()):
            return choice
    return text


def answers_from_workbook(upload: IO[bytes]) -> list[dict]:
    """The answered rows of an uploaded list: {"row", "item", "outcome", "on", "reference",
    "detail", "reason", "labels"}. A file that is not the list is refused whole; a bad cell
    is refused with its row and column."""
    try:
        sheet = load_workbook(upload, read_only=True, data_only=True).worksheets[0]
        lines = sheet.iter_rows(values_only=True, max_row=MAX_UPLOAD_ROWS + 1)
        header = [str(c or "").strip() for c in next(lines)]
    except Exception as exc:
        raise ValidationError({"file": [MSG_FILE]}) from exc
    wanted = {"item": str(LINE), **{k: str(v) for k, v in ANSWER_COLUMNS.items()}}
    where = {key: header.index(label) for key, label in wanted.items() if label in header}
    if set(where) != set(wanted):
        raise ValidationError({"file": [MSG_FILE]})
    rows, messages = [], []
    for number, line in enumerate(lines, start=2):
        cells = {key: line[index] if index < len(line) else None
                 for key, index in where.items()}
        if not any(cells[k] not in (None, "") for k in ANSWER_COLUMNS):
            continue
        on = _date(cells["on"])
        if cells["on"] not in (None, "") and on is None:
            messages.append(MSG_ROW % {"row": number, "column": wanted["on"],
                                       "message": MSG_DATE_CELL})
        item = cells["item"]
        rows.append({"row": number, "item": int(item) if str(item or "").isdigit() else None,
                     "outcome": _outcome(cells["outcome"]), "on": on,
                     "reference": str(cells["reference"] or ""),
                     "detail": str(cells["detail"] or ""),
                     "reason": str(cells["reason"] or ""),
                     "labels": {"item": wanted["item"], "outcome": wanted["outcome"],
                                "on": wanted["on"], "reference": wanted["reference"],
                                "reason": wanted["reason"], "detail": wanted["detail"]}})
    if messages:
        raise ValidationError({"file": messages})
    return rows


def _date(value: Any) -> dt.date | None:
    if isinstance(value, dt.datetime):
        return value.date()
    if isinstance(value, dt.date):
        return value
    return parse_date(str(value or "").strip())
