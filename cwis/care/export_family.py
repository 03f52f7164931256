"""Excel lists of children approaching adulthood, by path, for the departments that place
them (人社 employment, the conscription office, housing, extreme-poverty support): sent at
once, or as a background job when long (cwis.core.export, jobs.py)."""

import datetime as dt
from typing import IO

from django.db.models import QuerySet
from django.utils import timezone
from django.utils.translation import gettext as _

from cwis.care.choices_family import PathKind
from cwis.care.models import AdulthoodPath
from cwis.care.selectors import adulthood as selectors
from cwis.children import selectors as child_selectors
from cwis.children.models import Child
from cwis.core.export import Column, choice_labels, excel_table, export_response, place_columns
from cwis.core.jobs.registry import Progress

JOB_KIND = "care.adulthood_paths"


def _columns(id_number) -> list[Column[AdulthoodPath]]:
    sex = choice_labels(Child, "sex")
    kinds = choice_labels(AdulthoodPath, "kind")
    modes = choice_labels(AdulthoodPath, "support_mode")
    return [
        Column(_("Name"), lambda p: p.child.name),
        Column(_("Sex"), lambda p: sex.get(p.child.sex, p.child.sex)),
        Column(_("Date of birth"), lambda p: p.child.birth_date),
        Column(_("Citizen ID number"), lambda p: id_number(p.child)),
        Column(_("Institution"), lambda p: p.child.current_institution.name
               if p.child.current_institution else ""),
        *place_columns(_("Place"), lambda p: p.child.division_code),
        Column(_("Path"), lambda p: kinds.get(p.kind, p.kind)),
        Column(_("Responsible department"), lambda p: p.department),
        Column(_("Priority applies"), lambda p: _("yes") if p.priority else ""),
        Column(_("Outcome expected by"), lambda p: p.target_on),
        Column(_("Next date due"), lambda p: p.next_due_on),
        Column(_("Form of support"), lambda p: modes.get(p.support_mode, "")),
    ]


def adulthood_filename(path: str, today: dt.date) -> str:
    return f"adulthood-{path or 'all'}-{today:%Y%m%d}.xlsx"


def adulthood_workbook(paths: QuerySet[AdulthoodPath], *, path: str, id_number,
                       progress: Progress | None = None) -> IO[bytes]:
    title = (_("Approaching adulthood (%(path)s)") % {"path": PathKind(path).label} if path
             else _("Approaching adulthood"))
    return excel_table(title, _columns(id_number), paths, progress=progress,
                       place_of=lambda p: p.child.division_code)


def id_number_for(actor):
    def id_number(child: Child) -> str:
        return child_selectors.child_id_number_for(actor=actor, child=child)
    return id_number


def adulthood_export(request, *, path: str, division: str):
    """The list as Excel: at once, or a job when long."""
    today = timezone.localdate()
    path = path if path in PathKind.values else ""
    paths = selectors.paths_for_departments(actor=request.user, today=today, path=path,
                                            division=division)
    return export_response(
        request, rows=paths, filename=adulthood_filename(path, today), kind=JOB_KIND,
        params={"path": path, "division": division},
        build=lambda: adulthood_workbook(paths, path=path,
                                         id_number=id_number_for(request.user)))
