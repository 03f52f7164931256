from django.apps import AppConfig
from django.core import checks
from django.utils.translation import gettext_lazy as _


class InstitutionsConfig(AppConfig):
    name = "cwis.institutions"
    label = "institutions"
    verbose_name = _("Institutions")

    def ready(self) -> None:
        # The checklist's own items (staff, premises, duties) and the to-do provider register
        # on import; the system check reports any item whose module did not register it.
        from cwis.institutions import todo, transformation  # noqa: F401

        checks.register(transformation.check_every_item_registered)
