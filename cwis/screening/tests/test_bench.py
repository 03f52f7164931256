"""The `cwis bench` cases of screening campaigns and the import timing of `cwis
bench_import`, run small."""

import pytest

from cwis.benchmarks.harness import run_case
from cwis.benchmarks.screening import NO_CAMPAIGN, screening_cases, screening_import_timing
from cwis.children.models import Child
from cwis.core.imports.models import BatchState, ImportBatch

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("frozen_today")]


def test_the_cases_are_skipped_without_a_campaign(community):
    assert {c.skip for c in screening_cases({})} == {NO_CAMPAIGN}


def test_the_import_timing_then_the_cases_run(community):
    lines = []
    timings = screening_import_timing(county="360121", rows=30, bad_every=10,
                                      out=lines.append)
    assert set(timings) == {"write workbook", "preview", "commit"}
    batch = ImportBatch.objects.get()
    assert batch.state == BatchState.COMMITTED
    assert (batch.rows_total, batch.rows_refused, batch.rows_created) == (30, 3, 27)
    assert Child.objects.count() == 27
    cases = screening_cases({})
    assert [c.number for c in cases] == ["23a", "23b", "23c", "23d"]
    results = []
    for case in cases:
        case.repeat, case.warmup = 1, 0
        results.append(run_case(case))
    assert [r.error for r in results] == [""] * 4
