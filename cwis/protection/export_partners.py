"""The registry's Excel lists for the education department and the disabled persons'
federation (cwis.protection.selectors.partners), ID numbers masked."""

from typing import IO

from django.db.models import QuerySet
from django.utils import timezone
from django.utils.translation import gettext as _

from cwis.care.choices import AssistanceState, OutsideState
from cwis.children.choices import EducationStatus
from cwis.children.models import Child
from cwis.core.export import Column, choice_labels, excel_table, place_columns
from cwis.core.jobs.registry import Progress


def _identity() -> list[Column[Child]]:
    sex = choice_labels(Child, "sex")
    relation = choice_labels(Child, "guardian_relation")
    return [
        Column(_("Name"), lambda c: c.name),
        Column(_("Sex"), lambda c: sex.get(c.sex, c.sex)),
        Column(_("Date of birth"), lambda c: c.birth_date),
        Column(_("Citizen ID number"), lambda c: c.citizen_id_masked),
        *place_columns(_("Township or village"), lambda c: c.division_code),
        Column(_("Home address"), lambda c: c.home_address),
        Column(_("Who looks after the child"), lambda c: relation.get(c.guardian_relation, "")),
    ]


def education_filename() -> str:
    return f"community-school-age-{timezone.localdate():%Y%m%d}.xlsx"


def education_workbook(children: QuerySet[Child], *,
                       progress: Progress | None = None) -> IO[bytes]:
    education = choice_labels(Child, "education_status")
    columns = [
        *_identity(),
        Column(_("School status"), lambda c: education.get(c.education_status, "")
               or _("Not recorded")),
        Column(_("School"), lambda c: c.school_name),
        Column(_("Out of school"), lambda c: _("Yes") if c.education_status
               == EducationStatus.NOT_ATTENDING else ""),
    ]
    return excel_table(_("School-age community children"), columns, children,
                       progress=progress, place_of=lambda c: c.division_code)


def disability_filename() -> str:
    return f"community-disability-{timezone.localdate():%Y%m%d}.xlsx"


def disability_workbook(children: QuerySet[Child], *,
                        progress: Progress | None = None) -> IO[bytes]:
    kind = choice_labels(Child, "disability_type")
    grade = choice_labels(Child, "disability_grade")
    outside = {v: str(label) for v, label in OutsideState.choices}
    assistance = {v: str(label) for v, label in AssistanceState.choices}
    columns = [
        *_identity(),
        Column(_("Disability type"), lambda c: kind.get(c.disability_type, "")),
        Column(_("Disability grade"), lambda c: grade.get(c.disability_grade, "")),
        Column(_("Disability certificate number"), lambda c: c.disability_certificate),
        Column(_("Rehabilitation service by"), lambda c: c.rehab_provider or ""),
        Column(_("Rehabilitation service state"),
               lambda c: outside.get(c.rehab_state, "") if c.rehab_state else _("None")),
        Column(_("Rehabilitation assistance"),
               lambda c: assistance.get(c.assistance_state, "") if c.assistance_state
               else _("Not applied for")),
        Column(_("Applied on"), lambda c: c.assistance_applied_on),
    ]
    return excel_table(_("Community children with a disability"), columns, children,
                       progress=progress, place_of=lambda c: c.division_code)
