"""Benchmark cases of screening campaigns (issue 17): a county's campaigns, one campaign
with its figures by township, a workbook's refused rows and the children not seen again
(API, page 1), next to the SQL of the list's query; and `screening_import_timing`, the
100,000-row workbook checked and imported (`cwis bench_import`, not part of `cwis bench`:
it writes 100,000 files). A database with no campaign reports the cases as skipped.
"""

import datetime as dt
import tempfile
import time
from collections.abc import Callable, Iterator
from typing import Any

from django.core.files.uploadedfile import SimpleUploadedFile
from django.db.models import Count
from openpyxl import Workbook

from cwis.accounts.models import User
from cwis.benchmarks.harness import Case
from cwis.children.demo import citizen_id
from cwis.core.imports.models import ImportBatch, RowAction
from cwis.core.jobs.runner import job_run
from cwis.core.models import Division, DivisionLevel
from cwis.core.permissions import Role
from cwis.screening import selectors, services
from cwis.screening.imports import COLUMNS, KIND
from cwis.screening.models import Campaign

PER_PAGE = 20
NO_CAMPAIGN = "no screening campaign in the database (run `cwis bench_import` or the demo)"
NAMES = {
    "23a": "a county's screening campaigns, page 1 (API, county officer)",
    "23b": "a campaign with its figures by township (API, county officer)",
    "23c": "a workbook's refused rows, page 1 (API, county officer)",
    "23d": "children of the last campaign not seen again, page 1 (API, county officer)",
}


def _officer(county: str) -> User | None:
    return (User.objects.filter(role=Role.COUNTY_OFFICER, is_active=True,
                                division__code=county)
            .select_related("division").order_by("pk").first())


def screening_cases(users: dict[str, User]) -> list[Case]:
    from cwis.benchmarks.cases import Api, _sql

    busiest = (ImportBatch.objects.filter(kind=KIND).values("target")
               .annotate(n=Count("rows")).order_by("-n").first())
    campaign = Campaign.objects.filter(pk=int(busiest["target"])).first() if busiest else None
    officer = _officer(campaign.county_code) if campaign else None
    if officer is None:
        return [Case(n, NAMES[n], lambda: None, skip=NO_CAMPAIGN) for n in NAMES]
    api = Api(officer)
    batch = ImportBatch.objects.filter(kind=KIND, target=str(campaign.pk)).order_by("-pk")[0]
    refused = batch.rows.filter(action=RowAction.REFUSE).order_by("row_number")[:PER_PAGE]
    missing = selectors.campaign_not_seen(actor=officer, campaign=campaign)[:PER_PAGE]
    return [
        Case("23a", NAMES["23a"], api.get("/screening/campaigns", limit=PER_PAGE),
             raw_sql=_sql(selectors.campaign_list(actor=officer)[:PER_PAGE]), target_ms=50.0),
        Case("23b", NAMES["23b"], api.get(f"/screening/campaigns/{campaign.pk}"),
             target_ms=300.0),
        Case("23c", NAMES["23c"], api.get(f"/screening/imports/{batch.pk}/rows",
                                          action="refuse", limit=PER_PAGE),
             raw_sql=_sql(refused), target_ms=50.0),
        Case("23d", NAMES["23d"], api.get(f"/screening/campaigns/{campaign.pk}/not-seen",
                                          limit=PER_PAGE),
             raw_sql=_sql(missing), target_ms=50.0),
    ]


# --------------------------------------------------------------- the 100,000-row import

_SURNAMES = "王李张刘陈杨黄赵吴周徐孙马朱胡郭何高林罗"
_GIVEN = "明华强伟芳娜静丽军杰涛斌超勇艳娟霞平刚桂英欣怡浩然子轩梓涵宇轩雨桐"


def _given(number: int) -> str:
    text = ""
    while True:
        text = _GIVEN[number % len(_GIVEN)] + text
        number //= len(_GIVEN)
        if not number:
            return text


