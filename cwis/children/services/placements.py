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
from cwis.institutions.models import FamilyResidence, Institution


@transaction.atomic
def child_move(
    *,
    actor: User,
    child: Child,
    on: dt.date,
    reason: str,
    to_institution: Institution | None = None,
    kind: str = PlacementKind.INSTITUTION,
    family_residence: FamilyResidence | None = None,
    foster_carer: str = "",
    foster_address: str = "",
    bed: str = "",
    expected_version: int | None = None,
) -> Placement:
    """End the child's open placement on `on` and open the next.

    Within the child's institution (a bed, a family-style residence, a foster family) the
    actor needs CHILD_EDIT and the child in scope. To another institution the actor needs
    TRANSFER_RECEIVE and the receiving institution in scope (the child is not yet in the
    receiver's): a transfer receipt, which may instead check once itself and call
    `internal.child_move`.
    """
    fields = {"on": on, "reason": reason, "kind": kind, "bed": bed,
              "family_residence": family_residence, "foster_carer": foster_carer,
              "foster_address": foster_address, "expected_version": expected_version}
    if to_institution is not None and to_institution.pk != child.current_institution_id:
        require(actor, Perm.TRANSFER_RECEIVE)
        rules.institution_in_scope(actor, to_institution.pk)
        placement = internal.child_move(actor=actor, child=child,
                                        to_institution=to_institution, **fields)
    else:
        require(actor, Perm.CHILD_EDIT)
        locked = get_scoped(Child.objects.all(), actor, pk=child.pk, for_update=True)
        if locked.current_institution is None:
            raise field_error("institution", rules.MSG_INSTITUTION_OUTSIDE)
        placement = internal.move_locked_child(
            actor=actor, child=locked, to_institution=locked.current_institution, **fields)
    child.refresh_from_db()
    return placement
