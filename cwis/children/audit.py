"""How the access log names the registry's records (cwis.core.audit_records): a child's file
by the child's name, linked to the file."""

from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from cwis.core.audit_records import int_ids, register_record_kind


def child_names(ids: list[str]) -> dict[str, tuple[str, str | None]]:
    """The children of these ids by name, linked to their files: one query."""
    from cwis.children.models import Child

    return {str(pk): (name, reverse("child_detail", args=[pk]))
            for pk, name in Child.objects.filter(pk__in=int_ids(ids)).values_list("pk", "name")}


def register() -> None:
    register_record_kind("child", _("Child's file"), child_names)
    register_record_kind("child_list", _("Children list"))
    register_record_kind("duplicate_check", _("Duplicate check"))
