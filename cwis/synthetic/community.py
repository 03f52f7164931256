"""The community registry at scale: townships, villages, their workers and the children
registered in them (left-behind children, scattered orphans, children in difficulty).

National scale means about ten million files, so these steps do not build model instances:
each row is a list of database values copied from a template row (`writer.prepared_defaults`)
and changed where the generated child differs, written with COPY (`writer.write_rows`), with
the tables' secondary indexes dropped for the load and rebuilt once at the end. Batches are
whole counties: a county's children, their ID numbers included, come from the county's own
random stream, so ID numbers are unique without remembering them across batches and any batch
can be rebuilt alone when a run is resumed. Memory stays that of one batch.

Structure (deterministic from the seed): each county has 8-15 townships (statistical codes
county + 100.., the town range) and each township 6-20 villages (township + 201.., the
villagers' committee range). Shares of the registry, roughly those the civil affairs
statistics give for the children the county institutions look after: about two thirds
left-behind children, a quarter children in difficulty (mostly through poverty), a few
percent scattered orphans and de facto unsupported children; about 5% of files have been
removed from the registry (the child grew up, moved away or the parents came home).
"""

from __future__ import annotations

import datetime as dt
import time
from dataclasses import dataclass

from django.contrib.auth.hashers import make_password
from django.db import connection, transaction
from django.utils import timezone

from cwis.accounts.models import User
from cwis.children.choices import (
    ChildStatus,
    DeadlineKind,
    DifficultyKind,
    DisabilityType,
    GuardianKind,
    GuardianRelation,
    HukouType,
    IdentityStatus,
    InsuranceStatus,
    LeftBehindSituation,
    RegistryExitReason,
    Sex,
)
from cwis.children.models import Child, ChildDeadline
from cwis.core import crypto
from cwis.core.models import Division, DivisionLevel
from cwis.core.permissions import Role
from cwis.synthetic import writer
from cwis.synthetic.children import education_status
from cwis.synthetic.context import SYNTHETIC_PASSWORD, Context, progress, scale_counties
from cwis.synthetic.people import People, given_pinyin_of, pinyin_of

VISIT_DAYS = 90
TOWN_WORDS = "龙泉石桥新塘白沙清水高岭长岗金山东湖西岭南港北源青林红光黄田马鞍凤凰桃花"
VILLAGE_WORDS = "上下东西南北前后大小新老中和平安兴旺丰乐福寿田湾坪冲垅坑塘岭"


@dataclass(frozen=True)
class CountyPlan:
    code: str
    division_id: int
    villages: tuple[int, ...]  # villages per township, townships in code order
    children: int

    def township_code(self, t: int) -> str:
        return f"{self.code}{100 + t:03d}"

    def village_code(self, t: int, v: int) -> str:
        return f"{self.township_code(t)}{201 + v:03d}"


def county_plans(ctx, counties: list[Division]) -> list[CountyPlan]:
    """Townships, villages and registry size of every county (weights drawn per county, the
    national total spread over them)."""
    rng = ctx.rng("community-structure")
    shapes = []
    for county in counties:
        townships = rng.randint(8, 15)
        villages = tuple(rng.randint(6, 20) for _ in range(townships))
        shapes.append((county, villages, rng.uniform(0.3, 1.7) * sum(villages)))
    total_weight = sum(w for _c, _v, w in shapes) or 1.0
    total = ctx.scale.community_children
    plans, given = [], 0
    for index, (county, villages, weight) in enumerate(shapes):
        n = (total - given if index == len(shapes) - 1
             else round(total * weight / total_weight))
        given += n
        plans.append(CountyPlan(county.code, county.pk, villages, max(n, 0)))
    return plans


def _batches(plans: list[CountyPlan], size: int) -> list[list[CountyPlan]]:
    batches, current, count = [], [], 0
    for plan in plans:
        current.append(plan)
        count += plan.children
        if count >= size:
            batches.append(current)
            current, count = [], 0
    if current:
        batches.append(current)
    return batches


# ---------------------------------------------------------------------------------------
# Townships, villages, supervisors and directors


def _townships(ctx, plans: list[CountyPlan]) -> list[Division]:
    rng = ctx.rng("community-township-names")
    townships = []
    for plan in plans:
        for t in range(len(plan.villages)):
            word = rng.choice(TOWN_WORDS) + rng.choice(TOWN_WORDS)
            townships.append(Division(
                code=plan.township_code(t), name=f"{word}{'镇' if t % 3 else '乡'}",
                level=DivisionLevel.TOWNSHIP, parent_id=plan.division_id, valid_from=2019))
    return townships


