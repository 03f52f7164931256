"""County protection cases (cwis/protection, issue 16): two years of temporary guardianship
episodes in every county of the scale, on the county's community children and the children
in care of its institution, with their guardianship assessments, confirmations, case
conferences, participants and decisions.

Proportions (a reading of the civil affairs statistics, not a measurement): the scale's
`protection_cases_per_year` spread over the counties with weights drawn per county; a case
lasts about a hundred days (log-normal, 10 to 600), so most cases of the two years are closed
and about one in six is open today. The first assessment comes 3 to 35 days after the
opening (after the 30-day deadline for about one in seven) and one open case in ten has none
yet; a reassessment follows every 90 days while the case lasts; the county officer confirms
within a week. Seven cases in ten have a case conference (one in five of those a second one)
with three to six departments and one to three decisions; an open case leaves some decisions
undone, some of them overdue. Closed cases end with the last
assessment's recommendation (return to the guardian, relatives, long-term guardianship,
other); their exits, the referrals and the emotional care are `protection_steps.py`'s.
Where the county's institution is transformed, its protection worker (generated
here) opens and assesses the cases; elsewhere the county officer does.

Batches are groups of counties; a county's cases come from its own random stream and its
children are read with the batch, so a batch is rebuilt alone when a run is resumed. Rows are
template rows written with COPY (`writer.TemplateTable`), each with its simple-history "+"
row dated when the record was made. The case tables hold no encrypted field.
"""

import datetime as dt
import math
import random
import time
from zoneinfo import ZoneInfo

from django.conf import settings
from django.contrib.auth.hashers import make_password
from django.db import transaction
from django.db.models import Exists, OuterRef
from django.db.models.functions import Mod
from django.utils import timezone

from cwis.accounts.models import User
from cwis.children.choices import ChildStatus, Sex
from cwis.children.models import Child
from cwis.core.models import Division
from cwis.core.permissions import Role
from cwis.institutions.models import InstitutionKind, InstitutionLevel
from cwis.protection.models import (
    Art92Situation,
    CaseConference,
    CaseState,
    ConferenceDecision,
    ConferenceParticipant,
    DepartmentKind,
    EmergencyPlacement,
    GuardianshipAssessment,
    ProtectionCase,
    Recommendation,
    ReporterKind,
)
from cwis.synthetic import protection_steps as steps
from cwis.synthetic import writer
from cwis.synthetic.context import (
    SYNTHETIC_PASSWORD,
    Context,
    progress,
    scale_counties,
    scale_institutions,
)
from cwis.synthetic.people import People

YEARS = 2
SHANGHAI = ZoneInfo("Asia/Shanghai")
CANDIDATES_PER_CASE = 6  # children read per case to draw from (a sample of the county's)
SITUATIONS = [
    (Art92Situation.UNIDENTIFIED, 22), (Art92Situation.GUARDIAN_MISSING, 14),
    (Art92Situation.GUARDIAN_UNABLE, 20), (Art92Situation.NEGLECT, 22),
    (Art92Situation.CRIME, 3), (Art92Situation.SERIOUS_HARM, 14), (Art92Situation.OTHER, 5),
]
REPORTERS = [(ReporterKind.POLICE, 45), (ReporterKind.VILLAGE_COMMITTEE, 20),
             (ReporterKind.SCHOOL, 14), (ReporterKind.HOSPITAL, 9), (ReporterKind.SELF, 4),
             (ReporterKind.OTHER, 8)]
PLACEMENTS = [(EmergencyPlacement.INSTITUTION, 60), (EmergencyPlacement.RELATIVES, 30),
              (EmergencyPlacement.FOSTER_FAMILY, 10)]
OUTCOMES = [(Recommendation.RETURN_TO_GUARDIAN, 55), (Recommendation.ENTRUST_RELATIVES, 25),
            (Recommendation.LONG_TERM, 12), (Recommendation.OTHER, 8)]
CIRCUMSTANCES = {
    "unidentified": "在车站附近独自流浪，无法说清家庭住址",
    "guardian_missing": "父母外出务工后失联，无其他亲属可以监护",
    "guardian_unable": "父亲重病住院，母亲离家，暂无人照料",
    "neglect": "儿童长期独自在家，监护人不履行照料责任",
    "crime": "监护人教唆儿童盗窃，已被公安机关控制",
    "serious_harm": "儿童身上有多处伤痕，疑遭监护人殴打，需紧急安置",
    "other": "依法由民政部门临时监护的其他情形",
}
UNITS = {
    "school": ("学校", "班主任"), "village_committee": ("村委会", "儿童主任"),
    "police": ("派出所", "民警"), "health": ("卫生院", "医生"), "court": ("人民法院", "法官"),
    "social_organisation": ("社工站", "社工"), "civil_affairs": ("民政局", "股长"),
    "other": ("妇联", "干事"),
}
DECISIONS = ("安排心理辅导", "联系监护人返乡", "落实入学", "申请临时救助", "开展家庭走访",
             "评估亲属照料能力", "协助办理户籍", "跟进就医")
