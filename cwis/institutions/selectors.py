from django.db.models import Q, QuerySet

from cwis.core.scoping import get_scoped, scope
from cwis.institutions.models import Institution


def institution_list(*, actor, filters: dict | None = None) -> QuerySet[Institution]:
    """Institutions the actor may see, filtered by level, kind, division prefix or name."""
    filters = filters or {}
    institutions = scope(Institution.objects.select_related("division"), actor)
    if filters.get("level"):
        institutions = institutions.filter(level=filters["level"])
    if filters.get("kind"):
        institutions = institutions.filter(kind=filters["kind"])
    if filters.get("status"):
        institutions = institutions.filter(status=filters["status"])
    if filters.get("division"):
        institutions = institutions.filter(division_code__startswith=filters["division"])
    if filters.get("q"):
        q = filters["q"].strip()
        institutions = institutions.filter(Q(name__icontains=q) | Q(uscc=q.upper()))
    return institutions


def institution_get(*, actor, institution_id: int) -> Institution:
    return get_scoped(Institution.objects.select_related("division"), actor, pk=institution_id)