def bench_rows(villages: list[str], count: int, *, bad_every: int = 0
               ) -> Iterator[list[Any]]:
    """`count` rows of left-behind children spread over `villages`; every `bad_every`-th
    row lacks its name (a refusal). Names and ID numbers are unique per row."""
    order = [c.field for c in COLUMNS]
    base = dt.date(2013, 3, 1)
    for number in range(count):
        birth = base + dt.timedelta(days=number % 2900)
        male = number % 2
        village = villages[number % len(villages)]
        name = _SURNAMES[number % len(_SURNAMES)] + _given(number // len(_SURNAMES) + 7)
        row = {
            "village": village, "name": "" if bad_every and number % bad_every == 0 else name,
            "sex": "男" if male else "女", "birth_date": birth,
            "citizen_id": citizen_id(village[:6], birth, 100 + (number // 2900) * 2 + male),
            "home_address": f"{number % 90 + 1}组{number % 200 + 1}号",
            "is_left_behind": "是", "left_behind_situation": "父母双方外出务工",
            "guardian_relation": "祖父母、外祖父母", "guardian_name": "祖母",
            "guardian_phone": "13800000000", "education_status": "小学",
        }
        yield [row.get(field) for field in order]


def bench_workbook(villages: list[str], count: int, *, bad_every: int = 0) -> bytes:
    """A workbook of `count` rows written in openpyxl's write-only mode."""
    book = Workbook(write_only=True)
    sheet = book.create_sheet("数据")
    sheet.append([str(c.label) for c in COLUMNS])
    for row in bench_rows(villages, count, bad_every=bad_every):
        sheet.append(row)
    with tempfile.SpooledTemporaryFile(max_size=64 * 1024 * 1024) as out:
        book.save(out)
        out.seek(0)
        return out.read()


def screening_import_timing(*, county: str, rows: int, bad_every: int = 0,
                            out: Callable[[str], None] = print) -> dict[str, float]:
    """Open a campaign over every township of `county`, then check and import a `rows`-row
    workbook in this process (the jobs' own functions); the seconds of each step."""
    from django.utils import timezone
    from django.utils.translation import override

    officer = _officer(county)
    if officer is None:
        raise SystemExit(f"no active county officer of {county}")
    townships = list(Division.objects.filter(level=DivisionLevel.TOWNSHIP,
                                             valid_to__isnull=True, code__startswith=county)
                     .values_list("code", flat=True))
    villages = list(Division.objects.filter(level=DivisionLevel.VILLAGE, valid_to__isnull=True,
                                            parent__code__in=townships)
                    .values_list("code", flat=True).order_by("code"))
    if not villages:
        raise SystemExit(f"no villages under the townships of {county}")
    timings: dict[str, float] = {}
    with override("zh-hans"):
        started = time.monotonic()
        content = bench_workbook(villages, rows, bad_every=bad_every)
        timings["write workbook"] = time.monotonic() - started
        out(f"workbook: {rows} rows, {len(content) / 1e6:.1f} MB, "
            f"{timings['write workbook']:.0f}s\n")
        today = timezone.localdate()
        campaign = services.campaign_open(
            actor=officer, name=f"bench {timezone.now():%Y-%m-%d %H:%M:%S}",
            starts_on=today, ends_on=today, township_codes=townships)
        upload = SimpleUploadedFile("bench.xlsx", content)
        batch = services.campaign_import(actor=officer, campaign_id=campaign.pk, upload=upload)
        for step in ("preview", "commit"):
            if step == "commit":
                batch = services.campaign_commit(actor=officer, batch_id=batch.pk)
            started = time.monotonic()
            job_run(job_id=batch.job_id, worker="bench_import",
                    on_progress=_printer(out, step))
            timings[step] = time.monotonic() - started
            batch.refresh_from_db()
            out(f"{step}: {timings[step]:.0f}s ({batch.rows_total} rows, "
                f"{batch.rows_refused} refused, {batch.rows_created} created)\n")
    return timings


def _printer(out: Callable[[str], None], step: str):
    last = {"pct": -10}

    def progress(job) -> None:
        done, total = job.progress_done, job.progress_total
        pct = done * 100 // total if total else 0
        if pct >= last["pct"] + 10:
            last["pct"] = pct
            out(f"  {step} {done}/{total}\n")

    return progress



