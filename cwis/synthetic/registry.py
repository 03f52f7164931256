"""The community registry kept true (issue 17): the dated category rows of every community
file (`protection.CategoryPeriod`, ADR 0017), and the county institution's training of its
supervisors and directors (`TrainingCourse`, `TrainingAttendance`).

Category periods: one row per category a file holds, from its registration to its removal
(the same rows protection migration 0007 makes for files that existed before it). They are
built from the files already written, a range of child ids per batch: the batch's files are
read back with one query and their periods written with COPY (`writer.write_rows`), with
`created_at` stamped here (COPY runs no defaults). A batch whose files already have periods
(a database migrated after its generation: migration 0007 made them) is only marked done.
At national scale (10 million files, some 12 million rows) the table's secondary indexes are
dropped for the load and rebuilt once after it, as the community step does.

Training (a reading of the policy, not a measurement): a county gives 2 to 5 courses a year
for two years, 2 to 8 hours each, one in four online; each of its supervisors and directors
attends a course with a chance of 60%, so some have had none this year.
"""

import datetime as dt
import random
import time
from decimal import Decimal
from zoneinfo import ZoneInfo

from django.db import connection, transaction
from django.utils import timezone

from cwis.accounts.models import User
from cwis.core.permissions import Role
from cwis.protection.models import CategoryPeriod, TrainingAttendance, TrainingCourse
from cwis.synthetic import protection, writer
from cwis.synthetic.context import Context, progress, scale_counties

IDS_PER_BATCH = 200_000
SHANGHAI = ZoneInfo("Asia/Shanghai")
PERIOD_COLUMNS = ["id", "child_id", "category", "detail", "division_code", "started_on",
                  "ended_on", "end_reason", "note", "created_at", "created_by_id"]
CATEGORIES = (("left_behind", 4), ("orphan", 5), ("de_facto", 6), ("in_difficulty", 7))
TOPICS = ("儿童主任工作职责与报告制度", "农村留守儿童关爱服务实务", "困境儿童信息摸排与动态更新",
          "家庭监护评估与走访技巧", "强制报告制度与案例分析", "儿童心理健康与情绪识别")
TRAINERS = ("县未成年人救助保护中心", "市儿童福利院康复科", "县民政局儿童福利股",
            "社工服务机构")


def _id_range() -> tuple[int, int] | None:
    with connection.cursor() as cursor:
        cursor.execute("SELECT MIN(id), MAX(id) FROM children_child "
                       "WHERE registered_on IS NOT NULL")
        low, high = cursor.fetchone()
    return None if low is None else (low, high)


def _files(low: int, high: int) -> list[tuple]:
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT id, division_code, registered_on, registry_closed_on, is_left_behind, "
            "is_orphan, is_de_facto_unsupported, is_in_difficulty, difficulty_kind "
            "FROM children_child WHERE id BETWEEN %s AND %s AND registered_on IS NOT NULL "
            "AND status <> 'merged'", [low, high])
        return cursor.fetchall()


def _has_periods(low: int, high: int) -> bool:
    return CategoryPeriod.objects.filter(child_id__gte=low, child_id__lte=high).exists()


@transaction.atomic
def _write_periods(low: int, high: int, key: str, now: dt.datetime) -> int:
    rows = []
    if not _has_periods(low, high):
        for file in _files(low, high):
            closed = file[3]
            for category, column in CATEGORIES:
                if file[column]:
                    detail = file[8] if category == "in_difficulty" else ""
                    rows.append([None, file[0], category, detail, file[1], file[2], closed,
                                 "left_registry" if closed else "", "", now, None])
        for row, pk in zip(rows, writer.reserve_ids(CategoryPeriod, len(rows)), strict=True):
            row[0] = pk
        writer.write_rows(CategoryPeriod._meta.db_table, PERIOD_COLUMNS, rows)
    writer.marker_set(key)
    return len(rows)


