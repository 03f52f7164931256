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
    register_adoption()
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


def register_adoption() -> None:
    """The upbringing assessment and adoption: closed with the file; a tab on the file."""
    from django.utils.translation import gettext_lazy as _

    from cwis.care import oversight_adoption
    from cwis.care.services.internal_adoption import upbringing_close_with_file
    from cwis.children.services.closing import register_file_closed
    from cwis.children.tabs import FileTab, register_file_tab

    register_file_closed(upbringing_close_with_file)
    oversight_adoption.register()
    register_file_tab(FileTab(key="care_upbringing", label=_("Upbringing and adoption"),
                              url_name="care_upbringing_child",
                              perms=(Perm.CARE_APPROVE, Perm.CARE_SOCIAL_WORK,
                                     Perm.CARE_FIGURES)))
