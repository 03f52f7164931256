"""Reads of a transformation: its state, the checklist, the integration facts and what
becomes of the staff."""

from dataclasses import dataclass

from django.db.models import Count, Q

from cwis.accounts.models import User
from cwis.core.scoping import get_scoped
from cwis.institutions.models import (
    CountyReceiver,
    Institution,
    InstitutionLevel,
    IntegrationFact,
    IntegrationOutcome,
    StaffMember,
    Transformation,
)
from cwis.institutions.selectors.registry import institution_get, transformation_of
from cwis.institutions.transformation import ChecklistEntry, checklist


@dataclass
class TransformationView:
    institution: Institution
    transformation: Transformation | None
    eligible: bool
    receiver: CountyReceiver | None
    checklist: list[ChecklistEntry]
    facts: list[IntegrationFact]
    staff_outcomes: dict[str, int]

    @property
    def open_count(self) -> int:
        return sum(1 for entry in self.checklist if not entry.done)


def transformation_view(*, actor: User, institution_id: int) -> TransformationView:
    """The transformation page: state, targets, receiver, the checklist computed now (or as
    it read at completion), the integration facts and the staff outcomes."""
    institution = institution_get(actor=actor, institution_id=institution_id)
    plan = transformation_of(institution)
    receiver = CountyReceiver.objects.select_related("receiver").filter(
        division_code=institution.division_code
    ).first() if institution.level == InstitutionLevel.COUNTY else None
    if plan is not None and plan.checklist_at_completion:
        entries = [ChecklistEntry(**item) for item in plan.checklist_at_completion]
    elif plan is not None or institution.is_transformable:
        entries = checklist(institution)
    else:
        entries = []
    facts = list(plan.facts.select_related("created_by")) if plan is not None else []
    outcomes = dict(
        StaffMember.objects.filter(institution=institution)
        .filter(Q(left_on__isnull=True) | ~Q(integration_outcome=IntegrationOutcome.PENDING))
        .values_list("integration_outcome")
        .annotate(n=Count("pk"))
    )
    return TransformationView(
        institution=institution,
        transformation=plan,
        eligible=plan is None and institution.is_transformable,
        receiver=receiver,
        checklist=entries,
        facts=facts,
        staff_outcomes={str(label): outcomes.get(value, 0)
                        for value, label in IntegrationOutcome.choices},
    )


def fact_get(*, actor: User, fact_id: int) -> IntegrationFact:
    return get_scoped(IntegrationFact.objects.select_related("transformation__institution"),
                      actor, pk=fact_id)
