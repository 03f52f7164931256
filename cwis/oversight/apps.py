from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class OversightConfig(AppConfig):
    name = "cwis.oversight"
    label = "oversight"
    verbose_name = _("Oversight")

    def ready(self) -> None:
        from cwis.oversight import figures, todo  # noqa: F401 - registers providers
