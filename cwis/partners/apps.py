from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class PartnersConfig(AppConfig):
    name = "cwis.partners"
    label = "partners"
    verbose_name = _("Partner departments")

    def ready(self) -> None:
        from cwis.partners import (
            audit,
            home,  # noqa: F401 - registers the home panel
            oversight,
            quality_rules,  # noqa: F401 - registers the data-quality rules
            todo,  # noqa: F401 - registers the to-do provider
        )

        audit.register()
        oversight.register()
