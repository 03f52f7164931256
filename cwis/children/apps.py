from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class ChildrenConfig(AppConfig):
    name = "cwis.children"
    label = "children"
    verbose_name = _("Children")

    def ready(self) -> None:
        from cwis.children import audit, todo  # noqa: F401 - todo registers its provider

        audit.register()
