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


def _labels(field: str) -> dict:
    """A choice field's values and labels, translated once per export: Django's
    `get_FOO_display` rebuilds and hashes the lazy choice list on every call, which was
    half the time of a large export (benchmarks/RESULTS.md)."""
    return {value: str(label) for value, label in Child._meta.get_field(field).flatchoices}


def _columns() -> list[tuple[str, Callable[[Child], object]]]:
    sex, status = _labels("sex"), _labels("status")
    guardian, insurance = _labels("guardian_kind"), _labels("insurance_status")
    categories = {key: str(label) for key, label in CATEGORY_LABELS.items()}
    yes = _("Yes")
    return [
        (_("Name"), lambda c: c.name),
        (_("Sex"), lambda c: sex.get(c.sex, c.sex)),
        (_("Date of birth"), lambda c: c.birth_date),
        (_("Estimated"), lambda c: yes if c.birth_date_estimated else ""),
        (_("Citizen ID number"), lambda c: c.citizen_id_masked),
        (_("Institution"), lambda c: c.current_institution.name if c.current_institution else ""),
        (_("Status"), lambda c: status.get(c.status, c.status)),
        (_("Guardianship"), lambda c: guardian.get(c.guardian_kind, c.guardian_kind)),
        (_("Categories"), lambda c: "、".join(categories[k] for k in c.categories)),
        (_("Medical insurance"), lambda c: insurance.get(c.insurance_status, c.insurance_status)),
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
