"""Excel export of the community registry list, ID numbers masked."""

from typing import IO

from django.db.models import QuerySet
from django.utils import timezone
from django.utils.translation import gettext as _

from cwis.children.models import CATEGORY_LABELS, Child
from cwis.core.export import Column, choice_labels, excel_table, place_columns
from cwis.core.jobs.registry import Progress


def _columns() -> list[Column[Child]]:
    sex, status = choice_labels(Child, "sex"), choice_labels(Child, "status")
    difficulty = choice_labels(Child, "difficulty_kind")
    left = choice_labels(Child, "left_behind_situation")
    relation = choice_labels(Child, "guardian_relation")
    exit_reason = choice_labels(Child, "registry_exit_reason")
    categories = {key: str(label) for key, label in CATEGORY_LABELS.items()}
    return [
        Column(_("Name"), lambda c: c.name),
        Column(_("Sex"), lambda c: sex.get(c.sex, c.sex)),
        Column(_("Date of birth"), lambda c: c.birth_date),
        Column(_("Citizen ID number"), lambda c: c.citizen_id_masked),
        *place_columns(_("Township or village"), lambda c: c.division_code),
        Column(_("Home address"), lambda c: c.home_address),
        Column(_("Categories"), lambda c: "、".join(categories[k] for k in c.categories)),
        Column(_("Left-behind situation"), lambda c: left.get(c.left_behind_situation, "")),
        Column(_("Kind of difficulty"), lambda c: difficulty.get(c.difficulty_kind, "")),
        Column(_("Who looks after the child"),
               lambda c: relation.get(c.guardian_relation, "")),
        Column(_("Registered on"), lambda c: c.registered_on),
        Column(_("Last visit"), lambda c: getattr(c, "last_visit_on", None)),
        Column(_("Next visit due"), lambda c: getattr(c, "visit_due", None)),
        Column(_("Status"), lambda c: status.get(c.status, c.status)),
        Column(_("Removed on"), lambda c: c.registry_closed_on),
        Column(_("Reason for removal"), lambda c: exit_reason.get(c.registry_exit_reason, "")),
    ]


def community_filename() -> str:
    return f"community-children-{timezone.localdate():%Y%m%d}.xlsx"


def community_workbook(children: QuerySet[Child], *,
                       progress: Progress | None = None) -> IO[bytes]:
    """The list as a workbook in a temporary file, rows streamed from the database."""
    return excel_table(_("Community children"), _columns(), children, progress=progress,
                       place_of=lambda c: c.division_code)
