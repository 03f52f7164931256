"""Excel lists of care services: the school-age report sent to the education department."""

from typing import IO

from django.db.models import QuerySet
from django.utils.translation import gettext as _

from cwis.care.models import SchoolAgeReport, SchoolAgeReportEntry
from cwis.children.models import Child
from cwis.core.export import Column, choice_labels, excel_table
from cwis.core.jobs.registry import Progress


def _columns(id_number) -> list[Column[SchoolAgeReportEntry]]:
    sex = choice_labels(Child, "sex")
    stage = choice_labels(SchoolAgeReportEntry, "stage")
    disability = choice_labels(Child, "disability_type")
    return [
        Column(_("Name"), lambda e: e.child.name),
        Column(_("Sex"), lambda e: sex.get(e.child.sex, e.child.sex)),
        Column(_("Date of birth"), lambda e: e.child.birth_date),
        Column(_("Citizen ID number"), lambda e: id_number(e.child)),
        Column(_("Disability"), lambda e: disability.get(e.child.disability_type, "")),
        Column(_("Stage"), lambda e: stage.get(e.stage, e.stage)),
        Column(_("Note"), lambda e: e.note),
    ]


def school_report_filename(report: SchoolAgeReport) -> str:
    return f"school-age-report-{report.institution_id}-{report.year}.xlsx"


def school_report_workbook(report: SchoolAgeReport, entries: QuerySet[SchoolAgeReportEntry],
                           *, id_number, progress: Progress | None = None) -> IO[bytes]:
    """The report's children, one row each; `id_number(child)` gives the ID number as the
    exporting user may see it (whole or masked)."""
    title = _("School-age children %(year)s") % {"year": report.year}
    return excel_table(title, _columns(id_number), entries, progress=progress)
