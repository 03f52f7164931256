from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class ProtectionConfig(AppConfig):
    name = "cwis.protection"
    label = "protection"
    verbose_name = _("Community child protection")

    def ready(self) -> None:
        from cwis.protection import todo  # noqa: F401 - registers the case deadlines
