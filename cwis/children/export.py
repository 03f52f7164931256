"""Excel export of a filtered list of children, ID numbers masked."""

from typing import IO

from django.db.models import QuerySet
from django.utils import timezone
from django.utils.translation import gettext as _

from cwis.children.models import CATEGORY_LABELS, Child
from cwis.core.export import Column, choice_labels, excel_table, place_columns
from cwis.core.jobs.registry import Progress


def _columns() -> list[Column[Child]]:
    sex, status = choice_labels(Child, "sex"), choice_labels(Child, "status")
    guardian = choice_labels(Child, "guardian_kind")
    insurance = choice_labels(Child, "insurance_status")
    categories = {key: str(label) for key, label in CATEGORY_LABELS.items()}
    yes = _("Yes")
    return [
        Column(_("Name"), lambda c: c.name),
        Column(_("Sex"), lambda c: sex.get(c.sex, c.sex)),
        Column(_("Date of birth"), lambda c: c.birth_date),
        Column(_("Estimated"), lambda c: yes if c.birth_date_estimated else ""),
        Column(_("Citizen ID number"), lambda c: c.citizen_id_masked),
        Column(_("Institution"),
               lambda c: c.current_institution.name if c.current_institution else ""),
        *place_columns(_("Place"), lambda c: c.division_code),
        Column(_("Status"), lambda c: status.get(c.status, c.status)),
        Column(_("Guardianship"), lambda c: guardian.get(c.guardian_kind, c.guardian_kind)),
        Column(_("Categories"), lambda c: "、".join(categories[k] for k in c.categories)),
        Column(_("Medical insurance"),
               lambda c: insurance.get(c.insurance_status, c.insurance_status)),
        Column(_("Left care on"), lambda c: c.left_care_on),
    ]


def children_filename() -> str:
    return f"children-{timezone.localdate():%Y%m%d}.xlsx"


def children_workbook(children: QuerySet[Child], *,
                      progress: Progress | None = None) -> IO[bytes]:
    """The list as a workbook in a temporary file, rows streamed from the database."""
    return excel_table(_("Children"), _columns(), children, progress=progress,
                       place_of=lambda c: c.division_code)
