"""Excel export of the community registry list, ID numbers masked (openpyxl, write-only)."""

import tempfile
from collections.abc import Callable
from typing import IO

from django.db.models import QuerySet
from django.utils.translation import gettext as _
from openpyxl import Workbook

from cwis.children.models import CATEGORY_LABELS, Child

CHUNK = 2000


def _labels(field: str) -> dict:
    """Choice labels translated once per export (see cwis/children/export.py)."""
    return {value: str(label) for value, label in Child._meta.get_field(field).flatchoices}


def _columns() -> list[tuple[str, Callable[[Child], object]]]:
    sex, status = _labels("sex"), _labels("status")
    difficulty, left = _labels("difficulty_kind"), _labels("left_behind_situation")
    relation, exit_reason = _labels("guardian_relation"), _labels("registry_exit_reason")
    categories = {key: str(label) for key, label in CATEGORY_LABELS.items()}
    return [
        (_("Name"), lambda c: c.name),
        (_("Sex"), lambda c: sex.get(c.sex, c.sex)),
        (_("Date of birth"), lambda c: c.birth_date),
        (_("Citizen ID number"), lambda c: c.citizen_id_masked),
        (_("Township or village code"), lambda c: c.division_code),
        (_("Home address"), lambda c: c.home_address),
        (_("Categories"), lambda c: "、".join(categories[k] for k in c.categories)),
        (_("Left-behind situation"), lambda c: left.get(c.left_behind_situation, "")),
        (_("Kind of difficulty"), lambda c: difficulty.get(c.difficulty_kind, "")),
        (_("Who looks after the child"), lambda c: relation.get(c.guardian_relation, "")),
        (_("Registered on"), lambda c: c.registered_on),
        (_("Last visit"), lambda c: getattr(c, "last_visit_on", None)),
        (_("Next visit due"), lambda c: getattr(c, "visit_due", None)),
        (_("Status"), lambda c: status.get(c.status, c.status)),
        (_("Removed on"), lambda c: c.registry_closed_on),
        (_("Reason for removal"), lambda c: exit_reason.get(c.registry_exit_reason, "")),
    ]


def community_workbook(children: QuerySet[Child]) -> IO[bytes]:
    """The list as a workbook in a temporary file, rows streamed from the database."""
    workbook = Workbook(write_only=True)
    sheet = workbook.create_sheet(title=_("Community children"))
    columns = _columns()
    sheet.append([label for label, _value in columns])
    for child in children.iterator(chunk_size=CHUNK):
        sheet.append([value(child) for _label, value in columns])
    out = tempfile.SpooledTemporaryFile(max_size=8 * 1024 * 1024)  # noqa: SIM115 - returned open
    workbook.save(out)
    out.seek(0)
    return out
