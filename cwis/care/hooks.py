"""How the care app plugs into the others, from CareConfig.ready(): closing its records with
the child's file, and a care tab per line on the file."""

from cwis.care.choices import CareLine
from cwis.core.permissions import Perm


def register() -> None:
    from cwis.care import oversight
    from cwis.care.services.internal import care_close_with_file
    from cwis.children.services.closing import register_file_closed
    from cwis.children.tabs import FileTab, register_file_tab

    register_file_closed(care_close_with_file)
    oversight.register()
    for line, label in CareLine.choices:
        register_file_tab(FileTab(key=f"care_{line}", label=label, url_name="care_tab",
                                  perms=(Perm.CARE_VIEW, Perm.CARE_FIGURES),
                                  url_kwargs=(("line", line),)))
