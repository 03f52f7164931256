"""The security log as an Excel file, for the audit administrator (cwis.core.export)."""

from collections.abc import Iterable
from typing import IO

from django.utils import timezone
from django.utils.translation import gettext as _

from cwis.accounts.models import SecurityEvent
from cwis.core.export import Column, choice_labels, excel_table

# Text an attacker typed (a username on the sign-in page) must not become a live formula
# (OWASP CSV injection): such a cell starts with an apostrophe.
_FORMULA_START = ("=", "+", "-", "@", "\t", "\r")


def _text(value) -> str:
    text = "" if value is None else str(value)
    return "'" + text if text.startswith(_FORMULA_START) else text


def security_log_xlsx(events: Iterable[SecurityEvent]) -> IO[bytes]:
    kinds = choice_labels(SecurityEvent, "kind")
    columns = [
        Column(_("Time"), lambda e: timezone.localtime(e.at).replace(tzinfo=None), 20),
        Column(_("Event"), lambda e: _text(kinds.get(e.kind, e.kind)), 24),
        Column(_("Account"), lambda e: _text(e.username), 20),
        Column(_("By"), lambda e: _text(e.actor.get_username() if e.actor else ""), 20),
        Column(_("Address"), lambda e: _text(e.ip_address), 18),
        Column(_("Detail"), lambda e: _text(e.detail), 50),
    ]
    return excel_table(_("Security log"), columns, events)
