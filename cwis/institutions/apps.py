from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class InstitutionsConfig(AppConfig):
    name = "cwis.institutions"
    label = "institutions"
    verbose_name = _("Institutions")

    def ready(self) -> None:
        # Register the default checklist items and the to-do provider.
        from cwis.institutions import todo, transformation  # noqa: F401
