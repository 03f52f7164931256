"""Reads of family-style residences and the children living in them."""

from cwis.accounts.models import User
from cwis.children.choices import PlacementKind
from cwis.children.models import Child, Placement
from cwis.core.scoping import get_scoped, scope
from cwis.institutions.models import FamilyResidence


def residence_get(*, actor: User, residence_id: int) -> FamilyResidence:
    return get_scoped(FamilyResidence.objects.select_related("institution"), actor,
                      pk=residence_id)


def residents_by_residence(*, actor: User,
                           residences: list[FamilyResidence]) -> dict[int, list[Child]]:
    """The children living in each residence now (their open family-residence placement),
    as far as the actor may see them."""
    result: dict[int, list[Child]] = {r.pk: [] for r in residences}
    placements = scope(Placement.objects.select_related("child"), actor).filter(
        family_residence__in=list(result),
        kind=PlacementKind.FAMILY_RESIDENCE,
        ended_on__isnull=True,
    ).order_by("child__name", "child_id")
    for placement in placements:
        result[placement.family_residence_id].append(placement.child)
    return result
