"""Every `cwis bench` case runs (once) on tiny generated data, so a case that no longer
matches the code is found by the test suite, not at the next national run."""

import pytest
from django.utils import timezone

from cwis.accounts.models import SecurityEvent
from cwis.core.jobs.models import Job
from cwis.core.models import AccessLog
from cwis.synthetic.generate import generate


@pytest.fixture
def tiny(db):
    return generate(scale="tiny", seed=7, today=timezone.localdate(), out=lambda _s: None)


def test_every_bench_case_runs_on_generated_data(tiny):
    from cwis.benchmarks import cases
    from cwis.benchmarks.harness import run_case

    users = cases.actors()
    results = []
    for group in cases.CASE_GROUPS:
        for case in group(users):
            case.repeat, case.warmup = 1, 0
            results.append(run_case(case))
    results.append(cases.export_case(100))
    assert {r.case.name: r.error for r in results if r.error} == {}
    ran = [r.case.name for r in results if r.cwis_ms]
    assert sum("security log" in name for name in ran) == 4
    assert sum("my background jobs" in name for name in ran) == 2
    assert sum("access log" in name for name in ran) == 8
    assert all(r.sql_ms for r in results if r.case.number in ("S1", "S2") and r.case.raw_sql)


def test_the_generated_log_and_jobs_are_there_and_generating_again_adds_nothing(tiny):
    events, jobs = SecurityEvent.objects.count(), Job.objects.count()
    accesses = AccessLog.objects.count()
    assert events > 0
    assert jobs > 0
    assert accesses > 0
    assert set(Job.objects.values_list("state", flat=True)) <= {"done", "expired"}
    generate(scale="tiny", seed=7, today=timezone.localdate(), out=lambda _s: None)
    assert (SecurityEvent.objects.count(), Job.objects.count()) == (events, jobs)
    assert AccessLog.objects.count() == accesses
