"""Reads of family foster care and family-style couples, scoped (cwis.core.scoping): the
institution's staff read its families and placements; the offices above read the same
registry within their jurisdiction (the foster care measures make civil affairs answer for
it), without writing."""

from django.db.models import Count, Prefetch, Q, QuerySet

from cwis.accounts.models import User
from cwis.care.choices_family import FamilyState
from cwis.care.models import FosterFamily, FosterPlacement, ResidenceCouple
from cwis.care.services.rules import require_any
from cwis.core.permissions import Perm
from cwis.core.scoping import get_scoped, scope
from cwis.institutions.models import FamilyResidence

READ = (Perm.CARE_VIEW, Perm.CARE_FIGURES)
OPEN = Q(placements__ended_on__isnull=True, placements__placement__ended_on__isnull=True)


def foster_family_list(*, actor: User, state: str = FamilyState.ACTIVE,
                       division: str = "") -> QuerySet[FosterFamily]:
    """The foster families in scope, each with `children_now`, the foster children it has."""
    require_any(actor, READ)
    families = scope(FosterFamily.objects.select_related("institution"), actor)
    if state:
        families = families.filter(state=state)
    if division:
        families = families.filter(institution__division_code__startswith=division)
    return families.annotate(children_now=Count("placements", filter=OPEN)).order_by(
        "household", "id")


def foster_family_get(*, actor: User, family_id: int) -> FosterFamily:
    require_any(actor, READ)
    placements = FosterPlacement.objects.select_related("child", "placement").order_by(
        "-started_on", "-id")
    return get_scoped(FosterFamily.objects.select_related("institution", "conditions_checked_by")
                      .prefetch_related(Prefetch("placements", queryset=placements),
                                        "trainings", "evaluations__evaluator"),
                      actor, pk=family_id)


def foster_families_for_child(*, actor: User, child) -> QuerySet[FosterFamily]:
    """The families of the child's institution that take children (the place form's
    choices; the service checks each condition again)."""
    return scope(FosterFamily.objects.filter(
        institution_id=child.current_institution_id, state=FamilyState.ACTIVE,
        conditions_checked_on__isnull=False), actor).order_by("household", "id")


def foster_placement_get(*, actor: User, foster_id: int) -> FosterPlacement:
    require_any(actor, READ)
    return get_scoped(FosterPlacement.objects.select_related("child", "family", "placement")
                      .prefetch_related("visits__visitor"), actor, pk=foster_id)


def foster_placement_of_child(*, actor: User, child) -> FosterPlacement | None:
    """The child's open foster placement, if any."""
    return scope(FosterPlacement.objects.filter(
        child=child, ended_on__isnull=True, placement__ended_on__isnull=True), actor
    ).select_related("family").first()


def residence_list(*, actor: User) -> QuerySet[FamilyResidence]:
    """The family-style residences in scope, each with its present couple
    (`present_couples`, a list of one or none)."""
    require_any(actor, READ)
    couples = ResidenceCouple.objects.filter(ended_on__isnull=True)
    return scope(FamilyResidence.objects.filter(is_active=True), actor).select_related(
        "institution").prefetch_related(
        Prefetch("couples", queryset=couples, to_attr="present_couples")).order_by(
        "institution__name", "name")


def residence_get(*, actor: User, residence_id: int) -> FamilyResidence:
    require_any(actor, READ)
    return get_scoped(FamilyResidence.objects.select_related("institution"), actor,
                      pk=residence_id)


def couple_get(*, actor: User, couple_id: int) -> ResidenceCouple:
    require_any(actor, READ)
    return get_scoped(ResidenceCouple.objects.select_related(
        "residence__institution", "qualified_by").prefetch_related(
        "trainings", "evaluations__evaluator"), actor, pk=couple_id)


def couples_of_residence(*, actor: User, residence: FamilyResidence
                         ) -> QuerySet[ResidenceCouple]:
    return scope(ResidenceCouple.objects.filter(residence=residence), actor).order_by(
        "-started_on", "-id")


def foster_history_of_child(*, actor: User, child) -> QuerySet[FosterPlacement]:
    """Every foster placement of the child, the latest first."""
    return scope(FosterPlacement.objects.filter(child=child), actor).select_related(
        "family", "placement").order_by("-started_on", "-id")
