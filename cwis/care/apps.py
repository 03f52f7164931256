from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class CareConfig(AppConfig):
    name = "cwis.care"
    label = "care"
    verbose_name = _("Care services")

    def ready(self) -> None:
        from cwis.care import hooks, todo, todo_adoption  # noqa: F401 - the to-do providers

        hooks.register()
