import datetime as dt

import factory

from cwis.care.choices import CareLine, PlanStatus
from cwis.care.choices_family import CarerEducation, PathKind
from cwis.care.models import (
    AdulthoodPath,
    AdulthoodPlan,
    CareAssessment,
    CarePlan,
    CareSession,
    FosterFamily,
)
from cwis.children.tests.factories import ChildFactory


class AssessmentFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = CareAssessment

    child = factory.SubFactory(ChildFactory)
    line = CareLine.REHABILITATION
    assessed_on = dt.date(2026, 1, 10)
    method = "Gesell 发育量表"
    findings = "粗大运动发育迟缓约6个月"
    needs = "运动康复"


class PlanFactory(factory.django.DjangoModelFactory):
    """An approved rehabilitation plan (give `status=PlanStatus.PENDING` for one waiting)."""

    class Meta:
        model = CarePlan

    child = factory.SubFactory(ChildFactory)
    line = CareLine.REHABILITATION
    goals = "独立行走10米"
    services = "运动疗法、平衡训练"
    frequency = "每周3次，每次40分钟"
    session_interval_days = 7
    starts_on = dt.date(2026, 1, 12)
    review_due_on = dt.date(2026, 4, 12)
    status = PlanStatus.ACTIVE
    submitted_on = dt.date(2026, 1, 11)
    approved_on = dt.date(2026, 1, 12)
    next_session_due = dt.date(2026, 1, 12)


class SessionFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = CareSession

    plan = factory.SubFactory(PlanFactory)
    child = factory.LazyAttribute(lambda o: o.plan.child)
    line = factory.LazyAttribute(lambda o: o.plan.line)
    held_on = dt.date(2026, 1, 20)
    duration_minutes = 40
    activity = "平衡训练"
    progress = "可扶走5米"


class FosterFamilyFactory(factory.django.DjangoModelFactory):
    """A family meeting every condition, checked, with an agreement for 2026 (give
    `institution`)."""

    class Meta:
        model = FosterFamily

    household = factory.Sequence(lambda n: f"莲塘村刘家{n}")
    address = "南昌县莲塘镇莲塘村12号"
    carer_name = "刘桂英"
    carer_birth_date = dt.date(1980, 3, 1)
    carer_education = CarerEducation.JUNIOR_MIDDLE
    members = 3
    local_hukou_fixed_home = True
    income_at_least_middle = True
    no_disqualifying_illness = True
    no_disqualifying_record = True
    capacity = 2
    conditions_checked_on = dt.date(2026, 1, 5)
    agreement_number = "JY-2026-001"
    agreement_from = dt.date(2026, 1, 1)
    agreement_to = dt.date(2026, 12, 31)


class AdulthoodPlanFactory(factory.django.DjangoModelFactory):
    """An approved adulthood plan of a child aged 16 or more (give `child`)."""

    class Meta:
        model = AdulthoodPlan

    evaluation = "身体健康，初中毕业，动手能力强"
    wishes = "想学汽修，早点工作"
    starts_on = dt.date(2026, 1, 10)
    review_due_on = dt.date(2026, 7, 10)
    status = PlanStatus.ACTIVE
    submitted_on = dt.date(2026, 1, 10)
    approved_on = dt.date(2026, 1, 12)


class AdulthoodPathFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = AdulthoodPath

    plan = factory.SubFactory(AdulthoodPlanFactory)
    child = factory.LazyAttribute(lambda o: o.plan.child)
    kind = PathKind.EMPLOYMENT
    department = "南昌市人力资源和社会保障局"
    target_on = dt.date(2026, 9, 1)
    next_due_on = dt.date(2026, 9, 1)
