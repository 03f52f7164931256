"""How the access log names partner requests (cwis.core.audit_records): every view of a
request by a department or by civil affairs is logged (docs/partners.md)."""

from django.urls import reverse
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from cwis.core.audit_records import int_ids, register_record_kind


def request_names(ids: list[str]) -> dict[str, tuple[str, str | None]]:
    from cwis.partners.models import PartnerRequest

    rows = PartnerRequest.objects.filter(pk__in=int_ids(ids))
    return {str(r.pk): (gettext("Request no. %(id)s · %(kind)s") % {
        "id": r.pk, "kind": r.get_kind_display()}, reverse("partner_request_detail",
                                                           args=[r.pk])) for r in rows}


def register() -> None:
    register_record_kind("partner_request", _("Request to a partner department"),
                         request_names)
    register_record_kind("partner_request_list", _("Partner requests list"))
    register_record_kind("data_quality", _("Data-quality findings"))
