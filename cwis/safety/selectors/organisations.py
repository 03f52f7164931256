"""Reads of social organisations and volunteers (ORG_VIEW), scoped by county and
institution; the figures per area (ORG_FIGURES): organisations engaged, contract amounts,
volunteer hours of a year."""

import datetime as dt
from collections.abc import Mapping
from typing import Any

from django.db.models import Count, Q, QuerySet, Sum
from django.db.models.functions import Substr

from cwis.accounts.models import User
from cwis.core.errors import NotFoundError
from cwis.core.permissions import Perm, has_perm
from cwis.core.scoping import get_scoped, scope
from cwis.safety.models import Engagement, SocialOrganisation, Volunteer, VolunteerService


def organisation_list(*, actor: User, filters: Mapping[str, Any] | None = None
                      ) -> QuerySet[SocialOrganisation]:
    if not has_perm(actor, Perm.ORG_VIEW):
        return SocialOrganisation.objects.none()
    filters = filters or {}
    organisations = scope(SocialOrganisation.objects.select_related("institution"), actor)
    if filters.get("kind"):
        organisations = organisations.filter(kind=filters["kind"])
    return organisations.order_by("name", "id")


def organisation_get(*, actor: User, organisation_id: int) -> SocialOrganisation:
    if not has_perm(actor, Perm.ORG_VIEW):
        raise NotFoundError()
    return get_scoped(SocialOrganisation.objects.select_related("institution"), actor,
                      pk=organisation_id)


def organisation_engagements(*, organisation: SocialOrganisation) -> QuerySet[Engagement]:
    return organisation.engagements.order_by("-starts_on", "-id")


def volunteer_list(*, actor: User) -> QuerySet[Volunteer]:
    if not has_perm(actor, Perm.ORG_VIEW):
        return Volunteer.objects.none()
    return scope(Volunteer.objects.select_related("organisation"), actor).order_by("name",
                                                                                     "id")


def volunteer_get(*, actor: User, volunteer_id: int) -> Volunteer:
    if not has_perm(actor, Perm.ORG_VIEW):
        raise NotFoundError()
    return get_scoped(Volunteer.objects.select_related("organisation"), actor,
                      pk=volunteer_id)


def provider_choices(*, actor: User) -> QuerySet[SocialOrganisation]:
    """Organisations a care session may name as its provider: those in the actor's scope."""
    return organisation_list(actor=actor)


def organisation_figures(*, actor: User, prefix: str, width: int, year: int
                         ) -> dict[str, dict[str, object]]:
    """Per area of `width` digits under `prefix`: organisations engaged in `year` (an
    engagement running some day of it), the amount of the engagements starting in it, and
    the volunteer hours served in it. Three grouped queries."""
    if not has_perm(actor, Perm.ORG_FIGURES):
        return {}
    first, last = dt.date(year, 1, 1), dt.date(year, 12, 31)
    found: dict[str, dict[str, object]] = {}

    def add(rows, key: str) -> None:
        for row in rows:
            found.setdefault(row["area"], {"organisations": 0, "amount": 0, "hours": 0})
            found[row["area"]][key] = row["n"] or 0

    running = Q(starts_on__lte=last) & (Q(ends_on__isnull=True) | Q(ends_on__gte=first))
    engagements = scope(Engagement.objects.filter(
        organisation__county_code__startswith=prefix), actor)
    add(engagements.filter(running).annotate(area=Substr("organisation__county_code", 1,
                                                         width))
        .values("area").annotate(n=Count("organisation", distinct=True)).order_by(),
        "organisations")
    add(engagements.filter(starts_on__range=(first, last))
        .annotate(area=Substr("organisation__county_code", 1, width))
        .values("area").annotate(n=Sum("amount")).order_by(), "amount")
    add(scope(VolunteerService.objects.filter(volunteer__county_code__startswith=prefix,
                                              served_on__range=(first, last)), actor)
        .annotate(area=Substr("volunteer__county_code", 1, width))
        .values("area").annotate(n=Sum("hours")).order_by(), "hours")
    return found


def organisation_for_provider(*, actor: User, organisation_id: int
                              ) -> SocialOrganisation | None:
    """The organisation a care session names as its provider, if the actor may see it."""
    return provider_choices(actor=actor).filter(pk=organisation_id).first()
