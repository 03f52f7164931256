"""Excel lists of the safety module (through cwis.core.export): the hazards, for the offices
and the fire service and market supervision they send them to."""

from typing import IO

from django.db.models import QuerySet
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import pgettext

from cwis.core.export import Column, choice_labels, excel_table, place_columns
from cwis.core.jobs.registry import Progress
from cwis.safety.models import Hazard


def hazard_filename() -> str:
    return f"hazards-{timezone.localdate():%Y%m%d}.xlsx"


def hazard_workbook(hazards: QuerySet[Hazard], *, progress: Progress | None = None
                    ) -> IO[bytes]:
    area, level, state = (choice_labels(Hazard, f) for f in ("area", "level", "state"))
    columns = [
        *place_columns(_("Place of the institution"), lambda h: h.institution.division_code),
        Column(_("Institution"), lambda h: h.institution.name),
        Column(pgettext("safety", "Area"), lambda h: area.get(h.area, h.area)),
        Column(_("Hazard found"), lambda h: h.description),
        Column(_("Level"), lambda h: level.get(h.level, h.level)),
        Column(_("Person responsible for the fix"), lambda h: h.responsible),
        Column(_("Found on"), lambda h: h.found_on),
        Column(_("Fix due by"), lambda h: h.due_on),
        Column(_("State"), lambda h: state.get(h.state, h.state)),
        Column(_("Fix"), lambda h: h.fix_description),
        Column(_("Fixed on"), lambda h: h.fixed_on),
        Column(_("Checked on"), lambda h: h.checked_on),
    ]
    return excel_table(_("Safety hazards"), columns, hazards, progress=progress,
                       place_of=lambda h: h.institution.division_code)


def status_filename(department: str) -> str:
    return f"safety-{department}-{timezone.localdate():%Y%m%d}.xlsx"


def _hazard_columns() -> list[Column]:
    return [
        Column(_("Hazards not closed"), lambda i: i.hazards_open),
        Column(_("Of them overdue"), lambda i: i.hazards_overdue),
        Column(_("Of them major"), lambda i: i.hazards_major),
        Column(_("Hazards closed this year"), lambda i: i.hazards_closed),
    ]


def status_workbook(institutions: QuerySet, *, department: str,
                    progress: Progress | None = None) -> IO[bytes]:
    """One row per institution: its fire safety status for the fire service ("fire"), its
    food safety status for market supervision ("food")."""
    common = [
        *place_columns(_("Place of the institution"), lambda i: i.division_code),
        Column(_("Institution"), lambda i: i.name),
        Column(_("Last safety inspection"), lambda i: i.last_inspection),
    ]
    if department == "fire":
        title = _("Fire safety of the institutions")
        columns = [
            *common,
            Column(_("Last inspection by the fire service"),
                   lambda i: i.last_department_inspection),
            Column(_("Last drill"), lambda i: i.last_drill),
            Column(_("Drills this year"), lambda i: i.drills_year),
            Column(_("Of them with the fire service"), lambda i: i.drills_with_department),
            Column(_("Evacuation plan approved on"), lambda i: i.plan_approved_on),
            Column(_("Evacuation plan to be reviewed by"), lambda i: i.plan_review_on),
            *_hazard_columns(),
        ]
    else:
        title = _("Food safety of the institutions")
        columns = [
            *common,
            Column(_("Last inspection by market supervision"),
                   lambda i: i.last_department_inspection),
            Column(_("Canteen licence expires on"), lambda i: i.licence_expires_on),
            Column(_("Valid health certificates"), lambda i: i.health_valid),
            Column(_("Expired health certificates"), lambda i: i.health_expired),
            Column(_("Days with food samples in the last 30"), lambda i: i.sample_days),
            *_hazard_columns(),
        ]
    return excel_table(title, columns, institutions, progress=progress,
                       place_of=lambda i: i.division_code)
