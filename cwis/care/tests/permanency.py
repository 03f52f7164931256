"""Fixtures of the upbringing assessment and adoption tests: a prefecture institution
(南昌市, run by the prefecture office) with its director and social worker, the prefecture
officer (the office that runs it: reads adopters' data), the province officer above it
(counts only), a caregiver (no permanency role) and another institution's social worker."""

import datetime as dt
from dataclasses import dataclass

import pytest

from cwis.accounts.models import User
from cwis.care.choices_adoption import (
    AdoptionKind,
    AssessmentOccasion,
    ChildWish,
    LegalStatus,
    UpbringingPath,
)
from cwis.children.models import Child
from cwis.children.tests.factories import ChildFactory
from cwis.conftest import COUNTY_B, PREFECTURE, PROVINCE
from cwis.core.permissions import Role
from cwis.institutions.models import Institution
from cwis.institutions.tests.factories import InstitutionFactory


@dataclass
class Permanency:
    institution: Institution
    director: User
    social_worker: User
    caregiver: User
    prefecture: User
    province: User
    ministry: User
    other_social_worker: User
    child: Child


@pytest.fixture
def perm(make_user) -> Permanency:
    home = InstitutionFactory(division_code=PREFECTURE, level="prefecture", name="南昌市儿童福利院")
    other = InstitutionFactory(division_code=COUNTY_B)
    return Permanency(
        institution=home,
        director=make_user(Role.DIRECTOR, institution=home, display_name="周院长"),
        social_worker=make_user(Role.SOCIAL_WORKER, institution=home, display_name="冯社工"),
        caregiver=make_user(Role.CAREGIVER, institution=home),
        prefecture=make_user(Role.PREFECTURE_OFFICER, division_code=PREFECTURE),
        province=make_user(Role.PROVINCE_OFFICER, division_code=PROVINCE),
        ministry=make_user(Role.MINISTRY_OFFICER),
        other_social_worker=make_user(Role.SOCIAL_WORKER, institution=other),
        child=ChildFactory(current_institution=home, name="林小语", sex="female",
                           birth_date=dt.date(2021, 5, 1), is_orphan=True,
                           guardianship_since=dt.date(2025, 12, 1)),
    )


def assessment_data(**overrides) -> dict:
    data = {"occasion": AssessmentOccasion.INTAKE, "assessed_on": dt.date(2026, 1, 20),
            "situation": "父母双亡，无其他亲属可监护", "legal_status": LegalStatus.ORPHAN,
            "legal_note": "死亡证明两份", "health": "健康，发育正常",
            "attachment": "与照料者依恋良好", "wish": ChildWish.TOO_YOUNG, "wishes": "",
            "path": UpbringingPath.ADOPTION, "reasons": "孤儿，健康，适合家庭收养"}
    data.update(overrides)
    return data


def application_data(**overrides) -> dict:
    data = {"kind": AdoptionKind.DOMESTIC, "received_on": dt.date(2026, 1, 5),
            "applicants": "张伟、李娜", "country": "", "address": "南昌市红谷滩区某路1号",
            "phone": "13800000000", "household": "夫妻二人，无子女，收入稳定，住房120平方米",
            "child_sought": "6岁以下女孩"}
    data.update(overrides)
    return data
