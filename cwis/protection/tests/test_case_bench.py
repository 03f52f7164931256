"""The `cwis bench` cases of the protection casework run on a county with open cases."""

import pytest

from cwis.benchmarks.harness import run_case
from cwis.benchmarks.protection import NO_CASES, protection_case_cases
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
