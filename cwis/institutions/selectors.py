"""Every read of institutions and their records, already scoped to the actor."""

import datetime as dt
import json
from dataclasses import dataclass, field

from django.core.exceptions import ImproperlyConfigured
from django.db.models import Count, Q, QuerySet
from django.utils.translation import gettext as _

from cwis.core.errors import NotFoundError
from cwis.core.models import Division, DivisionLevel
from cwis.core.permissions import Perm, ScopeKind, require
from cwis.core.scoping import actor_prefix, division_in_scope, get_scoped, scope
from cwis.institutions.models import (
    ChangeReason,
    CountyReceiver,
    FamilyResidence,
    Institution,
    InstitutionKind,
    InstitutionLevel,
    InstitutionStatus,
    IntegrationFact,
    IntegrationOutcome,
    Licence,
    Post,
    PostType,
    ProvinceLayout,
    StaffMember,
    Transformation,
)
from cwis.institutions.transformation import ChecklistEntry, checklist, installed_model

FILTERS = ("level", "kind", "status", "division", "q", "transformation")


# --- institutions ------------------------------------------------------------------------

def institution_list(*, actor, filters: dict | None = None) -> QuerySet[Institution]:
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
    elif filters.get("transformation"):
        institutions = institutions.filter(transformation__state=filters["transformation"])
    if filters.get("q"):
        q = filters["q"].strip()
        institutions = institutions.filter(Q(name__icontains=q) | Q(uscc=q.upper()))
    return institutions


def institution_get(*, actor, institution_id: int) -> Institution:
    return get_scoped(
        Institution.objects.select_related("division", "merged_into"), actor, pk=institution_id
    )


def institution_for_edit(*, actor, institution_id: int) -> Institution:
    """The institution in scope, if the actor's role may edit it (404 first, then 403)."""
    institution = institution_get(actor=actor, institution_id=institution_id)
    require(actor, Perm.INSTITUTION_EDIT)
    return institution


def transformation_of(institution: Institution) -> Transformation | None:
    try:
        return institution.transformation
    except Transformation.DoesNotExist:
        return None


def founding_division_choices(*, actor) -> list[tuple[str, str]]:
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


def merge_target_choices(*, actor, institution: Institution) -> QuerySet[Institution]:
    return scope(Institution.objects.all(), actor).filter(
        status=InstitutionStatus.OPERATING
    ).exclude(pk=institution.pk)


# --- history -------------------------------------------------------------------------------

HISTORY_SKIPPED = frozenset({
    "version", "created_at", "updated_at", "created_by", "updated_by", "division_code",
    "status_changed_on", "checklist_at_completion",
})


@dataclass(frozen=True)
class HistoryChange:
    field: str
    old: str
    new: str


@dataclass
class HistoryEntry:
    when: dt.datetime
    user: str
    created: bool
    reason: str
    changes: list[HistoryChange] = field(default_factory=list)


def _display(record, field_name: str) -> str:
    model_field = record._meta.get_field(field_name)
    value = getattr(record, model_field.attname)
    if value is None or (value == "" and not model_field.choices):
        return "—"
    if model_field.choices:
        return str(dict(model_field.flatchoices).get(value, value))
    if model_field.is_relation:
        related = getattr(record, field_name, None)
        return str(related) if related is not None else str(value)
    if isinstance(value, bool):
        return _("yes") if value else _("no")
    if isinstance(value, dt.date):
        return value.isoformat()
    return str(value)


