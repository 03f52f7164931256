"""The `cwis bench` cases around the cases run on a county with talks and a workstation."""

import pytest

from cwis.benchmarks.county_work import NO_TALKS, NO_WORKSTATIONS, county_work_cases
from cwis.benchmarks.harness import run_case
from cwis.protection.services import county_work as services
from cwis.protection.tests.factories import guidance, talk, workstation

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("frozen_today")]


def test_the_cases_are_skipped_without_talks_or_workstations(case_users):
    assert {c.skip for c in county_work_cases({})} == {NO_TALKS, NO_WORKSTATIONS}


def test_the_lists_and_the_figures_run(case_users):
    services.talk_record(actor=case_users.officer, data=talk())
    station = services.workstation_register(actor=case_users.officer, data=workstation())
    services.guidance_visit_record(actor=case_users.officer, workstation_id=station.pk,
                                   data=guidance())
    cases = county_work_cases({})
    assert [c.number for c in cases] == ["17k", "17l", "17m", "17n", "17o"]
    results = []
    for case in cases:
        case.repeat, case.warmup = 1, 0
        results.append(run_case(case))
    assert [r.error for r in results] == [""] * 5
    assert all(r.cwis_ms for r in results)
