"""The security log: written on every security event, append-only, kept six months at
least, read and exported by the audit administrator only."""

import datetime as dt
import io

import pytest
import time_machine
from django.core.management import call_command
from django.test import Client
from django.utils import timezone
from openpyxl import load_workbook

from cwis.accounts.models import SecurityEvent
from cwis.conftest import COUNTY_A, TEST_PASSWORD
from cwis.core.audit import SecurityEventKind, security_event_record
from cwis.core.jobs.models import Job
from cwis.core.jobs.registry import kind_label
from cwis.core.jobs.testing import run_queued_jobs
from cwis.core.permissions import Role

pytestmark = pytest.mark.django_db


@pytest.fixture
def officer(make_user):
    return make_user(Role.COUNTY_OFFICER, division_code=COUNTY_A, username="liu")


def kinds():
    return list(SecurityEvent.objects.order_by("id").values_list("kind", flat=True))


def test_sign_in_failure_and_sign_out_are_logged_with_the_address(officer):
    client = Client(REMOTE_ADDR="10.1.2.3")
    client.post("/login/", {"username": "liu", "password": "wrong"})
    client.post("/login/", {"username": "liu", "password": TEST_PASSWORD})
    client.post("/logout/")
    assert kinds() == [SecurityEventKind.SIGN_IN_FAILED, SecurityEventKind.SIGN_IN,
                       SecurityEventKind.SIGN_OUT]
    failed = SecurityEvent.objects.get(kind=SecurityEventKind.SIGN_IN_FAILED)
    assert (failed.username, failed.ip_address, failed.actor) == ("liu", "10.1.2.3", None)
    assert SecurityEvent.objects.get(kind=SecurityEventKind.SIGN_IN).actor == officer


def test_a_token_issue_is_logged(officer):
    Client().post("/api/v1/auth/token", {"username": "liu", "password": TEST_PASSWORD},
                  content_type="application/json")
    assert kinds() == [SecurityEventKind.TOKEN_ISSUE]


def test_an_export_event_is_recorded_by_other_modules(officer):
    event = security_event_record(SecurityEventKind.EXPORT, officer, None,
                                  "children.xlsx, 12 rows")
    assert (event.username, event.detail) == ("liu", "children.xlsx, 12 rows")


def test_a_log_row_cannot_be_changed_or_deleted(officer):
    event = security_event_record(SecurityEventKind.SIGN_IN, officer)
    event.detail = "edited"
    with pytest.raises(TypeError):
        event.save()
    with pytest.raises(TypeError):
        event.delete()
    with pytest.raises(TypeError):
        SecurityEvent.objects.filter(pk=event.pk).update(detail="edited")
    with pytest.raises(TypeError):
        SecurityEvent.objects.filter(pk=event.pk).delete()
    assert SecurityEvent.objects.get(pk=event.pk).detail == ""


def test_the_purge_removes_only_rows_past_retention_and_never_younger_than_180_days(
    officer, settings
):
    now = timezone.now()
    for days in (400, 200, 100):
        with time_machine.travel(now - dt.timedelta(days=days)):
            security_event_record(SecurityEventKind.SIGN_IN, officer, detail=f"{days}")
    settings.CWIS_SECURITY_LOG_RETENTION_DAYS = 365
    call_command("purge_security_log")
    assert set(SecurityEvent.objects.values_list("detail", flat=True)) >= {"200", "100"}
    assert not SecurityEvent.objects.filter(detail="400").exists()
    settings.CWIS_SECURITY_LOG_RETENTION_DAYS = 30  # below the legal minimum: still 180
    call_command("purge_security_log")
    assert SecurityEvent.objects.filter(detail="100").exists()
    assert not SecurityEvent.objects.filter(detail="200").exists()
    assert SecurityEvent.objects.filter(kind=SecurityEventKind.LOG_PURGE).count() == 2


def test_the_audit_administrator_filters_the_log(officer, make_user, web):
    security_event_record(SecurityEventKind.SIGN_IN, officer)
    security_event_record(SecurityEventKind.SIGN_IN_FAILED, None, username="someone-else")
    client = web(make_user(Role.AUDIT_ADMIN))
    page = client.get("/security/log/", {"username": "liu"}).content.decode()
    assert "liu" in page
    assert "someone-else" not in page
    page = client.get("/security/log/", {"kind": "sign_in_failed"}).content.decode()
    assert "someone-else" in page
    assert "<td>liu</td>" not in page
    tomorrow = timezone.localdate() + dt.timedelta(days=1)
    page = client.get("/security/log/", {"date_from": tomorrow.isoformat()}).content.decode()
    assert "someone-else" not in page