def step_category_periods(ctx: Context) -> None:
    if not ctx.scale.community_children:
        return
    bounds = _id_range()
    if bounds is None:
        return
    starts = list(range(bounds[0], bounds[1] + 1, IDS_PER_BATCH))
    if writer.marker_done(ctx.marker("category_periods", len(starts) - 1)):
        ctx.out("categories   done before\n")
        writer.indexes_restore(ctx.out)
        return
    big = ctx.scale.community_children >= 200_000 and not connection.in_atomic_block
    if big:
        writer.indexes_drop([CategoryPeriod._meta.db_table])
    now, started, total = timezone.now(), time.monotonic(), 0
    for batch_no, low in enumerate(starts):
        key = ctx.marker("category_periods", batch_no)
        if not writer.marker_done(key):
            total += _write_periods(low, low + IDS_PER_BATCH - 1, key, now)
        progress(ctx, "categories", batch_no + 1, len(starts), started)
    writer.indexes_restore(ctx.out)
    ctx.add("category periods", total)
    ctx.out(f"\ncategories   {total} dated category rows\n")


# ---------------------------------------------------------------------------- training


def _people(codes: list[str]) -> dict[str, list[int]]:
    found: dict[str, list[int]] = {code: [] for code in codes}
    rows = (User.objects.filter(role__in=(Role.CHILD_SUPERVISOR, Role.CHILD_DIRECTOR),
                                is_active=True, division__parent__code__in=codes)
            .values_list("pk", "division__parent__code"))
    villages = (User.objects.filter(role=Role.CHILD_DIRECTOR, is_active=True,
                                    division__parent__parent__code__in=codes)
                .values_list("pk", "division__parent__parent__code"))
    for pk, county in [*rows, *villages]:
        found.setdefault(county, []).append(pk)
    return found


def _county_training(ctx: Context, tables, county: str, people: list[int],
                     worker: int) -> None:
    rng: random.Random = ctx.rng("training", county)
    yesterday = ctx.today - dt.timedelta(days=1)
    for year in (ctx.today.year - 1, ctx.today.year):
        first, last = dt.date(year, 1, 1), min(dt.date(year, 12, 31), yesterday)
        if last < first:
            continue
        for _ in range(rng.randint(2, 5)):
            held = first + dt.timedelta(days=rng.randint(0, (last - first).days))
            made = dt.datetime.combine(held, dt.time(17), tzinfo=SHANGHAI)
            online = rng.random() < 0.25
            course = tables["course"].add(
                history_date=made, history_user=worker, county_code=county,
                topic=rng.choice(TOPICS), held_on=held,
                hours=Decimal(rng.randint(4, 16)) / 2, trainer=rng.choice(TRAINERS),
                place="" if online else "县民政局会议室", online=online,
                created_at=made, updated_at=made, created_by_id=worker, updated_by_id=worker)
            for person in people:
                if rng.random() < 0.6 / 3:  # three courses a year on average: 60% attend one
                    tables["attendance"].append((course, person, worker, made))


@transaction.atomic
def _write_training(tables, key: str) -> int:
    written = tables["course"].write()
    rows = [[None, course[tables["course"].at["id"]], person, worker, made]
            for course, person, worker, made in tables["attendance"]]
    for row, pk in zip(rows, writer.reserve_ids(TrainingAttendance, len(rows)), strict=True):
        row[0] = pk
    writer.write_rows(TrainingAttendance._meta.db_table,
                      ["id", "course_id", "person_id", "recorded_by_id", "recorded_at"], rows)
    tables["attendance"] = []
    writer.marker_set(key)
    return written


def step_training(ctx: Context) -> None:
    if not ctx.scale.protection_cases_per_year:
        return
    codes = [c.code for c in scale_counties(ctx)]
    staff = protection._county_staff(codes)
    counties = [code for code in codes if code in staff]
    now = timezone.now()
    tables = {"course": writer.TemplateTable(TrainingCourse, TrainingCourse(
        county_code="", topic="", held_on=dt.date(2020, 1, 1), hours=Decimal(1), trainer="",
        created_at=now, updated_at=now), now), "attendance": []}
    started, total = time.monotonic(), 0
    for batch_no, first in enumerate(range(0, len(counties), 200)):
        batch = counties[first:first + 200]
        key = ctx.marker("training", batch_no)
        if not writer.marker_done(key):
            people = _people(batch)
            for county in batch:
                _county_training(ctx, tables, county, people.get(county, []),
                                 staff[county][0])
            total += _write_training(tables, key)
        progress(ctx, "training", first + len(batch), len(counties), started)
    ctx.add("training courses", total)
    ctx.out(f"\ntraining     {total} courses\n")
