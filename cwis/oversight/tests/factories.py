"""Factories of the oversight module: a province's plan, report and evaluation (江西省 by
default)."""

import datetime as dt
from decimal import Decimal

import factory

from cwis.accounts.tests.factories import UserFactory
from cwis.conftest import PROVINCE, division
from cwis.core.permissions import Role
from cwis.oversight.models import (
    Correction,
    Evaluation,
    EvaluationOutcome,
    ImplementationPlan,
    PlanAttachment,
    PlanTask,
    YearlyReport,
)
from cwis.oversight.services import PLAN_DUE_DATE


class ProvinceRecord(factory.django.DjangoModelFactory):
    class Meta:
        abstract = True

    province = factory.LazyFunction(lambda: division(PROVINCE))
    division_code = factory.LazyAttribute(lambda o: o.province.code)


class ImplementationPlanFactory(ProvinceRecord):
    class Meta:
        model = ImplementationPlan

    title = "江西省实施方案"
    goals = "到2025年完成转型"
    timetable = "2021-2025"
    roadmap = "先移交后转型"
    due_date = PLAN_DUE_DATE


class PlanTaskFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = PlanTask

    plan = factory.SubFactory(ImplementationPlanFactory)
    title = factory.Sequence(lambda n: f"主要任务{n}")
    owner = "儿童福利处"
    due_date = dt.date(2023, 12, 31)


class PlanAttachmentFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = PlanAttachment

    plan = factory.SubFactory(ImplementationPlanFactory)
    file = factory.django.FileField(filename="路线图.pdf", data=b"%PDF-1.4 roadmap")
    name = "路线图"
    uploaded_by = factory.SubFactory(UserFactory, role=Role.PROVINCE_OFFICER,
                                     division=factory.LazyFunction(lambda: division(PROVINCE)))


class YearlyReportFactory(ProvinceRecord):
    """A draft report without figures (services.report_create computes them)."""

    class Meta:
        model = YearlyReport

    year = 2024


class EvaluationFactory(ProvinceRecord):
    class Meta:
        model = Evaluation

    year = 2024
    score = Decimal("85.0")
    outcome = EvaluationOutcome.CORRECTIONS
    recorded_by = factory.SubFactory(UserFactory, role=Role.MINISTRY_OFFICER)


class CorrectionFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Correction

    evaluation = factory.SubFactory(EvaluationFactory)
    description = "县级机构转型进度滞后"
    due_date = dt.date(2025, 6, 30)
