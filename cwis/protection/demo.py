"""Demo community children for `cwis demo`: a dozen files in 莲塘镇 and 莲塘村 (南昌县),
registered by the village child director and the township supervisor through the services
(so they carry their history and visit deadlines): left-behind children, scattered orphans,
children in difficulty of each kind (one with a disability), a de facto unsupported child;
some visited, one whose visit is overdue, one removed from the registry; and a protection
case with its assessment, case conference, referrals and emotional care (`load_cases`);
policy talks, 莲塘镇's workstation and a guidance visit (`load_county_work`); a training
course of the supervisors and directors (`load_training`).

Idempotent: a child is looked up by name among community files first.
"""

import datetime as dt

from django.utils import timezone

from cwis.accounts.models import User
from cwis.children.demo import citizen_id
from cwis.children.models import Child
from cwis.demo_base import TOWNSHIP, VILLAGE
from cwis.protection import services
from cwis.protection.models import PolicyTalk
from cwis.protection.services import cases as case_services
from cwis.protection.services import conferences as conference_services
from cwis.protection.services import county_work as work_services
from cwis.protection.services import emotional_care as care_services
from cwis.protection.services import referrals as referral_services

# name, sex, age in years, where, categories and details, registered days ago,
# visits (days ago), removal (days ago, reason) or None
PLAN = [
    ("李留留", "male", 8, VILLAGE[0], {"is_left_behind": True,
     "left_behind_situation": "both_away", "guardian_relation": "grandparent",
     "guardian_name": "李奶奶"}, 60, [30], None),
    ("李小花", "female", 6, VILLAGE[0], {"is_left_behind": True,
     "left_behind_situation": "one_away", "guardian_relation": "parent",
     "guardian_name": "王秀英（母亲，患病）"}, 60, [20], None),
    ("赵明轩", "male", 12, VILLAGE[0], {"is_left_behind": True,
     "left_behind_situation": "both_away", "guardian_relation": "grandparent",
     "guardian_name": "赵爷爷"}, 120, [], None),  # never visited: overdue
    ("钱雨桐", "female", 10, TOWNSHIP[0], {"is_orphan": True, "guardian_relation": "relative",
     "guardian_name": "钱建国（伯父）"}, 200, [150, 70], None),
    ("孙乐天", "male", 14, TOWNSHIP[0], {"is_orphan": True, "is_in_difficulty": True,
     "difficulty_kind": "poverty", "guardian_relation": "relative",
     "guardian_name": "孙桂兰（姑姑）"}, 100, [40], None),
    ("周安然", "female", 9, VILLAGE[0], {"is_in_difficulty": True,
     "difficulty_kind": "poverty", "guardian_relation": "parent",
     "guardian_name": "周志强（父亲）"}, 45, [], None),
    ("吴康宁", "male", 7, VILLAGE[0], {"is_in_difficulty": True,
     "difficulty_kind": "disability", "disability_type": "intellectual",
     "disability_grade": 2, "guardian_relation": "parent", "guardian_name": "吴芳（母亲）"},
     80, [10], None),
    ("郑欣怡", "female", 11, TOWNSHIP[0], {"is_in_difficulty": True,
     "difficulty_kind": "guardianship", "guardian_relation": "friend",
     "guardian_name": "邻居刘阿姨"}, 30, [5], None),
    ("王磊磊", "male", 13, TOWNSHIP[0], {"is_de_facto_unsupported": True,
     "guardian_relation": "grandparent", "guardian_name": "王奶奶"}, 90, [60], None),
    ("冯宁宁", "female", 5, VILLAGE[0], {"is_left_behind": True,
     "left_behind_situation": "both_away", "guardian_relation": "grandparent",
     "guardian_name": "冯奶奶"}, 15, [], None),
    ("陈晨阳", "male", 15, VILLAGE[0], {"is_left_behind": True,
     "left_behind_situation": "both_away", "guardian_relation": "grandparent",
     "guardian_name": "陈爷爷"}, 300, [200, 100], (10, "moved_away")),
    ("褚佳怡", "female", 16, TOWNSHIP[0], {"is_in_difficulty": True,
     "difficulty_kind": "poverty", "guardian_relation": "parent",
     "guardian_name": "褚卫东（父亲）"}, 50, [], None),
]
SITUATIONS = ["与监护人同住，生活基本正常，按时上学", "家中经济困难，已申请临时救助",
              "身体状况良好，学习成绩中等", "情绪有些低落，需要心理关爱"]


