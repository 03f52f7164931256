"""Operations of the protection casework that other apps' checked services compose: no role
or scope check of their own (the calling service checked once)."""

import datetime as dt

from cwis.accounts.models import User
from cwis.children.services import internal as children_internal
from cwis.protection.models.cases import CaseState, ProtectionCase
from cwis.protection.services.exits import GROUND_CATEGORY, case_close, long_term_legal_note


def case_transfer_received(*, actor: User, transfer, on: dt.date) -> ProtectionCase | None:
    """A transfer drafted by a protection case's long-term exit was received (inside the
    receipt's transaction, after the child moved): the child's guardianship becomes
    long-term with its legal basis at the receiving institution, and the case closes."""
    case = (ProtectionCase.objects.select_for_update(of=("self",))
            .filter(transfer=transfer, state=CaseState.OPEN).first())
    if case is None:
        return None
    children_internal.child_long_term_guardianship(
        actor=actor, child=transfer.child, institution=transfer.to_institution, on=on,
        intake_category=GROUND_CATEGORY[case.long_term_ground],
        guardianship_situation=case.long_term_ground, note=long_term_legal_note(case))
    case_close(case, actor=actor, on=on)
    return case
