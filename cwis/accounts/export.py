"""The security log as an Excel file, for the audit administrator."""

import io
from collections.abc import Iterable

from django.utils import timezone
from django.utils.translation import gettext as _
from openpyxl import Workbook

from cwis.accounts.models import SecurityEvent

# Text an attacker typed (a username on the sign-in page) must not become a live formula
# (OWASP CSV injection): such a cell starts with an apostrophe.
_FORMULA_START = ("=", "+", "-", "@", "\t", "\r")


def _text(value) -> str:
    text = "" if value is None else str(value)
    return "'" + text if text.startswith(_FORMULA_START) else text


def security_log_xlsx(events: Iterable[SecurityEvent]) -> bytes:
    book = Workbook(write_only=True)
    sheet = book.create_sheet(_("Security log"))
    sheet.append([_("Time"), _("Event"), _("Account"), _("By"), _("Address"), _("Detail")])
    for event in events:
        sheet.append([
            timezone.localtime(event.at).replace(tzinfo=None),
            _text(event.get_kind_display()),
            _text(event.username),
            _text(event.actor.get_username() if event.actor else ""),
            _text(event.ip_address),
            _text(event.detail),
        ])
    out = io.BytesIO()
    book.save(out)
    return out.getvalue()
