"""The children item of a county institution's transformation checklist: done when no child
is still in its care (transfers then prove each one was received; see the transfers module)."""

from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from cwis.children.choices import ChildStatus
from cwis.children.models import Child
from cwis.institutions.transformation import register_checklist_item


def children_in_care(institution) -> tuple[bool, str]:
    remaining = Child.objects.filter(
        current_institution=institution, status=ChildStatus.IN_CARE
    ).count()
    if remaining:
        return False, ngettext(
            "%(n)d child is still in its care.", "%(n)d children are still in its care.",
            remaining,
        ) % {"n": remaining}
    return True, _("No child is in its care any more.")


def register() -> None:
    register_checklist_item("children_transferred", children_in_care)
