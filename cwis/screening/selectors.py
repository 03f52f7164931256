"""Reads of screening campaigns, scoped by the campaign's county (cwis.core.scoping)."""

from dataclasses import dataclass, field

from django.db.models import Count, Exists, OuterRef, Q, QuerySet
from django.db.models.functions import Substr

from cwis.accounts.models import User
from cwis.children.choices import ChildStatus
from cwis.children.models import Child
from cwis.core.divisions import division_names
from cwis.core.imports import selectors as imports
from cwis.core.imports.models import BatchState, ImportBatch, ImportRow, RowAction, RowOutcome
from cwis.core.permissions import Perm, require
from cwis.core.scoping import get_scoped, scope
from cwis.screening.imports import KIND
from cwis.screening.models import Campaign, ScreeningRecord


def campaign_list(*, actor: User) -> QuerySet[Campaign]:
    require(actor, Perm.CHILD_VIEW)
    return scope(Campaign.objects.all(), actor)


def campaign_get(*, actor: User, campaign_id: int) -> Campaign:
    """A campaign in scope; NotFoundError otherwise (missing and forbidden alike)."""
    require(actor, Perm.CHILD_VIEW)
    return get_scoped(Campaign.objects.all(), actor, pk=campaign_id)


def campaign_townships(campaign: Campaign) -> list[tuple[str, str]]:
    """(code, name) of the townships the campaign covers."""
    names = division_names(campaign.township_codes)
    return [(code, names.get(code, code)) for code in campaign.township_codes]


def campaign_batches(*, actor: User, campaign: Campaign) -> QuerySet[ImportBatch]:
    return imports.batch_list(actor=actor, kind=KIND, target=str(campaign.pk))


def batch_get(*, actor: User, batch_id: int) -> tuple[ImportBatch, Campaign]:
    """A screening workbook in scope and its campaign."""
    batch = imports.batch_get(actor=actor, batch_id=batch_id, kind=KIND)
    return batch, campaign_get(actor=actor, campaign_id=int(batch.target))


@dataclass
class TownshipFigures:
    code: str
    name: str
    received: int = 0
    created: int = 0
    updated: int = 0
    unchanged: int = 0
    refused: int = 0
    children: int = 0


@dataclass
class CampaignFigures:
    townships: list[TownshipFigures] = field(default_factory=list)
    total: TownshipFigures = field(default_factory=lambda: TownshipFigures("", ""))


def campaign_figures(*, actor: User, campaign: Campaign) -> CampaignFigures:
    """Rows received, created, updated, refused (imported workbooks) and children seen, by
    township: two grouped queries."""
    rows = ImportRow.objects.filter(
        batch__in=campaign_batches(actor=actor, campaign=campaign).filter(
            state=BatchState.COMMITTED))
    grouped = rows.annotate(township=Substr("division_code", 1, 9)).values("township").annotate(
        received=Count("id"),
        created=Count("id", filter=Q(outcome=RowOutcome.CREATED)),
        updated=Count("id", filter=Q(outcome=RowOutcome.UPDATED)),
        unchanged=Count("id", filter=Q(outcome=RowOutcome.UNCHANGED)),
        refused=Count("id", filter=Q(action=RowAction.REFUSE)),
    )
    seen = (scope(ScreeningRecord.objects.filter(campaign=campaign), actor)
            .annotate(township=Substr("division_code", 1, 9)).values("township")
            .annotate(children=Count("id")))
    by_code = {code: TownshipFigures(code, name) for code, name in campaign_townships(campaign)}
    unknown = TownshipFigures("", "")
    for line in grouped:
        target = by_code.get(line["township"], unknown)
        for name in ("received", "created", "updated", "unchanged", "refused"):
            setattr(target, name, getattr(target, name) + line[name])
    for line in seen:
        target = by_code.get(line["township"], unknown)
        target.children += line["children"]
    figures = CampaignFigures(townships=list(by_code.values()))
    if unknown.received or unknown.children:
        figures.townships.append(unknown)
    for name in ("received", "created", "updated", "unchanged", "refused", "children"):
        setattr(figures.total, name, sum(getattr(t, name) for t in figures.townships))
    return figures


def campaign_previous(*, actor: User, campaign: Campaign) -> Campaign | None:
    """The county's campaign before this one (by start date)."""
    return (campaign_list(actor=actor)
            .filter(county_code=campaign.county_code, starts_on__lt=campaign.starts_on)
            .order_by("-starts_on", "-id").first())


def campaign_not_seen(*, actor: User, campaign: Campaign) -> QuerySet[Child]:
    """Children on the registry that the previous campaign saw and this one has not: a list
    to check (moved, grown up, or missed), never removed by it."""
    previous = campaign_previous(actor=actor, campaign=campaign)
    if previous is None:
        return Child.objects.none()
    seen_before = ScreeningRecord.objects.filter(campaign=previous, child=OuterRef("pk"))
    seen_now = ScreeningRecord.objects.filter(campaign=campaign, child=OuterRef("pk"))
    return (scope(Child.objects.filter(status=ChildStatus.IN_COMMUNITY), actor)
            .filter(Exists(seen_before), ~Exists(seen_now))
            .order_by("division_code", "name", "id"))
