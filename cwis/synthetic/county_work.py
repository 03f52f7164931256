"""The county protection institution's work around the cases (cwis/protection/county_work,
issue 16): policy talks (宣讲), a township protection workstation in every township, and the
county's guidance visits to them, for the two years of the protection cases.

Proportions (a reading of the policy's expectations, not a measurement): a county gives 2 to
6 policy talks a year (residents, parents, pupils, school staff, child workers, officials),
each to 30 to 400 people; every township of the county has its workstation, set up since
2019 (about 80% active, 8% suspended, the rest planned and not set up yet), with 1 to 4
named staff; the county institution pays 2 to 8 guidance visits a year, each to one set-up
workstation, and one visit in three leaves a follow-up with its date. The county's
protection worker (or, where there is none, its county officer) records everything.

This step runs after the protection cases (it reads the county staff they use) and the
townships. Batches are groups of counties, each county from its own random stream, each
batch written in one transaction with its marker, so a resumed run rebuilds a batch alone.
Rows are template rows written with COPY (`writer.TemplateTable`), each with its
simple-history "+" row dated when the record was made.
"""

import datetime as dt
import random
import time
from zoneinfo import ZoneInfo

from django.db import transaction
from django.utils import timezone

from cwis.children.choices import Sex
from cwis.core.models import Division, DivisionLevel
from cwis.protection.models import (
    AudienceKind,
    GuidanceVisit,
    PolicyTalk,
    Workstation,
    WorkstationStatus,
)
from cwis.synthetic import protection, writer
from cwis.synthetic.context import Context, progress, scale_counties
from cwis.synthetic.people import People

YEARS = protection.YEARS
COUNTIES_PER_BATCH = 200
SHANGHAI = ZoneInfo("Asia/Shanghai")
TABLES = ("talk", "station", "visit")
AUDIENCES = [(AudienceKind.RESIDENTS, 25), (AudienceKind.PARENTS, 20),
             (AudienceKind.PUPILS, 20), (AudienceKind.SCHOOL_STAFF, 10),
             (AudienceKind.CHILD_WORKERS, 12), (AudienceKind.OFFICIALS, 8),
             (AudienceKind.OTHER, 5)]
STATUSES = [(WorkstationStatus.ACTIVE, 80), (WorkstationStatus.SUSPENDED, 8),
            (WorkstationStatus.PLANNED, 12)]
TOPICS = ("《未成年人保护法》宣传", "预防和制止家庭暴力", "农村留守儿童关爱保护政策",
          "困境儿童保障政策解读", "防范性侵害与校园欺凌", "监护人依法履行监护职责",
          "儿童主任工作职责与报告制度")
PLACES = ("县城文化广场", "县民政局会议室", "镇政府会议室", "中心小学礼堂", "村委会活动室",
          "县第一中学报告厅")
FINDINGS = ("台账基本完整，个别走访记录未及时录入", "工作站场所和制度上墙，值班正常",
            "困境儿童信息摸排到位，需加强与学校的联系", "工作人员变动，新任人员需要培训",
            "留守儿童关爱活动开展较少")
FOLLOW_UPS = ("补齐走访记录", "组织新任人员参加县级培训", "每季度开展一次关爱活动",
              "与辖区学校建立信息共享机制")


def _pick(rng: random.Random, weighted: list[tuple[str, int]]) -> str:
    return rng.choices([v for v, _w in weighted], [w for _v, w in weighted])[0]


def _moment(day: dt.date, hour: int) -> dt.datetime:
    return dt.datetime.combine(day, dt.time(hour), tzinfo=SHANGHAI)


def _tables(now: dt.datetime) -> dict[str, writer.TemplateTable]:
    day = dt.date(2020, 1, 1)
    stamp = {"created_at": now, "updated_at": now}
    return {
        "talk": writer.TemplateTable(PolicyTalk, PolicyTalk(
            county_code="", held_on=day, place="", audience_kind=AudienceKind.OTHER,
            audience_count=1, topic="", speakers="", **stamp), now),
        "station": writer.TemplateTable(Workstation, Workstation(
            county_code="", township_code="", name="", **stamp), now),
        "visit": writer.TemplateTable(GuidanceVisit, GuidanceVisit(
            visited_on=day, visitors="", findings="", **stamp), now),
    }


def _day_in(rng: random.Random, first: dt.date, last: dt.date) -> dt.date:
    return first + dt.timedelta(days=rng.randint(0, max(0, (last - first).days)))


def _years(today: dt.date) -> list[tuple[dt.date, dt.date]]:
    """(first, last day) of each year of the window, up to yesterday."""
    yesterday = today - dt.timedelta(days=1)
    years = range(today.year - YEARS + 1, today.year + 1)
    return [(dt.date(y, 1, 1), min(dt.date(y, 12, 31), yesterday)) for y in years
            if dt.date(y, 1, 1) <= yesterday]


