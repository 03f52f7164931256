"""Excel export of a filtered list of children, ID numbers masked (openpyxl, write-only)."""

import tempfile
from collections.abc import Callable
from typing import IO

from django.db.models import QuerySet
from django.utils.translation import gettext as _
from openpyxl import Workbook

from cwis.children.models import CATEGORY_LABELS, Child

XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
CHUNK = 2000


def _columns() -> list[tuple[str, Callable[[Child], object]]]:
    return [
        (_("Name"), lambda c: c.name),
        (_("Sex"), lambda c: c.get_sex_display()),
        (_("Date of birth"), lambda c: c.birth_date),
        (_("Estimated"), lambda c: _("Yes") if c.birth_date_estimated else ""),
        (_("Citizen ID number"), lambda c: c.citizen_id_masked),
        (_("Institution"), lambda c: c.current_institution.name if c.current_institution else ""),
        (_("Status"), lambda c: c.get_status_display()),
        (_("Guardianship"), lambda c: c.get_guardian_kind_display()),
        (_("Categories"), lambda c: "、".join(str(CATEGORY_LABELS[k]) for k in c.categories)),
        (_("Medical insurance"), lambda c: c.get_insurance_status_display()),
        (_("Left care on"), lambda c: c.left_care_on),
    ]


def children_workbook(children: QuerySet[Child]) -> IO[bytes]:
    """The list as a workbook in a temporary file, rows streamed from the database."""
    workbook = Workbook(write_only=True)
    sheet = workbook.create_sheet(title=_("Children"))
    columns = _columns()
    sheet.append([label for label, _value in columns])
    for child in children.iterator(chunk_size=CHUNK):
        sheet.append([value(child) for _label, value in columns])
    out = tempfile.SpooledTemporaryFile(max_size=8 * 1024 * 1024)  # noqa: SIM115 - returned open
    workbook.save(out)
    out.seek(0)
    return out
