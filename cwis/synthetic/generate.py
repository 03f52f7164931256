"""`cwis generate`: realistic synthetic data at tiny, demo, province or national scale.

The run is a list of steps (`STEPS`), each a function `step(ctx)`; the transfers and the
community registry have their own modules. Everything is driven by `random.Random` seeded from
(seed, step, batch), so a seed reproduces the same data, and every batch is written in one
transaction with a marker row: running the command again after an interruption resumes
where it stopped, and running it after completion changes nothing.

What is generated (see the README, "Scale and benchmarks"):
- divisions: the GB/T 2260 table (`divisions_load`);
- institutions: per province one province child welfare institution (CWI), per prefecture
  one CWI, and county institutions in various transformation states (planned, handing over,
  transformed), about 1,200 nationally; history rows for each;
- users: province, prefecture and county officers, one director and one caregiver per
  institution; all share one password hash (`SYNTHETIC_PASSWORD`);
- children in care (about 60,000 nationally) with an intake, an open placement (or a closed
  one for the ~15% who left care), the turning-18 deadline and, for found children, the
  identity and insurance deadline; history rows for the child, intake and placement;
- transfers (`cwis/synthetic/transfers.py`): a receiver for every county whose institution
  is handing over or transformed; for the children of institutions handing over, transfers
  in every state (drafted, approved, sent, received, returned, cancelled; some overdue) with
  their archive items, some property handed over, hukou decisions and migrations, and
  history rows per step; a received transfer has moved the child as `child_move` does (old
  placement ended, an open one at the receiver, the child's institution and division
  changed). Children still in a transformed institution are received by its completion;
- townships and villages under every county, a child supervisor per township and a child
  director per township's first village, and the community registry (about 10 million files
  nationally) with their history rows and visit deadlines: `cwis/synthetic/community.py`.
"""

import datetime as dt
import random
import sys
import time
from collections.abc import Callable
from dataclasses import dataclass, field

from django.contrib.auth.hashers import make_password
from django.db import transaction
from django.utils import timezone
from stdnum.cn import uscc

from cwis.accounts.models import User
from cwis.children.choices import (
    CATEGORY_SITUATIONS,
    PARENTS_NOT_FOUND_CATEGORIES,
    SITUATION_KIND,
    ChildStatus,
    DeadlineKind,
    DisabilityType,
    EducationStatus,
    HukouType,
    IdentityStatus,
    InsuranceStatus,
    IntakeCategory,
    LeaveReason,
    PlacementKind,
    Sex,
)
from cwis.children.legal import LEGAL_BASES, OTHER_BASIS
from cwis.children.models import Child, ChildDeadline, Intake, Placement
from cwis.children.services import add_years, name_search_keys
from cwis.core.models import Division, DivisionLevel
from cwis.core.permissions import Role
from cwis.core.services import divisions_load
from cwis.institutions.models import (
    Institution,
    InstitutionKind,
    InstitutionLevel,
    Transformation,
    TransformationState,
)
from cwis.synthetic import community, transfers, writer
from cwis.synthetic.people import People

SYNTHETIC_PASSWORD = "cwis-synthetic"  # noqa: S105 - documented, synthetic data only

# Jiangxi: the demo province, a middle-sized one (11 prefectures, 100 counties).
PROVINCE = "36"
# Taiwan, Hong Kong and Macao have codes in GB/T 2260 but no mainland civil affairs
# institutions: nothing is generated there.
OUTSIDE_SYSTEM = ("71", "81", "82")


@dataclass(frozen=True)
class Scale:
    provinces: tuple[str, ...] | None  # two-digit codes; None: all
    counties_per_prefecture: int | None  # None: all
    children_in_care: int
    county_institution_share: float  # share of counties with their own institution
    batch: int = 2000
    community_children: int = 0  # files in the community registry (cwis/synthetic/community.py)
    community_batch: int = 50_000


SCALES = {
    # A few hundred rows: the normal test suite runs it on SQLite and PostgreSQL.
    "tiny": Scale(provinces=(PROVINCE,), counties_per_prefecture=2, children_in_care=60,
                  county_institution_share=0.6, batch=25, community_children=120,
                  community_batch=50),
    "demo": Scale(provinces=(PROVINCE,), counties_per_prefecture=3, children_in_care=600,
                  county_institution_share=0.5, community_children=3000),
    # One province at its national share (1/31 of 60,000 is ~2,000; Jiangxi is larger, and
    # sends many workers away: its registry is above the national share of 10 million).
    "province": Scale(provinces=(PROVINCE,), counties_per_prefecture=None,
                      children_in_care=2500, county_institution_share=0.3,
                      community_children=400_000),
    "national": Scale(provinces=None, counties_per_prefecture=None, children_in_care=60000,
                      county_institution_share=0.29, community_children=10_000_000),
}

