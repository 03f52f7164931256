"""Demo foster care and adulthood plans for `cwis demo`, in 南昌市儿童福利院, made through
the services (after the care demo):

- 莲塘村刘家, a foster family checked this year with its agreement and a training, where
  李浩然 has lived for two months; a visit is due next week.
- The couple of 1号家庭式居所, confirmed as qualified, with a training and an evaluation.
- 陈志远 (17): an approved adulthood plan with an employment path (vocational training done,
  the employment aid registration due) and a housing path.
- 周雨桐 (16): no adulthood plan yet, on the director's to-do list.

Idempotent: each record is made once (looked up first).
"""

import datetime as dt

from django.utils import timezone

from cwis.accounts.models import User
from cwis.care.models import AdulthoodPlan, FosterFamily, ResidenceCouple
from cwis.care.services import adulthood, foster
from cwis.children.choices import GuardianshipSituation, IntakeCategory
from cwis.children.demo import add_child
from cwis.children.models import Child
from cwis.children.services import add_years
from cwis.institutions.models import FamilyResidence


def _user(username: str) -> User:
    return User.objects.get(username=username)


def _foster(today: dt.date, worker: User) -> None:
    if FosterFamily.objects.filter(institution_id=worker.institution_id).exists():
        return
    family = foster.foster_family_register(actor=worker, data={
        "household": "莲塘村刘家", "address": "南昌县莲塘镇莲塘村12号", "phone": "13907910012",
        "carer_name": "刘桂英", "carer_birth_date": dt.date(1978, 4, 12),
        "carer_education": "senior_middle", "second_carer_name": "刘建国", "members": 3,
        "local_hukou_fixed_home": True, "income_at_least_middle": True,
        "no_disqualifying_illness": True, "no_disqualifying_record": True, "capacity": 2,
        "agreement_number": f"洪儿福寄字{today.year}-003",
        "agreement_from": today - dt.timedelta(days=90),
        "agreement_to": today + dt.timedelta(days=275)})
    family = foster.foster_family_check(actor=worker, family_id=family.pk,
                                        version=family.version,
                                        on=today - dt.timedelta(days=80))
    foster.carer_training_record(actor=worker, family_id=family.pk, data={
        "held_on": today - dt.timedelta(days=75), "topic": "寄养儿童照料与心理支持",
        "hours": 16, "provider": "南昌市儿童福利院"})
    teen = Child.objects.filter(name="李浩然", status="in_care").first()
    if teen is not None:
        placed = foster.foster_place(actor=worker, child_id=teen.pk, family_id=family.pk,
                                     on=today - dt.timedelta(days=60),
                                     reason="适合家庭养育，本人同意")
        foster.foster_visit_record(actor=worker, foster_id=placed.pk, data={
            "visited_on": today - dt.timedelta(days=24), "findings": "适应良好，按时上学",
            "concerns": False})


def _couple(today: dt.date, director: User, worker: User) -> None:
    residence = FamilyResidence.objects.filter(institution_id=director.institution_id).first()
    if residence is None or ResidenceCouple.objects.filter(residence=residence).exists():
        return
    couple = foster.couple_record(actor=director, residence_id=residence.pk, data={
        "father_name": residence.carer_father or "陈国华",
        "mother_name": residence.carer_mother or "李春梅",
        "started_on": today - dt.timedelta(days=400)})
    foster.couple_qualify(actor=director, couple_id=couple.pk, version=couple.version,
                          on=today - dt.timedelta(days=390),
                          note="已婚、身体健康、有育儿经验，经考察符合条件")
    foster.carer_training_record(actor=worker, couple_id=couple.pk, data={
        "held_on": today - dt.timedelta(days=200), "topic": "儿童发展与行为管理", "hours": 8})
    foster.carer_evaluation_record(actor=director, couple_id=couple.pk, data={
        "evaluated_on": today - dt.timedelta(days=30), "result": "good",
        "findings": "照料细致，儿童情绪稳定"})


def _youth(director: User, name: str, sex: str, birth: dt.date) -> Child:
    return add_child(director, director.institution, intake_on=dt.date(2021, 3, 15),
                     category=IntakeCategory.PARENTS_DEAD, data={
                         "name": name, "sex": sex, "birth_date": birth, "is_orphan": True,
                         "guardianship_situation": GuardianshipSituation.LT_DEAD,
                         "identity_status": "verified", "insurance_status": "enrolled",
                         "education_status": "vocational", "hukou_type": "family",
                         "hukou_division": "360102"})


def _adulthood(today: dt.date, director: User, worker: User) -> None:
    youth = _youth(director, "陈志远", "male", add_years(today, -17) - dt.timedelta(days=60))
    _youth(director, "周雨桐", "female", add_years(today, -16) - dt.timedelta(days=20))
    if AdulthoodPlan.objects.filter(child=youth).exists():
        return
    plan = adulthood.adulthood_plan_create(actor=worker, child_id=youth.pk, data={
        "evaluation": "身体健康，就读中职汽修专业，动手能力强，自理能力好",
        "wishes": "毕业后想在南昌做汽修工作",
        "starts_on": today - dt.timedelta(days=300),
        "review_due_on": today + dt.timedelta(days=60)})
    job = adulthood.adulthood_path_add(actor=worker, plan_id=plan.pk, data={
        "kind": "employment", "department": "南昌市人力资源和社会保障局",
        "contact": "就业援助科", "target_on": add_years(youth.birth_date, 18)})
    adulthood.adulthood_path_add(actor=worker, plan_id=plan.pk, data={
        "kind": "housing", "department": "南昌市住房保障和房产管理局", "priority": True,
        "target_on": add_years(youth.birth_date, 18) + dt.timedelta(days=90)})
    plan.refresh_from_db()
    adulthood.adulthood_plan_approve(actor=director, plan_id=plan.pk, version=plan.version)
    training = adulthood.adulthood_step_add(actor=worker, path_id=job.pk, data={
        "kind": "vocational_training", "due_on": today - dt.timedelta(days=30),
        "note": "汽车维修中级工培训"})
    adulthood.adulthood_step_done(actor=worker, step_id=training.pk, version=training.version,
                                  done_on=today - dt.timedelta(days=35))
    adulthood.adulthood_step_add(actor=worker, path_id=job.pk, data={
        "kind": "employment_aid", "due_on": today + dt.timedelta(days=45)})


def load() -> None:
    today = timezone.localdate()
    director, worker = _user("demo-director"), _user("demo-social-worker")
    _foster(today, worker)
    _couple(today, director, worker)
    _adulthood(today, director, worker)
