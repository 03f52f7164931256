"""Where a child in care lives: a bed, a family-style residence, a foster family, another
institution. The placements form the timeline of the child's moves."""

import datetime as dt

from django.db import transaction

from cwis.accounts.models import User
from cwis.children.choices import PlacementKind
from cwis.children.models import Child, Placement
from cwis.children.services import internal, rules
from cwis.core.errors import field_error
from cwis.core.permissions import Perm, require
from cwis.core.scoping import get_scoped
from cwis.institutions.models import FamilyResidence


@transaction.atomic
def child_move(
    *,
    actor: User,
    child: Child,
    on: dt.date,
    reason: str,
    kind: str = PlacementKind.INSTITUTION,
    family_residence: FamilyResidence | None = None,
    foster_carer: str = "",
    foster_address: str = "",
    bed: str = "",
    expected_version: int | None = None,
) -> Placement:
    """End the child's open placement on `on` and open the next, within the child's
    institution (a bed, a family-style residence, a foster family). A move to another
    institution is a transfer: its receipt checks once and calls `internal.child_move`."""
    locked = get_scoped(Child.objects.all(), actor, pk=child.pk, for_update=True)
    require(actor, Perm.CHILD_EDIT)
    if locked.current_institution is None:
        raise field_error("institution", rules.MSG_INSTITUTION_OUTSIDE)
    placement = internal.move_locked_child(
        actor=actor, child=locked, to_institution=locked.current_institution, on=on,
        reason=reason, kind=kind, bed=bed, family_residence=family_residence,
        foster_carer=foster_carer, foster_address=foster_address,
        expected_version=expected_version)
    child.refresh_from_db()
    return placement
