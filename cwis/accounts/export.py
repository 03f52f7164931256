"""The security log as an Excel file, for the audit administrator (cwis.core.export; text an
attacker typed, such as a username on the sign-in page, is written so that it can never
become a live formula)."""

from collections.abc import Iterable
from typing import IO

from django.utils import timezone
from django.utils.translation import gettext as _

from cwis.accounts.models import SecurityEvent
from cwis.core.export import Column, choice_labels, excel_table
from cwis.core.jobs.registry import Progress


def security_log_filename() -> str:
    return f"security-log-{timezone.localtime().strftime('%Y%m%d-%H%M')}.xlsx"


def security_log_xlsx(events: Iterable[SecurityEvent], *,
                      progress: Progress | None = None) -> IO[bytes]:
    kinds = choice_labels(SecurityEvent, "kind")
    columns = [
        Column(_("Time"), lambda e: timezone.localtime(e.at).replace(tzinfo=None), 20),
        Column(_("Event"), lambda e: kinds.get(e.kind, e.kind), 24),
        Column(_("Account"), lambda e: e.username, 20),
        Column(_("By"), lambda e: e.actor.get_username() if e.actor else "", 20),
        Column(_("Address"), lambda e: e.ip_address or "", 18),
        Column(_("Detail"), lambda e: e.detail, 50),
    ]
    return excel_table(_("Security log"), columns, events, progress=progress)
