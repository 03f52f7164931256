"""What the community registry and the protection cases write to the access log, named
(cwis.core.audit_records): a case by its number and the child's name, linked to the case."""

from django.urls import reverse
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from cwis.core.audit_records import int_ids, register_access_action, register_record_kind


def case_names(ids: list[str]) -> dict[str, tuple[str, str | None]]:
    """The cases of these ids as "case no. N · child", linked to the case: one query."""
    from cwis.protection.models import ProtectionCase

    rows = ProtectionCase.objects.filter(pk__in=int_ids(ids)).values_list("pk", "child__name")
    return {str(pk): (gettext("Case no. %(number)s · %(child)s") % {"number": pk, "child": name},
                      reverse("case_detail", args=[pk])) for pk, name in rows}


def register() -> None:
    register_record_kind("community_list", _("Community children registry list"))
    register_access_action("visits", _("Viewed the visits"))
    register_record_kind("protection_case", _("Protection case"), case_names)
    register_access_action("view_with_reason", _("Opened with a stated reason"))
    register_access_action("follow_up", _("Viewed a follow-up visit"))
