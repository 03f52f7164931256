from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class OversightConfig(AppConfig):
    name = "cwis.oversight"
    label = "oversight"
    verbose_name = _("Oversight")

    def ready(self) -> None:
        # figures, todo: providers; dashboard_*: the stored figures' families (area_figures)
        from cwis.oversight import dashboard_community, dashboard_trends, figures, todo  # noqa: F401
