"""The care step of the generator at tiny scale: plans with their assessment, sessions
within the plan's period, reviews closing the reviewed plans, visits whose layers add up."""

import datetime as dt

import pytest
from django.db.models import F

from cwis.accounts.models import User
from cwis.care.choices import CareLine, PlanStatus
from cwis.care.models import (
    CarePlan,
    CareReview,
    CareSession,
    HealthCheck,
    MedicalVisit,
    SchoolPlace,
)
from cwis.children.models import Child
from cwis.core.permissions import Role
from cwis.core.todo import todo_for
from cwis.synthetic.generate import generate

TODAY = dt.date(2026, 6, 1)


@pytest.fixture
def tiny(db):
    return generate(scale="tiny", seed=7, today=TODAY, out=lambda _s: None)


def test_tiny_care_records_are_consistent(tiny):
    disabled = Child.objects.filter(status__in=("in_care", "left_care")).exclude(
        disability_type="").count()
    rehab_children = CarePlan.objects.filter(line=CareLine.REHABILITATION).values(
        "child").distinct().count()
    assert 0 < rehab_children <= disabled
    assert CarePlan.objects.filter(assessment__isnull=True).count() == 0
    assert not CareSession.objects.exclude(child=F("plan__child")).exists()
    assert not CareSession.objects.filter(held_on__lt=F("plan__starts_on")).exists()
    assert CareReview.objects.count() == CarePlan.objects.filter(close_reason="reviewed").count()
    assert not CarePlan.objects.filter(status=PlanStatus.ACTIVE,
                                       child__status="left_care").exists()
    for visit in MedicalVisit.objects.all()[:200]:
        layers = (visit.paid_basic_insurance + visit.paid_critical_illness
                  + visit.paid_medical_assistance + visit.paid_charity + visit.paid_institution)
        assert layers == visit.cost_total
    assert SchoolPlace.objects.exists()
    # Community children a long-term exit took into care came after the care step.
    taken = tiny.counts.get("long-term intakes", 0)
    assert HealthCheck.objects.count() == Child.objects.filter(status="in_care").count() - taken
    assert CarePlan.history.count() == CarePlan.objects.count()
    assert CareSession.history.count() == CareSession.objects.count()


def test_a_generated_therapist_has_care_deadlines(tiny):
    late = CarePlan.objects.filter(status=PlanStatus.ACTIVE, review_due_on__lt=TODAY,
                                   line=CareLine.REHABILITATION).first()
    therapist = User.objects.get(pk=late.responsible_id)
    assert therapist.role == Role.THERAPIST
    items = [i for i in todo_for(therapist, today=TODAY) if i.kind == "care.review"]
    assert f"/care/plans/{late.pk}/" in [i.url for i in items]
