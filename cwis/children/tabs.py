"""The tabs of a child's file: the file's own (identity, guardianship, ...) and those other
apps add (the care lines: cwis/care/hooks.py), each shown to the roles it names.

An app registers a tab from its `AppConfig.ready()` with the URL name of its page (which
takes the child's id); children imports no app for it.
"""

from collections.abc import Callable, Iterable
from dataclasses import dataclass
from typing import Any

from django.urls import reverse
from django.utils.functional import Promise
from django.utils.translation import gettext_lazy as _

from cwis.accounts.models import User
from cwis.core.permissions import Perm, has_perm

TABS = [
    ("identity", _("Identity")),
    ("guardianship", _("Guardianship")),
    ("residence", _("Residence")),
    ("health", _("Health")),
    ("education", _("Education")),
    ("documents", _("Documents")),
    ("history", _("History")),
]


@dataclass(frozen=True)
class FileTab:
    key: str
    label: Promise
    url_name: str  # a page taking the child's id: reverse(url_name, args=[child.pk])
    perms: tuple[Perm, ...]  # shown to a role holding any of them
    url_kwargs: tuple[tuple[str, str], ...] = ()


_EXTRA: list[FileTab] = []


def register_file_tab(tab: FileTab) -> None:
    if all(t.key != tab.key for t in _EXTRA):
        _EXTRA.append(tab)


def _extra(actor: User) -> Iterable[FileTab]:
    return [t for t in _EXTRA if any(has_perm(actor, p) for p in t.perms)]


def file_tabs(*, actor: User, child_id: int, on_file: bool = False
              ) -> list[tuple[str, str, str]]:
    """(key, label, link) of every tab the actor sees on the file, in order; `on_file`: the
    file's own tabs linked relative to the file's page (which shows them)."""
    base = "" if on_file else reverse("child_detail", args=[child_id])
    tabs = [(key, str(label), f"{base}?tab={key}") for key, label in TABS]
    for tab in _extra(actor):
        tabs.append((tab.key, str(tab.label),
                     reverse(tab.url_name, kwargs={"child_id": child_id,
                                                   **dict(tab.url_kwargs)})))
    return tabs


# ------------------------------------------------------------------- the printed file


@dataclass(frozen=True)
class PrintSection:
    """A section another app adds to the printed file (a care line): its template is
    rendered with the file's context plus what `context(actor, child)` returns; None leaves
    the section out (nothing the actor may read)."""

    key: str
    label: Promise
    template: str
    context: Callable[[User, Any], dict | None]
    perms: tuple[Perm, ...]


_PRINT: list[PrintSection] = []


def register_print_section(section: PrintSection) -> None:
    if all(s.key != section.key for s in _PRINT):
        _PRINT.append(section)


def print_sections(*, actor: User, child) -> list[tuple[str, str, str, dict]]:
    """(key, label, template, extra context) of every section of the printed file the actor
    sees: the file's own tabs, then those other apps registered."""
    sections = [(key, str(label), f"children/sections/{key}.html", {}) for key, label in TABS]
    for section in _PRINT:
        if not any(has_perm(actor, p) for p in section.perms):
            continue
        extra = section.context(actor, child)
        if extra is not None:
            sections.append((section.key, str(section.label), section.template, extra))
    return sections
