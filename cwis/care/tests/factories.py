import datetime as dt

import factory

from cwis.care.choices import CareLine, PlanStatus
from cwis.care.models import CareAssessment, CarePlan, CareSession
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
