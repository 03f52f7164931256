"""What the community registry writes to the access log, named (cwis.core.audit_records)."""

from django.utils.translation import gettext_lazy as _

from cwis.core.audit_records import register_access_action, register_record_kind


def register() -> None:
    register_record_kind("community_list", _("Community children registry list"))
    register_access_action("visits", _("Viewed the visits"))
