"""To-do items for transformation deadlines set by the province (DESIGN.md rule 6)."""

import datetime as dt

from django.urls import reverse
from django.utils.http import urlencode
from django.utils.translation import gettext as _

from cwis.accounts.models import User
from cwis.core import home
from cwis.core.divisions import division_name
from cwis.core.permissions import Perm, has_perm
from cwis.core.scoping import actor_prefix, scope
from cwis.core.todo import TodoItem, counts_only, register
from cwis.institutions import selectors
from cwis.institutions.models import (
    InstitutionLevel,
    InstitutionStatus,
    Transformation,
    TransformationState,
)


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


def transformation_home(actor: User, today: dt.date) -> home.HomePanel | None:
    """An office above the county: its county institutions against the transformation plan,
    the counties behind plan one by one (they are few: a province has about a hundred)."""
    if not (counts_only(actor) and has_perm(actor, Perm.INSTITUTION_VIEW)):
        return None
    prefix = actor_prefix(actor) or ""
    figures = selectors.transformation_progress(actor=actor, today=today)

    def link(**params) -> str:
        query = {"level": InstitutionLevel.COUNTY, "status": InstitutionStatus.OPERATING,
                 "division": prefix, **params}
        return reverse("institution_list") + "?" + urlencode({k: v for k, v in query.items()
                                                              if v})

    behind = selectors.transformations_behind_plan(actor=actor, today=today)
    rows = [home.AreaRow(code=plan.institution.division_code,
                         name=f"{division_name(plan.institution.division_code)} · "
                              f"{plan.institution.name}",
                         values=[(today - _target(plan)).days],
                         url=reverse("transformation_detail", args=[plan.institution_id]))
            for plan in behind]
    return home.HomePanel(
        key="transformation", title=_("Transformation of county institutions"), order=10,
        figures=[
            home.Figure("counties_behind", _("Counties behind plan"),
                        figures["counties_behind"], link(transformation="behind"), alert=True),
            home.Figure("county_total", _("County institutions"), figures["total"], link()),
            home.Figure("transformed", _("Transformed"), figures["transformed"],
                        link(transformation=TransformationState.TRANSFORMED)),
            home.Figure("not_planned", _("No transformation planned"),
                        figures["total"] - figures["planned"], link(transformation="none")),
        ],
        actions=[home.Action(_("Dashboard"), reverse("dashboard"))],
        table=home.AreaTable(columns=[_("Days behind")], rows=rows) if rows else None)


def _target(plan: Transformation) -> dt.date:
    """The target a plan behind schedule has missed first."""
    if plan.state == TransformationState.PLANNED:
        return plan.target_handover_date
    return plan.target_completion_date


home.register(transformation_home)
