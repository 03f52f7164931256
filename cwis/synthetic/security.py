"""Half a year of the security log and the background jobs of the generated accounts, for
the benchmarks of the audit administrator's log and of "My background jobs".

One step (`step_security`), after the users step, in batches of accounts (one transaction
and marker each):
- the three administrators (`syn-system_admin`, `syn-security_admin`, `syn-audit_admin`),
  made once, so the benchmark has an audit administrator to read the log as;
- for every generated account, SIGN_INS_PER_ACCOUNT sign-ins over the last LOG_DAYS days,
  each followed by a sign-out (or, one time in four, an idle sign-out), with a failed
  sign-in before one sign-in in ten, from an address of the government network;
- for every officer and director (the accounts that export), JOBS_PER_EXPORTER finished
  export jobs: the older than a week marked "file removed" (as `cwis purge_jobs` leaves
  them), the others done; no file is written (the lists read rows only), and an export
  event in the log for each.
"""

import datetime as dt
import zoneinfo

from django.db import transaction
from django.utils import timezone

from cwis.accounts.models import SecurityEvent, User
from cwis.core.audit import SecurityEventKind
from cwis.core.jobs.models import Job, JobState
from cwis.core.permissions import Role
from cwis.synthetic import writer
from cwis.synthetic.context import SYNTHETIC_PASSWORD, Context

LOG_DAYS = 180
SIGN_INS_PER_ACCOUNT = 20
JOBS_PER_EXPORTER = 20
ACCOUNTS_PER_BATCH = 2000
EXPORTERS = {Role.COUNTY_OFFICER, Role.PREFECTURE_OFFICER, Role.PROVINCE_OFFICER,
             Role.MINISTRY_OFFICER, Role.DIRECTOR}
ADMINISTRATORS = (Role.SYSTEM_ADMIN, Role.SECURITY_ADMIN, Role.AUDIT_ADMIN)
EXPORT_KINDS = ("children.export", "community.export", "transfers.export")


def _administrators(ctx: Context) -> None:
    key = ctx.marker("security", "administrators")
    if writer.marker_done(key):
        return
    from django.contrib.auth.hashers import make_password

    password = make_password(SYNTHETIC_PASSWORD)
    users = [User(username=f"syn-{role}", password=password, role=role,
                  display_name=str(Role(role).label), date_joined=timezone.now())
             for role in ADMINISTRATORS]
    with transaction.atomic():
        writer.assign_ids(User, users)
        writer.write(User, users)
        writer.marker_set(key)


def _moment(rng, start: dt.datetime) -> dt.datetime:
    """A working-hours moment within the LOG_DAYS days before `start`."""
    day = start - dt.timedelta(days=rng.randrange(LOG_DAYS))
    return day.replace(hour=rng.randrange(8, 18), minute=rng.randrange(60),
                       second=rng.randrange(60))


def _events_of(rng, account: tuple[int, str, str], start: dt.datetime) -> list[SecurityEvent]:
    pk, username, _role = account
    address = f"10.{rng.randrange(1, 255)}.{rng.randrange(256)}.{rng.randrange(1, 255)}"
    events = []
    for _ in range(SIGN_INS_PER_ACCOUNT):
        at = _moment(rng, start)
        if rng.random() < 0.1:
            events.append(SecurityEvent(at=at - dt.timedelta(seconds=20), username=username,
                                        kind=SecurityEventKind.SIGN_IN_FAILED,
                                        ip_address=address))
        events.append(SecurityEvent(at=at, kind=SecurityEventKind.SIGN_IN, actor_id=pk,
                                    username=username, ip_address=address))
        idle = rng.random() < 0.25
        events.append(SecurityEvent(
            at=at + dt.timedelta(minutes=rng.randrange(5, 240)), actor_id=pk,
            kind=SecurityEventKind.SESSION_IDLE if idle else SecurityEventKind.SIGN_OUT,
            username=username, ip_address=None if idle else address))
    return events


def _jobs_of(rng, account: tuple[int, str, str], start: dt.datetime
             ) -> tuple[list[Job], list[SecurityEvent]]:
    pk, username, role = account
    if role not in EXPORTERS:
        return [], []
    jobs, events = [], []
    for _ in range(JOBS_PER_EXPORTER):
        created = _moment(rng, start)
        finished = created + dt.timedelta(seconds=rng.randrange(5, 600))
        kind = rng.choice(EXPORT_KINDS)
        expired = start - finished > dt.timedelta(days=7)
        jobs.append(Job(owner_id=pk, kind=kind, params={"filters": {}}, language="zh-hans",
                        state=JobState.EXPIRED if expired else JobState.DONE,
                        progress_done=100, progress_total=100, attempts=1, worker="synthetic",
                        result_name=f"{kind.split('.')[0]}.xlsx", created_at=created,
                        started_at=created, finished_at=finished, heartbeat_at=finished))
        events.append(SecurityEvent(at=created, kind=SecurityEventKind.EXPORT, actor_id=pk,
                                    username=username, detail=f"{kind}, background job"))
    return jobs, events


def step_security(ctx: Context) -> None:
    # The accounts of later steps (care staff, protection workers) do not exist yet on the
    # first run: a finished step is marked as a whole, so a second run adds none for them.
    finished = ctx.marker("security", "finished")
    if writer.marker_done(finished):
        ctx.out("security     done before\n")
        return
    _administrators(ctx)
    accounts = list(User.objects.filter(username__startswith="syn-").order_by("pk")
                    .values_list("pk", "username", "role"))
    start = dt.datetime.combine(ctx.today, dt.time(18),
                                tzinfo=zoneinfo.ZoneInfo("Asia/Shanghai"))
    written = {"events": 0, "jobs": 0}
    for batch, first in enumerate(range(0, len(accounts), ACCOUNTS_PER_BATCH)):
        key = ctx.marker("security", batch)
        if writer.marker_done(key):
            continue
        rng = ctx.rng("security", batch)
        events, jobs = [], []
        for account in accounts[first:first + ACCOUNTS_PER_BATCH]:
            events += _events_of(rng, account, start)
            account_jobs, exports = _jobs_of(rng, account, start)
            jobs += account_jobs
            events += exports
        with transaction.atomic():
            writer.assign_ids(SecurityEvent, events)
            writer.write(SecurityEvent, events)
            writer.assign_ids(Job, jobs)
            writer.write(Job, jobs)
            writer.marker_set(key)
        written["events"] += len(events)
        written["jobs"] += len(jobs)
    writer.marker_set(finished)
    ctx.add("security events", written["events"])
    ctx.add("jobs", written["jobs"])
    ctx.out(f"security     {written['events']} log entries, {written['jobs']} jobs\n")