def history_entries(instance, *, limit: int = 50) -> list[HistoryEntry]:
    """The record's history, newest first, each with the fields that changed."""
    records = list(
        instance.history.select_related("history_user").order_by("-history_date",
                                                                 "-history_id")[: limit + 1]
    )
    reasons = dict(ChangeReason.choices)
    entries = []
    for index, record in enumerate(records[:limit]):
        previous = records[index + 1] if index + 1 < len(records) else None
        entry = HistoryEntry(
            when=record.history_date,
            user=str(record.history_user) if record.history_user else "—",
            created=record.history_type == "+",
            reason=str(reasons.get(record.history_change_reason or "",
                                   record.history_change_reason or "")),
        )
        if previous is not None:
            delta = record.diff_against(previous, excluded_fields=HISTORY_SKIPPED)
            entry.changes = [
                HistoryChange(
                    field=str(record._meta.get_field(change.field).verbose_name),
                    old=_display(previous, change.field),
                    new=_display(record, change.field),
                )
                for change in delta.changes
            ]
        entries.append(entry)
    return entries


# --- licences, posts, staff, residences --------------------------------------------------

def licence_get(*, actor, licence_id: int) -> Licence:
    return get_scoped(Licence.objects.select_related("institution"), actor, pk=licence_id)


def licences_of(institution: Institution) -> QuerySet[Licence]:
    return institution.licences.order_by("kind", "-valid_from")


@dataclass(frozen=True)
class PostRow:
    post_type: str
    label: str
    headcount_set: int
    filled: int
    post: Post | None

    @property
    def vacant(self) -> int:
        return max(self.headcount_set - self.filled, 0)

    @property
    def over(self) -> int:
        return max(self.filled - self.headcount_set, 0)


def post_table(institution: Institution) -> list[PostRow]:
    """Each post type that is set or filled: headcount set against current staff."""
    posts = {p.post_type: p for p in Post.objects.filter(institution=institution)}
    filled = dict(
        StaffMember.objects.filter(institution=institution, left_on__isnull=True)
        .values_list("post_type")
        .annotate(n=Count("pk"))
    )
    return [
        PostRow(value, str(label), posts[value].headcount_set if value in posts else 0,
                filled.get(value, 0), posts.get(value))
        for value, label in PostType.choices
        if value in posts or value in filled
    ]


def social_work_summary(institution: Institution, rows: list[PostRow]) -> dict:
    social = next((r for r in rows if r.post_type == PostType.SOCIAL_WORKER), None)
    return {
        "department": institution.has_social_work_department,
        "posts_set": social.headcount_set if social else 0,
        "posts_filled": social.filled if social else 0,
    }


def staff_list(*, actor, institution_id: int, current_only: bool = False):
    institution = institution_get(actor=actor, institution_id=institution_id)
    staff = institution.staff.select_related("transferred_to").prefetch_related(
        "qualifications"
    )
    if current_only:
        staff = staff.filter(left_on__isnull=True)
    return institution, staff


def staff_get(*, actor, staff_id: int) -> StaffMember:
    return get_scoped(
        StaffMember.objects.select_related("institution", "transferred_to").prefetch_related(
            "qualifications", "trainings"
        ),
        actor,
        pk=staff_id,
    )


def residence_get(*, actor, residence_id: int) -> FamilyResidence:
    return get_scoped(FamilyResidence.objects.select_related("institution"), actor,
                      pk=residence_id)


def residents_by_residence(*, actor, residences: list[FamilyResidence]) -> dict[int, list] | None:
    """The children living in each residence, from the children module, scoped to the actor;
    None while that module has no child records linked to residences."""
    child_model = installed_model("children", "Child")
    if child_model is None:
        return None
    links = [f.name for f in child_model._meta.get_fields()
             if f.many_to_one and f.related_model is FamilyResidence]
    if not links:
        return None
    try:
        children = scope(child_model._default_manager.all(), actor)
    except ImproperlyConfigured:
        return None
    result: dict[int, list] = {r.pk: [] for r in residences}
    for child in children.filter(**{f"{links[0]}__in": list(result)}):
        result[getattr(child, f"{links[0]}_id")].append(child)
    return result


# --- transformation --------------------------------------------------------------------

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


