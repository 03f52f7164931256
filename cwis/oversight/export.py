"""A yearly report as Word (official layout: title, numbered sections, a figures table) and as
Excel. Both take the labels in the active language."""

import io

from django.utils.translation import gettext as _
from django.utils.translation import pgettext
from docx import Document
from docx.enum.text import WD_ALIGN_PARAGRAPH
from docx.oxml.ns import qn
from docx.shared import Mm, Pt

from cwis.core.export import Column, ExcelWorkbook, printable, safe_cell
from cwis.oversight.models import YearlyReport
from cwis.oversight.selectors import report_figure_rows
from cwis.oversight.services import REPORT_TEXT_FIELDS

SECTION_NUMBERS = ("一", "二", "三", "四", "五", "六")
# Official documents are printed on A4 (GB/T 9704: 210 x 297 mm, margins 37 / 35 / 28 / 26 mm);
# python-docx's blank document is US Letter.
A4_WIDTH, A4_HEIGHT = Mm(210), Mm(297)


def _value() -> str:
    """The header of a figure's value column ("数值", not a document's "编号")."""
    return pgettext("figure", "Value")


def report_title(report: YearlyReport) -> str:
    return _(
        "%(province)s: progress of quality improvement and transformation of child welfare "
        "institutions (%(year)s)"
    ) % {"province": report.province.name, "year": report.year}


def _set_font(run, size: int, *, bold: bool = False, east_asian: str = "仿宋") -> None:
    run.font.size = Pt(size)
    run.font.bold = bold
    run.font.name = east_asian
    run._element.rPr.rFonts.set(qn("w:eastAsia"), east_asian)


def _a4(document) -> None:
    for section in document.sections:
        section.page_width, section.page_height = A4_WIDTH, A4_HEIGHT
        section.top_margin, section.bottom_margin = Mm(37), Mm(35)
        section.left_margin, section.right_margin = Mm(28), Mm(26)


def report_docx(report: YearlyReport) -> bytes:
    document = Document()
    _a4(document)
    title = document.add_paragraph()
    title.alignment = WD_ALIGN_PARAGRAPH.CENTER
    _set_font(title.add_run(printable(report_title(report))), 22, bold=True,
              east_asian="方正小标宋简体")
    subtitle = document.add_paragraph()
    subtitle.alignment = WD_ALIGN_PARAGRAPH.CENTER
    _set_font(
        subtitle.add_run(
            _("Figures as of %(date)s") % {"date": report.figures_as_of or ""}
        ),
        14,
    )
    for number, (name, label) in zip(SECTION_NUMBERS, REPORT_TEXT_FIELDS.items(), strict=False):
        heading = document.add_paragraph()
        _set_font(heading.add_run(f"{number}、{label}"), 16, bold=True, east_asian="黑体")
        for line in (getattr(report, name) or "").splitlines() or [""]:
            paragraph = document.add_paragraph()
            paragraph.paragraph_format.first_line_indent = Pt(32)
            _set_font(paragraph.add_run(printable(line)), 16)
    heading = document.add_paragraph()
    number = SECTION_NUMBERS[len(REPORT_TEXT_FIELDS)]
    _set_font(heading.add_run(f"{number}、{_('Figures')}"), 16, bold=True, east_asian="黑体")
    rows = report_figure_rows(report)
    table = document.add_table(rows=1, cols=3)
    table.style = "Table Grid"
    for cell, text in zip(table.rows[0].cells, (_("Section"), _("Item"), _value()),
                          strict=True):
        cell.text = text
    for row in rows:
        # The table's text is neutralised as the Excel sheet's is: it is copied into sheets.
        cells = table.add_row().cells
        for cell, value in zip(cells, (row["section"], row["label"], row["value"]), strict=True):
            cell.text = str(safe_cell(value))
    buffer = io.BytesIO()
    document.save(buffer)
    return buffer.getvalue()


def report_xlsx(report: YearlyReport) -> bytes:
    book = ExcelWorkbook()
    book.add_sheet(_("Figures"), [
        Column(_("Section"), lambda row: row["section"], width=24),
        Column(_("Item"), lambda row: row["label"], width=44),
        # No column of the figures' internal keys: they are English words (programs read
        # them from the API); a reader of the Chinese sheet sees the item's name.
        Column(_value(), lambda row: row["value"]),
    ], report_figure_rows(report), heading=[
        report_title(report),
        _("Figures as of %(date)s") % {"date": report.figures_as_of or ""},
    ])
    book.add_sheet(_("Text"), [
        Column("", lambda item: str(item[1]), width=24),
        Column("", lambda item: getattr(report, item[0]), width=100),
    ], REPORT_TEXT_FIELDS.items(), header=False)
    with book.save() as out:
        return out.read()
