"""How the care app plugs into the others, from CareConfig.ready(): closing its records with
the child's file, and a care tab per line on the file."""

from functools import partial

from cwis.care.choices import CareLine
from cwis.core.permissions import Perm


def register() -> None:
    from cwis.care import audit, hooks_family, oversight
    from cwis.care.services.internal import care_close_with_file
    from cwis.children.services.closing import register_file_closed
    from cwis.children.tabs import FileTab, PrintSection, register_file_tab, register_print_section

    audit.register()
    register_file_closed(care_close_with_file)
    oversight.register()
    hooks_family.register()
    for line, label in CareLine.choices:
        register_file_tab(FileTab(key=f"care_{line}", label=label, url_name="care_tab",
                                  perms=(Perm.CARE_VIEW, Perm.CARE_FIGURES),
                                  url_kwargs=(("line", line),)))
        register_print_section(PrintSection(
            key=f"care_{line}", label=label, template="care/print_line.html",
            context=partial(_print_context, line=line),
            perms=(Perm.CARE_VIEW, Perm.CARE_FIGURES)))


def _print_context(actor, child, *, line: str) -> dict:
    """A care line in the printed file: what the tab shows the actor, with no write links."""
    from cwis.care.selectors import care_tab

    tab = care_tab(actor=actor, child=child, line=line)
    tab.may_write = tab.may_approve = tab.may_agree = False
    return {"care": tab, "line": line}
