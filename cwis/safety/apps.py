from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class SafetyConfig(AppConfig):
    name = "cwis.safety"
    label = "safety"
    verbose_name = _("Safety of institutions")

    def ready(self) -> None:
        from cwis.safety import audit, oversight, todo  # noqa: F401 - to-do and panels

        oversight.register()
        audit.register()
