import datetime as dt

import factory

from cwis.institutions.tests.factories import InstitutionFactory
from cwis.safety.models import Hazard, HazardLevel, Inspection


def inspection_data(**changes) -> dict:
    """What a director types for the institution's monthly fire and electricity check."""
    return {"kind": "self_check", "frequency": "monthly", "areas": ["fire", "electricity"],
            "inspected_on": dt.date(2026, 1, 30), "inspectors": "周院长、后勤王师傅",
            "findings": "二楼安全出口堆放杂物", **changes}


def hazard_data(**changes) -> dict:
    return {"area": "fire", "description": "二楼安全出口被杂物堵塞", "level": "general",
            "responsible": "后勤王师傅", **changes}


class InspectionFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Inspection

    institution = factory.SubFactory(InstitutionFactory)
    kind = "self_check"
    frequency = "monthly"
    areas = factory.LazyFunction(lambda: ["fire"])
    inspected_on = dt.date(2026, 1, 30)
    inspectors = "周院长"


class HazardFactory(factory.django.DjangoModelFactory):
    """An open general fire hazard found on 2026-01-30, due 2026-02-28."""

    class Meta:
        model = Hazard

    inspection = factory.SubFactory(InspectionFactory)
    institution = factory.LazyAttribute(lambda o: o.inspection.institution)
    area = "fire"
    description = "安全出口被堵"
    level = HazardLevel.GENERAL
    responsible = "王师傅"
    found_on = dt.date(2026, 1, 30)
    due_on = dt.date(2026, 2, 28)


def plan_data(**changes) -> dict:
    return {"kind": "evacuation", "title": "消防安全疏散预案（2026版）",
            "approved_on": dt.date(2026, 1, 5), "review_on": dt.date(2027, 1, 5),
            "document": "院办档案柜A-3", "summary": "火警报告、疏散路线、集合点", **changes}


def drill_data(**changes) -> dict:
    return {"held_on": dt.date(2026, 1, 31), "scenario": "fire", "with_fire_service": True,
            "participants": "全体职工、儿童，南昌县消防救援大队", "participant_count": 86,
            "duration_minutes": 25, "description": "夜间火警疏散",
            "problems": "二楼东侧安全出口被杂物堵塞", **changes}


def certificate_data(**changes) -> dict:
    return {"kind": "health", "holder": "厨师李师傅", "number": "JK2025-0012",
            "issued_on": dt.date(2025, 2, 20), "expires_on": dt.date(2026, 2, 20), **changes}


def sample_data(**changes) -> dict:
    return {"served_on": dt.date(2026, 2, 1), "meal": "lunch", "dishes": "米饭、红烧鱼、青菜",
            "grams_per_dish": 150, "kept_hours": 48, "sampled_by": "厨师李师傅", **changes}
