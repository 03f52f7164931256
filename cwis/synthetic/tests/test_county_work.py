"""The county-work step of the generator at tiny scale: policy talks, one workstation per
township, guidance visits to set-up workstations in the years of the cases, history rows,
nothing added when run again, and the bench cases 17k-17o find their data."""

import datetime as dt

import pytest
from django.db.models import Count, F

from cwis.core.models import Division, DivisionLevel
from cwis.protection.models import GuidanceVisit, PolicyTalk, Workstation, WorkstationStatus
from cwis.synthetic.generate import generate

TODAY = dt.date(2026, 6, 1)


@pytest.fixture
def tiny(db):
    return generate(scale="tiny", seed=7, today=TODAY, out=lambda _s: None)


def test_every_county_gives_a_few_talks_a_year(tiny):
    talks = PolicyTalk.objects.all()
    assert talks.count() == tiny.counts["policy talks"] > 0
    per_county_year = (talks.values("county_code", "held_on__year").annotate(n=Count("id"))
                       .values_list("n", flat=True))
    assert set(per_county_year) <= set(range(1, 7))
    assert not talks.filter(held_on__gte=TODAY).exists()
    assert not talks.filter(held_on__lt=dt.date(TODAY.year - 1, 1, 1)).exists()
    assert not talks.filter(audience_count__lt=1).exists()
    assert not talks.filter(created_by__isnull=True).exists()
    assert PolicyTalk.history.count() == talks.count()


def test_every_township_has_one_workstation_of_its_county(tiny):
    stations = Workstation.objects.all()
    townships = Division.objects.filter(level=DivisionLevel.TOWNSHIP,
                                        code__in=stations.values("township_code"))
    assert stations.count() == tiny.counts["workstations"] == townships.count() > 0
    for station in stations:
        assert station.county_code == station.township_code[:6]
    assert not stations.exclude(status=WorkstationStatus.PLANNED).filter(
        set_up_on__isnull=True).exists()
    assert not stations.filter(status=WorkstationStatus.ACTIVE, staff_names="").exists()
    assert stations.filter(status=WorkstationStatus.ACTIVE).exists()
    assert Workstation.history.count() == stations.count()


def test_guidance_visits_go_to_set_up_workstations(tiny):
    visits = GuidanceVisit.objects.select_related("workstation")
    assert visits.count() == tiny.counts["guidance visits"] > 0
    assert not visits.filter(workstation__status=WorkstationStatus.PLANNED).exists()
    assert not visits.filter(visited_on__lt=F("workstation__set_up_on")).exists()
    assert not visits.filter(visited_on__gte=TODAY).exists()
    assert not visits.filter(follow_up_due__lte=F("visited_on")).exists()
    assert not visits.filter(follow_up_due__isnull=False, follow_up="").exists()
    assert GuidanceVisit.history.count() == visits.count()


def test_generating_again_adds_no_county_work(tiny):
    before = (PolicyTalk.objects.count(), Workstation.objects.count(),
              GuidanceVisit.objects.count())
    again = generate(scale="tiny", seed=7, today=TODAY, out=lambda _s: None)
    assert again.counts.get("policy talks", 0) == 0
    assert (PolicyTalk.objects.count(), Workstation.objects.count(),
            GuidanceVisit.objects.count()) == before


def test_the_county_work_bench_cases_find_their_data(db):
    from django.utils import timezone

    from cwis.benchmarks.county_work import county_work_cases

    generate(scale="tiny", seed=7, today=timezone.localdate(), out=lambda _s: None)
    cases = county_work_cases({})
    assert [c.number for c in cases] == ["17k", "17l", "17m", "17n", "17o"]
    assert {c.number: c.skip for c in cases if c.skip} == {}