@pytest.fixture
def _media_root(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path / "media"


def workbook_of(response):
    return load_workbook(io.BytesIO(b"".join(response.streaming_content))).active


@pytest.mark.usefixtures("_media_root")
def test_the_export_is_a_job_the_audit_administrator_watches_and_downloads(officer,
                                                                          make_user, web):
    security_event_record(SecurityEventKind.SIGN_IN_FAILED, None,
                          username='=HYPERLINK("http://x","y")')
    audit = make_user(Role.AUDIT_ADMIN)
    client = web(audit)
    response = client.get("/security/log/export.xlsx", REMOTE_ADDR="10.9.8.7")
    job = Job.objects.get()
    assert response.status_code == 302
    assert response["Location"] == f"/jobs/{job.pk}/"
    assert (job.owner, job.kind, job.state) == (audit, "accounts.security_log", "queued")
    exported = SecurityEvent.objects.get(kind=SecurityEventKind.EXPORT)
    assert (exported.actor, exported.ip_address) == (audit, "10.9.8.7")
    assert f"job {job.pk}" in exported.detail
    assert run_queued_jobs() == 1
    job.refresh_from_db()
    assert job.state == "done", job.error
    jobs_page = client.get("/jobs/").content.decode()
    assert str(kind_label("accounts.security_log")) in jobs_page
    assert f"/jobs/{job.pk}/download" in jobs_page
    sheet = workbook_of(client.get(f"/jobs/{job.pk}/download/"))
    accounts = [row[2] for row in sheet.iter_rows(min_row=2, values_only=True)]
    assert "'=HYPERLINK(\"http://x\",\"y\")" in accounts
    assert all(cell.data_type == "s" for cell in sheet["C"][1:])
    assert web(officer).get(f"/jobs/{job.pk}/").status_code == 404  # the owner's alone


@pytest.mark.usefixtures("_media_root")
def test_the_export_job_keeps_the_filters_of_the_page(officer, make_user, web):
    security_event_record(SecurityEventKind.SIGN_IN_FAILED, None, username="liu")
    security_event_record(SecurityEventKind.SIGN_IN_FAILED, None, username="someone-else")
    audit = make_user(Role.AUDIT_ADMIN)
    client = web(audit)
    today = timezone.localdate().isoformat()
    client.get("/security/log/export.xlsx",
               {"username": "liu", "kind": "sign_in_failed", "date_from": today})
    run_queued_jobs()
    job = Job.objects.get()
    assert job.params == {"filters": {"username": "liu", "kind": "sign_in_failed",
                                      "date_from": today}}
    sheet = workbook_of(client.get(f"/jobs/{job.pk}/download/"))
    assert [row[2] for row in sheet.iter_rows(min_row=2, values_only=True)] == ["liu"]


@pytest.mark.usefixtures("_media_root")
def test_the_export_job_fails_if_its_owner_is_no_longer_the_audit_administrator(make_user,
                                                                               web):
    audit = make_user(Role.AUDIT_ADMIN)
    web(audit).get("/security/log/export.xlsx")
    audit.role = Role.SYSTEM_ADMIN
    audit.save(update_fields=["role"])
    run_queued_jobs()
    job = Job.objects.get()
    assert job.state == "failed"
    assert not job.result


@pytest.mark.parametrize("role", [Role.SYSTEM_ADMIN, Role.SECURITY_ADMIN, Role.COUNTY_OFFICER,
                                  Role.MINISTRY_OFFICER])
def test_no_one_else_reads_or_exports_the_log(make_user, web, role):
    kwargs = {"division_code": COUNTY_A} if role == Role.COUNTY_OFFICER else {}
    client = web(make_user(role, **kwargs))
    assert client.get("/security/log/").status_code == 403
    assert client.get("/security/log/export.xlsx").status_code == 403


def test_the_security_and_audit_administrators_see_no_child_data(make_user, web):
    for role in (Role.SECURITY_ADMIN, Role.AUDIT_ADMIN):
        client = web(make_user(role))
        assert client.get("/children/").status_code in (403, 404)
        assert client.get("/community/").status_code in (403, 404)


@pytest.mark.parametrize(("role", "links", "not_links"), [
    (Role.SYSTEM_ADMIN, ["nav-admin"], ["nav-lockouts", "nav-security-log"]),
    (Role.SECURITY_ADMIN, ["nav-admin", "nav-lockouts"], ["nav-security-log", "nav-children"]),
    (Role.AUDIT_ADMIN, ["nav-admin", "nav-security-log"], ["nav-lockouts", "nav-children"]),
])
def test_each_administrator_sees_their_own_menu(make_user, web, role, links, not_links):
    response = web(make_user(role)).get("/")
    assert response.status_code == 200
    page = response.content.decode()
    assert all(f'id="{link}"' in page for link in links)
    assert not any(f'id="{link}"' in page for link in not_links)
