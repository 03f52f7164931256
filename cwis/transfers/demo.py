"""Demo transfers: 进贤县儿童福利院 (handing over) has one child received by 南昌市儿童福利院,
one sent and one drafted, so every state shows. 南昌县儿童福利院's children are left for the
demo user to transfer. Idempotent: a child that has a transfer is skipped."""

import datetime as dt

from django.utils import timezone

from cwis.accounts.models import User
from cwis.children.choices import GuardianshipSituation, IntakeCategory
from cwis.children.demo import add_child, county_b_director
from cwis.children.models import Child
from cwis.institutions.models import Institution
from cwis.transfers import services

COUNTY_B = "进贤县儿童福利院"
RECEIVER = "南昌市儿童福利院"
# child, how far the transfer goes, property kept in trust
PLAN = [
    ("陈思远", "received", [("deposit", "助学存折", "2400.00"), ("document", "户口簿", "0")]),
    ("国小慧", "sent", [("cash", "压岁钱", "380.00")]),
    ("熊乐乐", "drafted", []),
]


def _third_child(director: User, institution: Institution) -> None:
    add_child(director, institution, intake_on=dt.date(2021, 5, 10),
              category=IntakeCategory.PARENTS_DEAD, data={
                  "name": "熊乐乐", "sex": "male", "birth_date": dt.date(2016, 9, 1),
                  "guardianship_situation": GuardianshipSituation.LT_DEAD, "is_orphan": True,
                  "identity_status": "verified", "insurance_status": "enrolled",
                  "hukou_type": "institution_collective",
                  "hukou_division": institution.division_code,
                  "education_status": "primary", "school_name": "进贤县实验小学",
              })


def load() -> None:
    county_b = Institution.objects.filter(name=COUNTY_B).first()
    receiver = Institution.objects.filter(name=RECEIVER).first()
    officer = User.objects.filter(username="demo-county-b").first()
    receiving = User.objects.filter(username="demo-director").first()
    if None in (county_b, receiver, officer, receiving):
        return
    director = county_b_director(county_b)
    _third_child(director, county_b)
    today = timezone.localdate()
    for name, goal, ledger in PLAN:
        child = Child.objects.filter(name=name).first()
        if child is None or child.transfers.exists():
            continue
        for kind, description, amount in ledger:
            services.property_entry_add(actor=director, child_id=child.pk, kind=kind,
                                        description=description, amount=amount,
                                        on=dt.date(2024, 1, 15))
        t = services.transfer_draft(
            actor=officer, child_id=child.pk, to_institution_id=receiver.pk,
            reason="进贤县儿童福利院转型，儿童移交南昌市儿童福利院集中养育",
            planned_on=today + dt.timedelta(days=3 if goal != "drafted" else 14),
            plan_told="由熟悉的护理员提前一周讲解新家的情况，并一起看照片",
            plan_accompanied_by="罗芳（护理员）", plan_familiar="常用的小被子和玩具",
            counselling_before=2, counselling_after=3,
        )
        services.transfer_archive_add(actor=officer, transfer_id=t.pk, kind="file",
                                      title=f"{name}儿童档案", pages=36)
        services.transfer_archive_add(actor=officer, transfer_id=t.pk, kind="medical",
                                      title=f"{name}体检及病历", pages=12, original=False)
        if goal == "drafted":
            continue
        services.transfer_approve(actor=officer, transfer_id=t.pk)
        services.transfer_send(actor=officer, transfer_id=t.pk)
        if goal == "received":
            services.transfer_receive(actor=receiving, transfer_id=t.pk)