# Category mix of children in institutional care (approximate, from the civil affairs
# statistical bulletins: most children in CWIs are found children, many with a disability).
INTAKE_MIX = [
    (IntakeCategory.FOUND_CHILD, 55), (IntakeCategory.PARENTS_DEAD, 15),
    (IntakeCategory.PARENTS_INCAPABLE, 8), (IntakeCategory.COURT_APPOINTED, 3),
    (IntakeCategory.TEMPORARY_WARD, 8), (IntakeCategory.TRAFFICKING_RESCUED, 1),
    (IntakeCategory.STREET_CHILD, 2), (IntakeCategory.EXTREME_POVERTY, 6),
    (IntakeCategory.OTHER_BY_LAW, 2),
]
DISABILITY_SHARE = 0.55  # children in CWIs with a disability (bulletins: over half)
LEFT_CARE_SHARE = 0.15  # closed files among the generated ones
DISABILITY_WEIGHTS = [
    (DisabilityType.INTELLECTUAL, 30), (DisabilityType.PHYSICAL, 25),
    (DisabilityType.MULTIPLE, 20), (DisabilityType.HEARING, 8), (DisabilityType.VISUAL, 6),
    (DisabilityType.SPEECH, 5), (DisabilityType.MENTAL, 6),
]


@dataclass
class Context:
    scale_name: str
    scale: Scale
    seed: int
    today: dt.date
    out: Callable[[str], None] = field(default=lambda s: print(s, file=sys.stderr))
    counts: dict[str, int] = field(default_factory=dict)

    def rng(self, *key) -> random.Random:
        return random.Random(f"{self.seed}:{':'.join(map(str, key))}")  # noqa: S311 - data

    def marker(self, *key) -> str:
        return f"{self.scale_name}:{self.seed}:" + ":".join(map(str, key))

    def add(self, name: str, n: int) -> None:
        self.counts[name] = self.counts.get(name, 0) + n


def _progress(ctx: Context, label: str, done: int, total: int, started: float) -> None:
    elapsed = time.monotonic() - started
    rate = done / elapsed if elapsed else 0.0
    width = 30
    filled = int(width * done / total) if total else width
    ctx.out(f"\r{label:<12} [{'#' * filled}{'.' * (width - filled)}] {done}/{total} "
            f"{rate:,.0f}/s {elapsed:,.0f}s")


# ---------------------------------------------------------------------------------------
# Divisions


def _counties(ctx: Context) -> list[Division]:
    """The counties in the scale, in code order."""
    qs = Division.objects.filter(level=DivisionLevel.COUNTY, valid_to__isnull=True)
    if ctx.scale.provinces is not None:
        from django.db.models import Q

        q = Q()
        for p in ctx.scale.provinces:
            q |= Q(code__startswith=p)
        qs = qs.filter(q)
    counties = [c for c in qs.order_by("code") if c.code[:2] not in OUTSIDE_SYSTEM]
    limit = ctx.scale.counties_per_prefecture
    if limit is not None:
        kept, seen = [], {}
        for c in counties:
            seen[c.code[:4]] = seen.get(c.code[:4], 0) + 1
            if seen[c.code[:4]] <= limit:
                kept.append(c)
        counties = kept
    return counties


def step_divisions(ctx: Context) -> None:
    created = divisions_load()
    ctx.add("divisions", created)
    ctx.out(f"divisions    {created} new\n")


# ---------------------------------------------------------------------------------------
# Institutions


def _uscc(division_code: str, serial: int) -> str:
    # '12' public institution; a serial range no demo institution uses (9xxxxxxx).
    base = f"12{division_code}9{serial:07d}0"[:17]
    return base + uscc.calc_check_digit(base)