def _villages(ctx, plans: list[CountyPlan], by_code: dict[str, Division]) -> list[Division]:
    rng = ctx.rng("community-village-names")
    villages = []
    for plan in plans:
        for t, n_villages in enumerate(plan.villages):
            township = by_code[plan.township_code(t)]
            for v in range(n_villages):
                word = rng.choice(VILLAGE_WORDS) + rng.choice(VILLAGE_WORDS)
                villages.append(Division(
                    code=plan.village_code(t, v), name=f"{word}村委会",
                    level=DivisionLevel.VILLAGE, parent_id=township.pk, valid_from=2019))
    return villages


def _workers(ctx, townships: list[Division], villages: list[Division]) -> list[User]:
    """A child supervisor per township; a child director in each township's first village
    (enough to benchmark a village's view)."""
    password = make_password(SYNTHETIC_PASSWORD)
    people = People(ctx.rng("community-workers"))
    now = timezone.now()
    users = [User(username=f"syn-child_supervisor-{d.code}", password=password,
                  display_name=f"{d.name}儿童督导员 {people.name(Sex.FEMALE)}",
                  role=Role.CHILD_SUPERVISOR, division_id=d.pk, date_joined=now)
             for d in townships]
    users += [User(username=f"syn-child_director-{d.code}", password=password,
                   display_name=f"{d.name}儿童主任 {people.name(Sex.FEMALE)}",
                   role=Role.CHILD_DIRECTOR, division_id=d.pk, date_joined=now)
              for d in villages if d.code.endswith("201")]
    return users


def step_townships(ctx: Context) -> None:
    if not ctx.scale.community_children:
        return
    key = ctx.marker("townships")
    if writer.marker_done(key):
        ctx.out("townships    done before\n")
        return
    plans = county_plans(ctx, scale_counties(ctx))
    with transaction.atomic():
        townships = _townships(ctx, plans)
        writer.assign_ids(Division, townships)
        writer.write(Division, townships)
        villages = _villages(ctx, plans, {d.code: d for d in townships})
        writer.assign_ids(Division, villages)
        writer.write(Division, villages)
        users = _workers(ctx, townships, villages)
        writer.assign_ids(User, users)
        writer.write(User, users)
        writer.marker_set(key)
    ctx.add("townships", len(townships))
    ctx.add("villages", len(villages))
    ctx.add("users", len(users))
    ctx.out(f"townships    {len(townships)} townships, {len(villages)} villages, "
            f"{len(users)} supervisors and directors\n")


# ---------------------------------------------------------------------------------------
# Community children


class _Rows:
    """Template rows and column positions of the three tables a community child fills."""

    def __init__(self, now: dt.datetime) -> None:
        self.child_columns = writer.columns_of(Child)
        self.child_template = writer.prepared_defaults(Child, Child(
            name="", sex=Sex.MALE, birth_date=dt.date(2010, 1, 1), guardian_kind=GuardianKind.OTHER,
            guardianship_since=dt.date(2010, 1, 1), status=ChildStatus.IN_COMMUNITY,
            hukou_type=HukouType.FAMILY, insurance_status=InsuranceStatus.ENROLLED,
            identity_status=IdentityStatus.VERIFIED, division_code="", created_at=now,
            updated_at=now, registered_on=dt.date(2020, 1, 1)))
        self.at = {c: i for i, c in enumerate(self.child_columns)}
        history = Child.history.model
        own = {f.column for f in history._meta.concrete_fields} - {"history_id"}
        self.history_columns = [c for c in self.child_columns if c in own] + [
            "history_date", "history_type", "history_change_reason", "history_user_id"]
        self.history_from = [self.at[c] for c in self.child_columns if c in own]
        self.history_tail = [now, "+", None, None]
        self.deadline_columns = writer.columns_of(ChildDeadline)
        self.deadline_template = writer.prepared_defaults(ChildDeadline, ChildDeadline(
            kind=DeadlineKind.COMMUNITY_VISIT, started_on=dt.date(2020, 1, 1),
            due_on=dt.date(2020, 1, 1), visible_from=dt.date(2020, 1, 1), created_at=now,
            updated_at=now))
        self.dl = {c: i for i, c in enumerate(self.deadline_columns)}


CATEGORY_ROLL = [  # (upper bound of the roll, category)
    (0.66, "left_behind"), (0.84, "poverty"), (0.91, "disability"), (0.94, "guardianship"),
    (0.97, "orphan"), (1.0, "de_facto"),
]
DISABILITIES = [DisabilityType.INTELLECTUAL, DisabilityType.PHYSICAL, DisabilityType.HEARING,
                DisabilityType.VISUAL, DisabilityType.SPEECH, DisabilityType.MULTIPLE,
                DisabilityType.MENTAL]