def _birth(today: dt.date, years: int, serial: int) -> dt.date:
    return today - dt.timedelta(days=years * 365 + 40 + serial * 7)


def load() -> None:
    director = User.objects.filter(username="demo-village-director").first()
    supervisor = User.objects.filter(username="demo-supervisor").first()
    if director is None or supervisor is None:
        return
    today = timezone.localdate()
    for serial, (name, sex, years, code, details, registered, visits, removal) in enumerate(
            PLAN, start=1):
        if Child.objects.filter(name=name, registered_on__isnull=False).exists():
            continue
        actor = director if code == VILLAGE[0] else supervisor
        birth = _birth(today, years, serial)
        sequence = 100 + serial * 2 + (1 if sex == "male" else 0)
        child = services.community_register(actor=actor, data={
            "division": code, "name": name, "sex": sex, "birth_date": birth,
            "citizen_id": citizen_id("360121", birth, sequence) if serial % 3 else "",
            "registered_on": today - dt.timedelta(days=registered),
            "home_address": f"南昌县莲塘镇{'莲塘村' if code == VILLAGE[0] else ''}{serial}号",
            "guardian_phone": f"1390791{serial:04d}", "hukou_type": "family",
            "insurance_status": "enrolled",
            "education_status": "primary" if years < 13 else "junior_secondary",
            **details,
        })
        for n, days in enumerate(visits):
            services.community_visit_record(actor=actor, child_id=child.pk, data={
                "visited_on": today - dt.timedelta(days=days),
                "method": "home" if n % 2 == 0 else "telephone",
                "situation": SITUATIONS[(serial + n) % len(SITUATIONS)],
                "needs": "学习用品" if serial % 2 else "",
                "follow_up_needed": serial % 4 == 0,
            })
        if removal is not None:
            days, reason = removal
            child.refresh_from_db()
            services.community_remove(actor=actor, child_id=child.pk, version=child.version,
                                      reason=reason, on=today - dt.timedelta(days=days),
                                      note="随父母到广东省东莞市生活")
    load_cases()
    load_county_work()
    load_training()


def load_training() -> None:
    """南昌县's training of its supervisors and directors: one course this year, attended by
    莲塘村's child director (the township supervisor is then among the untrained)."""
    from cwis.protection.models import TrainingCourse
    from cwis.protection.services import training

    officer = User.objects.filter(username="demo-county-a").first()
    director = User.objects.filter(username="demo-village-director").first()
    if officer is None or director is None or TrainingCourse.objects.filter(
            county_code="360121").exists():
        return
    training.training_course_record(actor=officer, data={
        "topic": "儿童主任走访与信息动态更新",
        "held_on": timezone.localdate() - dt.timedelta(days=20),
        "hours": 3, "trainer": "南昌县未成年人救助保护中心 周社工", "place": "县民政局会议室"},
        attendee_ids=[director.pk])


def load_county_work() -> None:
    """南昌县's work around the cases: two policy talks this year, 莲塘镇's workstation and a
    guidance visit to it whose follow-up is due in a month."""
    officer = User.objects.filter(username="demo-county-a").first()
    if officer is None or PolicyTalk.objects.filter(county_code="360121").exists():
        return
    today = timezone.localdate()
    for days, place, audience, count, topic in (
            (40, "莲塘小学礼堂", "parents", 120, "未成年人保护法与家庭监护责任"),
            (12, "莲塘村委会会议室", "child_workers", 25, "留守儿童关爱保护政策与走访要求")):
        work_services.talk_record(actor=officer, data={
            "held_on": today - dt.timedelta(days=days), "place": place,
            "audience_kind": audience, "audience_count": count, "topic": topic,
            "speakers": "南昌县未成年人救助保护中心 周社工"})
    station = work_services.workstation_register(actor=officer, data={
        "township": TOWNSHIP[0], "name": "莲塘镇未成年人保护工作站", "status": "active",
        "set_up_on": today - dt.timedelta(days=300),
        "staff_names": "黄督导、刘干事",
        "staff_count": 2, "address": "莲塘镇人民政府一楼"})
    work_services.guidance_visit_record(actor=officer, workstation_id=station.pk, data={
        "visited_on": today - dt.timedelta(days=7), "visitors": "周社工、县民政局张科长",
        "findings": "台账齐全；两个村的儿童主任尚未参加培训",
        "follow_up": "组织剩余村儿童主任参加培训", "follow_up_due": today + dt.timedelta(days=30)})