REPORTER_NAMES = {"police": "派出所", "village_committee": "村委会", "school": "学校",
                  "hospital": "人民医院", "self": "", "other": "热心群众"}


def _pick(rng: random.Random, weighted: list[tuple[str, int]]) -> str:
    return rng.choices([v for v, _w in weighted], [w for _v, w in weighted])[0]


def _tables(now: dt.datetime) -> dict[str, writer.TemplateTable]:
    day = dt.date(2020, 1, 1)
    stamp = {"created_at": now, "updated_at": now}
    return {
        **steps.tables(now),
        "case": writer.TemplateTable(ProtectionCase, ProtectionCase(
            county_code="", opened_on=day, situation="other", reported_by="other",
            reported_at=now, circumstances="", safety_check="", placement="institution",
            placed_at=now, first_assessment_due=day, **stamp), now),
        "assessment": writer.TemplateTable(GuardianshipAssessment, GuardianshipAssessment(
            assessed_on=day, guardian_situation="", guardian_capacity="", risks="",
            child_views="", recommendation="other", reassess_on=day, **stamp), now),
        "conference": writer.TemplateTable(CaseConference, CaseConference(
            held_on=day, situation="", **stamp), now),
        "participant": writer.TemplateTable(ConferenceParticipant, ConferenceParticipant(
            department="other", name=""), now),
        "decision": writer.TemplateTable(ConferenceDecision, ConferenceDecision(
            action="", department="other", responsible="", due_on=day, **stamp), now),
    }


def _moment(day: dt.date, hour: int) -> dt.datetime:
    return dt.datetime.combine(day, dt.time(hour), tzinfo=SHANGHAI)


# ----------------------------------------------------------------------------- workers


def _workers(ctx: Context) -> None:
    """A protection worker in every transformed county institution of the scale."""
    key = ctx.marker("protection_workers")
    if writer.marker_done(key):
        return
    password = make_password(SYNTHETIC_PASSWORD)
    people = People(ctx.rng("protection_workers"))
    now = timezone.now()
    users = [User(username=f"syn-{Role.PROTECTION_WORKER}-{inst.pk}", password=password,
                  display_name=f"{inst.name} {people.name(Sex.FEMALE)}",
                  role=Role.PROTECTION_WORKER, division_id=inst.division_id,
                  institution_id=inst.pk, date_joined=now)
             for inst in scale_institutions(ctx)
             if inst.level == InstitutionLevel.COUNTY
             and inst.kind == InstitutionKind.MINORS_PROTECTION]
    with transaction.atomic():
        writer.assign_ids(User, users)
        writer.write(User, users)
        writer.marker_set(key)
    ctx.add("protection workers", len(users))


def _county_staff(codes: list[str]) -> dict[str, tuple[int, int]]:
    """{county code: (who opens and assesses, the county officer who confirms)}."""
    rows = User.objects.filter(
        username__startswith="syn-", role__in=(Role.COUNTY_OFFICER, Role.PROTECTION_WORKER),
        division__code__in=codes).values("pk", "role", "division__code").order_by("pk")
    officers, workers = {}, {}
    for row in rows:
        found = officers if row["role"] == Role.COUNTY_OFFICER else workers
        found.setdefault(row["division__code"], row["pk"])
    return {code: (workers.get(code, officer), officer) for code, officer in officers.items()}


# ------------------------------------------------------------------------------- plan


def _plan(ctx: Context, counties: list[Division]) -> list[tuple[str, int]]:
    """(county code, cases over the years) of every county, from the scale's yearly total."""
    rng = ctx.rng("protection-structure")
    weights = [rng.uniform(0.3, 1.7) for _ in counties]
    total = ctx.scale.protection_cases_per_year * YEARS
    scale = total / sum(weights) if weights else 0
    plan = []
    for county, weight in zip(counties, weights, strict=True):
        share = weight * scale
        plan.append((county.code, int(share) + (1 if rng.random() < share % 1 else 0)))
    return plan


def _batches(plan: list[tuple[str, int]], size: int) -> list[list[tuple[str, int]]]:
    batches, batch, n = [], [], 0
    for county, cases in plan:
        batch.append((county, cases))
        n += cases
        if n >= size:
            batches.append(batch)
            batch, n = [], 0
    if batch:
        batches.append(batch)
    return batches


