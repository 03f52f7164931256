"""Two years of safety records for every institution of the scale (cwis/safety): a monthly
self-check and a county inspection a year, two drills a year (with the fire service once),
the hazards they find (most fixed by the director and checked by the county officer; those of
the last months still open, some overdue), the current evacuation plan, the canteen licence
and a health certificate, and an incident now and then (none serious). Rows are built as
model instances and written with COPY on PostgreSQL (bulk_create elsewhere), each with its
simple-history "+" row; a batch of institutions and its marker are written in one
transaction, so a run resumes where it stopped."""

import datetime as dt
import time

from django.db import transaction
from django.utils import timezone

from cwis.accounts.models import User
from cwis.core.permissions import Role
from cwis.safety.models import (
    Drill,
    EmergencyPlan,
    FoodCertificate,
    Hazard,
    HazardState,
    Incident,
    Inspection,
)
from cwis.synthetic import writer
from cwis.synthetic.context import Context, progress, scale_institutions

BATCH = 50  # institutions
MONTHS = 24
HAZARD_SHARE = 0.3  # of the inspections and drills that find one
OPEN_DAYS = 75  # hazards found since then are still open (the later ones not yet due)
INCIDENT_SHARE = 0.4  # institutions with an incident a year
HAZARDS = (("fire", "安全出口被杂物堵塞"), ("fire", "灭火器压力不足"),
           ("electricity", "宿舍私拉电线"), ("building", "楼梯扶手松动"),
           ("food", "食堂冷藏柜温度超标"), ("medicine", "过期药品未清理"),
           ("child_safety", "窗户限位器缺失"))


def _users() -> tuple[dict[int, int], dict[str, int]]:
    directors = dict(User.objects.filter(role=Role.DIRECTOR, username__startswith="syn-")
                     .values_list("institution_id", "pk"))
    officers = {username.rsplit("-", 1)[1]: pk for username, pk in User.objects.filter(
        role=Role.COUNTY_OFFICER, username__startswith="syn-").values_list("username", "pk")}
    return directors, officers


class _Batch:
    def __init__(self) -> None:
        self.rows: dict[type, list] = {m: [] for m in (
            Inspection, Drill, Hazard, EmergencyPlan, FoodCertificate, Incident)}

    def add(self, obj) -> None:
        self.rows[type(obj)].append(obj)

    def write(self, now: dt.datetime) -> int:
        written = 0
        for model in (Inspection, Drill):
            writer.assign_ids(model, self.rows[model])
        for hazard in self.rows[Hazard]:  # the finders have their ids now
            hazard.inspection_id = hazard.inspection.pk if hazard.inspection else None
            hazard.drill_id = hazard.drill.pk if hazard.drill else None
        for model, objects in self.rows.items():
            if model not in (Inspection, Drill):
                writer.assign_ids(model, objects)
            for obj in objects:  # COPY does not run auto_now(_add): the stamps are set here
                obj.created_at = obj.created_at or now
                obj.updated_at = obj.updated_at or now
            written += writer.write(model, objects)
            writer.write(model.history.model, [writer.history_of(model, o, when=now)
                                               for o in objects], with_pk=False)
        return written


def _hazard(batch: _Batch, rng, inst, found_on: dt.date, today: dt.date, people, **source
            ) -> None:
    area, what = rng.choice(HAZARDS)
    major = rng.random() < 0.1
    hazard = Hazard(institution_id=inst.pk, area=area, description=what,
                    level="major" if major else "general", responsible="后勤主管",
                    found_on=found_on, due_on=found_on + dt.timedelta(days=7 if major else 30),
                    **source)
    director, officer = people
    recent = (today - found_on).days < OPEN_DAYS
    if not recent or rng.random() < 0.3:
        fixed_on = min(today, found_on + dt.timedelta(days=rng.randint(1, 28)))
        hazard.state, hazard.fixed_on, hazard.fixed_by_id = HazardState.FIXED, fixed_on, director
        hazard.fix_description = "已整改"
        if officer is not None and (not recent or rng.random() < 0.5):
            hazard.state, hazard.checked_by_id = HazardState.CLOSED, officer
            hazard.checked_on = min(today, fixed_on + dt.timedelta(days=rng.randint(0, 10)))
    batch.add(hazard)


def _institution(batch: _Batch, rng, inst, today: dt.date, people) -> None:
    start = today - dt.timedelta(days=MONTHS * 30)
    for month in range(MONTHS):
        day = start + dt.timedelta(days=month * 30 + rng.randint(0, 5))
        inspection = Inspection(institution_id=inst.pk, kind="self_check", frequency="monthly",
                                areas=["fire", "electricity", "food"], inspected_on=day,
                                inspectors="院长、后勤主管")
        batch.add(inspection)
        if rng.random() < HAZARD_SHARE:
            _hazard(batch, rng, inst, day, today, people, inspection=inspection)
        if month % 12 == 6:
            batch.add(Inspection(institution_id=inst.pk, kind="office", frequency="special",
                                 areas=["fire", "building", "child_safety"], inspected_on=day,
                                 inspectors="县民政局"))
        if month % 6 == 3:
            drill = Drill(institution_id=inst.pk, held_on=day, scenario="fire",
                          with_fire_service=month % 12 == 3, participants="全体职工和儿童",
                          participant_count=rng.randint(30, 150),
                          duration_minutes=rng.randint(15, 40))
            batch.add(drill)
            if rng.random() < HAZARD_SHARE:
                _hazard(batch, rng, inst, day, today, people, drill=drill)
        if month % 12 == 9 and rng.random() < INCIDENT_SHARE:
            moment = timezone.make_aware(dt.datetime.combine(day, dt.time(10)))
            batch.add(Incident(institution_id=inst.pk, kind="injury", occurred_at=moment,
                               what_happened="户外活动时摔伤，已送医", report_due_at=moment
                               + dt.timedelta(hours=24), reported_at=moment
                               + dt.timedelta(hours=3), reported_to="县民政局",
                               handling="送医治疗", state="closed",
                               closed_on=day + dt.timedelta(days=3)))
    batch.add(EmergencyPlan(institution_id=inst.pk, kind="evacuation",
                            title="消防安全疏散预案", approved_on=start,
                            review_on=start + dt.timedelta(days=3 * 365)))
    batch.add(FoodCertificate(institution_id=inst.pk, kind="canteen_licence", holder=inst.name,
                              number=f"JY{inst.pk:012d}", issued_on=start,
                              expires_on=start + dt.timedelta(days=5 * 365)))
    batch.add(FoodCertificate(institution_id=inst.pk, kind="health", holder="食堂厨师",
                              number=f"JK{inst.pk:010d}",
                              issued_on=today - dt.timedelta(days=rng.randint(30, 330)),
                              expires_on=today + dt.timedelta(days=rng.randint(5, 335))))


def step_safety(ctx: Context) -> None:
    institutions = scale_institutions(ctx)
    directors, officers = _users()
    started, written = time.monotonic(), 0
    now = timezone.now()
    for batch_no in range(0, len(institutions), BATCH):
        chunk = institutions[batch_no:batch_no + BATCH]
        key = ctx.marker("safety", batch_no // BATCH)
        if writer.marker_done(key):
            continue
        rng = ctx.rng("safety", batch_no // BATCH)
        batch = _Batch()
        for inst in chunk:
            people = (directors.get(inst.pk), officers.get(inst.division_code[:6]))
            _institution(batch, rng, inst, ctx.today, people)
        with transaction.atomic():
            written += batch.write(now)
            writer.marker_set(key)
        progress(ctx, "safety", batch_no + len(chunk), len(institutions), started)
    ctx.add("safety records", written)
