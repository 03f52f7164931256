"""Reads of the registry: institutions, their licences and history, and the choices the
registry forms offer."""

from django.db.models import Q, QuerySet
from django.utils import timezone

from cwis.accounts.models import User
from cwis.core.history import HistoryEntry, history_of
from cwis.core.models import Division, DivisionLevel
from cwis.core.permissions import Perm, ScopeKind, require
from cwis.core.scoping import actor_prefix, get_scoped, scope
from cwis.institutions.models import (
    ChangeReason,
    Institution,
    InstitutionStatus,
    Licence,
    Transformation,
)

FILTERS = ("level", "kind", "status", "division", "q", "transformation")

# Fields set by the services alongside those the user changed: not shown as changes.
HISTORY_SKIPPED = ("division_code", "status_changed_on", "checklist_at_completion")


def institution_list(*, actor: User, filters: dict | None = None) -> QuerySet[Institution]:
    """Institutions the actor may see, filtered by level, kind, division prefix or name."""
    filters = filters or {}
    institutions = scope(
        Institution.objects.select_related("division", "transformation"), actor
    )
    if filters.get("level"):
        institutions = institutions.filter(level=filters["level"])
    if filters.get("kind"):
        institutions = institutions.filter(kind=filters["kind"])
    if filters.get("status"):
        institutions = institutions.filter(status=filters["status"])
    if filters.get("division"):
        institutions = institutions.filter(division_code__startswith=filters["division"])
    if filters.get("transformation") == "none":
        institutions = institutions.filter(transformation__isnull=True)
    elif filters.get("transformation") == "behind":
        from cwis.institutions.selectors.progress import behind_plan_q

        institutions = institutions.filter(
            behind_plan_q(timezone.localdate(), "transformation__"))
    elif filters.get("transformation"):
        institutions = institutions.filter(transformation__state=filters["transformation"])
    if filters.get("q"):
        q = filters["q"].strip()
        institutions = institutions.filter(Q(name__icontains=q) | Q(uscc=q.upper()))
    return institutions


def institution_get(*, actor: User, institution_id: int) -> Institution:
    return get_scoped(
        Institution.objects.select_related("division", "merged_into"), actor, pk=institution_id
    )


def institution_for_edit(*, actor: User, institution_id: int) -> Institution:
    """The institution in scope, if the actor's role may edit it (404 first, then 403)."""
    institution = institution_get(actor=actor, institution_id=institution_id)
    require(actor, Perm.INSTITUTION_EDIT)
    return institution


def transformation_of(institution: Institution) -> Transformation | None:
    try:
        return institution.transformation
    except Transformation.DoesNotExist:
        return None


def founding_division_choices(*, actor: User) -> list[tuple[str, str]]:
    """Divisions whose civil affairs department the actor may register an institution for."""
    prefix = actor_prefix(actor)
    if not prefix:  # nothing, or the whole country (no national role registers institutions)
        return []
    divisions = Division.objects.filter(
        valid_to__isnull=True,
        level__in=[DivisionLevel.PROVINCE, DivisionLevel.PREFECTURE, DivisionLevel.COUNTY],
    )
    if actor.scope_kind == ScopeKind.INSTITUTION:
        divisions = divisions.filter(code=prefix)
    else:
        divisions = divisions.filter(code__startswith=prefix)
    return [(d.code, f"{d.name} ({d.code})") for d in divisions.order_by("code")]


def merge_target_choices(*, actor: User, institution: Institution) -> QuerySet[Institution]:
    return scope(Institution.objects.all(), actor).filter(
        status=InstitutionStatus.OPERATING
    ).exclude(pk=institution.pk)


def record_history(record, *, limit: int = 50) -> list[HistoryEntry]:
    """The history of an institutions record the caller has found in scope, newest first,
    with the reasons the transformation writes shown in words."""
    return history_of(record, limit=limit, reasons=dict(ChangeReason.choices),
                      skip=HISTORY_SKIPPED)


# --- licences ------------------------------------------------------------------------------

def licence_get(*, actor: User, licence_id: int) -> Licence:
    return get_scoped(Licence.objects.select_related("institution"), actor, pk=licence_id)


def licences_of(institution: Institution) -> QuerySet[Licence]:
    return institution.licences.order_by("kind", "-valid_from")
