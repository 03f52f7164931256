"""Demo screening campaigns for `cwis demo`: 南昌县's autumn campaign of last year, which saw
four of 莲塘村's registered children, and this spring's, whose workbook registers two new
children, sees two known ones again and has one refused row; so the campaign page has
figures, the workbook page a refusal and the "not seen again" list two children.

Run through the services and the jobs' own runner (the demo has no worker while it loads).
Idempotent: nothing is done once the county has a campaign.
"""

import datetime as dt
import io

from django.core.files.uploadedfile import SimpleUploadedFile
from django.utils import timezone
from openpyxl import Workbook

from cwis.accounts.models import User
from cwis.children.choices import ChildStatus
from cwis.children.demo import citizen_id
from cwis.children.models import Child
from cwis.core.jobs.runner import job_run
from cwis.demo_base import COUNTY_A, TOWNSHIP, VILLAGE
from cwis.screening import services
from cwis.screening.imports import COLUMNS
from cwis.screening.models import Campaign

KNOWN = ("李留留", "李小花", "赵明轩", "冯宁宁")
SEEN_AGAIN = ("李留留", "李小花")


def _row(child: Child) -> dict:
    return {"village": child.division_code, "name": child.name,
            "sex": "男" if child.sex == "male" else "女", "birth_date": child.birth_date,
            "guardian_relation": child.get_guardian_relation_display(),
            "is_left_behind": "是" if child.is_left_behind else "否",
            "left_behind_situation": child.get_left_behind_situation_display()}


def _new_rows(today: dt.date) -> list[dict]:
    first, second = today - dt.timedelta(days=9 * 365), today - dt.timedelta(days=4 * 365 + 30)
    base = {"village": VILLAGE[0], "is_left_behind": "是",
            "left_behind_situation": "父母双方外出务工", "guardian_relation": "祖父母、外祖父母",
            "education_status": "小学", "school_name": "莲塘小学"}
    return [
        {**base, "name": "蒋雨泽", "sex": "男", "birth_date": first,
         "citizen_id": citizen_id("360121", first, 311), "guardian_name": "蒋奶奶",
         "guardian_phone": "13907910031", "home_address": "莲塘村五组8号"},
        {**base, "name": "沈可欣", "sex": "女", "birth_date": second,
         "citizen_id": citizen_id("360121", second, 312), "guardian_name": "沈爷爷",
         "education_status": "学前教育", "school_name": "莲塘幼儿园"},
        {**base, "name": "", "sex": "女", "birth_date": second},  # refused: no name
    ]


def _workbook(rows: list[dict]) -> SimpleUploadedFile:
    book = Workbook(write_only=True)
    sheet = book.create_sheet("数据")
    sheet.append([str(c.label) for c in COLUMNS])
    for row in rows:
        sheet.append([row.get(c.field) for c in COLUMNS])
    out = io.BytesIO()
    book.save(out)
    return SimpleUploadedFile("莲塘镇排查表.xlsx", out.getvalue())


def _import(officer: User, campaign: Campaign, rows: list[dict]) -> None:
    batch = services.campaign_import(actor=officer, campaign_id=campaign.pk,
                                     upload=_workbook(rows))
    job_run(job_id=batch.job_id, worker="demo")
    batch = services.campaign_commit(actor=officer, batch_id=batch.pk)
    job_run(job_id=batch.job_id, worker="demo")


def load() -> None:
    officer = User.objects.filter(username="demo-county-a").first()
    if officer is None or Campaign.objects.filter(county_code=COUNTY_A).exists():
        return
    known = {c.name: c for c in Child.objects.filter(
        name__in=KNOWN, status=ChildStatus.IN_COMMUNITY, division_code=VILLAGE[0])}
    today = timezone.localdate()
    autumn = services.campaign_open(
        actor=officer, name=f"{today.year - 1}年秋季摸底排查",
        starts_on=today - dt.timedelta(days=200), ends_on=today - dt.timedelta(days=180),
        township_codes=[TOWNSHIP[0]])
    _import(officer, autumn, [_row(c) for c in known.values()])
    spring = services.campaign_open(
        actor=officer, name=f"{today.year}年春季摸底排查",
        starts_on=today - dt.timedelta(days=20), ends_on=today - dt.timedelta(days=5),
        township_codes=[TOWNSHIP[0]], note="各村儿童主任入户排查，乡镇儿童督导员汇总")
    _import(officer, spring, [_row(known[n]) for n in SEEN_AGAIN if n in known]
            + _new_rows(today))