def _transformation_eligible(institution: Institution) -> bool:
    return (institution.level == InstitutionLevel.COUNTY
            and institution.kind == InstitutionKind.CHILD_WELFARE
            and institution.status == InstitutionStatus.OPERATING)


def transformation_view(*, actor, institution_id: int) -> TransformationView:
    """The transformation page: state, targets, receiver, the checklist computed now (or as
    it read at completion), the integration facts and the staff outcomes."""
    institution = institution_get(actor=actor, institution_id=institution_id)
    plan = transformation_of(institution)
    receiver = CountyReceiver.objects.select_related("receiver").filter(
        division_code=institution.division_code
    ).first() if institution.level == InstitutionLevel.COUNTY else None
    if plan is not None and plan.checklist_at_completion:
        entries = [ChecklistEntry(**item) for item in plan.checklist_at_completion]
    elif plan is not None or _transformation_eligible(institution):
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
        eligible=plan is None and _transformation_eligible(institution),
        receiver=receiver,
        checklist=entries,
        facts=facts,
        staff_outcomes={str(label): outcomes.get(value, 0)
                        for value, label in IntegrationOutcome.choices},
    )


def fact_get(*, actor, fact_id: int) -> IntegrationFact:
    return get_scoped(IntegrationFact.objects.select_related("transformation__institution"),
                      actor, pk=fact_id)


def transfer_destination_choices(*, institution: Institution) -> QuerySet[Institution]:
    """Operating institutions of the same province a staff member may move to (names of
    institutions are public; the records stay scoped)."""
    return Institution.objects.filter(
        division_code__startswith=institution.division_code[:2],
        status=InstitutionStatus.OPERATING,
    ).exclude(pk=institution.pk).order_by("level", "division_code", "name")


# --- province layout -------------------------------------------------------------------

def receiver_choices(*, province_code: str) -> QuerySet[Institution]:
    """The institutions that may receive a county's children: operating child welfare
    institutions founded by the province or a prefecture of that province."""
    return Institution.objects.filter(
        division_code__startswith=province_code[:2],
        kind=InstitutionKind.CHILD_WELFARE,
        level__in=[InstitutionLevel.PROVINCE, InstitutionLevel.PREFECTURE],
        status=InstitutionStatus.OPERATING,
    ).order_by("division_code", "name")


def province_choices(*, actor) -> QuerySet[Division]:
    """The provinces whose layout the actor may open."""
    provinces = Division.objects.filter(valid_to__isnull=True, level=DivisionLevel.PROVINCE)
    prefix = actor_prefix(actor)
    if prefix is None or actor.scope_kind == ScopeKind.INSTITUTION:
        return provinces.none()
    return provinces.filter(code__startswith=prefix) if prefix else provinces


def province_get(*, actor, province_code: str) -> Division:
    """A province the actor oversees whole (province officers, the ministry); 404 otherwise."""
    require(actor, Perm.INSTITUTION_VIEW)
    province = Division.objects.filter(
        code=province_code, level=DivisionLevel.PROVINCE, valid_to__isnull=True
    ).first()
    if province is None or actor.scope_kind == ScopeKind.INSTITUTION:
        raise NotFoundError()
    if not division_in_scope(actor, province.code):
        raise NotFoundError()
    return province


def province_layout_get(*, province: Division) -> ProvinceLayout | None:
    return ProvinceLayout.objects.filter(division=province).first()


@dataclass
class CountyRow:
    county: Division
    institutions: list[Institution]
    receiver: CountyReceiver | None


@dataclass
class ProvinceLayoutView:
    province: Division
    layout: ProvinceLayout | None
    counts: dict[str, dict[str, int]]
    chart: dict
    counties: list[CountyRow]
    receivers: list[Institution]

    @property
    def chart_json(self) -> str:
        return json.dumps(self.chart, ensure_ascii=False)

    @property
    def child_welfare_count(self) -> int:
        return sum(self.counts[InstitutionKind.CHILD_WELFARE].values())

    @property
    def minors_protection_count(self) -> int:
        return sum(self.counts[InstitutionKind.MINORS_PROTECTION].values())

    @property
    def in_transformation_count(self) -> int:
        return sum(self.counts[InstitutionKind.IN_TRANSFORMATION].values())

    @property
    def county_child_welfare_count(self) -> int:
        return self.counts[InstitutionKind.CHILD_WELFARE][InstitutionLevel.COUNTY]


