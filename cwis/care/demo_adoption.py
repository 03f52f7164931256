"""Demo upbringing assessments and adoption for `cwis demo`, in 南昌市儿童福利院, through the
services (called from cwis/care/demo.py):

- 党明辉 (parents not found, formally admitted in 2019): assessed by the social worker,
  confirmed by the director, recommended for adoption, listed, matched with 张伟、李娜 whose
  adopter assessment an entrusted organisation made; the registration is the next step.
- 李浩然: assessed eleven months ago (his next assessment comes due on the to-do list),
  staying in the institution to finish school, as he wishes.
- 党欣怡 (found ten days ago): no assessment yet, due a month after intake.
- An intercountry application received, its adopter assessment not yet made.

Idempotent: nothing is made for a child who already has an upbringing assessment.
"""

import datetime as dt

from django.utils import timezone

from cwis.accounts.models import User
from cwis.care.models import AdopterApplication, UpbringingAssessment
from cwis.care.services import adoption, upbringing
from cwis.children.models import Child


def _user(username: str) -> User:
    return User.objects.get(username=username)


def _child(name: str) -> Child | None:
    return Child.objects.filter(name=name, status="in_care").order_by("pk").first()


def _assess(child: Child, data: dict) -> None:
    made = upbringing.upbringing_record(actor=_user("demo-social-worker"), child_id=child.pk,
                                        data=data)
    upbringing.upbringing_confirm(actor=_user("demo-director"), assessment_id=made.pk,
                                  version=made.version)


def _adoption(today: dt.date, child: Child) -> None:
    worker = _user("demo-social-worker")
    _assess(child, {
        "occasion": "yearly", "assessed_on": today - dt.timedelta(days=60),
        "situation": "2019年被发现遗弃，公告期满未找到父母，已正式入院",
        "legal_status": "not_found", "legal_note": "寻亲公告期满（2019年7月）",
        "health": "智力二级残疾，在启智学校就读，身体健康",
        "attachment": "与照料者、同伴关系良好，渴望家庭", "wish": "agrees",
        "wishes": "想要有爸爸妈妈，愿意到新家", "path": "adoption",
        "reasons": "符合送养条件，本人同意，有家庭愿意接纳残疾儿童"})
    case = child.adoption_cases.get()
    case = adoption.adoption_list(actor=worker, case_id=case.pk, version=case.version,
                                  listed_on=today)
    application = adoption.application_record(actor=worker, data={
        "kind": "domestic", "received_on": today - dt.timedelta(days=90),
        "applicants": "张伟、李娜", "address": "南昌市红谷滩区丰和中大道1号",
        "phone": "13907910000", "household": "夫妻二人，结婚十年，无子女，均为教师，住房120平方米",
        "child_sought": "愿意收养有特殊需要的男孩"})
    application = adoption.application_assess(
        actor=worker, application_id=application.pk, version=application.version, data={
            "assessed_by": "entrusted", "assessor_name": "南昌市阳光社会工作服务中心",
            "assessed_on": today - dt.timedelta(days=50), "outcome": "suitable",
            "assessment_summary": "家庭关系和睦，经济稳定，了解特殊需要儿童养育，适合收养"})
    adoption.match_make(actor=worker, case_id=case.pk, application_id=application.pk, data={
        "matched_on": today,
        "reasons": "申请人愿意收养特殊需要男孩，有教育背景；融合期互动良好"})


def load() -> None:
    today = timezone.localdate()
    boy, teen = _child("党明辉"), _child("李浩然")
    if boy is not None and not UpbringingAssessment.objects.filter(child=boy).exists():
        _adoption(today, boy)
    if teen is not None and not UpbringingAssessment.objects.filter(child=teen).exists():
        _assess(teen, {
            "occasion": "yearly", "assessed_on": today - dt.timedelta(days=340),
            "situation": "父母双亡，在校就读初中", "legal_status": "orphan",
            "legal_note": "父母死亡证明", "health": "健康", "attachment": "与同伴、老师关系密切",
            "wish": "disagrees", "wishes": "想在院里读完初中，不想离开朋友",
            "path": "institution",
            "reasons": "本人不同意送养，尊重其意愿，院内完成学业并准备成年安置"})
    worker = User.objects.filter(username="demo-social-worker").first()
    if worker is not None and not AdopterApplication.objects.filter(
            kind="intercountry").exists():
        adoption.application_record(actor=worker, data={
            "kind": "intercountry", "received_on": today - dt.timedelta(days=5),
            "applicants": "Mark Lee, Anna Lee", "country": "加拿大",
            "address": "Vancouver, British Columbia", "household": "夫妻二人，育有一女",
            "child_sought": "6岁以下儿童"})
