"""Lists for partner departments (policy 三: hukou follows the child; school rolls follow it):
the hukou migration list for public security, the school-roll transfer list for education."""

from typing import IO

from django.db.models import QuerySet
from django.utils.translation import gettext as _

from cwis.core.export import Column, excel_table
from cwis.core.jobs.registry import Progress
from cwis.core.permissions import Perm, has_perm
from cwis.transfers.models import HukouDecision, Transfer, TransferStatus

HUKOU_FILENAME = "hukou-migration.xlsx"
SCHOOL_FILENAME = "school-rolls.xlsx"


def _id_number(actor) -> Column[Transfer]:
    if has_perm(actor, Perm.CHILD_VIEW_ID_NUMBER):
        return Column(_("Citizen ID number"), lambda t: t.child.citizen_id)
    return Column(_("Citizen ID number"), lambda t: t.child.citizen_id_masked)


def hukou_rows(transfers: QuerySet[Transfer]) -> QuerySet[Transfer]:
    return transfers.filter(status=TransferStatus.RECEIVED, hukou_decision=HukouDecision.MOVE
                            ).select_related("child", "from_institution", "to_institution")


def hukou_workbook(actor, transfers: QuerySet[Transfer], *,
                   progress: Progress | None = None) -> IO[bytes]:
    columns = [
        Column(_("Name"), lambda t: t.child.name),
        _id_number(actor),
        Column(_("From institution"), lambda t: t.from_institution.name),
        Column(_("To institution"), lambda t: t.to_institution.name),
        Column(_("Received on"), lambda t: t.closed_on),
        Column(_("Hukou migration"), lambda t: t.get_hukou_status_display()),
        Column(_("Requested on"), lambda t: t.hukou_requested_on),
        Column(_("Done on"), lambda t: t.hukou_done_on),
    ]
    return excel_table(_("Hukou migration"), columns, hukou_rows(transfers), progress=progress)


def school_rows(transfers: QuerySet[Transfer]) -> QuerySet[Transfer]:
    return transfers.filter(
        status__in=[TransferStatus.APPROVED, TransferStatus.SENT, TransferStatus.RECEIVED]
    ).exclude(child__school_name="").select_related("child", "from_institution",
                                                   "to_institution")


def school_workbook(actor, transfers: QuerySet[Transfer], *,
                    progress: Progress | None = None) -> IO[bytes]:
    columns = [
        Column(_("Name"), lambda t: t.child.name),
        _id_number(actor),
        Column(_("School"), lambda t: t.child.school_name),
        Column(_("From institution"), lambda t: t.from_institution.name),
        Column(_("To institution"), lambda t: t.to_institution.name),
        Column(_("Status"), lambda t: t.get_status_display()),
        Column(_("Planned date"), lambda t: t.planned_on),
    ]
    return excel_table(_("School rolls"), columns, school_rows(transfers), progress=progress)
