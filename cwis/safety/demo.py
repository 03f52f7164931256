"""Demo safety records for `cwis demo`, made through the services:

- 南昌县儿童福利院 (何院长): a fire drill with the fire service 45 days ago that found a blocked
  exit, now overdue (the prefecture's dashboard shows it); this month's self-check with an
  electrical hazard still within its deadline; the evacuation plan; today's lunch samples; a
  cook's health certificate expiring in three weeks; the county's social work agency with an
  entrusted service, and a volunteer with her hours.
- 南昌市儿童福利院 (周院长): a monthly check whose hazard the director fixed, waiting for the
  prefecture's check; an injury of a child, reported and being handled.

Idempotent: nothing is made when the institution already has a drill.
"""

import datetime as dt
from decimal import Decimal

from django.utils import timezone
from stdnum.cn import uscc

from cwis.accounts.models import User
from cwis.children.models import Child
from cwis.safety.models import Drill
from cwis.safety.services import checklists, drills, food, hazards, incidents, organisations


def _user(username: str) -> User:
    return User.objects.get(username=username)


def _county(today: dt.date) -> None:
    director = _user("demo-county-director")
    drill = drills.drill_record(actor=director, data={
        "held_on": today - dt.timedelta(days=45), "scenario": "fire",
        "with_fire_service": True, "participants": "全体职工和儿童，南昌县消防救援大队",
        "participant_count": 64, "duration_minutes": 22, "description": "夜间火警疏散演练",
        "problems": "二楼东侧安全出口被杂物堵塞，疏散延误约2分钟"})
    drills.drill_hazard_record(actor=director, drill_id=drill.pk, data={
        "area": "fire", "level": "general", "description": "二楼东侧安全出口被杂物堵塞",
        "responsible": "后勤 王师傅"})
    check = hazards.inspection_record(actor=director, data={
        "kind": "self_check", "frequency": "monthly", "areas": ["fire", "electricity", "food"],
        "inspected_on": today - dt.timedelta(days=5), "inspectors": "何院长、后勤 王师傅",
        "findings": "儿童宿舍发现私拉电线"})
    results = {item.pk: ("complies", "") for item in checklists.checklist_items(check)}
    wiring = checklists.checklist_items(check).filter(area="electricity").first()
    results[wiring.pk] = ("fails", "三号宿舍私拉电线")
    checklists.inspection_checklist_record(actor=director, inspection_id=check.pk,
                                           results=results)
    hazards.hazard_record(actor=director, inspection_id=check.pk, data={
        "area": "electricity", "level": "general", "description": "三号宿舍私拉电线",
        "responsible": "后勤 王师傅"})
    drills.plan_record(actor=director, data={
        "kind": "evacuation", "title": "消防安全疏散预案（2026年修订）",
        "approved_on": today - dt.timedelta(days=100),
        "review_on": today + dt.timedelta(days=265), "document": "院办档案柜",
        "summary": "火警报告、分区疏散、集合点清点人数"})
    food.sample_record(actor=director, data={
        "served_on": today, "meal": "lunch", "dishes": "米饭、番茄炒蛋、清炒菜心",
        "grams_per_dish": 150, "kept_hours": 48, "sampled_by": "厨师 李师傅"})
    food.certificate_record(actor=director, data={
        "kind": "health", "holder": "厨师 李师傅", "number": "JK-2025-0312",
        "issued_on": today - dt.timedelta(days=345), "expires_on": today + dt.timedelta(days=20)})
    officer = _user("demo-county-a")
    base = "52360121MJD000120"  # 民政 (5), social organisation (2), 南昌县, the code
    agency = organisations.organisation_register(actor=officer, data={
        "name": "南昌县阳光社会工作服务中心", "uscc": base + uscc.calc_check_digit(base),
        "kind": "social_work_agency", "services": "困境儿童个案服务、家庭教育指导",
        "contact_person": "黄主任", "phone": "0791-85700000"})
    organisations.engagement_record(actor=officer, organisation_id=agency.pk, data={
        "form": "entrusted", "starts_on": dt.date(today.year, 1, 1),
        "ends_on": dt.date(today.year, 12, 31), "amount": Decimal("120000"),
        "contract_reference": f"南民购〔{today.year}〕12号", "services": "困境儿童个案服务"})
    volunteer = organisations.volunteer_register(actor=officer, data={
        "name": "赵小雨", "training": "儿童保护基础培训",
        "trained_on": today - dt.timedelta(days=60)})
    organisations.volunteer_service_record(actor=officer, volunteer_id=volunteer.pk,
                                           served_on=today - dt.timedelta(days=3),
                                           hours=Decimal("3"), activity="陪伴阅读")


def _prefecture(today: dt.date) -> None:
    director = _user("demo-director")
    check = hazards.inspection_record(actor=director, data={
        "kind": "self_check", "frequency": "monthly", "areas": ["building", "child_safety"],
        "inspected_on": today - dt.timedelta(days=10), "inspectors": "周院长"})
    hazard = hazards.hazard_record(actor=director, inspection_id=check.pk, data={
        "area": "child_safety", "level": "general", "description": "三楼窗户限位器缺失",
        "responsible": "后勤 张师傅"})
    hazards.hazard_fix_record(actor=director, hazard_id=hazard.pk, version=hazard.version,
                              fix_description="已加装窗户限位器",
                              fixed_on=today - dt.timedelta(days=2))
    child = Child.objects.filter(current_institution=director.institution,
                                 status="in_care").order_by("pk").first()
    moment = timezone.now() - dt.timedelta(days=1)
    incident = incidents.incident_record(actor=director, data={
        "kind": "injury", "occurred_at": moment, "what_happened": "户外活动时摔倒，左臂擦伤",
        "handling": "医务室处理伤口"}, child_ids=[child.pk] if child else [])
    incidents.incident_report(actor=director, incident_id=incident.pk, version=1,
                              reported_at=moment + dt.timedelta(hours=2),
                              reported_to="南昌市民政局 张科长")


def load() -> None:
    county = _user("demo-county-director").institution
    if Drill.objects.filter(institution=county).exists():
        return
    today = timezone.localdate()
    checklists.checklist_defaults_ensure()  # a database emptied after its migrations
    _county(today)
    _prefecture(today)