def load_cases() -> None:
    """A protection case for 郑欣怡 (left with a neighbour, found alone by the police), opened
    by 南昌县's county officer 12 days ago: placed in the protection institution, assessed,
    a case conference with two decisions (one overdue)."""
    officer = User.objects.filter(username="demo-county-a").first()
    child = Child.objects.filter(name="郑欣怡", registered_on__isnull=False).first()
    if officer is None or child is None or child.protection_cases.exists():
        return
    now = timezone.localtime().replace(hour=9, minute=0, second=0, microsecond=0)
    today = now.date()
    found = now - dt.timedelta(days=12)
    case = case_services.case_open(actor=officer, child_id=child.pk, data={
        "opened_on": found.date(), "situation": "neglect", "reported_by": "police",
        "reporter_name": "莲塘派出所", "reported_at": found,
        "circumstances": "邻居外出务工，儿童独自在家三天，由派出所民警发现并送交",
        "police_reference": "莲公（2026）第12号",
        "safety_check": "无外伤，轻度营养不良，已就医检查",
        "placement": "institution", "placed_at": found + dt.timedelta(hours=3),
        "placement_note": "南昌县未成年人救助保护中心",
    })
    case_services.assessment_record(actor=officer, case_id=case.pk, data={
        "assessed_on": today - dt.timedelta(days=5), "assessors": "莲塘村委会王主任",
        "guardian_situation": "父亲在广东务工，已取得联系",
        "guardian_capacity": "父亲愿意返乡照料，收入稳定",
        "risks": "父亲再次外出后无人照料", "child_views": "希望和爸爸一起生活",
        "recommendation": "return_to_guardian", "reassess_on": today + dt.timedelta(days=25),
    })
    conference_services.conference_record(
        actor=officer, case_id=case.pk, held_on=today - dt.timedelta(days=4),
        situation="儿童已安置在救助保护中心，父亲同意返乡",
        participants=[{"department": "school", "name": "莲塘小学李老师", "role": "班主任"},
                      {"department": "police", "name": "莲塘派出所张警官", "role": "民警"},
                      {"department": "village_committee", "name": "王主任", "role": "村委会主任"}],
        decisions=[{"action": "安排心理辅导", "department": "social_organisation",
                    "responsible": "阳光社工站", "due_on": today - dt.timedelta(days=1)},
                   {"action": "父亲返乡后家访", "department": "village_committee",
                    "responsible": "王主任", "due_on": today + dt.timedelta(days=10)}])
    _load_casework(officer, case.pk, today)


def _load_casework(officer: User, case_id: int, today: dt.date) -> None:
    """The case's referrals (counselling accepted; schooling unanswered past its date) and
    emotional care (a session that flagged a risk, and the intervention plan)."""
    day = lambda n: today - dt.timedelta(days=n)  # noqa: E731 - n days ago
    counselling = referral_services.referral_send(actor=officer, case_id=case_id, data={
        "recipient_kind": "organisation", "department": "social_organisation",
        "recipient_name": "阳光社工站", "contact": "李老师 13900000000",
        "service": "psychological", "request": "儿童受惊吓，夜间哭闹，请安排心理咨询",
        "sent_on": day(4)})
    referral_services.referral_answer(actor=officer, referral_id=counselling.pk, version=1,
                                      accepted=True, answered_on=day(3),
                                      note="李老师电话确认，每周二下午咨询")
    referral_services.referral_send(actor=officer, case_id=case_id, data={
        "recipient_kind": "department", "department": "school", "recipient_name": "莲塘小学",
        "service": "schooling", "request": "安置期间到校就读，请安排接送和补课",
        "sent_on": day(10), "answer_due": day(3)})
    care_services.care_session_record(actor=officer, case_id=case_id, data={
        "held_on": day(6), "delivered_by": "阳光社工站李老师（心理咨询师）",
        "content": "沙盘游戏，了解儿童独自在家期间的经历", "risk_level": "elevated",
        "risk_notes": "夜间惊醒，害怕再被独自留下"})
    care_services.intervention_plan_make(actor=officer, case_id=case_id, data={
        "made_on": day(5), "goals": "情绪稳定，夜间能安睡",
        "measures": "每周一次心理咨询；生活老师夜间陪护", "responsible": "阳光社工站李老师",
        "review_on": today + dt.timedelta(days=9)})