def _candidates(county: str, cases: int, spread: int) -> list[tuple[int, dt.date]]:
    """(id, birth date) of a sample of the county's children who never had a case: every
    `step`-th by id, so the sample is spread over the county's townships."""
    children = Child.objects.filter(
        division_code__startswith=county,
        status__in=(ChildStatus.IN_COMMUNITY, ChildStatus.IN_CARE),
    ).exclude(Exists(ProtectionCase.objects.filter(child=OuterRef("pk"))))
    step = max(1, spread // max(1, cases * CANDIDATES_PER_CASE))
    if step > 1:
        children = children.alias(slot=Mod("id", step)).filter(slot=0)
    return list(children.order_by("pk").values_list("pk", "birth_date"))


# ------------------------------------------------------------------------------- cases


class _Case:
    """One generated case: the days it spans and who works on it."""

    def __init__(self, rng: random.Random, opened: dt.date, today: dt.date) -> None:
        days = min(600, max(10, round(rng.lognormvariate(math.log(100), 0.6))))
        self.opened = opened
        self.closed = opened + dt.timedelta(days=days)
        if self.closed >= today:
            self.closed = None
        self.end = self.closed or today  # events happen before this day


def _case_row(t, rng, people: People, county: str, child: int, case: _Case, staff) -> list:
    worker, _officer = staff
    situation = _pick(rng, SITUATIONS)
    reporter = _pick(rng, REPORTERS)
    reported = _moment(case.opened - dt.timedelta(days=rng.randint(0, 1)), rng.randint(6, 21))
    placed = reported + dt.timedelta(hours=rng.randint(1, 6))
    opened = max(case.opened, placed.astimezone(SHANGHAI).date())
    case.opened = opened
    police = reporter == ReporterKind.POLICE
    return t["case"].add(
        history_date=placed, history_user=worker,
        child_id=child, county_code=county, opened_on=opened, opened_by_id=worker,
        state=CaseState.CLOSED if case.closed else CaseState.OPEN, closed_on=case.closed,
        situation=situation, reported_by=reporter,
        reporter_name=REPORTER_NAMES[reporter] if reporter != "self" else "",
        reported_at=reported, circumstances=CIRCUMSTANCES[situation],
        police_reference=f"公({opened.year}){rng.randint(1, 999)}号" if police else "",
        safety_check=rng.choice(("无外伤，身体状况良好", "轻度营养不良，已就医检查",
                                 "有皮外伤，已处理", "情绪紧张，无明显外伤")),
        placement=_pick(rng, PLACEMENTS), placed_at=placed,
        placement_note=f"由{people.name(Sex.FEMALE)}照料",
        first_assessment_due=opened + dt.timedelta(
            days=settings.CWIS_CASE_FIRST_ASSESSMENT_DAYS),
        created_at=placed, updated_at=placed, created_by_id=worker, updated_by_id=worker)


def _assessments(t, rng, case: _Case, row: list, staff,
                 today: dt.date) -> tuple[str, dt.date] | None:
    """The case's assessments; the last one's recommendation and confirmation day, if it
    was confirmed."""
    worker, officer = staff
    assessed = case.opened + dt.timedelta(days=rng.randint(3, 35))
    found = None
    if case.closed is None and rng.random() < 0.1:
        return None  # none yet: overdue once the deadline passes
    if case.closed is not None:
        assessed = min(assessed, case.closed - dt.timedelta(days=1))
    while assessed < case.end:
        reassess = assessed + dt.timedelta(days=90)
        last = case.closed is not None and reassess >= case.closed
        confirmed = assessed + dt.timedelta(days=rng.randint(1, 7))
        if case.closed is not None:
            confirmed = min(confirmed, case.closed)
        elif confirmed >= today or rng.random() < 0.05:
            confirmed = None
        made = _moment(assessed, 16)
        recommendation = _pick(rng, OUTCOMES) if last else rng.choice(
            (Recommendation.OTHER, Recommendation.RETURN_TO_GUARDIAN))
        found = (recommendation, confirmed) if confirmed else None
        assessment = t["assessment"].add(
            history_date=made, history_user=worker,
            assessed_on=assessed, assessed_by_id=worker, assessors="村委会儿童主任",
            guardian_situation="监护人情况已核实", guardian_capacity="监护能力评估见记录",
            risks="存在一定风险", child_views="已听取儿童意见",
            recommendation=recommendation,
            reassess_on=reassess, confirmed_on=confirmed,
            confirmed_by_id=officer if confirmed else None,
            created_at=made, updated_at=made, created_by_id=worker,
            updated_by_id=officer if confirmed else worker)
        t["assessment"].link(assessment, "case_id", t["case"], row)
        if rng.random() > 0.85:
            break  # the reassessment is left to be done
        assessed = reassess + dt.timedelta(days=rng.randint(-5, 15))
    return found


def _conferences(t, rng, people: People, case: _Case, row: list, staff,
                 today: dt.date) -> None:
    worker, _officer = staff
    roll = rng.random()
    count = 0 if roll < 0.3 else (2 if roll < 0.44 else 1)
    held = case.opened + dt.timedelta(days=rng.randint(3, 45))
    for _ in range(count):
        if held >= case.end:
            return
        made = _moment(held, 15)
        conference = t["conference"].add(
            history_date=made, history_user=worker, held_on=held,
            situation="各部门通报儿童近况，商议后续安排", created_at=made, updated_at=made,
            created_by_id=worker, updated_by_id=worker)
        t["conference"].link(conference, "case_id", t["case"], row)
        departments = ["civil_affairs", *rng.sample(
            [d for d in DepartmentKind.values if d != "civil_affairs"], rng.randint(2, 5))]
        for department in departments:
            unit, role = UNITS[department]
            participant = t["participant"].add(
                history_date=made, history_user=worker, department=department,
                name=f"{unit}{people.name(rng.choice((Sex.MALE, Sex.FEMALE)))}", role=role)
            t["participant"].link(participant, "conference_id", t["conference"], conference)
        for _decision in range(rng.randint(1, 3)):
            _decision_row(t, rng, case, conference, held, departments, worker, today)
        held += dt.timedelta(days=rng.randint(30, 90))


def _decision_row(t, rng, case: _Case, conference: list, held: dt.date, departments,
                  worker: int, today: dt.date) -> None:
    due = held + dt.timedelta(days=rng.randint(7, 45))
    done = max(held, due + dt.timedelta(days=rng.randint(-10, 20)))
    if case.closed is not None:
        done = min(done, case.closed)
    elif done >= today or rng.random() < 0.15:
        done = None
    department = rng.choice(departments)
    made = _moment(held, 15)
    decision = t["decision"].add(
        history_date=made, history_user=worker, action=rng.choice(DECISIONS),
        department=department, responsible=UNITS[department][0], due_on=due, done_on=done,
        done_note="已落实" if done else "", done_by_id=worker if done else None,
        created_at=made, updated_at=made, created_by_id=worker, updated_by_id=worker)
    t["decision"].link(decision, "conference_id", t["conference"], conference)


def _county_cases(ctx: Context, t, county: str, cases: int, staff, spread: int) -> int:
    rng = ctx.rng("protection", county)
    people = People(rng)
    today = ctx.today
    window = today - dt.timedelta(days=365 * YEARS)
    candidates = _candidates(county, cases, spread)
    made = 0
    for child, birth in rng.sample(candidates, min(cases, len(candidates))):
        opened = window + dt.timedelta(days=rng.randint(0, 365 * YEARS - 1))
        if opened <= birth + dt.timedelta(days=2):
            continue
        case = _Case(rng, opened, today)
        row = _case_row(t, rng, people, county, child, case, staff)
        last = _assessments(t, rng, case, row, staff, today)
        _conferences(t, rng, people, case, row, staff, today)
        worker = staff[0]
        steps.referrals(t, rng, case, row, t["case"], worker, today)
        steps.care(t, rng, case, row, t["case"], worker, today)
        steps.exit_(t, rng, case, row, t["case"], worker, last)
        made += 1
    return made


@transaction.atomic
def _write(t: dict[str, writer.TemplateTable], key: str) -> int:
    written = 0
    for name in ("case", "assessment", "conference", "participant", "decision",
                 *steps.TABLES):
        written += t[name].write()
    writer.marker_set(key)
    return written


def step_protection_cases(ctx: Context) -> None:
    if not ctx.scale.protection_cases_per_year:
        return
    _workers(ctx)
    counties = scale_counties(ctx)
    plan = _plan(ctx, counties)
    batches = _batches(plan, ctx.scale.batch)
    staff = _county_staff([code for code, _n in plan])
    # Children per county, about: the sample's stride (see `_candidates`).
    spread = (ctx.scale.community_children + ctx.scale.children_in_care) // max(1, len(plan))
    tables = _tables(timezone.now())
    total = sum(n for _code, n in plan)
    started, done, cases, written = time.monotonic(), 0, 0, 0
    for batch_no, batch in enumerate(batches):
        key = ctx.marker("protection_cases", batch_no)
        if not writer.marker_done(key):
            for county, n in batch:
                if county in staff:
                    cases += _county_cases(ctx, tables, county, n, staff[county], spread)
            written += _write(tables, key)
        done += sum(n for _code, n in batch)
        progress(ctx, "cases", done, total, started)
    ctx.add("protection cases", cases)
    ctx.out(f"\ncases        {cases} protection cases, {written} records "
            "(and as many history rows)\n")
