"""To-do items for transformation deadlines set by the province (DESIGN.md rule 6)."""

import datetime as dt

from django.urls import reverse
from django.utils.translation import gettext as _

from cwis.accounts.models import User
from cwis.core.permissions import Perm, has_perm
from cwis.core.scoping import scope
from cwis.core.todo import TodoItem, register
from cwis.institutions.models import Transformation, TransformationState


@register
def transformation_deadlines(actor: User, today: dt.date):
    """For whoever runs or plans a transformation: start handing over by the handover
    target, then complete by the completion target. The province and prefecture see the
    county's items too, since they oversee it."""
    if not (has_perm(actor, Perm.TRANSFORMATION_RUN) or has_perm(actor, Perm.TRANSFORMATION_PLAN)):
        return
    plans = scope(
        Transformation.objects.select_related("institution").exclude(
            state=TransformationState.TRANSFORMED
        ),
        actor,
    )
    for plan in plans:
        name = plan.institution.name
        if plan.state == TransformationState.PLANNED:
            title = _("Start handing over the children, archives and property of %(name)s")
            due = plan.target_handover_date
        else:
            title = _("Complete the transformation of %(name)s")
            due = plan.target_completion_date
        yield TodoItem(
            kind="institution.transformation",
            title=title % {"name": name},
            due=due,
            url=reverse("transformation_detail", args=[plan.institution_id]),
            institution=name,
            since=plan.started_on,
        )
