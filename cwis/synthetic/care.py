"""Five years of care records for the children in institutional care (cwis/care): per
institution a doctor, a therapist, a teacher and a social worker; for ~70% of the children
with a disability a rehabilitation plan a year (an assessment, ~20 sessions, a review when the
year is over); for ~30% of the children a social work plan a year (~6 sessions); ~6 medical
visits per child-year with their costs by layer; a school place per stage for every
school-age child; this year's insurance enrolment and the next health check of every child
in care. Rows are copied from template rows (`writer.prepared_defaults`) and written with COPY
(`writer.write_rows`), each with its simple-history "+" row; a batch of children and its
marker are written in one transaction, so a run resumes where it stopped.
"""

import datetime as dt
import itertools
import random
import time
from collections.abc import Iterator

from django.contrib.auth.hashers import make_password
from django.db import transaction
from django.utils import timezone

from cwis.accounts.models import User
from cwis.care.choices import CareLine, CloseReason, GoalsMet, PlanStatus, SchoolKind
from cwis.care.models import (
    CareAssessment,
    CarePlan,
    CareReview,
    CareSession,
    HealthCheck,
    InsuranceEnrolment,
    MedicalVisit,
    RehabAssistance,
    SchoolPlace,
)
from cwis.children.choices import ChildStatus
from cwis.children.models import Child
from cwis.children.services import add_years
from cwis.core.permissions import Role
from cwis.synthetic import writer
from cwis.synthetic.context import SYNTHETIC_PASSWORD, Context, progress, scale_institutions
from cwis.synthetic.people import People

Tables = dict[str, writer.TemplateTable]

YEARS = 5
REHABILITATION_SHARE = 0.7  # of the children with a disability
SOCIAL_WORK_SHARE = 0.3
REHAB_SESSIONS_PER_YEAR = 20
SOCIAL_WORK_SESSIONS_PER_YEAR = 6
VISITS_PER_YEAR = 6
INPATIENT_SHARE = 0.08
LATE_SHARE, LATE_DAYS = 0.3, 60  # reviews of the last two months left undone
ASSISTANCE_AGE = 7
ASSISTANCE_APPLIED_SHARE, ASSISTANCE_APPROVED_SHARE = 0.6, 0.8
STAFF_ROLES = (Role.DOCTOR, Role.THERAPIST, Role.TEACHER, Role.SOCIAL_WORKER)
STAGES = ((3, "kindergarten"), (6, "primary"), (12, "junior_secondary"),
          (15, "senior_secondary"), (18, None))
HOSPITALS = ("省儿童医院", "市第一人民医院", "市妇幼保健院", "县人民医院", "中医院")
DIAGNOSES = ("上呼吸道感染", "支气管炎", "腹泻", "湿疹", "龋齿", "癫痫复诊", "肺炎",
             "先天性心脏病复查", "脑瘫康复评估")


def _tables(now: dt.datetime) -> Tables:
    day = dt.date(2020, 1, 1)
    stamp = {"created_at": now, "updated_at": now}
    return {
        "assessment": writer.TemplateTable(CareAssessment, CareAssessment(
            line=CareLine.REHABILITATION, assessed_on=day, method="", findings="", **stamp),
            now),
        "plan": writer.TemplateTable(CarePlan, CarePlan(
            line=CareLine.REHABILITATION, goals="", services="", frequency="", starts_on=day,
            review_due_on=day, submitted_on=day, **stamp), now),
        "session": writer.TemplateTable(CareSession, CareSession(
            line=CareLine.REHABILITATION, held_on=day, duration_minutes=40, activity="",
            **stamp), now),
        "review": writer.TemplateTable(CareReview, CareReview(
            line=CareLine.REHABILITATION, reviewed_on=day, goals_met=GoalsMet.MET,
            outcome="", **stamp), now),
        "visit": writer.TemplateTable(MedicalVisit, MedicalVisit(
            kind="outpatient", hospital="", started_on=day, diagnosis="", **stamp), now),
        "place": writer.TemplateTable(SchoolPlace, SchoolPlace(
            stage="primary", kind=SchoolKind.ORDINARY, school="", enrolled_on=day, **stamp),
            now),
        "enrolment": writer.TemplateTable(InsuranceEnrolment, InsuranceEnrolment(
            year=2020, applied_on=day, state="enrolled", **stamp), now),
        "check": writer.TemplateTable(HealthCheck, HealthCheck(due_on=day, **stamp), now),
        "assistance": writer.TemplateTable(RehabAssistance, RehabAssistance(
            applied_on=day, federation="", **stamp), now),
    }


