"""CWIS through pgbouncer in transaction mode (scripts/replica-test starts it in front of a
primary of its own and runs this module; the normal suite skips it): server-side cursors and
prepared statements off on the pooled connection, long exports streamed through the direct
one."""

import os
import zipfile

import pytest
from django.conf import settings
from django.db import connections
from django.test import Client
from django.test.utils import override_settings
from django.urls import reverse

from cwis.children.export import children_workbook
from cwis.children.models import Child
from cwis.children.tests.factories import ChildFactory
from cwis.core.jobs.models import Job, JobState
from cwis.core.jobs.runner import job_run
from cwis.core.jobs.services import job_start
from cwis.core.replicas import DIRECT, streaming

pytestmark = [
    pytest.mark.pooler,
    pytest.mark.skipif(os.environ.get("CWIS_DATABASE_POOLED") != "true",
                       reason="needs pgbouncer (scripts/replica-test)"),
]


@pytest.fixture(scope="module")
def children(institution):
    return [ChildFactory(current_institution=institution) for _ in range(5)]


def test_the_pooled_connection_has_no_server_side_cursors_and_no_prepared_statements(live):
    pooled = connections["default"]
    assert pooled.settings_dict["DISABLE_SERVER_SIDE_CURSORS"] is True
    assert pooled.settings_dict["PORT"] != connections[DIRECT].settings_dict["PORT"]
    pooled.ensure_connection()
    assert pooled.connection.prepare_threshold is None


def test_cwis_pages_work_through_the_pooler(live, officer, children):
    client = Client()
    client.force_login(officer)
    for _ in range(12):  # more than psycopg's threshold for preparing a statement
        response = client.get(reverse("child_list"))
        assert response.status_code == 200
    assert {c.name for c in children} <= {c.name for c in Child.objects.all()}


def test_an_export_streams_through_the_direct_connection(live, children):
    rows = Child.objects.filter(pk__in=[c.pk for c in children]).order_by("pk")
    assert streaming(rows).db == DIRECT
    assert Child.objects.using(DIRECT).count() == Child.objects.count()
    with override_settings(CWIS_EXPORT_XLSX_MAX_ROWS=2):  # the CSV path streams too
        out = children_workbook(rows, progress=lambda done, total: None)
    with zipfile.ZipFile(out) as archive:
        text = archive.read(archive.namelist()[0]).decode("utf-8-sig")
    assert len(text.strip().splitlines()) == 1 + len(children)


def test_an_export_job_runs_through_the_pooler(live, officer, children):
    job = job_start(actor=officer, kind="children.export", params={"filters": {}})
    job_run(job_id=job.pk, worker="pooler-test")
    job.refresh_from_db()
    assert job.state == JobState.DONE
    assert job.result_name.endswith(".xlsx")
    assert Job.objects.filter(pk=job.pk, progress_done__gte=len(children)).exists()
    assert settings.CWIS_DATABASE_POOLED
