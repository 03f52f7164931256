"""Demo children for `cwis demo`: a few realistic files in the demo institutions, made
through the services (so they carry their history, deadlines and legal bases).

- 南昌市儿童福利院: a found infant received ten days ago (search-notice and identity and
  insurance deadlines running), a boy with an intellectual disability, a girl adopted last
  year (file closed), a boy whose parents died (with an ID number).
- 南昌县儿童福利院 and 进贤县儿童福利院 (to be transformed; their children will be
  transferred): two children each, one of them turning 18 within months.

Idempotent: a child is looked up by name and institution first.
"""

import datetime as dt

from django.utils import timezone
from stdnum.cn import ric

from cwis.accounts.models import User
from cwis.children import services
from cwis.children.choices import (
    GuardianKind,
    GuardianshipSituation,
    IntakeCategory,
    LeaveReason,
)
from cwis.children.legal import OTHER_BASIS, legal_bases_in_force
from cwis.children.models import Child
from cwis.core.permissions import Role
from cwis.demo_base import DEMO_PASSWORD
from cwis.institutions.models import Institution

COUNTY_B_DIRECTOR = ("demo-county-b-director", "进贤县儿童福利院 杨院长")


def citizen_id(region: str, birth: dt.date, sequence: int) -> str:
    base = f"{region}{birth:%Y%m%d}{sequence:03d}"
    return base + ric.calc_check_digit(base + "0")


def _basis(category: str, kind: str, on: dt.date) -> str:
    """The legal basis in force on `on` for this category and guardianship."""
    for basis in legal_bases_in_force(on):
        fits = category in basis.categories and kind in basis.guardianship
        if fits and basis.code != OTHER_BASIS:
            return basis.code
    return OTHER_BASIS


def add_child(actor: User, institution: Institution, *, intake_on: dt.date, category: str,
              data: dict, bed: str = "") -> Child:
    # Found by the institution that took the child in: a transferred child lives elsewhere.
    existing = Child.objects.filter(name=data["name"], intakes__institution=institution).first()
    if existing is not None:
        return existing
    data = {"guardian_kind": GuardianKind.LONG_TERM, "guardianship_since": intake_on, **data}
    received_from = data.pop("_from", "")
    return services.child_register(
        actor=actor, institution_id=institution.pk, intake_on=intake_on,
        intake_category=category, legal_basis=_basis(category, data["guardian_kind"], intake_on),
        data=data, bed=bed, received_from=received_from,
    )


def county_b_director(institution: Institution) -> User:
    user = User.objects.filter(username=COUNTY_B_DIRECTOR[0]).first()
    if user is None:
        user = User(username=COUNTY_B_DIRECTOR[0], display_name=COUNTY_B_DIRECTOR[1],
                    role=Role.DIRECTOR, division=institution.division, institution=institution)
        user.set_password(DEMO_PASSWORD)
        user.full_clean()
        user.save()
    return user