def _institution(ctx, division: Division, level: str, kind: str, name: str, beds: int,
                 serial: int) -> Institution:
    now = timezone.now()
    return Institution(
        name=name, uscc=_uscc(division.code, serial), level=level, kind=kind,
        division_id=division.pk, division_code=division.code, address=division.name,
        beds=beds, offers_upbringing=True, offers_medical=level != InstitutionLevel.COUNTY,
        offers_rehabilitation=level != InstitutionLevel.COUNTY,
        offers_special_education=level == InstitutionLevel.PROVINCE,
        offers_social_work=True, has_social_work_department=level != InstitutionLevel.COUNTY,
        created_at=now, updated_at=now,
    )


def _transformations(rng, rows, plans, today: dt.date, when) -> list[Transformation]:
    transformations = []
    for index, state in plans:
        if state is None:
            continue
        handover = today + dt.timedelta(days=rng.randint(-400, 200))
        t = Transformation(
            institution_id=rows[index].pk, state=state, target_handover_date=handover,
            target_completion_date=handover + dt.timedelta(days=rng.randint(30, 300)),
            created_at=when, updated_at=when,
        )
        if state != TransformationState.PLANNED:
            t.started_on = min(handover, today)
        if state == TransformationState.TRANSFORMED:
            t.new_name = rows[index].name
            t.completed_on = min(t.target_completion_date, today)
            t.checklist_at_completion = {"generated": True}
        transformations.append(t)
    return transformations


def _county_plan(rng, county: Division) -> tuple[str, str | None, str]:
    """Kind, transformation state and name of a county institution: about a third each
    transformed / handing over / planned, a few in no plan yet."""
    roll = rng.random()
    if roll < 0.35:
        return (InstitutionKind.MINORS_PROTECTION, TransformationState.TRANSFORMED,
                f"{county.name}未成年人救助保护中心")
    if roll < 0.6:
        return (InstitutionKind.IN_TRANSFORMATION, TransformationState.HANDING_OVER,
                f"{county.name}儿童福利院")
    state = TransformationState.PLANNED if roll < 0.9 else None
    return InstitutionKind.CHILD_WELFARE, state, f"{county.name}儿童福利院"


def step_institutions(ctx: Context) -> None:
    key = ctx.marker("institutions")
    if writer.marker_done(key):
        ctx.out("institutions done before\n")
        return
    rng = ctx.rng("institutions")
    counties = _counties(ctx)
    prefecture_codes = sorted({c.code[:4] + "00" for c in counties})
    province_codes = sorted({c.code[:2] + "0000" for c in counties})
    divisions = {
        d.code: d for d in Division.objects.filter(
            code__in=prefecture_codes + province_codes, valid_to__isnull=True)
    }
    rows, plans = [], []
    serial = 0
    for code in province_codes:
        serial += 1
        d = divisions[code]
        rows.append(_institution(ctx, d, InstitutionLevel.PROVINCE,
                                 InstitutionKind.CHILD_WELFARE, f"{d.name}儿童福利院", 400,
                                 serial))
    for code in prefecture_codes:
        d = divisions.get(code)
        if d is None:  # municipalities' county-level units have no prefecture row
            continue
        serial += 1
        rows.append(_institution(ctx, d, InstitutionLevel.PREFECTURE,
                                 InstitutionKind.CHILD_WELFARE, f"{d.name}儿童福利院", 200,
                                 serial))
    today = ctx.today
    for county in counties:
        if rng.random() >= ctx.scale.county_institution_share:
            continue
        serial += 1
        kind, state, name = _county_plan(rng, county)
        rows.append(_institution(ctx, county, InstitutionLevel.COUNTY, kind, name, 40, serial))
        plans.append((len(rows) - 1, state))
    with transaction.atomic():
        ids = writer.reserve_ids(Institution, len(rows))
        for obj, pk in zip(rows, ids, strict=True):
            obj.pk = pk
        writer.write(Institution, rows)
        when = timezone.now()
        writer.write(Institution.history.model,
                     [writer.history_of(Institution, o, when=when) for o in rows], with_pk=False)
        transformations = _transformations(rng, rows, plans, today, when)
        tids = writer.reserve_ids(Transformation, len(transformations))
        for t, pk in zip(transformations, tids, strict=True):
            t.pk = pk
        writer.write(Transformation, transformations)
        writer.write(Transformation.history.model,
                     [writer.history_of(Transformation, t, when=when) for t in transformations],
                     with_pk=False)
        writer.marker_set(key)
    ctx.add("institutions", len(rows))
    ctx.add("transformations", len(transformations))
    ctx.out(f"institutions {len(rows)} ({len(transformations)} transformation plans)\n")


