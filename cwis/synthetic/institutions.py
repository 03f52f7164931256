"""The frame the other steps fill: the divisions, the institutions (with the transformation
plans of the county ones) and the accounts of the offices and institutions over them.
"""

import datetime as dt

from django.contrib.auth.hashers import make_password
from django.db import transaction
from django.utils import timezone
from stdnum.cn import uscc

from cwis.accounts.models import User
from cwis.children.choices import Sex
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
from cwis.synthetic import writer
from cwis.synthetic.context import (
    SYNTHETIC_PASSWORD,
    Context,
    scale_counties,
    scale_institutions,
)
from cwis.synthetic.people import People


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
    counties = scale_counties(ctx)
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
        writer.assign_ids(Institution, rows)
        writer.write(Institution, rows)
        when = timezone.now()
        writer.write(Institution.history.model,
                     [writer.history_of(Institution, o, when=when) for o in rows], with_pk=False)
        transformations = _transformations(rng, rows, plans, today, when)
        writer.assign_ids(Transformation, transformations)
        writer.write(Transformation, transformations)
        writer.write(Transformation.history.model,
                     [writer.history_of(Transformation, t, when=when) for t in transformations],
                     with_pk=False)
        writer.marker_set(key)
    ctx.add("institutions", len(rows))
    ctx.add("transformations", len(transformations))
    ctx.out(f"institutions {len(rows)} ({len(transformations)} transformation plans)\n")



def step_users(ctx: Context) -> None:
    key = ctx.marker("users")
    if writer.marker_done(key):
        ctx.out("users        done before\n")
        return
    password = make_password(SYNTHETIC_PASSWORD)
    people = People(ctx.rng("users"))
    counties = scale_counties(ctx)
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
    for inst in scale_institutions(ctx):
        for role in (Role.DIRECTOR, Role.CAREGIVER):
            users.append(User(username=f"syn-{role}-{inst.pk}", password=password,
                              display_name=f"{inst.name} {people.name(Sex.FEMALE)}", role=role,
                              division_id=inst.division_id, institution_id=inst.pk,
                              date_joined=now))
    with transaction.atomic():
        writer.assign_ids(User, users)
        writer.write(User, users)
        writer.marker_set(key)
    ctx.add("users", len(users))
    ctx.out(f"users        {len(users)}\n")
