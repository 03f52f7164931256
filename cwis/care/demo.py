"""Demo care records for `cwis demo`, in 南昌市儿童福利院, made through the services:

- 党明辉 (intellectual disability): a rehabilitation assessment and an approved plan with
  weekly sessions, one by an outside rehabilitation centre; its review is five days overdue;
  a special-school place; a medical plan waiting for the director's approval.
- 李浩然: a social work needs assessment, a plan and counselling sessions; a junior secondary
  school place with its school-roll number and student aid; an outpatient visit (green
  channel) with its cost split across the layers; a health check coming due.
- 党欣怡 (found infant): medical insurance applied for outside the enrolment window.
- 吴康宁 (a disabled child at home in 莲塘村): rehabilitation from the institution, agreed by
  the county office and opened by the director.
- This year's school-age report, being prepared.

Idempotent: each child's records are made once (looked up by child and line first).
"""

import datetime as dt
from decimal import Decimal

from django.utils import timezone

from cwis.accounts.models import User
from cwis.care import demo_adoption
from cwis.care.models import CarePlan, InsuranceEnrolment, OutsideService, SchoolAgeReport
from cwis.care.services import lines, outside, pattern, school_report
from cwis.children.models import Child


def _user(username: str) -> User:
    return User.objects.get(username=username)


def _child(name: str) -> Child | None:
    return Child.objects.filter(name=name).order_by("pk").first()


def _plan_with_sessions(*, writer: User, director: User, child: Child, line: str,
                        assessment: dict, plan: dict, sessions: list[dict]) -> CarePlan:
    made = pattern.assessment_record(actor=writer, child_id=child.pk, line=line,
                                     data=assessment)
    new = pattern.plan_create(actor=writer, child_id=child.pk, line=line,
                              data={**plan, "assessment_id": made.pk})
    new = pattern.plan_approve(actor=director, plan_id=new.pk, version=new.version)
    for session in sessions:
        pattern.session_record(actor=writer, plan_id=new.pk, data=session)
    return new


def _rehabilitation(today: dt.date, child: Child) -> None:
    therapist, director = _user("demo-therapist"), _user("demo-director")
    start = today - dt.timedelta(days=120)
    sessions = [{"held_on": start + dt.timedelta(days=7 * week), "duration_minutes": 40,
                 "activity": "精细动作训练、认知训练", "progress": "能配对三种颜色"}
                for week in range(1, 16)]
    sessions[5].update(staff_id=None, provider_kind="rehabilitation",
                       provider_name="南昌市爱心康复中心", activity="感统训练")
    _plan_with_sessions(
        writer=therapist, director=director, child=child, line="rehabilitation",
        assessment={"assessed_on": start - dt.timedelta(days=5), "method": "Gesell 发育量表",
                    "findings": "智力发育迟缓，适应性行为约相当于4岁",
                    "needs": "认知与精细动作康复"},
        plan={"goals": "能独立完成穿衣、进食；认知配对达到6种", "services": "个训、感统训练",
              "frequency": "每周2次，每次40分钟", "session_interval_days": 7,
              "starts_on": start, "review_due_on": today - dt.timedelta(days=5)},
        sessions=sessions)
    lines.school_place_record(actor=_user("demo-teacher"), child_id=child.pk, data={
        "stage": "primary", "kind": "special_school", "school": "南昌市启智学校",
        "enrolled_on": dt.date(today.year - 2, 9, 1), "roll_number": "L3601002016051001"})
    pattern.plan_create(actor=_user("demo-doctor"), child_id=child.pk, line="medical", data={
        "goals": "控制癫痫发作", "services": "规律服药、每月复诊", "frequency": "每月1次",
        "starts_on": today, "review_due_on": today + dt.timedelta(days=180)})


