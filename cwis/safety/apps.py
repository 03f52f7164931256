from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class SafetyConfig(AppConfig):
    name = "cwis.safety"
    label = "safety"
    verbose_name = _("Safety of institutions")

    def ready(self) -> None:
        from cwis.children.tabs import FileTab, register_file_tab
        from cwis.core.permissions import Perm
        from cwis.safety import audit, oversight, report_figures, todo  # noqa: F401 - to-do

        oversight.register()
        report_figures.register()
        audit.register()
        # As the protection case's tab: only those who read incidents with their children.
        register_file_tab(FileTab(key="safety_incidents", label=_("Incidents"),
                                  url_name="safety_child_incidents",
                                  perms=(Perm.INCIDENT_VIEW,)))
