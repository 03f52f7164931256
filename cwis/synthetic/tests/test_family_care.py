"""The family care step of the generator at tiny scale: checked foster families with
children placed through a foster-family placement (the institution placement ended),
adulthood plans of children from 16 with their paths and steps, and the to-do they give."""

import datetime as dt

import pytest
from django.db.models import Count, F, Q

from cwis.accounts.models import User
from cwis.care.choices_family import LEAVING_PATH, PathState
from cwis.care.models import (
    AdulthoodFollowUp,
    AdulthoodPath,
    AdulthoodPlan,
    FosterFamily,
    FosterPlacement,
)
from cwis.children.models import Child, Placement
from cwis.core.permissions import Role
from cwis.core.todo import todo_for
from cwis.synthetic.generate import generate

TODAY = dt.date(2026, 6, 1)


@pytest.fixture
def tiny(db):
    return generate(scale="tiny", seed=7, today=TODAY, out=lambda _s: None)


def test_tiny_family_care_is_consistent(tiny):
    assert FosterFamily.objects.exists()
    assert FosterPlacement.objects.exists()
    assert not FosterPlacement.objects.exclude(child=F("placement__child")).exists()
    assert not FosterPlacement.objects.exclude(placement__kind="foster_family").exists()
    # One open placement per child, the foster one.
    assert not Placement.objects.filter(ended_on__isnull=True).values("child").annotate(
        n=Count("id")).filter(n__gt=1).exists()
    assert not FosterFamily.objects.annotate(n=Count(
        "placements", filter=Q(placements__ended_on__isnull=True))).filter(
        n__gt=F("capacity")).exists()
    plans = AdulthoodPlan.objects.select_related("child")
    assert plans.exists()
    assert all(p.starts_on >= p.child.birth_date.replace(year=p.child.birth_date.year + 16)
               for p in plans)
    assert AdulthoodPath.objects.filter(state=PathState.OPEN).exists()
    assert not AdulthoodPath.objects.exclude(child=F("plan__child")).exists()
    assert AdulthoodPlan.history.count() == AdulthoodPlan.objects.count()
    assert FosterPlacement.history.count() == FosterPlacement.objects.count()


def test_young_adults_who_left_care_have_their_plan_path_and_follow_ups(tiny):
    leavers = Child.objects.filter(status="left_care", leave_reason="adulthood")
    assert leavers.exists()
    for child in leavers:
        assert child.left_care_on == child.birth_date.replace(year=child.birth_date.year + 18)
        assert child.left_care_on <= TODAY
        plan = AdulthoodPlan.objects.get(child=child)
        assert (plan.status, plan.closed_on, plan.close_reason) == (
            "closed", child.left_care_on, "left_care")
        assert plan.path_taken.plan_id == plan.pk
        assert plan.path_taken.kind == LEAVING_PATH[child.adult_placement]
        assert plan.path_taken.state == PathState.ACHIEVED
        assert plan.path_taken.outcome_on <= child.left_care_on
        assert plan.history.get().path_taken_id == plan.path_taken_id
        follow_ups = sorted(AdulthoodFollowUp.objects.filter(child=child),
                            key=lambda f: f.months)
        assert [f.months for f in follow_ups] == [6, 12]
        for f in follow_ups:
            assert f.due_on > child.left_care_on
            assert f.done_on is None or f.done_on <= TODAY
            assert f.done_on is None or f.due_on <= TODAY
    assert AdulthoodFollowUp.objects.filter(done_on__isnull=False).exists()
    # Nothing of the step is stamped after the day it happened.
    assert not AdulthoodPlan.objects.filter(created_at__date__gt=TODAY).exists()
    assert not FosterFamily.objects.filter(created_at__date__gt=TODAY).exists()


def test_every_scale_gets_the_permanency_records(tiny):
    """Tiny is the smallest scale: what it has, every larger one has too."""
    from cwis.care.models import AdoptionMatch, UpbringingAssessment

    assert UpbringingAssessment.objects.exists()
    assert FosterFamily.objects.exists()
    assert AdoptionMatch.objects.filter(state="registered").exists()
    assert AdulthoodPlan.objects.filter(status="active").exists()
    assert AdulthoodFollowUp.objects.exists()


def test_a_generated_director_has_foster_and_adulthood_deadlines(tiny):
    # A foster visit shows a week ahead: a placement whose visit is due by then.
    foster = FosterPlacement.objects.select_related("child").filter(
        next_visit_due__lte=TODAY + dt.timedelta(days=7)).first()
    assert foster is not None
    director = User.objects.get(role=Role.DIRECTOR,
                                institution_id=foster.child.current_institution_id)
    kinds = {i.kind for i in todo_for(director, today=TODAY)}
    assert "care.foster_visit" in kinds
    assert Child.objects.filter(adulthood_plans__isnull=False).exists()


def test_the_family_care_bench_cases_run_on_generated_data(tiny):
    from cwis.benchmarks import cases
    from cwis.benchmarks.family_care import family_care_cases
    from cwis.benchmarks.harness import run_case

    results = []
    for case in family_care_cases(cases.actors()):
        case.repeat, case.warmup = 1, 0
        results.append(run_case(case))
    assert {r.case.name: r.error for r in results if r.error} == {}
    assert sorted({r.case.number for r in results}) == [f"21{c}" for c in "abcdefghijklmn"]