def _scale_institutions(ctx: Context) -> list[Institution]:
    codes = [c.code for c in _counties(ctx)]
    prefixes = sorted({c[:2] for c in codes})
    qs = Institution.objects.filter(uscc__regex=r"^12\d{6}9").order_by("pk")
    return [i for i in qs if i.division_code[:2] in prefixes]


# ---------------------------------------------------------------------------------------
# Users


def step_users(ctx: Context) -> None:
    key = ctx.marker("users")
    if writer.marker_done(key):
        ctx.out("users        done before\n")
        return
    password = make_password(SYNTHETIC_PASSWORD)
    people = People(ctx.rng("users"))
    counties = _counties(ctx)
    codes = sorted({c.code for c in counties} | {c.code[:4] + "00" for c in counties}
                   | {c.code[:2] + "0000" for c in counties})
    divisions = {d.code: d for d in Division.objects.filter(code__in=codes,
                                                            valid_to__isnull=True)}
    role_of = {DivisionLevel.PROVINCE: Role.PROVINCE_OFFICER,
               DivisionLevel.PREFECTURE: Role.PREFECTURE_OFFICER,
               DivisionLevel.COUNTY: Role.COUNTY_OFFICER}
    now = timezone.now()
    users = []
    for code in codes:
        d = divisions.get(code)
        if d is None:
            continue
        users.append(User(username=f"syn-{role_of[d.level]}-{code}", password=password,
                          display_name=f"{d.name}民政 {people.name(Sex.MALE)}",
                          role=role_of[d.level], division_id=d.pk, date_joined=now))
    users.append(User(username="syn-ministry", password=password, display_name="民政部",
                      role=Role.MINISTRY_OFFICER, date_joined=now))
    for inst in _scale_institutions(ctx):
        for role in (Role.DIRECTOR, Role.CAREGIVER):
            users.append(User(username=f"syn-{role}-{inst.pk}", password=password,
                              display_name=f"{inst.name} {people.name(Sex.FEMALE)}", role=role,
                              division_id=inst.division_id, institution_id=inst.pk,
                              date_joined=now))
    with transaction.atomic():
        ids = writer.reserve_ids(User, len(users))
        for u, pk in zip(users, ids, strict=True):
            u.pk = pk
        writer.write(User, users)
        writer.marker_set(key)
    ctx.add("users", len(users))
    ctx.out(f"users        {len(users)}\n")


# ---------------------------------------------------------------------------------------
# Children in care


def _bases_for(category: str, kind: str, day: dt.date) -> list[str]:
    return [
        b.code for b in LEGAL_BASES.values()
        if b.code != OTHER_BASIS and category in b.categories and kind in b.guardianship
        and b.in_force_on(day)
    ]


def _education(age: int, disabled: bool, rng: random.Random) -> str:
    if age < 3:
        return EducationStatus.NOT_SCHOOL_AGE
    if age < 6:
        return EducationStatus.PRESCHOOL
    if disabled and rng.random() < 0.5:
        return EducationStatus.SPECIAL
    if age < 12:
        return EducationStatus.PRIMARY
    if age < 15:
        return EducationStatus.JUNIOR_SECONDARY
    return EducationStatus.SENIOR_SECONDARY if rng.random() < 0.7 else EducationStatus.VOCATIONAL


