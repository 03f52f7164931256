"""Children in institutional care: each with an intake, an open placement (or a closed one
for those who left care), the turning-18 deadline and, for found children, the identity and
insurance deadline, with their history rows.
"""

import datetime as dt
import random
import time

from django.db import transaction
from django.utils import timezone

from cwis.children.choices import (
    CATEGORY_SITUATIONS,
    PARENTS_NOT_FOUND_CATEGORIES,
    SITUATION_KIND,
    AdultPlacement,
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
from cwis.children.names import given_name_pinyin
from cwis.children.services import add_years, name_search_keys
from cwis.institutions.models import Institution
from cwis.synthetic import writer
from cwis.synthetic.context import Context, progress, scale_institutions
from cwis.synthetic.people import People

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
# Young adults who left care on their 18th birthday within the last two years (policy
# 二(五)): their adulthood plans and follow-up contacts are the family care step's.
ADULT_LEAVER_SHARE = 0.04
ADULT_PLACEMENTS = [(AdultPlacement.EMPLOYMENT, 4), (AdultPlacement.EMPLOYMENT_ASSISTANCE, 2),
                    (AdultPlacement.FURTHER_EDUCATION, 3), (AdultPlacement.ARMY, 1),
                    (AdultPlacement.EXTREME_POVERTY_SUPPORT, 1)]
DISABILITY_WEIGHTS = [
    (DisabilityType.INTELLECTUAL, 30), (DisabilityType.PHYSICAL, 25),
    (DisabilityType.MULTIPLE, 20), (DisabilityType.HEARING, 8), (DisabilityType.VISUAL, 6),
    (DisabilityType.SPEECH, 5), (DisabilityType.MENTAL, 6),
]



def _adult_birth(adults: random.Random, today: dt.date) -> dt.date:
    """A young adult who turned 18 between a month and two years ago."""
    return add_years(today - dt.timedelta(days=adults.randint(30, 700)), -18)


def _adult_intake(adults: random.Random, birth: dt.date, intake_on: dt.date) -> dt.date:
    """A young adult leaving at 18 was in care since before 16 (an adulthood plan)."""
    return max(birth, min(intake_on, add_years(birth, 16) - dt.timedelta(
        days=adults.randint(1, 3000))))


def _leave(child: Child, rng: random.Random, today: dt.date, *, adult: bool) -> None:
    """A closed file: on the 18th birthday with an adult placement, or before."""
    if adult:
        child.left_care_on = add_years(child.birth_date, 18)
        child.leave_reason = LeaveReason.ADULTHOOD
        places, place_w = zip(*ADULT_PLACEMENTS, strict=True)
        child.adult_placement = rng.choices(places, place_w)[0]
        return
    intake_on = child.guardianship_since
    child.left_care_on = intake_on + dt.timedelta(
        days=rng.randint(1, max(1, (today - intake_on).days)))
    child.leave_reason = rng.choice([LeaveReason.ADOPTION, LeaveReason.FAMILY,
                                     LeaveReason.ADOPTION, LeaveReason.OTHER_BY_LAW])


def _bases_for(category: str, kind: str, day: dt.date) -> list[str]:
    return [
        b.code for b in LEGAL_BASES.values()
        if b.code != OTHER_BASIS and category in b.categories and kind in b.guardianship
        and b.in_force_on(day)
    ]


def education_status(age: int, disabled: bool, rng: random.Random) -> str:
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
    # A stream of its own, so that the children's other draws stay as they were.
    adults = ctx.rng("children_adults", batch_no)
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
        adult = adults.random() < ADULT_LEAVER_SHARE
        birth = _adult_birth(adults, today) if adult else birth
        category = rng.choices(cats, cat_w)[0]
        situation = rng.choice(sorted(CATEGORY_SITUATIONS[category]))
        kind = SITUATION_KIND[situation]
        found = category in PARENTS_NOT_FOUND_CATEGORIES
        intake_on = birth + dt.timedelta(days=rng.randint(0, max(0, (today - birth).days)))
        if found and rng.random() < 0.7:
            intake_on = min(today, birth + dt.timedelta(days=rng.randint(1, 60)))
        intake_on = _adult_intake(adults, birth, intake_on) if adult else intake_on
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
        left = adult or (rng.random() < LEFT_CARE_SHARE
                         and intake_on < today - dt.timedelta(days=30))
        pinyin, initials = name_search_keys(name)
        age = (today - birth).days // 365
        child = Child(
            name=name, sex=sex, birth_date=birth, birth_date_estimated=found,
            ethnicity="01" if rng.random() < 0.91 else rng.choice(["03", "06", "08", "15"]),
            citizen_id=citizen_id,
            identity_status=IdentityStatus.VERIFIED if citizen_id else IdentityStatus.PENDING,
            name_pinyin=pinyin, name_initials=initials, search_pinyin=pinyin,
            given_pinyin=given_name_pinyin(name),
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
            education_status=education_status(age, disabled, rng),
            status=ChildStatus.LEFT_CARE if left else ChildStatus.IN_CARE,
            current_institution_id=inst.pk, division_code=inst.division_code,
            created_at=now, updated_at=now,
        )
        if left:
            _leave(child, rng if not adult else adults, today, adult=adult)
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
    institutions = scale_institutions(ctx)
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
            progress(ctx, "children", (batch_no + 1) * size if n == size else total, total,
                      started)
            continue
        deadlines = _write_children(rows, n, key, when)
        written += n
        ctx.add("children", n)
        ctx.add("deadlines", deadlines)
        progress(ctx, "children", batch_no * size + n, total, started)
    ctx.out("\n")
