from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class ProtectionConfig(AppConfig):
    name = "cwis.protection"
    label = "protection"
    verbose_name = _("Community child protection")

    def ready(self) -> None:
        from cwis.children.tabs import FileTab, register_file_tab
        from cwis.core.permissions import Perm
        from cwis.protection import (  # noqa: F401 - they register
            audit,
            oversight,
            todo,
            todo_cases,
            todo_casework,
            todo_county_work,
            todo_escalation,
            todo_exits,
        )

        # todo: the home page's panel; todo_cases, todo_casework, todo_exits: the case
        # deadlines on the to-do list (todo_exits: follow-up visits, long-term intakes);
        # todo_escalation: the overdue ones escalated to the offices above;
        # todo_county_work: the follow-ups of guidance visits to the workstations.

        audit.register()
        oversight.register()
        # Shown only to the county's case workers: nobody else reads a case from the file.
        register_file_tab(FileTab(key="protection_case", label=_("Protection case"),
                                  url_name="case_tab", perms=(Perm.CASE_VIEW,)))