def _child_batch(ctx: Context, batch_no: int, size: int, institutions: list[Institution],
                 weights: list[int], used_ids: set[str]):
    """One batch of children with their intake, placement and deadlines (unsaved)."""
    rng = ctx.rng("children", batch_no)
    people = People(rng)
    today = ctx.today
    now = timezone.now()
    cats, cat_w = zip(*INTAKE_MIX, strict=True)
    dis, dis_w = zip(*DISABILITY_WEIGHTS, strict=True)
    out = []
    for _ in range(size):
        inst = rng.choices(institutions, weights)[0]
        sex = Sex.MALE if rng.random() < 0.52 else Sex.FEMALE
        name = people.name(sex)
        birth = people.birth_date(min_age=0, max_age=17, today=today)
        category = rng.choices(cats, cat_w)[0]
        situation = rng.choice(sorted(CATEGORY_SITUATIONS[category]))
        kind = SITUATION_KIND[situation]
        found = category in PARENTS_NOT_FOUND_CATEGORIES
        intake_on = birth + dt.timedelta(days=rng.randint(0, max(0, (today - birth).days)))
        if found and rng.random() < 0.7:
            intake_on = min(today, birth + dt.timedelta(days=rng.randint(1, 60)))
        citizen_id = ""
        if not found or rng.random() < 0.6:
            region = inst.division_code if inst.division_code[2:] != "0000" else (
                inst.division_code[:2] + "0100")
            for _attempt in range(20):
                citizen_id = people.citizen_id(region, birth, sex)
                if citizen_id not in used_ids:
                    used_ids.add(citizen_id)
                    break
            else:
                citizen_id = ""
        disabled = rng.random() < DISABILITY_SHARE
        left = rng.random() < LEFT_CARE_SHARE and intake_on < today - dt.timedelta(days=30)
        pinyin, initials = name_search_keys(name)
        age = (today - birth).days // 365
        child = Child(
            name=name, sex=sex, birth_date=birth, birth_date_estimated=found,
            ethnicity="01" if rng.random() < 0.91 else rng.choice(["03", "06", "08", "15"]),
            citizen_id=citizen_id,
            identity_status=IdentityStatus.VERIFIED if citizen_id else IdentityStatus.PENDING,
            name_pinyin=pinyin, name_initials=initials, search_pinyin=pinyin,
            hukou_type=HukouType.INSTITUTION_COLLECTIVE if citizen_id else
            HukouType.NOT_REGISTERED,
            hukou_division_id=inst.division_id if citizen_id else None,
            found_on=intake_on if found else None,
            found_place=f"{inst.address}" if found else "",
            search_notice_on=intake_on + dt.timedelta(days=3) if found else None,
            formally_admitted_on=(intake_on + dt.timedelta(days=33)
                                  if found and intake_on + dt.timedelta(days=33) < today
                                  else None),
            guardian_kind=kind, guardianship_situation=situation,
            guardianship_note="依法" if situation == "other" else "",
            guardian_name=inst.name, guardianship_since=intake_on,
            is_orphan=category == IntakeCategory.PARENTS_DEAD,
            is_parents_not_found=found, is_de_facto_unsupported=category in (
                IntakeCategory.PARENTS_INCAPABLE, IntakeCategory.COURT_APPOINTED),
            is_in_difficulty=category == IntakeCategory.EXTREME_POVERTY,
            disability_type=rng.choices(dis, dis_w)[0] if disabled else "",
            disability_grade=rng.randint(1, 4) if disabled else None,
            insurance_status=InsuranceStatus.ENROLLED if rng.random() < 0.9 else
            InsuranceStatus.PENDING,
            education_status=_education(age, disabled, rng),
            status=ChildStatus.LEFT_CARE if left else ChildStatus.IN_CARE,
            current_institution_id=inst.pk, division_code=inst.division_code,
            created_at=now, updated_at=now,
        )
        if left:
            child.left_care_on = intake_on + dt.timedelta(
                days=rng.randint(1, max(1, (today - intake_on).days)))
            child.leave_reason = rng.choice([LeaveReason.ADOPTION, LeaveReason.FAMILY,
                                             LeaveReason.ADOPTION, LeaveReason.OTHER_BY_LAW])
        bases = _bases_for(category, kind, intake_on)
        intake = Intake(
            institution_id=inst.pk, intake_on=intake_on, category=category,
            legal_basis=bases[rng.randrange(len(bases))] if bases else OTHER_BASIS,
            legal_basis_note="" if bases else "依法",
            received_from="公安机关" if found else "", created_at=now, updated_at=now,
        )
        if bases:
            b = LEGAL_BASES[intake.legal_basis]
            intake.legal_basis_law, intake.legal_basis_version = b.law, b.version
            intake.legal_basis_article, intake.legal_basis_item = b.article, b.item
            intake.legal_basis_text = b.text
        placement = Placement(
            institution_id=inst.pk, kind=PlacementKind.INSTITUTION,
            bed=f"{rng.randint(1, 9)}-{rng.randint(1, 40):02d}", started_on=intake_on,
            ended_on=child.left_care_on, end_reason="离院" if left else "",
            created_at=now, updated_at=now,
        )
        deadlines = []
        eighteen = add_years(birth, 18)
        if not left:
            deadlines.append(ChildDeadline(
                kind=DeadlineKind.TURNS_18, started_on=intake_on, due_on=eighteen,
                visible_from=eighteen - dt.timedelta(days=183), created_at=now, updated_at=now))
            if found and child.identity_status == IdentityStatus.PENDING:
                due = intake_on + dt.timedelta(days=90)
                deadlines.append(ChildDeadline(
                    kind=DeadlineKind.IDENTITY_INSURANCE, started_on=intake_on, due_on=due,
                    visible_from=intake_on, created_at=now, updated_at=now))
        out.append((child, intake, placement, deadlines))
    return out


