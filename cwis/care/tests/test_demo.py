import pytest
from django.core.management import call_command
from django.utils import timezone

from cwis.accounts.models import User
from cwis.care.choices import OutsideState, PlanStatus
from cwis.care.models import CarePlan, CareSession, OutsideService, SchoolAgeReport
from cwis.core.todo import todo_for

pytestmark = pytest.mark.django_db


def test_the_demo_care_records_are_made_once_with_one_review_overdue():
    call_command("demo", no_serve=True)
    first = (CarePlan.objects.count(), CareSession.objects.count())
    call_command("demo", no_serve=True)
    assert (CarePlan.objects.count(), CareSession.objects.count()) == first
    today = timezone.localdate()
    home = {p.child.current_institution.name for p in CarePlan.objects.filter(
        outside_service__isnull=True)}
    assert home == {"南昌市儿童福利院"}
    assert set(CarePlan.objects.values_list("line", flat=True)) == {
        "rehabilitation", "social_work", "medical"}
    overdue = CarePlan.objects.filter(status=PlanStatus.ACTIVE, review_due_on__lt=today)
    assert overdue.count() == 1
    assert CareSession.objects.exclude(provider_name="").exists()
    assert OutsideService.objects.get().state == OutsideState.OPEN
    assert SchoolAgeReport.objects.get().entries.exists()
    director = User.objects.get(username="demo-director")
    kinds = {i.kind for i in todo_for(director, today=today)}
    assert {"care.review", "care.approve"} <= kinds


def test_the_demo_upbringing_and_adoption():
    from cwis.care.models import AdopterApplication, AdoptionMatch, UpbringingAssessment

    call_command("demo", no_serve=True)
    call_command("demo", no_serve=True)  # idempotent
    assert UpbringingAssessment.objects.filter(status="confirmed").count() == 2
    assert AdoptionMatch.objects.get().state == "matched"
    assert AdopterApplication.objects.count() == 2
    director = User.objects.get(username="demo-director")
    kinds = {i.kind for i in todo_for(director, today=timezone.localdate())}
    assert "care.upbringing_due" in kinds  # 党欣怡, and 李浩然's yearly one
def test_the_demo_shows_foster_care_and_adulthood_plans_once():
    from cwis.care.models import AdulthoodPath, FosterPlacement, ResidenceCouple

    call_command("demo", no_serve=True)
    call_command("demo", no_serve=True)
    assert FosterPlacement.objects.get().child.name == "李浩然"
    assert ResidenceCouple.objects.get().qualified_on is not None
    assert sorted(AdulthoodPath.objects.values_list("kind", flat=True)) == [
        "employment", "housing"]
    director = User.objects.get(username="demo-director")
    kinds = {i.kind for i in todo_for(director, today=timezone.localdate())}
    assert "care.adulthood_plan" in kinds  # 周雨桐, 16, no plan yet
