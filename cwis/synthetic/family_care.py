"""Family foster care and adulthood plans at every scale (cwis/care, docs/family-care.md):
per child welfare institution a few checked foster families with this year's agreement and
about half their places taken by children aged 3-14 (the child's open institution
placement ends, a foster-family placement opens, as `foster_place` does; the foster
record's next visit is due, some overdue); for ~85% of the children in care aged 16 and
over an adulthood plan with one or two paths (employment mostly; enlistment, further
education, extreme-poverty support, housing), their steps, some paths stalled and some
achieved; for the young adults who left care on their 18th birthday (the children step's
adulthood leavers) the plan closed with the file, the path they took achieved before it
(`path_taken`), and the follow-up contacts at 6 and 12 months after leaving, made when due
(a few overdue, not made yet). Every record is dated on the day it happened (created_at,
updated_at and the history row too). Written per batch of institutions with COPY
(`writer.TemplateTable`), each row with its simple-history "+" row, the batch and its
marker in one transaction.
"""

import datetime as dt
import random
import time

from django.db import transaction
from django.utils import timezone

from cwis.care.choices import CloseReason, PlanStatus
from cwis.care.choices_family import LEAVING_PATH, PATH_STEPS, PathKind, PathState
from cwis.care.models import (
    AdulthoodFollowUp,
    AdulthoodPath,
    AdulthoodPlan,
    AdulthoodStep,
    FosterFamily,
    FosterPlacement,
)
from cwis.care.services.upbringing import add_months
from cwis.children.choices import ChildStatus, LeaveReason, PlacementKind
from cwis.children.models import Child, Placement
from cwis.children.services import add_years
from cwis.core.permissions import Role
from cwis.institutions.models import InstitutionKind
from cwis.synthetic import writer
from cwis.synthetic.context import Context, progress, scale_institutions
from cwis.synthetic.people import People

INSTITUTIONS_PER_BATCH = 20
CHILDREN_PER_FAMILY = 40  # one foster family for so many children in care
MAX_FAMILIES = 30
FOSTER_FILL = 0.5  # share of the families' places taken
VISIT_DAYS = 30
PLAN_SHARE = 0.85
STALLED_SHARE = 0.15
ACHIEVED_SHARE = 0.2
PATH_WEIGHTS = ((PathKind.EMPLOYMENT, 5), (PathKind.EDUCATION, 3), (PathKind.ENLISTMENT, 1),
                (PathKind.EXTREME_POVERTY, 1), (PathKind.HOUSING, 1))
FOLLOW_UP_MONTHS = (6, 12)  # CWIS_ADULTHOOD_FOLLOW_UP_MONTHS
FOLLOW_UP_MISSED = 0.1  # contacts due and not made yet
DEPARTMENTS = {PathKind.EMPLOYMENT: "人力资源和社会保障局", PathKind.ENLISTMENT: "人民武装部",
               PathKind.EDUCATION: "教育局", PathKind.EXTREME_POVERTY: "民政局",
               PathKind.HOUSING: "住房和城乡建设局"}


def _tables(now: dt.datetime) -> dict[str, writer.TemplateTable]:
    day = dt.date(2020, 1, 1)
    stamp = {"created_at": now, "updated_at": now}
    return {
        "family": writer.TemplateTable(FosterFamily, FosterFamily(
            household="", address="", carer_name="", carer_birth_date=day,
            carer_education="junior_middle", local_hukou_fixed_home=True,
            income_at_least_middle=True, no_disqualifying_illness=True,
            no_disqualifying_record=True, capacity=2, **stamp), now),
        "placement": writer.TemplateTable(Placement, Placement(
            kind=PlacementKind.FOSTER_FAMILY, started_on=day, **stamp), now),
        "foster": writer.TemplateTable(FosterPlacement, FosterPlacement(
            started_on=day, visit_interval_days=VISIT_DAYS, **stamp), now),
        "plan": writer.TemplateTable(AdulthoodPlan, AdulthoodPlan(
            evaluation="", wishes="", starts_on=day, review_due_on=day, submitted_on=day,
            **stamp), now),
        "path": writer.TemplateTable(AdulthoodPath, AdulthoodPath(
            kind=PathKind.EMPLOYMENT, department="", target_on=day, **stamp), now),
        "step": writer.TemplateTable(AdulthoodStep, AdulthoodStep(
            kind="other", due_on=day, **stamp), now),
        "follow_up": writer.TemplateTable(AdulthoodFollowUp, AdulthoodFollowUp(
            months=6, due_on=day, **stamp), now),
    }