def _counts(institutions: QuerySet[Institution]) -> dict[str, dict[str, int]]:
    counts = {kind: dict.fromkeys(InstitutionLevel.values, 0) for kind in InstitutionKind.values}
    rows = institutions.filter(status=InstitutionStatus.OPERATING).values_list(
        "kind", "level"
    ).annotate(n=Count("pk")).order_by()
    for kind, level, n in rows:
        counts[kind][level] = n
    return counts


def _chart(counts: dict[str, dict[str, int]]) -> dict:
    """An ECharts option: operating institutions by level (x) and kind (stacked series)."""
    return {
        "tooltip": {"trigger": "axis", "axisPointer": {"type": "shadow"}},
        "legend": {"top": 0},
        "grid": {"left": 40, "right": 16, "bottom": 30, "top": 60, "containLabel": True},
        "xAxis": {"type": "category", "data": [str(label) for label in InstitutionLevel.labels]},
        "yAxis": {"type": "value", "minInterval": 1},
        "series": [
            {
                "name": str(label),
                "type": "bar",
                "stack": "kind",
                "data": [counts[kind][level] for level in InstitutionLevel.values],
            }
            for kind, label in InstitutionKind.choices
        ],
    }


def province_layout_view(*, actor, province_code: str) -> ProvinceLayoutView:
    """The province page: plan, counts and chart by level and kind, and each county with its
    county institutions, their transformation and the institution receiving its children."""
    province = province_get(actor=actor, province_code=province_code)
    prefix = province.code[:2]
    institutions = scope(Institution.objects.all(), actor).filter(division_code__startswith=prefix)
    counts = _counts(institutions)
    by_county: dict[str, list[Institution]] = {}
    county_institutions = institutions.filter(level=InstitutionLevel.COUNTY).select_related(
        "transformation"
    )
    for institution in county_institutions:
        by_county.setdefault(institution.division_code, []).append(institution)
    receivers = {
        r.division_code: r
        for r in scope(CountyReceiver.objects.select_related("receiver"), actor).filter(
            division_code__startswith=prefix
        )
    }
    counties = Division.objects.filter(
        valid_to__isnull=True, level=DivisionLevel.COUNTY, code__startswith=prefix
    ).order_by("code")
    return ProvinceLayoutView(
        province=province,
        layout=province_layout_get(province=province),
        counts=counts,
        chart=_chart(counts),
        counties=[CountyRow(c, by_county.get(c.code, []), receivers.get(c.code))
                  for c in counties],
        receivers=list(receiver_choices(province_code=province.code)),
    )


def county_row(*, actor, county_code: str) -> CountyRow:
    """One row of the province page, for redrawing it after a change."""
    county = Division.objects.filter(
        code=county_code, level=DivisionLevel.COUNTY, valid_to__isnull=True
    ).first()
    if county is None or not division_in_scope(actor, county.code):
        raise NotFoundError()
    institutions = list(scope(Institution.objects.select_related("transformation"), actor).filter(
        level=InstitutionLevel.COUNTY, division_code=county.code
    ))
    receiver = scope(CountyReceiver.objects.select_related("receiver"), actor).filter(
        division_code=county.code
    ).first()
    return CountyRow(county, institutions, receiver)


def prefectures_of(province: Division) -> QuerySet[Division]:
    return Division.objects.filter(valid_to__isnull=True, level=DivisionLevel.PREFECTURE,
                                   code__startswith=province.code[:2]).order_by("code")

