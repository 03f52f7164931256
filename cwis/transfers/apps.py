from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class TransfersConfig(AppConfig):
    name = "cwis.transfers"
    label = "transfers"
    verbose_name = _("Transfers")

    def ready(self) -> None:
        from cwis.transfers import (
            audit,
            checklist,
            oversight,
            todo,  # noqa: F401 - registers the to-do provider
        )

        audit.register()
        checklist.register()
        oversight.register()
