"""How the access log names transfers (cwis.core.audit_records): "Transfer no. 12 · 李小花",
linked to the transfer; a child's property by the child's name."""

from django.urls import reverse
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from cwis.core.audit_records import int_ids, register_record_kind


def transfer_names(ids: list[str]) -> dict[str, tuple[str, str | None]]:
    from cwis.transfers.models import Transfer

    rows = Transfer.objects.filter(pk__in=int_ids(ids)).values_list("pk", "child__name")
    return {str(pk): (gettext("Transfer no. %(id)s · %(child)s") % {"id": pk, "child": name},
                      reverse("transfer_detail", args=[pk])) for pk, name in rows}


def register() -> None:
    from cwis.children.audit import child_names

    register_record_kind("transfer", _("Transfer"), transfer_names)
    register_record_kind("transfer_list", _("Transfers list"))
    register_record_kind("child_property", _("Property kept in trust"), child_names)
