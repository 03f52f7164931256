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