# ------------------------------------------------------------------------------- staff


def step_care_staff(ctx: Context) -> None:
    """A doctor, a therapist, a teacher and a social worker in every generated institution."""
    key = ctx.marker("care_staff")
    if writer.marker_done(key):
        ctx.out("care staff   done before\n")
        return
    password = make_password(SYNTHETIC_PASSWORD)
    people = People(ctx.rng("care_staff"))
    now = timezone.now()
    users = [User(username=f"syn-{role}-{inst.pk}", password=password,
                  display_name=f"{inst.name} {people.name('female')}", role=role,
                  division_id=inst.division_id, institution_id=inst.pk, date_joined=now)
             for inst in scale_institutions(ctx) for role in STAFF_ROLES]
    with transaction.atomic():
        writer.assign_ids(User, users)
        writer.write(User, users)
        writer.marker_set(key)
    ctx.add("care staff", len(users))
    ctx.out(f"care staff   {len(users)}\n")


def _staff() -> dict[tuple[int, str], int]:
    roles = (*STAFF_ROLES, Role.DIRECTOR)
    return {(u["institution_id"], u["role"]): u["pk"] for u in User.objects.filter(
        username__startswith="syn-", role__in=roles, institution_id__isnull=False,
    ).values("pk", "institution_id", "role")}


# ------------------------------------------------------------------------------ records


class _Child:
    __slots__ = ("birth", "disabled", "end", "in_care", "institution", "pk", "start")

    def __init__(self, row: dict, window: dt.date, today: dt.date) -> None:
        self.pk, self.institution = row["pk"], row["current_institution_id"]
        self.birth = row["birth_date"]
        self.in_care = row["status"] == ChildStatus.IN_CARE
        self.start = max(row["guardianship_since"], window, self.birth)
        self.end = today if self.in_care else (row["left_care_on"] or today)
        self.disabled = bool(row["disability_type"])


def _days(rng: random.Random, start: dt.date, end: dt.date) -> dt.date:
    return start + dt.timedelta(days=rng.randint(0, max(0, (end - start).days)))


def _plans(t: dict, rng: random.Random, child: _Child, line: str, sessions_per_year: int,
           staff: dict) -> None:
    """A plan a year from the child's start in the window: assessment, sessions, review."""
    writer_role = Role.THERAPIST if line == CareLine.REHABILITATION else Role.SOCIAL_WORKER
    author = staff.get((child.institution, writer_role))
    director = staff.get((child.institution, Role.DIRECTOR))
    interval = 365 // sessions_per_year
    start = child.start
    while start < child.end:
        review_due = start + dt.timedelta(days=365)
        reviewed = review_due <= child.end
        # Some reviews of the last months are late: the plan is still open, review overdue.
        late = (reviewed and child.in_care and (child.end - review_due).days < LATE_DAYS
                and rng.random() < LATE_SHARE)
        reviewed = reviewed and not late
        assessment = t["assessment"].add(
            child_id=child.pk, line=line, assessed_on=start - dt.timedelta(days=3)
            if start - dt.timedelta(days=3) >= child.birth else start,
            assessor_id=author, method="Gesell" if line == CareLine.REHABILITATION else
            "需求评估", findings="评估结果", needs="需求", created_by_id=author)
        last = None
        held = start + dt.timedelta(days=rng.randint(1, interval))
        sessions_end = child.end if late else min(review_due, child.end)
        sessions = []
        while held <= sessions_end:
            sessions.append(t["session"].add(
                child_id=child.pk, line=line, held_on=held, staff_id=author,
                duration_minutes=rng.choice((30, 40, 45, 60)),
                activity="个训" if line == CareLine.REHABILITATION else "个案辅导",
                progress="有进步", remote=rng.random() < 0.05, created_by_id=author))
            last = held
            held += dt.timedelta(days=max(1, interval + rng.randint(-3, 3)))
        open_plan = not reviewed and child.in_care
        closed = CloseReason.REVIEWED if reviewed else CloseReason.LEFT_CARE
        plan = t["plan"].add(
            child_id=child.pk, line=line, goals="目标", services="服务", frequency="每周",
            session_interval_days=interval, responsible_id=author, starts_on=start,
            review_due_on=review_due, submitted_on=start, approved_by_id=director,
            approved_on=start, created_by_id=author,
            status=PlanStatus.ACTIVE if open_plan else PlanStatus.CLOSED,
            next_session_due=(last or start) + dt.timedelta(days=interval)
            if open_plan else None,
            closed_on=None if open_plan else min(review_due, child.end),
            close_reason="" if open_plan else closed)
        review = t["review"].add(
            child_id=child.pk, line=line, reviewed_on=review_due, reviewer_id=author,
            goals_met=rng.choice(GoalsMet.values), outcome="评估结果",
            created_by_id=author) if reviewed else None
        # The ids are reserved at writing: the plan then learns its assessment's, and its
        # sessions and review learn the plan's.
        t["_links"].append((assessment, plan, sessions, review))
        if late:
            break
        start = review_due