def _talks(t, rng, people: People, county: str, worker: int, today: dt.date) -> None:
    for first, last in _years(today):
        for _ in range(rng.randint(2, 6)):
            held = _day_in(rng, first, last)
            made = _moment(held, 17)
            t["talk"].add(
                history_date=made, history_user=worker, county_code=county, held_on=held,
                place=rng.choice(PLACES), audience_kind=_pick(rng, AUDIENCES),
                audience_count=rng.randint(30, 400), topic=rng.choice(TOPICS),
                speakers=f"县未成年人救助保护中心 {people.name(Sex.FEMALE)}",
                created_at=made, updated_at=made, created_by_id=worker, updated_by_id=worker)


def _stations(t, rng, people: People, county: str, townships: list[Division], worker: int,
              today: dt.date) -> list[tuple[list, dt.date]]:
    """The county's workstations; (row, set-up day) of those set up."""
    set_up = []
    for township in townships:
        status = _pick(rng, STATUSES)
        day = None if status == WorkstationStatus.PLANNED else _day_in(
            rng, dt.date(2019, 6, 1), today - dt.timedelta(days=30))
        staff = [people.name(rng.choice((Sex.MALE, Sex.FEMALE)))
                 for _ in range(rng.randint(1, 4))] if day else []
        made = _moment(day or today - dt.timedelta(days=rng.randint(10, 200)), 11)
        row = t["station"].add(
            history_date=made, history_user=worker, county_code=county,
            township_code=township.code, name=f"{township.name}未成年人保护工作站",
            status=status, set_up_on=day, staff_names="、".join(staff),
            staff_count=len(staff), address=f"{township.name}人民政府院内" if day else "",
            phone=f"0791-{rng.randint(8000000, 8999999)}" if day else "",
            created_at=made, updated_at=made, created_by_id=worker, updated_by_id=worker)
        if day is not None:
            set_up.append((row, day))
    return set_up


def _visits(t, rng, people: People, set_up: list[tuple[list, dt.date]], worker: int,
            today: dt.date) -> None:
    if not set_up:
        return
    for first, last in _years(today):
        for _ in range(rng.randint(2, 8)):
            station, since = rng.choice(set_up)
            if since > last:
                continue
            visited = _day_in(rng, max(first, since), last)
            follow = rng.random() < 1 / 3
            made = _moment(visited, 16)
            visit = t["visit"].add(
                history_date=made, history_user=worker, visited_on=visited,
                visitors=f"县未成年人救助保护中心 {people.name(Sex.FEMALE)}、"
                         f"{people.name(Sex.MALE)}",
                findings=rng.choice(FINDINGS),
                follow_up=rng.choice(FOLLOW_UPS) if follow else "",
                follow_up_due=visited + dt.timedelta(days=rng.randint(14, 90)) if follow
                else None,
                created_at=made, updated_at=made, created_by_id=worker, updated_by_id=worker)
            t["visit"].link(visit, "workstation_id", t["station"], station)


def _townships(codes: list[str]) -> dict[str, list[Division]]:
    found: dict[str, list[Division]] = {code: [] for code in codes}
    rows = Division.objects.filter(level=DivisionLevel.TOWNSHIP, valid_to__isnull=True,
                                   parent__code__in=codes).order_by("code")
    for township in rows:
        found.setdefault(township.code[:6], []).append(township)
    return found


def _county(ctx: Context, t, county: str, townships: list[Division], worker: int) -> None:
    rng = ctx.rng("county_work", county)
    people = People(rng)
    _talks(t, rng, people, county, worker, ctx.today)
    set_up = _stations(t, rng, people, county, townships, worker, ctx.today)
    _visits(t, rng, people, set_up, worker, ctx.today)


@transaction.atomic
def _write(t: dict[str, writer.TemplateTable], key: str) -> dict[str, int]:
    written = {name: t[name].write() for name in TABLES}
    writer.marker_set(key)
    return written


def step_county_work(ctx: Context) -> None:
    if not ctx.scale.protection_cases_per_year:
        return
    codes = [c.code for c in scale_counties(ctx)]
    staff = protection._county_staff(codes)
    counties = [code for code in codes if code in staff]
    batches = [counties[i:i + COUNTIES_PER_BATCH]
               for i in range(0, len(counties), COUNTIES_PER_BATCH)]
    tables = _tables(timezone.now())
    started, done = time.monotonic(), 0
    totals = dict.fromkeys(TABLES, 0)
    for batch_no, batch in enumerate(batches):
        key = ctx.marker("county_work", batch_no)
        if not writer.marker_done(key):
            townships = _townships(batch)
            for county in batch:
                _county(ctx, tables, county, townships.get(county, []), staff[county][0])
            for name, n in _write(tables, key).items():
                totals[name] += n
        done += len(batch)
        progress(ctx, "county work", done, len(counties), started)
    ctx.add("policy talks", totals["talk"])
    ctx.add("workstations", totals["station"])
    ctx.add("guidance visits", totals["visit"])
    ctx.out(f"\ncounty work  {totals['talk']} policy talks, {totals['station']} workstations, "
            f"{totals['visit']} guidance visits\n")
