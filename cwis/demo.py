"""`cwis demo`'s data: the steps below, run in order in one transaction.

A step is a module's `load()`: it looks each of its records up by a natural key first, so the
whole list is idempotent, and it makes its records through the services where it can (so they
carry their history and deadlines). Later steps read what earlier ones made (the children need
the institutions, the transfers need the children). A new module adds its `demo.py` with a
`load()` and puts it in `DEMO_STEPS`. The places, accounts and password the steps share are in
`cwis/demo_base.py`, which the apps' demo modules import; nothing imports this module but the
`demo` command, so the dependency goes one way.
"""

from collections.abc import Callable

from django.db import transaction

from cwis import demo_base
from cwis.accounts import demo as accounts_demo
from cwis.care import demo as care_demo
from cwis.care import demo_family as care_family_demo
from cwis.children import demo as children_demo
from cwis.institutions import demo as institutions_demo
from cwis.oversight import demo as oversight_demo
from cwis.partners import demo as partners_demo
from cwis.protection import demo as protection_demo
from cwis.safety import demo as safety_demo
from cwis.screening import demo as screening_demo
from cwis.transfers import demo as transfers_demo

DEMO_STEPS: list[Callable[[], None]] = [
    demo_base.load,
    accounts_demo.load,
    institutions_demo.load,
    children_demo.load,
    transfers_demo.load,
    oversight_demo.load,
    protection_demo.load,
    care_demo.load,
    care_family_demo.load,
    safety_demo.load,
    partners_demo.load,
    screening_demo.load,
]


def step_name(step: Callable[[], None]) -> str:
    """What a step loads, for `cwis demo`'s progress lines: its app ("accounts", ...)."""
    app = step.__module__.split(".")[1]
    return "places and accounts" if app == "demo_base" else app


@transaction.atomic
def demo_load(progress: Callable[[str], None] | None = None) -> None:
    """Run every step; `progress(name)` is called before each (the first run takes a while)."""
    for step in DEMO_STEPS:
        if progress is not None:
            progress(step_name(step))
        step()
