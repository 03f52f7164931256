"""The registry steps of the generator at tiny scale: a dated category row per category of
every community file (from its registration, ended with its removal), training courses with
their attendance, nothing added when run again, and the bench cases 23n-23z run."""

import datetime as dt

import pytest
from django.db.models import F, Q

from cwis.children.models import Child
from cwis.protection.models import CategoryPeriod, TrainingAttendance, TrainingCourse
from cwis.synthetic.generate import generate

TODAY = dt.date(2026, 6, 1)


@pytest.fixture
def tiny(db):
    return generate(scale="tiny", seed=7, today=TODAY, out=lambda _s: None)


def test_every_community_category_has_its_dated_row(tiny):
    files = Child.objects.filter(registered_on__isnull=False).exclude(status="merged")
    expected = sum(files.filter(**{column: True}).count() for column in (
        "is_left_behind", "is_orphan", "is_de_facto_unsupported", "is_in_difficulty"))
    periods = CategoryPeriod.objects.all()
    assert periods.count() == tiny.counts["category periods"] == expected > 0
    assert not periods.exclude(started_on=F("child__registered_on")).exists()
    assert not periods.exclude(division_code=F("child__division_code")).exists()
    assert not periods.filter(Q(ended_on__isnull=True) & ~Q(end_reason="")).exists()
    assert not periods.filter(created_at__isnull=True).exists()
    assert not periods.filter(category="in_difficulty").exclude(
        detail=F("child__difficulty_kind")).exists()


def test_training_courses_and_attendance_of_the_countys_people(tiny):
    courses = TrainingCourse.objects.all()
    assert courses.count() == tiny.counts["training courses"] > 0
    assert not courses.filter(held_on__gte=TODAY).exists()
    assert not courses.filter(online=False, place="").exists()
    assert TrainingCourse.history.count() == courses.count()
    attended = TrainingAttendance.objects.select_related("course", "person__division")
    assert attended.exists()
    for row in attended[:200]:
        assert row.person.division.code.startswith(row.course.county_code)
        assert row.person.role in ("child_supervisor", "child_director")


def test_generating_again_adds_no_registry_rows(tiny):
    before = (CategoryPeriod.objects.count(), TrainingCourse.objects.count(),
              TrainingAttendance.objects.count())
    again = generate(scale="tiny", seed=7, today=TODAY, out=lambda _s: None)
    assert again.counts.get("category periods", 0) == 0
    assert (CategoryPeriod.objects.count(), TrainingCourse.objects.count(),
            TrainingAttendance.objects.count()) == before


def test_the_registry_bench_cases_run_on_generated_data(db):
    from django.utils import timezone

    from cwis.benchmarks import cases
    from cwis.benchmarks.harness import run_case
    from cwis.benchmarks.registry import registry_cases

    generate(scale="tiny", seed=7, today=timezone.localdate(), out=lambda _s: None)
    found = registry_cases(cases.actors())
    assert [c.number for c in found] == [f"23{c}" for c in "nopqrstuvwxyz"]
    results = []
    for case in found:
        case.repeat, case.warmup = 1, 0
        results.append(run_case(case))
    assert {r.case.number: r.error for r in results if r.error} == {}
