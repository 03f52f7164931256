from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class ScreeningConfig(AppConfig):
    name = "cwis.screening"
    label = "screening"
    verbose_name = _("Screening campaigns")

    def ready(self) -> None:
        from cwis.screening import imports  # noqa: F401 - registers the kind of import
