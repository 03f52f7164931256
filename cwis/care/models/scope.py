"""How care records are scoped (cwis.core.scoping): through the child's file, and, for a
service to a child outside the institution (policy 二(七)), also by the delivering
institution: the service itself while it is agreed or open (to open or decline it, then to
work on it), its records only while it is open."""

from django.db.models import Q

from cwis.care.choices import OutsideState
from cwis.core.scoping import ScopeRule


def care_scope(service_path: str) -> ScopeRule:
    """The rule of a record that hangs on a child's file and may belong to an outside service
    (`service_path`: the lookup path to that OutsideService, "" for the service itself).

    The first pair is the child's own file (its institution, or the office of a community
    child); the second is the delivering institution, under a condition on the service's
    state: the service itself while agreed or open, a record of it only while it is open
    (an agreed service shows no record, and no summary: docs/care.md). When the service
    closes or is declined, everything answers 404 to that institution again.
    """
    prefix = f"{service_path}__" if service_path else ""
    states = (OutsideState.AGREED, OutsideState.OPEN) if not service_path else (
        OutsideState.OPEN,)
    return ScopeRule(
        division="child__division_code",
        institution="child__current_institution_id",
        also=((f"{prefix}provider__division_code", f"{prefix}provider_id",
               Q(**{f"{prefix}state__in": [str(s) for s in states]})),),
    )
