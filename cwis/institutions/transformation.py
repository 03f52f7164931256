"""The transformation checklist: what must be true before a county child welfare institution
becomes a minors' rescue and protection institution (policy 三 and 四（三）: children,
archives and property held in trust handed over with nothing unsent or unreceived; staff,
premises and duties integrated).

Every item is computed from data, never ticked. An item is a function
`check(institution) -> (done, detail)`; `detail` is a translated sentence saying what was
found. The list, its order and its labels are set here; each item is computed by the module
that holds its data, which registers the function under the item's key from its
`AppConfig.ready()`:

    from cwis.institutions.transformation import register_checklist_item

    def archives_handed_over(institution):
        sent, received = ...
        return sent == received, _("%(received)d of %(sent)d files received") % {...}

    register_checklist_item("archives_handed_over", archives_handed_over)

The handover items (children, archives, property) come from the transfers module
(`cwis/transfers/checklist.py`); staff, premises and duties from this one. An item nobody
registered is a configuration error (`manage.py check` reports it; the checklist refuses to
run), never an item that silently reads "open".
"""

from collections.abc import Callable
from dataclasses import dataclass

from django.core import checks
from django.core.exceptions import ImproperlyConfigured
from django.db.models import Count, Q
from django.utils import timezone
from django.utils.functional import Promise
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy, ngettext

from cwis.institutions.models import (
    Institution,
    IntegrationFact,
    IntegrationFactKind,
    IntegrationOutcome,
    ProtectionDuty,
    StaffMember,
)

Check = Callable[[Institution], tuple[bool, str]]


@dataclass(frozen=True)
class ChecklistItem:
    key: str
    label: Promise | str
    check: Check | None  # None until the owning module registers it


@dataclass(frozen=True)
class ChecklistEntry:
    key: str
    label: str
    done: bool
    detail: str


# The list (policy 三, 四（三）), in the order shown, and the module computing each item.
CHECKLIST = (
    ("children_transferred",  # transfers
     gettext_lazy("Every child it raises has been transferred and received")),
    ("archives_handed_over",  # transfers
     gettext_lazy("Its archives have been handed over (files sent and received)")),
    ("property_handed_over",  # transfers
     gettext_lazy("The child property it kept in trust has been handed over (ledger sent and "
                  "confirmed)")),
    ("staff_integrated",  # institutions (below)
     gettext_lazy("Its staff are integrated into the minors' protection institution")),
    ("premises_integrated",  # institutions
     gettext_lazy("Its premises are integrated into the minors' protection institution")),
    ("duties_integrated",  # institutions
     gettext_lazy("Its duties are taken on by the minors' protection institution")),
)

_ITEMS: dict[str, ChecklistItem] = {
    key: ChecklistItem(key=key, label=label, check=None) for key, label in CHECKLIST
}


def register_checklist_item(key: str, func: Check | None = None, *,
                            label: Promise | str | None = None):
    """Register the function computing an item. An item of the list keeps its label and
    position; a new key goes last (give its `label=`). Works as a call or as a decorator."""

    def add(check: Check) -> Check:
        existing = _ITEMS.get(key)
        item_label = label if label is not None else (existing.label if existing else key)
        _ITEMS[key] = ChecklistItem(key=key, label=item_label, check=check)
        return check

    return add if func is None else add(func)


def checklist_items() -> list[ChecklistItem]:
    return list(_ITEMS.values())


def unregistered_items() -> list[str]:
    """Keys of items whose module has not registered their function."""
    return [item.key for item in _ITEMS.values() if item.check is None]


def checklist(institution: Institution) -> list[ChecklistEntry]:
    """Every item, evaluated now, in the order of the list."""
    missing = unregistered_items()
    if missing:
        raise ImproperlyConfigured(f"checklist items without a function: {missing}")
    entries = []
    for item in _ITEMS.values():
        done, detail = item.check(institution)
        entries.append(ChecklistEntry(item.key, str(item.label), bool(done), str(detail)))
    return entries


def open_items(institution: Institution) -> list[ChecklistEntry]:
    return [entry for entry in checklist(institution) if not entry.done]


def check_every_item_registered(app_configs=None, **kwargs) -> list[checks.CheckMessage]:
    """System check (registered in InstitutionsConfig.ready): every item has its function."""
    return [
        checks.Error(f"The transformation checklist item {key!r} has no function.",
                     hint="Its module registers it with register_checklist_item() from its "
                          "AppConfig.ready(); is that app installed?",
                     id="institutions.E001")
        for key in unregistered_items()
    ]


@register_checklist_item("staff_integrated")
def staff_integrated(institution: Institution) -> tuple[bool, str]:
    """Every current staff member has a decided outcome, and someone stays to do the work."""
    counts = StaffMember.objects.filter(institution=institution, left_on__isnull=True).aggregate(
        pending=Count("pk", filter=Q(integration_outcome=IntegrationOutcome.PENDING)),
        retained=Count("pk", filter=Q(integration_outcome=IntegrationOutcome.RETAINED)),
    )
    if counts["pending"]:
        return False, ngettext(
            "%(n)d staff member has no decided outcome.",
            "%(n)d staff members have no decided outcome.",
            counts["pending"],
        ) % {"n": counts["pending"]}
    if not counts["retained"]:
        return False, _("No staff member stays to carry out the new institution's work.")
    return True, ngettext(
        "%(n)d staff member stays in the new institution.",
        "%(n)d staff members stay in the new institution.",
        counts["retained"],
    ) % {"n": counts["retained"]}


def _effective_facts(institution: Institution, kind: str):
    return IntegrationFact.objects.filter(
        transformation__institution=institution,
        kind=kind,
        withdrawn_at__isnull=True,
        effective_on__lte=timezone.localdate(),
    )


@register_checklist_item("premises_integrated")
def premises_integrated(institution: Institution) -> tuple[bool, str]:
    fact = _effective_facts(institution, IntegrationFactKind.PREMISES).last()
    if fact is None:
        return False, _("No premises have been recorded for the new institution.")
    return True, _("Premises in use since %(date)s: %(description)s") % {
        "date": fact.effective_on.isoformat(), "description": fact.description,
    }


@register_checklist_item("duties_integrated")
def duties_integrated(institution: Institution) -> tuple[bool, str]:
    taken = set(
        _effective_facts(institution, IntegrationFactKind.DUTY).values_list("duty", flat=True)
    )
    missing = [str(duty.label) for duty in ProtectionDuty if duty.value not in taken]
    if missing:
        return False, _("Duties not yet taken on: %(duties)s") % {"duties": "; ".join(missing)}
    return True, _("All %(n)d duties of a minors' protection institution are taken on.") % {
        "n": len(ProtectionDuty),
    }