def at(day: dt.date) -> dt.datetime:
    """A record made on `day` (mid-morning, local time): its created_at and history date."""
    return timezone.make_aware(dt.datetime.combine(day, dt.time(10, 0)))


def dated(first: dt.date, last: dt.date | None = None, *, by: int | None = None) -> dict:
    """The stamps of a record made on `first` and last changed on `last`, with its history
    row of that day (by `by`): COPY runs no auto_now."""
    return {"created_at": at(first), "updated_at": at(last or first),
            "history_date": at(last or first), "history_user": by}


def _staff(institution_ids: list[int]) -> dict[tuple[int, str], int]:
    from cwis.accounts.models import User

    return {(u["institution_id"], u["role"]): u["pk"] for u in User.objects.filter(
        username__startswith="syn-", institution_id__in=institution_ids,
        role__in=(Role.SOCIAL_WORKER, Role.DIRECTOR)).values("pk", "institution_id", "role")}


def _foster(t, rng: random.Random, people: People, inst, children: list[dict],
            today: dt.date, staff: dict) -> list[tuple[int, dt.date]]:
    """Families of the institution and the children placed with them; returns the ids of
    the children whose institution placement ends."""
    worker = staff.get((inst.pk, Role.SOCIAL_WORKER))
    young = [c for c in children if add_years(c["birth_date"], 3) <= today
             < add_years(c["birth_date"], 15)]
    families = min(MAX_FAMILIES, max(1, len(children) // CHILDREN_PER_FAMILY))
    moved: list[tuple[int, dt.date]] = []
    for n in range(families):
        checked = today - dt.timedelta(days=rng.randint(20, 300))
        family = t["family"].add(
            institution_id=inst.pk, household=f"{people.name('female')[0]}家{n + 1}",
            address=f"{inst.name}附近{n + 1}号", carer_name=people.name("female"),
            carer_birth_date=dt.date(rng.randint(1963, 1994), rng.randint(1, 12), 1),
            members=rng.randint(2, 5), conditions_checked_on=checked,
            conditions_checked_by_id=worker,
            agreement_number=f"JY{inst.pk}-{n + 1}", agreement_from=dt.date(today.year, 1, 1),
            agreement_to=dt.date(today.year, 12, 31), created_by_id=worker,
            **dated(min(checked, dt.date(today.year, 1, 1)), checked, by=worker))
        for _place in range(2):
            if not young or rng.random() > FOSTER_FILL:
                continue
            child = young.pop(rng.randrange(len(young)))
            start = max(child["started_on"] + dt.timedelta(days=1),
                        today - dt.timedelta(days=rng.randint(10, 700)))
            if start > today:
                continue
            placement = t["placement"].add(
                child_id=child["pk"], institution_id=inst.pk, started_on=start,
                foster_carer="寄养家庭", foster_address=f"{inst.name}附近{n + 1}号",
                start_reason="家庭寄养", created_by_id=worker, **dated(start, by=worker))
            visited = today - dt.timedelta(days=rng.randint(0, VISIT_DAYS + 20))
            foster = t["foster"].add(child_id=child["pk"], started_on=start,
                                     next_visit_due=max(start, visited) + dt.timedelta(
                                         days=VISIT_DAYS), created_by_id=worker,
                                     **dated(start, max(start, visited), by=worker))
            t["foster"].link(foster, "placement_id", t["placement"], placement)
            t["foster"].link(foster, "family_id", t["family"], family)
            moved.append((child["pk"], start))
    return moved


def _adulthood(t, rng: random.Random, inst, children: list[dict], today: dt.date,
               staff: dict) -> None:
    worker = staff.get((inst.pk, Role.SOCIAL_WORKER))
    director = staff.get((inst.pk, Role.DIRECTOR))
    kinds, weights = zip(*PATH_WEIGHTS, strict=True)
    for child in children:
        sixteen = add_years(child["birth_date"], 16)
        if sixteen > today or rng.random() > PLAN_SHARE:
            continue
        start = max(sixteen, today - dt.timedelta(days=rng.randint(0, 600)))
        plan = t["plan"].add(
            child_id=child["pk"], evaluation="能力与需要评估", wishes="本人意愿",
            responsible_id=worker, starts_on=start, review_due_on=start + dt.timedelta(
                days=180), status=PlanStatus.ACTIVE, submitted_on=start,
            approved_by_id=director, approved_on=start, created_by_id=worker,
            **dated(start, by=director))
        chosen = {rng.choices(kinds, weights)[0] for _ in range(rng.choice((1, 1, 2)))}
        for kind in chosen:
            target = add_years(child["birth_date"], 18) + dt.timedelta(days=rng.randint(-90, 60))
            achieved = rng.random() < ACHIEVED_SHARE and target - dt.timedelta(
                days=60) <= today
            stalled = not achieved and rng.random() < STALLED_SHARE
            steps = PATH_STEPS[kind]
            due = [start + dt.timedelta(days=30 * (i + 1)) for i in range(len(steps))]
            done = len(steps) if achieved else rng.randint(0, len(steps) - 1)
            pending = [d for i, d in enumerate(due) if i >= done]
            next_due = None if achieved else (
                today - dt.timedelta(days=rng.randint(40, 120)) if stalled
                else min([*pending, target]))
            path = t["path"].add(
                child_id=child["pk"], kind=kind, department=DEPARTMENTS[kind],
                target_on=target, priority=kind == PathKind.ENLISTMENT,
                support_mode="centralised" if kind == PathKind.EXTREME_POVERTY else "",
                state=PathState.ACHIEVED if achieved else PathState.OPEN,
                outcome="已落实" if achieved else "",
                outcome_on=min(today, due[-1]) if achieved else None, next_due_on=next_due,
                created_by_id=worker, **dated(start, min(today, due[-1]) if achieved
                                              else start, by=worker))
            t["path"].link(path, "plan_id", t["plan"], plan)
            for i, (step, day) in enumerate(zip(steps, due, strict=True)):
                if stalled and i == done:
                    day = next_due
                made = min(day, today) if i < done else None
                row = t["step"].add(child_id=child["pk"], kind=step, due_on=day,
                                    done_on=made, created_by_id=worker,
                                    **dated(min(start, today), made, by=worker))
                t["step"].link(row, "path_id", t["path"], path)


def _left_adults(t, rng: random.Random, inst, leavers: list[dict], today: dt.date,
                 staff: dict) -> None:
    """Young adults who left care at 18: the plan closed with the file, the path taken
    achieved before leaving, the contacts at 6 and 12 months (made when due, a few not)."""
    worker = staff.get((inst.pk, Role.SOCIAL_WORKER))
    director = staff.get((inst.pk, Role.DIRECTOR))
    for child in leavers:
        left = child["left_care_on"]
        kind = LEAVING_PATH.get(child["adult_placement"], PathKind.EMPLOYMENT)
        start = add_years(child["birth_date"], 16) + dt.timedelta(days=rng.randint(0, 120))
        approved = start + dt.timedelta(days=rng.randint(3, 20))
        plan = t["plan"].add(
            child_id=child["pk"], evaluation="能力与需要评估", wishes="本人意愿",
            responsible_id=worker, starts_on=start, review_due_on=start + dt.timedelta(
                days=180), status=PlanStatus.CLOSED, submitted_on=start,
            approved_by_id=director, approved_on=approved, closed_on=left,
            close_reason=CloseReason.LEFT_CARE, created_by_id=worker,
            **dated(start, left, by=director))
        steps = PATH_STEPS[kind]
        span = max(1, (left - approved).days // (len(steps) + 1))
        due = [approved + dt.timedelta(days=span * (i + 1)) for i in range(len(steps))]
        achieved_on = min(left, due[-1] + dt.timedelta(days=rng.randint(0, 10)))
        path = t["path"].add(
            child_id=child["pk"], kind=kind, department=DEPARTMENTS[kind], target_on=left,
            priority=kind == PathKind.ENLISTMENT,
            support_mode="centralised" if kind == PathKind.EXTREME_POVERTY else "",
            state=PathState.ACHIEVED, outcome="已落实", outcome_on=achieved_on,
            next_due_on=None, created_by_id=worker, **dated(approved, achieved_on, by=worker))
        t["path"].link(path, "plan_id", t["plan"], plan)
        t["_taken"].append((plan, path))
        for step, day in zip(steps, due, strict=True):
            row = t["step"].add(child_id=child["pk"], kind=step, due_on=day, done_on=day,
                                created_by_id=worker, **dated(approved, day, by=worker))
            t["step"].link(row, "path_id", t["path"], path)
        for months in FOLLOW_UP_MONTHS:
            due_on = add_months(left, months)
            made = due_on <= today and rng.random() >= FOLLOW_UP_MISSED
            row = t["follow_up"].add(
                child_id=child["pk"], months=months, due_on=due_on,
                done_on=due_on if made else None, done_by_id=worker if made else None,
                how="电话回访" if made else "", situation="工作稳定，生活自理" if made else "",
                created_by_id=worker, **dated(left, due_on if made else left, by=worker))
            t["follow_up"].link(row, "plan_id", t["plan"], plan)


def _reserve_taken(t) -> None:
    """A closed plan names the path taken, a row of the path table that points back at the
    plan: the paths' ids are given first, so each plan (and its history row) has it."""
    paths = t["path"]
    for row, pk in zip(paths.rows, writer.reserve_ids(AdulthoodPath, len(paths.rows)),
                       strict=True):
        row[paths.at["id"]] = pk
    paths.reserved = True
    for plan, path in t["_taken"]:
        plan[t["plan"].at["path_taken_id"]] = path[paths.at["id"]]
    t["_taken"] = []


@transaction.atomic
def _write(t, moved: list[tuple[int, dt.date]], key: str) -> int:
    # The children placed with a family leave their institution placement that day.
    for child_id, start in moved:
        Placement.objects.filter(child_id=child_id, ended_on__isnull=True).update(
            ended_on=start, end_reason="家庭寄养")
    written = 0
    _reserve_taken(t)
    for name in ("family", "placement", "foster", "plan", "path", "step", "follow_up"):
        written += t[name].write()
    writer.marker_set(key)
    return written


def step_family_care(ctx: Context) -> None:
    started, written, done = time.monotonic(), 0, 0
    institutions = [i for i in scale_institutions(ctx)
                    if i.kind == InstitutionKind.CHILD_WELFARE]
    today = ctx.today
    tables: dict = {**_tables(timezone.now()), "_taken": []}
    batches = [institutions[i:i + INSTITUTIONS_PER_BATCH]
               for i in range(0, len(institutions), INSTITUTIONS_PER_BATCH)]
    for batch_no, batch in enumerate(batches):
        key = ctx.marker("family_care", batch_no)
        done += len(batch)
        if writer.marker_done(key):
            continue
        rng = ctx.rng("family_care", batch_no)
        people = People(rng)
        ids = [i.pk for i in batch]
        staff = _staff(ids)
        rows = Child.objects.filter(current_institution_id__in=ids,
                                    status=ChildStatus.IN_CARE).order_by("pk").values(
            "pk", "current_institution_id", "birth_date")
        open_since = dict(Placement.objects.filter(
            child__current_institution_id__in=ids, child__status=ChildStatus.IN_CARE,
            ended_on__isnull=True).values_list("child_id", "started_on"))
        by_institution: dict[int, list[dict]] = {pk: [] for pk in ids}
        for row in rows:
            if row["pk"] in open_since:
                row["started_on"] = open_since[row["pk"]]
                by_institution[row["current_institution_id"]].append(row)
        leavers: dict[int, list[dict]] = {pk: [] for pk in ids}
        for row in Child.objects.filter(
                current_institution_id__in=ids, status=ChildStatus.LEFT_CARE,
                leave_reason=LeaveReason.ADULTHOOD, left_care_on__isnull=False).order_by(
                "pk").values("pk", "current_institution_id", "birth_date", "left_care_on",
                             "adult_placement"):
            leavers[row["current_institution_id"]].append(row)
        moved = []
        for inst in batch:
            children = by_institution[inst.pk]
            moved += _foster(tables, rng, people, inst, children, today, staff)
            _adulthood(tables, rng, inst, children, today, staff)
            _left_adults(tables, rng, inst, leavers[inst.pk], today, staff)
        written += _write(tables, moved, key)
        progress(ctx, "family care", done, len(institutions), started)
    ctx.add("family care records", written)
    ctx.out(f"\nfamily care  {written} records (and as many history rows)\n")