EXITS = [RegistryExitReason.NO_LONGER_ELIGIBLE, RegistryExitReason.AGE,
         RegistryExitReason.MOVED_AWAY, RegistryExitReason.TAKEN_INTO_CARE]


def _taken_ids() -> set[str]:
    """Keyed hashes of the ID numbers of children in institutions' care (tens of thousands at
    national scale). Their numbers carry the county of the institution that took them in, not
    the place a transfer has since moved their file to, so they are all read, not a county's."""
    return set(Child.objects.filter(
        status__in=(ChildStatus.IN_CARE, ChildStatus.LEFT_CARE)).exclude(
        citizen_id_hash="").values_list("citizen_id_hash", flat=True))


def _education(age: int) -> str:
    return education_status(age, False, _NO_RNG)


class _NoRandom:
    def random(self) -> float:
        return 0.9


_NO_RNG = _NoRandom()


def _county_rows(ctx, plan: CountyPlan, rows: _Rows, taken: set[str]):
    """The county's children: (child row, deadline row) pairs, ids not yet set."""
    rng = ctx.rng("community", plan.code)
    people = People(rng)
    today = ctx.today
    at, template = rows.at, rows.child_template
    villages = [(t, v) for t, n in enumerate(plan.villages) for v in range(n)]
    sequences: dict[tuple[str, str], int] = {}
    out = []
    for _ in range(plan.children):
        t, v = rng.choice(villages)
        code = plan.village_code(t, v)
        sex = Sex.MALE if rng.random() < 0.53 else Sex.FEMALE
        name = people.name(sex)
        birth = people.birth_date(min_age=0, max_age=17, today=today)
        age = (today - birth).days // 365
        row = template.copy()
        pinyin, initials = pinyin_of(name)
        row[at["name"]] = name
        row[at["sex"]] = sex
        row[at["birth_date"]] = birth
        row[at["name_pinyin"]] = pinyin
        row[at["name_initials"]] = initials
        row[at["given_pinyin"]] = given_pinyin_of(name)
        row[at["search_pinyin"]] = pinyin
        row[at["guardianship_since"]] = birth
        row[at["division_code"]] = code
        row[at["hukou_division_id"]] = plan.division_id
        row[at["home_address"]] = f"{code[-3:]}村{rng.randint(1, 12)}组"
        row[at["education_status"]] = _education(age)
        number = digest = ""
        if rng.random() < 0.96:
            number, digest = _citizen_id(plan.code, birth, sex, sequences, taken)
        row[at["citizen_id"]] = crypto.encrypt(number, purpose="citizen_id")
        row[at["citizen_id_hash"]] = digest
        if not number:
            row[at["identity_status"]] = IdentityStatus.PENDING
        category = _categories(rng, row, at, age)
        if category == "disability" or rng.random() < 0.02:
            row[at["disability_type"]] = rng.choice(DISABILITIES)
            row[at["disability_grade"]] = rng.randint(1, 4)
        row[at["guardian_name"]] = people.name(Sex.FEMALE if rng.random() < 0.6 else Sex.MALE)
        row[at["guardian_phone"]] = crypto.encrypt(
            f"1{rng.choice('35789')}{rng.randrange(10**9):09d}", purpose="guardian_phone")
        first = max(birth, dt.date(2019, 1, 1))
        registered = first + dt.timedelta(days=rng.randint(0, max(0, (today - first).days)))
        row[at["registered_on"]] = registered
        deadline = None
        if rng.random() < 0.05:
            row[at["status"]] = ChildStatus.OFF_REGISTER
            row[at["registry_closed_on"]] = registered + dt.timedelta(
                days=rng.randint(0, max(0, (today - registered).days)))
            row[at["registry_exit_reason"]] = rng.choice(EXITS)
        else:
            # Next visit: mostly within the quarter, about one in twelve overdue.
            last = today - dt.timedelta(days=rng.randint(0, VISIT_DAYS + 30))
            last = max(last, registered)
            deadline = rows.deadline_template.copy()
            deadline[rows.dl["started_on"]] = last
            deadline[rows.dl["due_on"]] = last + dt.timedelta(days=VISIT_DAYS)
            deadline[rows.dl["visible_from"]] = last
        out.append((row, deadline))
    return out