def _social_work(today: dt.date, child: Child) -> None:
    worker, director = _user("demo-social-worker"), _user("demo-director")
    start = today - dt.timedelta(days=60)
    _plan_with_sessions(
        writer=worker, director=director, child=child, line="social_work",
        assessment={"assessed_on": start - dt.timedelta(days=3), "method": "需求评估访谈",
                    "findings": "父母双亡后情绪低落，与同学交往少", "needs": "心理辅导、社会融入"},
        plan={"goals": "情绪稳定，参加一项兴趣小组", "services": "个案辅导、社区志愿活动",
              "frequency": "每两周1次", "session_interval_days": 14, "starts_on": start,
              "review_due_on": today + dt.timedelta(days=30)},
        sessions=[{"held_on": start + dt.timedelta(days=14 * n), "duration_minutes": 50,
                   "activity": "个案心理辅导" if n % 2 else "社区融入活动：图书馆志愿服务",
                   "progress": "愿意表达感受"} for n in range(1, 4)])
    teacher = _user("demo-teacher")
    lines.school_place_record(actor=teacher, child_id=child.pk, data={
        "stage": "junior_secondary", "kind": "ordinary", "school": "南昌市第十九中学",
        "enrolled_on": dt.date(today.year - 1, 9, 1), "roll_number": "G36010220120903X1"})
    lines.student_aid_record(actor=teacher, child_id=child.pk, data={
        "year": today.year - 1, "kind": "义务教育阶段家庭经济困难学生生活补助",
        "amount": Decimal("1250"), "received_on": dt.date(today.year - 1, 10, 15)})
    doctor = _user("demo-doctor")
    lines.medical_visit_record(actor=doctor, child_id=child.pk, data={
        "kind": "outpatient", "hospital": "江西省儿童医院", "diagnosis": "过敏性鼻炎",
        "started_on": today - dt.timedelta(days=20), "green_channel": True,
        "cost_total": Decimal("460"), "paid_basic_insurance": Decimal("280"),
        "paid_critical_illness": Decimal("0"), "paid_medical_assistance": Decimal("120"),
        "paid_charity": Decimal("40"), "paid_institution": Decimal("20")})
    lines.health_check_schedule(actor=doctor, child_id=child.pk,
                                due_on=today + dt.timedelta(days=10))


def _outside(today: dt.date) -> None:
    child = Child.objects.filter(name="吴康宁", status="in_community").first()
    home = _user("demo-director").institution
    if child is None or OutsideService.objects.filter(child=child, provider=home).exists():
        return
    service = outside.outside_service_agree(
        actor=_user("demo-county-a"), child_id=child.pk, provider_id=home.pk,
        line="rehabilitation", purpose="每周一次认知康复训练（困难家庭残疾儿童）",
        agreed_on=today - dt.timedelta(days=14), agreement_reference="南县民〔2026〕8号")
    outside.outside_service_open(actor=_user("demo-director"), service_id=service.pk,
                                 version=service.version)
    pattern.plan_create(actor=_user("demo-therapist"), child_id=None, line="rehabilitation",
                        service_id=service.pk, data={
                            "goals": "提高注意力与语言理解", "services": "个训",
                            "frequency": "每周1次", "session_interval_days": 7,
                            "starts_on": today, "review_due_on": today + dt.timedelta(days=90)})


def load() -> None:
    today = timezone.localdate()
    boy, teen, infant = _child("党明辉"), _child("李浩然"), _child("党欣怡")
    if boy is not None and not CarePlan.objects.filter(child=boy).exists():
        _rehabilitation(today, boy)
    if teen is not None and not CarePlan.objects.filter(child=teen).exists():
        _social_work(today, teen)
    if infant is not None and not InsuranceEnrolment.objects.filter(child=infant).exists():
        lines.insurance_enrolment_record(actor=_user("demo-director"), child_id=infant.pk,
                                         data={"year": today.year, "outside_window": True,
                                               "applied_on": today - dt.timedelta(days=2)})
    _outside(today)
    teacher = _user("demo-teacher")
    if not SchoolAgeReport.objects.filter(institution_id=teacher.institution_id,
                                          year=today.year).exists():
        school_report.school_report_create(actor=teacher, year=today.year,
                                           department="南昌市教育局")
    demo_adoption.load()
