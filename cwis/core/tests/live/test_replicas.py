"""CWIS on a real primary and streaming replica (scripts/replica-test makes both, migrates
the primary and runs this module; the normal suite skips it). Writes go to the primary,
lag-tolerant reads to the replica, and a read right after the user's write to the primary:
the test stops the replica's replay to make the lag visible."""

import os
import time

import pytest
from django.db import connections
from django.test import Client
from django.test.utils import CaptureQueriesContext, override_settings
from django.urls import reverse

from cwis.children.models import Child
from cwis.children.tests.factories import ChildFactory
from cwis.core.jobs.models import Job, JobState
from cwis.core.jobs.runner import job_run
from cwis.core.jobs.services import job_start
from cwis.core.replicas import replica_reads

pytestmark = [
    pytest.mark.replica,
    pytest.mark.skipif(not os.environ.get("DATABASE_REPLICA_URLS"),
                       reason="needs a replica (scripts/replica-test)"),
]

REPLICA = "replica_0"
CATCH_UP_SECONDS = 30


def _replica_sql(sql: str) -> list:
    with connections[REPLICA].cursor() as cursor:
        cursor.execute(sql)
        return cursor.fetchall()


def _caught_up(pk: int) -> None:
    """Wait until the replica has replayed child `pk` (a poll, not a time assertion)."""
    for _ in range(CATCH_UP_SECONDS * 10):
        if Child.objects.using(REPLICA).filter(pk=pk).exists():
            return
        time.sleep(0.1)
    pytest.fail("the replica did not catch up")


def _names(response) -> set[str]:
    assert response.status_code == 200
    return {child.name for child in response.context["page"]}


def test_the_replica_is_a_standby_of_the_primary(live):
    assert _replica_sql("SELECT pg_is_in_recovery()") == [(True,)]
    with connections["default"].cursor() as cursor:
        cursor.execute("SELECT pg_is_in_recovery()")
        assert cursor.fetchall() == [(False,)]


def test_lag_tolerant_reads_go_to_the_replica_and_writes_to_the_primary(live, institution):
    with replica_reads() as alias:
        assert alias == REPLICA
        child = ChildFactory(current_institution=institution)  # a write: the primary
        assert child._state.db == "default"
        _caught_up(child.pk)
        with CaptureQueriesContext(connections[REPLICA]) as on_replica:
            assert Child.objects.filter(pk=child.pk).get()._state.db == REPLICA
        assert len(on_replica) == 1


def test_a_read_right_after_the_users_write_goes_to_the_primary(live, officer, institution):
    writer, other = Client(), Client()
    writer.force_login(officer)
    other.force_login(officer)
    _replica_sql("SELECT pg_wal_replay_pause()")  # the replica lags from here on
    try:
        child = ChildFactory(current_institution=institution, name="复本滞后测试")
        url = reverse("child_list")
        with CaptureQueriesContext(connections[REPLICA]) as on_replica:
            assert child.name not in _names(other.get(url, {"q": child.name}))
        assert len(on_replica) > 0  # the province's list page read the (lagging) replica

        writer.post(reverse("set_language"), {"language": "zh-hans"})  # the user writes
        with CaptureQueriesContext(connections[REPLICA]) as on_replica:
            assert child.name in _names(writer.get(url, {"q": child.name}))
        assert len(on_replica) == 0  # ... so their next read went to the primary
    finally:
        _replica_sql("SELECT pg_wal_replay_resume()")
    _caught_up(child.pk)
    assert child.name in _names(other.get(url, {"q": child.name}))


def test_an_export_job_reads_the_primary_until_its_owners_writes_reached_the_replica(
        live, officer, institution):
    ChildFactory(current_institution=institution)
    for window, expect_replica in ((3600, False), (0, True)):
        with override_settings(CWIS_READ_YOUR_WRITES_SECONDS=window):
            job = job_start(actor=officer, kind="children.export", params={"filters": {}})
            with CaptureQueriesContext(connections[REPLICA]) as on_replica:
                job_run(job_id=job.pk, worker="replica-test")
        assert Job.objects.get(pk=job.pk).state == JobState.DONE
        assert (len(on_replica) > 0) is expect_replica