def _citizen_id(county: str, birth: dt.date, sex: str, sequences: dict, taken: set[str]
                ) -> tuple[str, str]:
    """A valid ID number not used before in the county, and its keyed hash: sequence numbers
    of a birth date and sex are handed out in order (odd for boys), skipping those of
    children in care (`taken` holds their hashes)."""
    from stdnum.cn import ric

    birth_key = f"{birth:%Y%m%d}"
    seq = sequences.get((birth_key, sex), 0 if sex == Sex.FEMALE else 1)
    number = digest = ""
    while seq < 1000:
        base = f"{county}{birth_key}{seq:03d}"
        number = base + ric.calc_check_digit(base + "0")
        digest = crypto.keyed_hash(number, purpose="citizen_id")
        seq += 2
        if digest not in taken:
            break
        number = digest = ""
    sequences[(birth_key, sex)] = seq
    return number, digest


def _categories(rng, row: list, at: dict[str, int], age: int) -> str:
    """Set the category columns of a community child; returns the category drawn."""
    roll, category = rng.random(), "left_behind"
    for bound, name_of in CATEGORY_ROLL:
        if roll < bound:
            category = name_of
            break
    relation = GuardianRelation.PARENT
    if category == "left_behind" and age < 16:
        row[at["is_left_behind"]] = True
        both = rng.random() < 0.8
        row[at["left_behind_situation"]] = (LeftBehindSituation.BOTH_AWAY if both
                                            else LeftBehindSituation.ONE_AWAY_OTHER_UNABLE)
        relation = GuardianRelation.GRANDPARENT if both else GuardianRelation.PARENT
    elif category == "orphan":
        row[at["is_orphan"]] = True
        relation = rng.choice([GuardianRelation.GRANDPARENT, GuardianRelation.RELATIVE,
                               GuardianRelation.SIBLING])
    elif category == "de_facto":
        row[at["is_de_facto_unsupported"]] = True
        relation = GuardianRelation.GRANDPARENT
    else:  # in difficulty (a left-behind draw aged 16 or 17 counts as poverty)
        kind = {"disability": DifficultyKind.DISABILITY,
                "guardianship": DifficultyKind.GUARDIANSHIP}.get(category, DifficultyKind.POVERTY)
        row[at["is_in_difficulty"]] = True
        row[at["difficulty_kind"]] = kind
        if kind == DifficultyKind.GUARDIANSHIP:
            relation = GuardianRelation.RELATIVE
    row[at["guardian_relation"]] = relation
    return category


@transaction.atomic
def _write_batch(rows: _Rows, pairs, key: str) -> int:
    ids = writer.reserve_ids(Child, len(pairs))
    children, history, deadlines = [], [], []
    for (row, deadline), pk in zip(pairs, ids, strict=True):
        row[rows.at["id"]] = pk
        children.append(row)
        history.append([row[i] for i in rows.history_from] + rows.history_tail)
        if deadline is not None:
            deadline[rows.dl["child_id"]] = pk
            deadlines.append(deadline)
    for deadline, pk in zip(deadlines, writer.reserve_ids(ChildDeadline, len(deadlines)),
                            strict=True):
        deadline[rows.dl["id"]] = pk
    writer.write_rows(Child._meta.db_table, rows.child_columns, children)
    writer.write_rows(Child.history.model._meta.db_table, rows.history_columns, history)
    writer.write_rows(ChildDeadline._meta.db_table, rows.deadline_columns, deadlines)
    writer.marker_set(key)
    return len(deadlines)


BULK_TABLES = ["children_child", "children_historicalchild", "children_childdeadline"]


def step_community(ctx: Context) -> None:
    if not ctx.scale.community_children:
        return
    plans = county_plans(ctx, scale_counties(ctx))
    batches = _batches(plans, ctx.scale.community_batch)
    if writer.marker_done(ctx.marker("community", len(batches) - 1)):
        ctx.out("community    done before\n")
        writer.indexes_restore(ctx.out)
        return
    total = sum(p.children for p in plans)
    big = total >= 200_000 and not connection.in_atomic_block
    if big:
        dropped = writer.indexes_drop(BULK_TABLES)
        ctx.out(f"community    {dropped} indexes dropped for the load\n")
    rows = _Rows(timezone.now())
    started, done = time.monotonic(), 0
    taken = _taken_ids()
    for batch_no, batch in enumerate(batches):
        n = sum(p.children for p in batch)
        key = ctx.marker("community", batch_no)
        if not writer.marker_done(key):
            pairs = [pair for plan in batch for pair in _county_rows(ctx, plan, rows, taken)]
            deadlines = _write_batch(rows, pairs, key)
            ctx.add("community children", n)
            ctx.add("deadlines", deadlines)
        done += n
        progress(ctx, "community", done, total, started)
    ctx.out("\n")
    restored = writer.indexes_restore(ctx.out)
    if restored:
        ctx.out(f"community    {restored} indexes rebuilt\n")
