"""The transformation checklist: what must be true before a county child welfare institution
becomes a minors' rescue and protection institution (policy 三 and 四（三）: children,
archives and property held in trust handed over with nothing unsent or unreceived; staff,
premises and duties integrated).

Every item is computed from data, never ticked. An item is a function
`check(institution) -> (done, detail)`; `detail` is a translated sentence saying what was
found. Modules register their own items, or replace one of these by registering the same key
(its label and place in the list are kept):

    from cwis.institutions.transformation import register_checklist_item

    def archives_handed_over(institution):
        sent, received = ...
        return sent == received, _("%(received)d of %(sent)d files received") % {...}

    register_checklist_item("archives_handed_over", archives_handed_over)

Call it from the module's `AppConfig.ready()`. The items for children, archives and property
read the children and transfers modules; until those register their own, they read what
exists (the children's current institution) or answer "not yet available".
"""

from collections.abc import Callable
from dataclasses import dataclass

from django.apps import apps
from django.core.exceptions import FieldDoesNotExist
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

MSG_NOT_YET_AVAILABLE = gettext_lazy("Not yet available")


@dataclass(frozen=True)
class ChecklistItem:
    key: str
    label: Promise | str
    check: Check


@dataclass(frozen=True)
class ChecklistEntry:
    key: str
    label: str
    done: bool
    detail: str


_ITEMS: dict[str, ChecklistItem] = {}


def register_checklist_item(key: str, func: Check | None = None, *,
                            label: Promise | str | None = None):
    """Add an item, or replace the function of an existing one (its label and position are
    kept unless a new label is given). Works as a call or as a decorator."""

    def add(check: Check) -> Check:
        existing = _ITEMS.get(key)
        item_label = label if label is not None else (existing.label if existing else key)
        _ITEMS[key] = ChecklistItem(key=key, label=item_label, check=check)
        return check

    return add if func is None else add(func)


def checklist_items() -> list[ChecklistItem]:
    return list(_ITEMS.values())


def checklist(institution: Institution) -> list[ChecklistEntry]:
    """Every item, evaluated now, in registration order."""
    entries = []
    for item in _ITEMS.values():
        done, detail = item.check(institution)
        entries.append(ChecklistEntry(item.key, str(item.label), bool(done), str(detail)))
    return entries


def open_items(institution: Institution) -> list[ChecklistEntry]:
    return [entry for entry in checklist(institution) if not entry.done]


def installed_model(app_label: str, model_name: str):
    """The model if its app is installed and defines it, else None (the integration point
    for modules that are built in parallel)."""
    if not apps.is_installed(f"cwis.{app_label}"):
        return None
    try:
        return apps.get_model(app_label, model_name)
    except LookupError:
        return None


def _current_institution_field(child_model) -> str | None:
    """The child's current-institution foreign key, by the names the children module uses."""
    for name in ("current_institution", "institution"):
        try:
            field = child_model._meta.get_field(name)
        except FieldDoesNotExist:
            continue
        if getattr(field, "related_model", None) is Institution:
            return name
    return None


def _not_yet_available(module: str) -> tuple[bool, str]:
    return False, _("%(msg)s: this comes from the %(module)s module.") % {
        "msg": MSG_NOT_YET_AVAILABLE, "module": module,
    }


@register_checklist_item(
    "children_transferred",
    label=gettext_lazy("Every child it raises has been transferred and received"),
)
def children_transferred(institution: Institution) -> tuple[bool, str]:
    """Until transfers record the movements, read the children's current institution."""
    child_model = installed_model("children", "Child")
    field = _current_institution_field(child_model) if child_model else None
    if field is None:
        return _not_yet_available(_("children"))
    remaining = child_model._default_manager.filter(**{field: institution}).count()
    if remaining:
        return False, ngettext(
            "%(n)d child is still in its care.", "%(n)d children are still in its care.",
            remaining,
        ) % {"n": remaining}
    return True, _("No child is in its care any more.")


archives_handed_over_label = gettext_lazy(
    "Its archives have been handed over (files sent and received)"
)


@register_checklist_item("archives_handed_over", label=archives_handed_over_label)
def archives_handed_over(institution: Institution) -> tuple[bool, str]:
    return _not_yet_available(_("transfers"))


@register_checklist_item(
    "property_handed_over",
    label=gettext_lazy(
        "The child property it kept in trust has been handed over (ledger sent and confirmed)"
    ),
)
def property_handed_over(institution: Institution) -> tuple[bool, str]:
    return _not_yet_available(_("transfers"))


@register_checklist_item(
    "staff_integrated",
    label=gettext_lazy("Its staff are integrated into the minors' protection institution"),
)
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


@register_checklist_item(
    "premises_integrated",
    label=gettext_lazy("Its premises are integrated into the minors' protection institution"),
)
def premises_integrated(institution: Institution) -> tuple[bool, str]:
    fact = _effective_facts(institution, IntegrationFactKind.PREMISES).last()
    if fact is None:
        return False, _("No premises have been recorded for the new institution.")
    return True, _("Premises in use since %(date)s: %(description)s") % {
        "date": fact.effective_on.isoformat(), "description": fact.description,
    }


@register_checklist_item(
    "duties_integrated",
    label=gettext_lazy("Its duties are taken on by the minors' protection institution"),
)
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