def _prefecture_children(today: dt.date) -> None:
    caregiver = User.objects.get(username="demo-caregiver")
    director = User.objects.get(username="demo-director")
    home = caregiver.institution
    found_on = today - dt.timedelta(days=11)
    add_child(caregiver, home, intake_on=today - dt.timedelta(days=10),
              category=IntakeCategory.FOUND_CHILD, bed="婴儿室-03", data={
                  "name": "党欣怡", "sex": "female", "birth_date": found_on - dt.timedelta(days=20),
                  "birth_date_estimated": True, "found_on": found_on,
                  "found_place": "南昌市青山湖区火车站候车室", "_from": "南昌市公安局青山湖分局",
                  "found_circumstances": "放置于候车室座椅，随身有奶瓶和出生时间纸条",
                  "police_case_number": f"洪公青(刑)捡字〔{today:%Y}〕17号",
                  "guardianship_situation": GuardianshipSituation.LT_NOT_FOUND,
                  "is_orphan": True, "is_parents_not_found": True,
                  "health_summary": "足月女婴，体重 3.1 kg，一般情况良好",
              })
    add_child(caregiver, home, intake_on=dt.date(2019, 6, 12),
              category=IntakeCategory.FOUND_CHILD, bed="康复楼-211", data={
                  "name": "党明辉", "sex": "male", "birth_date": dt.date(2016, 5, 10),
                  "birth_date_estimated": True, "found_on": dt.date(2019, 6, 10),
                  "found_place": "南昌市西湖区朝阳洲公园",
                  "guardianship_situation": GuardianshipSituation.LT_NOT_FOUND,
                  "is_orphan": True, "is_parents_not_found": True, "identity_status": "verified",
                  "disability_type": "intellectual", "disability_grade": 2,
                  "disability_certificate": "36010420160510201X42",
                  "insurance_status": "enrolled", "insurance_checked_on": dt.date(2019, 6, 20),
                  "education_status": "special", "school_name": "南昌市启智学校",
                  "hukou_type": "institution_collective", "hukou_division": "360100",
                  "formally_admitted_on": dt.date(2019, 7, 20),
              })
    birth = dt.date(2012, 9, 3)
    add_child(director, home, intake_on=dt.date(2021, 3, 15),
              category=IntakeCategory.PARENTS_DEAD, bed="男生楼-105", data={
                  "name": "李浩然", "sex": "male", "birth_date": birth,
                  "citizen_id": citizen_id("360102", birth, 31), "ethnicity": "01",
                  "guardianship_situation": GuardianshipSituation.LT_DEAD, "is_orphan": True,
                  "identity_status": "verified", "insurance_status": "enrolled",
                  "education_status": "junior_secondary", "school_name": "南昌市第十九中学",
                  "hukou_type": "family", "hukou_division": "360102",
                  "_from": "南昌市东湖区民政局",
              })
    adopted = add_child(caregiver, home, intake_on=dt.date(2022, 4, 2),
                        category=IntakeCategory.FOUND_CHILD, data={
                            "name": "国佳怡", "sex": "female", "birth_date": dt.date(2022, 3, 20),
                            "birth_date_estimated": True, "found_on": dt.date(2022, 4, 1),
                            "found_place": "南昌市东湖区某医院门诊大厅",
                            "guardianship_situation": GuardianshipSituation.LT_NOT_FOUND,
                            "is_orphan": True, "is_parents_not_found": True,
                        })
    if adopted.is_open:
        services.child_leave_care(actor=director, child_id=adopted.pk, version=adopted.version,
                                  on=dt.date(2025, 10, 15), reason=LeaveReason.ADOPTION,
                                  destination="南昌市 张某、王某夫妇",
                                  document_number="赣洪收登字2025-0312")


def _county_children(actor: User, names: list[tuple]) -> None:
    institution = actor.institution
    for name, sex, birth, category, situation in names:
        intake_on = max(birth + dt.timedelta(days=30), dt.date(2019, 1, 2))
        found = situation == GuardianshipSituation.LT_NOT_FOUND
        add_child(actor, institution, intake_on=intake_on, category=category, data={
            "name": name, "sex": sex, "birth_date": birth, "guardianship_situation": situation,
            "is_orphan": situation != GuardianshipSituation.LT_INCAPABLE,
            "is_de_facto_unsupported": situation == GuardianshipSituation.LT_INCAPABLE,
            "is_parents_not_found": found,
            "identity_status": "verified" if not found else "unidentifiable",
            "insurance_status": "enrolled", "hukou_type": "institution_collective",
            "hukou_division": institution.division_code,
            "formally_admitted_on": intake_on + dt.timedelta(days=45) if found else None,
        })


def load() -> None:
    today = timezone.localdate()
    _prefecture_children(today)
    nearly_18 = services.add_years(today, -18) + dt.timedelta(days=120)
    county_a = User.objects.get(username="demo-county-director")
    _county_children(county_a, [
        ("刘子豪", "male", nearly_18, IntakeCategory.PARENTS_INCAPABLE,
         GuardianshipSituation.LT_INCAPABLE),
        ("党小雨", "female", dt.date(2018, 11, 2), IntakeCategory.FOUND_CHILD,
         GuardianshipSituation.LT_NOT_FOUND),
    ])
    county_b = county_b_director(Institution.objects.get(name="进贤县儿童福利院"))
    _county_children(county_b, [
        ("陈思远", "male", dt.date(2011, 4, 18), IntakeCategory.PARENTS_DEAD,
         GuardianshipSituation.LT_DEAD),
        ("国小慧", "female", dt.date(2019, 8, 30), IntakeCategory.FOUND_CHILD,
         GuardianshipSituation.LT_NOT_FOUND),
    ])
