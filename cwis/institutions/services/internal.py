"""Operations on institutions that other apps compose inside their own checked services
(docs/development.md): they check nothing themselves and find their rows with
`get_scoped(..., ALREADY_CHECKED, for_update=True)`."""

import datetime as dt

from cwis.accounts.models import User
from cwis.core.concurrency import bump_version
from cwis.core.scoping import ALREADY_CHECKED, get_scoped
from cwis.institutions.models import (
    ChangeReason,
    Institution,
    InstitutionKind,
    Transformation,
    TransformationState,
)
from cwis.institutions.services.common import save


def transformation_handover_begun(*, actor: User, institution_id: int, on: dt.date) -> bool:
    """A county institution's children are leaving it (a transfer from it was sent or
    received): a transformation still "planned" is handing over from now on, as if started
    by hand (the institution is "in transformation"), and the to-do list moves on to
    completing it. True when it moved."""
    plan = Transformation.objects.filter(institution_id=institution_id,
                                         state=TransformationState.PLANNED).first()
    if plan is None:
        return False
    # The institution first, then its transformation: the order of transformation_start.
    institution = get_scoped(Institution.objects.all(), ALREADY_CHECKED, pk=institution_id,
                             for_update=True)
    plan = get_scoped(Transformation.objects.all(), ALREADY_CHECKED, pk=plan.pk,
                      for_update=True)
    if plan.state != TransformationState.PLANNED:
        return False
    plan.state, plan.started_on = TransformationState.HANDING_OVER, on
    bump_version(plan, actor)
    save(plan, actor)
    institution.kind = InstitutionKind.IN_TRANSFORMATION
    bump_version(institution, actor)
    save(institution, actor, reason=ChangeReason.TRANSFORMATION_STARTED)
    return True
