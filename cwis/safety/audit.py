"""What the safety module writes to the access log, named (cwis.core.audit_records): an
incident by its kind and date, linked to it (never the children's names)."""

from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from cwis.core.audit_records import int_ids, register_record_kind


def incident_names(ids: list[str]) -> dict[str, tuple[str, str | None]]:
    from cwis.safety.models import Incident

    rows = Incident.objects.filter(pk__in=int_ids(ids))
    return {str(i.pk): (str(i), reverse("safety_incident_detail", args=[i.pk])) for i in rows}


def register() -> None:
    register_record_kind("safety_incident", _("Safety incident"), incident_names)