@transaction.atomic
def _write_children(rows, n: int, key: str, when) -> int:
    children = [r[0] for r in rows]
    for c, pk in zip(children, writer.reserve_ids(Child, n), strict=True):
        c.pk = c.id = pk
    intakes, placements = [r[1] for r in rows], [r[2] for r in rows]
    deadlines = [d for r in rows for d in r[3]]
    for (child, intake, placement, dls) in rows:
        intake.child_id = placement.child_id = child.pk
        for d in dls:
            d.child_id = child.pk
    for model, objs in ((Intake, intakes), (Placement, placements),
                        (ChildDeadline, deadlines)):
        for o, pk in zip(objs, writer.reserve_ids(model, len(objs)), strict=True):
            o.pk = pk
    writer.write(Child, children)
    writer.write(Intake, intakes)
    writer.write(Placement, placements)
    writer.write(ChildDeadline, deadlines)
    for model, objs in ((Child, children), (Intake, intakes), (Placement, placements)):
        writer.write(model.history.model,
                     [writer.history_of(model, o, when=when) for o in objs],
                     with_pk=False)
    writer.marker_set(key)
    return len(deadlines)


def step_children(ctx: Context) -> None:
    institutions = _scale_institutions(ctx)
    if not institutions:
        ctx.out("children     no institutions\n")
        return
    weights = [i.beds for i in institutions]
    total, size = ctx.scale.children_in_care, ctx.scale.batch
    batches = (total + size - 1) // size
    if writer.marker_done(ctx.marker("children", batches - 1)):
        ctx.out("children     done before\n")
        return
    # A resumed run rebuilds the finished batches in memory without writing them: their
    # random draws and ID numbers must be replayed so later batches come out the same.
    used_ids: set[str] = set()
    started = time.monotonic()
    written = 0
    when = timezone.now()
    for batch_no in range(batches):
        n = min(size, total - batch_no * size)
        rows = _child_batch(ctx, batch_no, n, institutions, weights, used_ids)
        key = ctx.marker("children", batch_no)
        if writer.marker_done(key):
            _progress(ctx, "children", (batch_no + 1) * size if n == size else total, total,
                      started)
            continue
        deadlines = _write_children(rows, n, key, when)
        written += n
        ctx.add("children", n)
        ctx.add("deadlines", deadlines)
        _progress(ctx, "children", batch_no * size + n, total, started)
    ctx.out("\n")


def step_analyze(ctx: Context) -> None:
    """Fresh planner statistics and visibility maps after bulk loading (PostgreSQL): without
    them the planner guesses a few rows for tables holding thousands (see RESULTS.md)."""
    if not writer.is_postgres():
        return
    from django.db import connection

    # VACUUM cannot run inside a transaction (a test's, or a caller's atomic block): then
    # ANALYZE alone, which can.
    statement = "ANALYZE" if connection.in_atomic_block else "VACUUM ANALYZE"
    with connection.cursor() as cursor:
        cursor.execute(statement)
    ctx.out(f"analyze      {statement} done\n")


Step = Callable[[Context], None]

# Later steps read what earlier ones wrote (transfers need the children, and so on).
STEPS: list[tuple[str, Step]] = [
    ("divisions", step_divisions),
    ("institutions", step_institutions),
    ("users", step_users),
    ("children", step_children),
    ("transfers", transfers.step_transfers),
    ("townships", community.step_townships),
    ("community", community.step_community),
    # Later steps go above this one: it must stay last.
    ("analyze", step_analyze),
]


def generate(*, scale: str, seed: int = 1, today: dt.date | None = None,
             out: Callable[[str], None] | None = None) -> Context:
    ctx = Context(scale_name=scale, scale=SCALES[scale], seed=seed,
                  today=today or timezone.localdate())
    if out is not None:
        ctx.out = out
    writer.markers_ensure()
    for name, step in STEPS:
        started = time.monotonic()
        step(ctx)
        ctx.out(f"  ({name}: {time.monotonic() - started:.1f}s)\n")
    return ctx
