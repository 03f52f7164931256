"""Screening workbooks for the tests and the benchmark: the campaign's own template with
rows filled in, as the county's screening teams return it."""

import datetime as dt
import io
from collections.abc import Iterable
from typing import Any

from django.core.files.uploadedfile import SimpleUploadedFile
from openpyxl import Workbook, load_workbook

from cwis.children.demo import citizen_id
from cwis.core.imports.workbook import template_workbook
from cwis.protection.tests.factories import TOWNSHIP, VILLAGE
from cwis.screening.imports import COLUMNS, SCREENING_IMPORT, campaign_context_of
from cwis.screening.models import Campaign


def label(field: str) -> str:
    """A column's header in the active language, as the preview names it."""
    return next(str(c.label) for c in COLUMNS if c.field == field)


def campaign_for(actor, **overrides) -> Campaign:
    from cwis.screening.services import campaign_open

    fields = {"name": "2026年春季排查", "starts_on": dt.date(2026, 1, 1),
              "ends_on": dt.date(2026, 1, 31), "township_codes": [TOWNSHIP]}
    fields.update(overrides)
    return campaign_open(actor=actor, **fields)


def child_row(number: int = 1, **overrides) -> dict[str, Any]:
    """A left-behind child of 莲塘村, as a screening team writes the row (Chinese cells)."""
    birth = dt.date(2013, 3, 1) + dt.timedelta(days=number % 3000)
    male = bool(number % 2)
    row = {
        "village": VILLAGE, "name": f"王{_given(number)}", "sex": "男" if male else "女",
        "birth_date": birth,
        "citizen_id": citizen_id("360121", birth, 100 + (number // 3000) * 2 + male),
        "registered_on": dt.date(2026, 1, 15), "home_address": f"莲塘村{number}号",
        "is_left_behind": "是", "left_behind_situation": "父母双方外出务工",
        "is_orphan": "否", "is_de_facto_unsupported": "否", "is_in_difficulty": "否",
        "difficulty_kind": "", "guardian_relation": "祖父母、外祖父母",
        "guardian_name": "王奶奶", "guardian_phone": "13800000000",
        "education_status": "小学", "school_name": "莲塘小学",
    }
    row.update(overrides)
    return row


def _given(number: int) -> str:
    chars = "明华强伟芳娜静丽军杰涛斌超勇艳娟霞平刚桂英"
    text = ""
    while True:
        text = chars[number % len(chars)] + text
        number //= len(chars)
        if not number:
            return text


def screening_workbook(campaign: Campaign | None, rows: Iterable[dict[str, Any]], *,
                       fast: bool = False) -> bytes:
    """The campaign's template with `rows` ({field: cell}) on its data sheet; `fast` writes a
    plain one-sheet workbook with the same headers (a 100,000-row benchmark file)."""
    if fast:
        book = Workbook(write_only=True)
        sheet = book.create_sheet("数据")
        sheet.append([str(c.label) for c in COLUMNS])
    else:
        context = campaign_context_of(campaign, None)
        book = load_workbook(io.BytesIO(template_workbook(SCREENING_IMPORT, context)))
        sheet = book.worksheets[0]
    for row in rows:
        sheet.append([row.get(c.field) for c in COLUMNS])
    out = io.BytesIO()
    book.save(out)
    return out.getvalue()


def upload(content: bytes, name: str = "排查.xlsx") -> SimpleUploadedFile:
    return SimpleUploadedFile(
        name, content,
        content_type="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet")