def _medical(t: Tables, rng: random.Random, child: _Child, staff: dict) -> None:
    doctor = staff.get((child.institution, Role.DOCTOR))
    years = max((child.end - child.start).days, 0) / 365
    for _ in range(int(years * VISITS_PER_YEAR + rng.random())):
        inpatient = rng.random() < INPATIENT_SHARE
        started = _days(rng, child.start, child.end)
        total = rng.randint(3000, 60000) if inpatient else rng.randint(50, 800)
        basic = round(total * rng.uniform(0.5, 0.7))
        critical = round(total * 0.1) if inpatient else 0
        assistance = round((total - basic - critical) * 0.6)
        charity = round((total - basic - critical - assistance) * rng.uniform(0, 0.5))
        t["visit"].add(child_id=child.pk, kind="inpatient" if inpatient else "outpatient",
                       hospital=rng.choice(HOSPITALS), started_on=started,
                       ended_on=started + dt.timedelta(days=rng.randint(2, 14))
                       if inpatient else None, diagnosis=rng.choice(DIAGNOSES),
                       green_channel=rng.random() < 0.6, cost_total=total,
                       paid_basic_insurance=basic, paid_critical_illness=critical,
                       paid_medical_assistance=assistance, paid_charity=charity,
                       paid_institution=total - basic - critical - assistance - charity,
                       staff_id=doctor, created_by_id=doctor)


def _schooling(t: Tables, rng: random.Random, child: _Child) -> None:
    """A place for each stage the child was in during the window."""
    special = child.disabled and rng.random() < 0.5
    for (age, stage), (next_age, _next) in itertools.pairwise(STAGES):
        entered = dt.date(add_years(child.birth, age).year, 9, 1)
        left = dt.date(add_years(child.birth, next_age).year, 8, 31)
        if stage is None or left < child.start or entered > child.end:
            continue
        ended = left if left < child.end else (None if child.in_care else child.end)
        t["place"].add(child_id=child.pk, stage=stage,
                       kind=SchoolKind.SPECIAL_SCHOOL if special and stage != "kindergarten"
                       else SchoolKind.ORDINARY, school="学校",
                       enrolled_on=max(entered, child.start), left_on=ended,
                       roll_number=f"G{child.pk:012d}")


