"""Excel exports of the lists around the cases: policy talks, workstations, guidance visits."""

from typing import IO

from django.db.models import QuerySet
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import pgettext

from cwis.core.export import Column, choice_labels, excel_table, place_columns
from cwis.core.jobs.registry import Progress
from cwis.protection.models.county_work import GuidanceVisit, PolicyTalk, Workstation


def talk_filename() -> str:
    return f"policy-talks-{timezone.localdate():%Y%m%d}.xlsx"


def talk_workbook(talks: QuerySet[PolicyTalk], *, progress: Progress | None = None) -> IO[bytes]:
    audience = choice_labels(PolicyTalk, "audience_kind")
    columns = [
        Column(pgettext("talk", "Held on"), lambda t: t.held_on),
        *place_columns(_("County or district"), lambda t: t.county_code),
        Column(pgettext("talk", "Place"), lambda t: t.place),
        Column(_("Audience"), lambda t: audience.get(t.audience_kind, t.audience_kind)),
        Column(_("Audience count"), lambda t: t.audience_count),
        Column(_("Topic"), lambda t: t.topic),
        Column(_("Given by"), lambda t: t.speakers),
        Column(_("Note"), lambda t: t.note),
    ]
    return excel_table(_("Policy talks"), columns, talks, progress=progress,
                       place_of=lambda t: t.county_code)


def workstation_filename() -> str:
    return f"workstations-{timezone.localdate():%Y%m%d}.xlsx"


def workstation_workbook(stations: QuerySet[Workstation], *,
                         progress: Progress | None = None) -> IO[bytes]:
    status = choice_labels(Workstation, "status")
    columns = [
        *place_columns(_("Township or street"), lambda s: s.township_code),
        Column(pgettext("not a person", "Name"), lambda s: s.name),
        Column(_("Status"), lambda s: status.get(s.status, s.status)),
        Column(_("Set up on"), lambda s: s.set_up_on),
        Column(_("Staff"), lambda s: s.staff_names),
        Column(_("Number of staff"), lambda s: s.staff_count),
        Column(_("Address"), lambda s: s.address),
        Column(_("Telephone"), lambda s: s.phone),
        Column(_("Last guidance visit"), lambda s: getattr(s, "last_visit_on", None)),
        Column(_("Guidance visits this year"), lambda s: getattr(s, "visits_in_year", None)),
    ]
    return excel_table(_("Township protection workstations"), columns, stations,
                       progress=progress, place_of=lambda s: s.township_code)


def visit_filename() -> str:
    return f"guidance-visits-{timezone.localdate():%Y%m%d}.xlsx"


def visit_workbook(visits: QuerySet[GuidanceVisit], *,
                   progress: Progress | None = None) -> IO[bytes]:
    columns = [
        Column(_("Guidance date"), lambda v: v.visited_on),
        *place_columns(_("Township or street"), lambda v: v.workstation.township_code),
        Column(_("Workstation"), lambda v: v.workstation.name),
        Column(_("Who visited"), lambda v: v.visitors),
        Column(_("Findings"), lambda v: v.findings),
        Column(_("Follow-up"), lambda v: v.follow_up),
        Column(_("Follow-up due"), lambda v: v.follow_up_due),
    ]
    return excel_table(_("Guidance visits"), columns, visits, progress=progress,
                       place_of=lambda v: v.workstation.township_code)
