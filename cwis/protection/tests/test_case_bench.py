"""The `cwis bench` cases of the protection casework run on a county with open cases."""

import pytest

from cwis.benchmarks.harness import run_case
from cwis.benchmarks.protection import (
    NO_CASES,
    NO_FOLLOW_UPS,
    protection_case_cases,
    protection_exit_cases,
)
from cwis.protection.services import cases as services
from cwis.protection.tests.factories import found_alone

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("frozen_today")]


def test_the_cases_are_skipped_without_protection_cases(case_users):
    assert {c.skip for c in protection_case_cases({})} == {NO_CASES}


def test_the_open_case_list_the_to_do_lists_and_the_casework_run(case_users):
    services.case_open(actor=case_users.worker, child_id=case_users.child.pk,
                       data=found_alone())
    results = []
    for case in protection_case_cases({}):
        case.repeat, case.warmup = 1, 0
        results.append(run_case(case))
    assert [r.error for r in results] == ["", "", "", ""]
    assert all(r.cwis_ms is not None for r in results)


def test_the_follow_up_cases_are_skipped_without_follow_ups(case_users):
    assert {c.skip for c in protection_exit_cases({})} == {NO_FOLLOW_UPS}


def test_the_village_directors_follow_up_list_and_to_do_list_run(case_users):
    import datetime as dt

    from cwis.protection.services import exits
    from cwis.protection.tests.factories import guardian_able

    case = services.case_open(actor=case_users.worker, child_id=case_users.child.pk,
                              data=found_alone())
    assessment = services.assessment_record(actor=case_users.worker, case_id=case.pk,
                                            data=guardian_able())
    services.assessment_confirm(actor=case_users.officer, assessment_id=assessment.pk,
                                version=1)
    case.refresh_from_db()
    exits.case_exit_home(actor=case_users.worker, case_id=case.pk, version=case.version,
                         outcome="returned", exit_on=dt.date(2026, 2, 1))
    results = []
    for bench in protection_exit_cases({}):
        bench.repeat, bench.warmup = 1, 0
        results.append(run_case(bench))
    assert [r.error for r in results] == ["", ""]
    assert all(r.cwis_ms is not None for r in results)
