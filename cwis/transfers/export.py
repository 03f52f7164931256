"""Lists for partner departments (policy 三: hukou follows the child; school rolls follow it):
the hukou migration list for public security, the school-roll transfer list for education."""

import tempfile
from typing import IO

from django.db.models import QuerySet
from django.utils.translation import gettext as _
from openpyxl import Workbook

from cwis.core.permissions import Perm, has_perm
from cwis.transfers.models import HukouDecision, Transfer, TransferStatus


def _id_number(actor, transfer: Transfer) -> str:
    child = transfer.child
    return child.citizen_id if has_perm(actor, Perm.CHILD_VIEW_ID_NUMBER) else (
        child.citizen_id_masked)


def _save(workbook: Workbook) -> IO[bytes]:
    out = tempfile.SpooledTemporaryFile(max_size=8 * 1024 * 1024)  # noqa: SIM115 - returned open
    workbook.save(out)
    out.seek(0)
    return out


def hukou_workbook(actor, transfers: QuerySet[Transfer]) -> IO[bytes]:
    workbook = Workbook(write_only=True)
    sheet = workbook.create_sheet(title=_("Hukou migration"))
    sheet.append([_("Name"), _("Citizen ID number"), _("From institution"),
                  _("To institution"), _("Received on"), _("Hukou migration"),
                  _("Requested on"), _("Done on")])
    rows = transfers.filter(status=TransferStatus.RECEIVED, hukou_decision=HukouDecision.MOVE)
    for t in rows.select_related("child", "from_institution", "to_institution"):
        sheet.append([t.child.name, _id_number(actor, t), t.from_institution.name,
                      t.to_institution.name, t.closed_on, t.get_hukou_status_display(),
                      t.hukou_requested_on, t.hukou_done_on])
    return _save(workbook)


def school_workbook(actor, transfers: QuerySet[Transfer]) -> IO[bytes]:
    workbook = Workbook(write_only=True)
    sheet = workbook.create_sheet(title=_("School rolls"))
    sheet.append([_("Name"), _("Citizen ID number"), _("School"), _("From institution"),
                  _("To institution"), _("Status"), _("Planned date")])
    rows = transfers.filter(status__in=[TransferStatus.APPROVED, TransferStatus.SENT,
                                        TransferStatus.RECEIVED]).exclude(child__school_name="")
    for t in rows.select_related("child", "from_institution", "to_institution"):
        sheet.append([t.child.name, _id_number(actor, t), t.child.school_name,
                      t.from_institution.name, t.to_institution.name, t.get_status_display(),
                      t.planned_on])
    return _save(workbook)
