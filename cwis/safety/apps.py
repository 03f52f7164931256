from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class SafetyConfig(AppConfig):
    name = "cwis.safety"
    label = "safety"
    verbose_name = _("Safety of institutions")

    def ready(self) -> None:
        from cwis.safety import oversight, todo  # noqa: F401 - registers to-do and panels

        oversight.register()