def _assistance(t: Tables, rng: random.Random, child: _Child) -> None:
    """Rehabilitation assistance applied for most disabled children under seven."""
    limit = add_years(child.birth, ASSISTANCE_AGE)
    if not child.disabled or limit <= child.start or rng.random() > ASSISTANCE_APPLIED_SHARE:
        return
    applied = _days(rng, child.start, min(child.end, limit - dt.timedelta(days=1),
                                          child.start + dt.timedelta(days=90)))
    decided = applied + dt.timedelta(days=rng.randint(10, 40))
    if decided > child.end:
        t["assistance"].add(child_id=child.pk, applied_on=applied, federation="县残联")
        return
    approved = rng.random() < ASSISTANCE_APPROVED_SHARE
    t["assistance"].add(child_id=child.pk, applied_on=applied, federation="县残联",
                        decided_on=decided, state="approved" if approved else "refused",
                        period_from=decided if approved else None,
                        period_to=decided + dt.timedelta(days=364) if approved else None,
                        amount=rng.choice((12000, 18000, 24000)) if approved else None)


def _current(t: Tables, rng: random.Random, child: _Child, today: dt.date) -> None:
    if not child.in_care:
        return
    t["enrolment"].add(child_id=child.pk, year=today.year,
                       applied_on=max(dt.date(today.year - 1, 10, 1), child.start),
                       enrolled_on=dt.date(today.year, 1, 1), state="enrolled")
    t["check"].add(child_id=child.pk, due_on=today + dt.timedelta(days=rng.randint(-30, 330)))


def _child_batches(ctx: Context) -> Iterator[list[dict]]:
    rows = Child.objects.filter(status__in=(ChildStatus.IN_CARE, ChildStatus.LEFT_CARE),
                                current_institution__isnull=False).order_by("pk").values(
        "pk", "current_institution_id", "birth_date", "status", "guardianship_since",
        "left_care_on", "disability_type")
    batch: list[dict] = []
    for row in rows.iterator(chunk_size=ctx.scale.batch):
        batch.append(row)
        if len(batch) == ctx.scale.batch:
            yield batch
            batch = []
    if batch:
        yield batch


@transaction.atomic
def _write(t: dict, key: str) -> int:
    written = t["assessment"].write()
    assessments, plans = t["assessment"], t["plan"]
    for row, pk in zip(plans.rows, writer.reserve_ids(CarePlan, len(plans.rows)), strict=True):
        row[plans.at["id"]] = pk
    for assessment, plan, sessions, review in t["_links"]:
        plan_id = plan[plans.at["id"]]
        plan[plans.at["assessment_id"]] = assessment[assessments.at["id"]]
        for session in sessions:
            session[t["session"].at["plan_id"]] = plan_id
        if review is not None:
            review[t["review"].at["plan_id"]] = plan_id
    t["_links"] = []
    plans.reserved = True  # its ids are given above
    for name in ("plan", "session", "review", "visit", "place", "enrolment", "check",
                 "assistance"):
        written += t[name].write()
    writer.marker_set(key)
    return written


def step_care(ctx: Context) -> None:
    started, done, written = time.monotonic(), 0, 0
    total = Child.objects.filter(status__in=(ChildStatus.IN_CARE, ChildStatus.LEFT_CARE)).count()
    staff = _staff()
    today = ctx.today
    window = add_years(today, -YEARS)
    tables: dict = {**_tables(timezone.now()), "_links": []}
    for batch_no, batch in enumerate(_child_batches(ctx)):
        key = ctx.marker("care", batch_no)
        done += len(batch)
        if writer.marker_done(key):
            continue
        rng = ctx.rng("care", batch_no)
        for row in batch:
            child = _Child(row, window, today)
            _current(tables, rng, child, today)
            if child.start >= child.end:
                continue
            if child.disabled and rng.random() < REHABILITATION_SHARE:
                _plans(tables, rng, child, CareLine.REHABILITATION,
                       REHAB_SESSIONS_PER_YEAR, staff)
            if rng.random() < SOCIAL_WORK_SHARE:
                _plans(tables, rng, child, CareLine.SOCIAL_WORK,
                       SOCIAL_WORK_SESSIONS_PER_YEAR, staff)
            _medical(tables, rng, child, staff)
            _schooling(tables, rng, child)
            _assistance(tables, rng, child)
        written += _write(tables, key)
        progress(ctx, "care", done, total, started)
    ctx.add("care records", written)
    ctx.out(f"\ncare         {written} records (and as many history rows)\n")
