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
