"""Upbringing assessments and adoptions (cwis/care, policy 二(一)) for the generated
children in institutional care:

- every child in care has had a confirmed upbringing assessment since the institution became
  the guardian, save ~8% still without one; ~10% of the current ones are overdue (made 12 to
  14 months ago); ~8% recommend adoption (a child's adoption recommended, listed or matched
  follows, some with no progress for months), the rest another path;
- every child who left care adopted (the leaving reason the yearly report counts) has its
  adoption, each step on its own day in the order it happens: a confirmed assessment
  recommending it, the child listed, the adopters' application received and then assessed
  as suitable, the match, the registration on the day care closed, and the three visits
  after it (made when due before today, a few not yet);
- a few applications per institution waiting for the adopter assessment or a match.

Every record is dated on the day it happened: its created_at, updated_at and history row
(COPY runs no auto_now). Rows are copied from template rows and written with COPY with
their history rows; a batch
of children and its marker are written in one transaction, so a run resumes where it
stopped (as cwis/synthetic/care.py).
"""

import datetime as dt
import random
import time

from django.db import transaction
from django.utils import timezone

from cwis.care.choices_adoption import (
    AdoptionState,
    ApplicationState,
    MatchState,
    UpbringingCloseReason,
    UpbringingPath,
    UpbringingStatus,
)
from cwis.care.models import (
    AdopterApplication,
    AdoptionCase,
    AdoptionFollowUp,
    AdoptionMatch,
    UpbringingAssessment,
)
from cwis.care.services.upbringing import add_months
from cwis.children.choices import ChildStatus, LeaveReason
from cwis.children.models import Child
from cwis.children.services import add_years
from cwis.core.permissions import Role
from cwis.synthetic import writer
from cwis.synthetic.care import _staff
from cwis.synthetic.context import Context, progress
from cwis.synthetic.people import People

MISSING_SHARE = 0.08  # children in care with no assessment yet
OVERDUE_SHARE = 0.10  # current assessments a year or more old
ADOPTION_SHARE = 0.08
OTHER_PATHS = ((UpbringingPath.INSTITUTION, 0.6), (UpbringingPath.FOSTER_FAMILY, 0.2),
               (UpbringingPath.FAMILY_RESIDENCE, 0.12), (UpbringingPath.REUNIFICATION, 0.08))
WAITING_APPLICATIONS = 2  # per institution with a child listed
FOLLOW_UP_MONTHS = (1, 6, 12)
FOLLOW_UP_MISSED = 0.1  # visits due and not made yet
INTAKE_DAYS = 30
# The adoption's steps, in order, from the assessment to the registration: the shares of
# the time between them each step takes (listing, application, adopter assessment, match).
STEP_SHARES = (0.15, 0.2, 0.25, 0.25)


def _months(day: dt.date, months: int) -> dt.date:
    return add_months(day, months)


def _tables(now: dt.datetime) -> dict:
    day = dt.date(2020, 1, 1)
    stamp = {"created_at": now, "updated_at": now}
    return {
        "assessment": writer.TemplateTable(UpbringingAssessment, UpbringingAssessment(
            occasion="yearly", assessed_on=day, situation="院内生活稳定", legal_status="orphan",
            health="健康", attachment="依恋良好", wish="too_young", path="institution",
            reasons="综合评估", status=UpbringingStatus.CONFIRMED, **stamp), now),
        "case": writer.TemplateTable(AdoptionCase, AdoptionCase(opened_on=day, **stamp), now),
        "application": writer.TemplateTable(AdopterApplication, AdopterApplication(
            kind="domestic", received_on=day, applicants="", address="", household="家庭",
            **stamp), now),
        "match": writer.TemplateTable(AdoptionMatch, AdoptionMatch(
            matched_on=day, reasons="匹配理由", **stamp), now),
        "follow_up": writer.TemplateTable(AdoptionFollowUp, AdoptionFollowUp(
            due_on=day, **stamp), now),
    }


def _path(rng: random.Random) -> str:
    if rng.random() < ADOPTION_SHARE:
        return UpbringingPath.ADOPTION
    pick, total = rng.random(), 0.0
    for path, share in OTHER_PATHS:
        total += share
        if pick < total:
            return path
    return UpbringingPath.INSTITUTION


def _wish(row: dict, on: dt.date, path: str) -> tuple[str, str]:
    if add_years(row["birth_date"], 8) > on:
        return "too_young", ""
    return ("agrees" if path == UpbringingPath.ADOPTION else "disagrees"), "本人意愿"


def at(day: dt.date) -> dt.datetime:
    """A record made on `day` (mid-morning, local time)."""
    return timezone.make_aware(dt.datetime.combine(day, dt.time(10, 0)))


def dated(first: dt.date, last: dt.date | None = None, *, by: int | None = None) -> dict:
    """The stamps of a record made on `first` and last changed on `last`, with its history
    row of that day (by `by`)."""
    return {"created_at": at(first), "updated_at": at(last or first),
            "history_date": at(last or first), "history_user": by}


def _steps(on: dt.date, registered: dt.date) -> list[dt.date]:
    """Listing, application, adopter assessment and match between the assessment `on` and
    the registration: each a day or more after the one before when there is time."""
    days = max(0, (registered - on).days)
    out, day = [], on
    for share in STEP_SHARES:
        day = min(registered, max(day + dt.timedelta(days=1),
                                  day + dt.timedelta(days=int(days * share))))
        out.append(day)
    return out


def _assessment(t: dict, row: dict, on: dt.date, path: str, staff: dict, **extra) -> list:
    worker = staff.get((row["current_institution_id"], Role.SOCIAL_WORKER))
    director = staff.get((row["current_institution_id"], Role.DIRECTOR))
    wish, wishes = _wish(row, on, path)
    return t["assessment"].add(
        child_id=row["pk"], assessed_on=on, assessor_id=worker, created_by_id=worker,
        occasion="intake" if on - row["guardianship_since"] < dt.timedelta(days=60)
        else "yearly", wish=wish, wishes=wishes, path=path,
        legal_status="orphan" if path == UpbringingPath.ADOPTION or row["is_orphan"]
        else "not_eligible", confirmed_by_id=director, confirmed_on=on,
        next_due_on=add_years(on, 1), **{**dated(on, extra.get("closed_on") or on,
                                                 by=director), **extra})


def _in_care(t: dict, rng: random.Random, row: dict, today: dt.date, staff: dict,
             names: People) -> None:
    start = max(row["guardianship_since"], row["birth_date"])
    if rng.random() < MISSING_SHARE or start >= today:
        return
    back = rng.randint(365, 425) if rng.random() < OVERDUE_SHARE else rng.randint(0, 360)
    on = max(start, today - dt.timedelta(days=back))
    path = _path(rng)
    assessment = _assessment(t, row, on, path, staff)
    if path != UpbringingPath.ADOPTION:
        return
    listed = rng.random() < 0.7
    progress_on = on + dt.timedelta(days=rng.randint(0, 60)) if listed else on
    progress_on = min(progress_on, today)
    case = t["case"].add(child_id=row["pk"], opened_on=on,
                         listed_on=progress_on if listed else None,
                         state=AdoptionState.LISTED if listed else AdoptionState.RECOMMENDED,
                         progress_due_on=_months(progress_on, 6), **dated(on, progress_on))
    t["case"].link(case, "assessment_id", t["assessment"], assessment)
    if listed:
        t["_listed"].add(row["current_institution_id"])


def _adopted(t: dict, rng: random.Random, row: dict, today: dt.date, staff: dict,
             names: People) -> None:
    """The whole adoption of a child who left care adopted, each step on its day in order:
    assessment < listing < application < adopter assessment < match < registration (the
    day care closed) < visits."""
    registered = row["left_care_on"]
    institution = row["current_institution_id"]
    worker = staff.get((institution, Role.SOCIAL_WORKER))
    director = staff.get((institution, Role.DIRECTOR))
    on = max(registered - dt.timedelta(days=rng.randint(120, 300)), row["guardianship_since"],
             row["birth_date"])
    listed, received, assessed, matched = _steps(on, registered)
    assessment = _assessment(t, row, on, UpbringingPath.ADOPTION, staff,
                             status=UpbringingStatus.CLOSED, closed_on=registered,
                             close_reason=UpbringingCloseReason.LEFT_CARE)
    case = t["case"].add(child_id=row["pk"], opened_on=on, listed_on=listed,
                         state=AdoptionState.REGISTERED, closed_on=registered,
                         **dated(on, registered, by=director))
    t["case"].link(case, "assessment_id", t["assessment"], assessment)
    intercountry = rng.random() < 0.05
    application = t["application"].add(
        institution_id=institution, kind="intercountry" if intercountry else "domestic",
        received_on=received, country="加拿大" if intercountry else "",
        applicants=f"{names.name('male')}、{names.name('female')}", address="某市某路",
        state=ApplicationState.ADOPTED, assessed_by="entrusted", assessor_name="社会工作服务中心",
        assessed_on=assessed, outcome="suitable", assessment_summary="适合收养",
        closed_on=registered, created_by_id=worker, **dated(received, registered, by=director))
    match = t["match"].add(institution_id=institution, child_id=row["pk"], matched_on=matched,
                           matched_by_id=worker, state=MatchState.REGISTERED,
                           registration_office="民政局", certificate_number=f"SY{row['pk']:010d}",
                           registered_on=registered, created_by_id=worker,
                           **dated(matched, registered, by=director))
    t["match"].link(match, "case_id", t["case"], case)
    t["match"].link(match, "application_id", t["application"], application)
    for months in FOLLOW_UP_MONTHS:
        due = _months(registered, months)
        done = due <= today and rng.random() >= FOLLOW_UP_MISSED
        visited = min(today, due + dt.timedelta(days=rng.randint(0, 10))) if done else None
        visit = t["follow_up"].add(institution_id=institution, due_on=due,
                                   visited_on=visited, visitor_id=worker if done else None,
                                   findings="适应良好" if done else "",
                                   **dated(registered, visited, by=worker))
        t["follow_up"].link(visit, "match_id", t["match"], match)


def _waiting(t: dict, rng: random.Random, today: dt.date, names: People) -> None:
    """Applications waiting at the institutions with a child listed in this batch."""
    for institution in sorted(t["_listed"]):
        for _ in range(WAITING_APPLICATIONS):
            received = today - dt.timedelta(days=rng.randint(10, 200))
            assessed = rng.random() < 0.6
            t["application"].add(
                **dated(received, received + dt.timedelta(days=10) if assessed else received),
                institution_id=institution, received_on=received,
                applicants=f"{names.name('male')}、{names.name('female')}", address="某市某路",
                state=ApplicationState.SUITABLE if assessed else ApplicationState.RECEIVED,
                assessed_by="institution" if assessed else "",
                assessed_on=received + dt.timedelta(days=10) if assessed else None,
                outcome="suitable" if assessed else "",
                assessment_summary="适合收养" if assessed else "")
    t["_listed"] = set()


@transaction.atomic
def _write(t: dict, key: str) -> int:
    written = 0
    for name in ("assessment", "case", "application", "match", "follow_up"):
        written += t[name].write()
    writer.marker_set(key)
    return written


def step_upbringing(ctx: Context) -> None:
    started, done, written = time.monotonic(), 0, 0
    children = Child.objects.filter(current_institution__isnull=False).filter(
        status=ChildStatus.IN_CARE) | Child.objects.filter(
        current_institution__isnull=False, status=ChildStatus.LEFT_CARE,
        leave_reason=LeaveReason.ADOPTION)
    rows = children.order_by("pk").values(
        "pk", "current_institution_id", "birth_date", "status", "guardianship_since",
        "left_care_on", "is_orphan")
    total = children.count()
    staff = _staff()
    today = ctx.today
    tables: dict = {**_tables(timezone.now()), "_listed": set()}
    batch: list[dict] = []
    batch_no = 0

    def flush(batch: list[dict], batch_no: int) -> int:
        key = ctx.marker("upbringing", batch_no)
        if writer.marker_done(key):
            return 0
        rng = ctx.rng("upbringing", batch_no)
        names = People(rng)
        for row in batch:
            if row["status"] == ChildStatus.IN_CARE:
                _in_care(tables, rng, row, today, staff, names)
            elif row["left_care_on"] is not None:
                _adopted(tables, rng, row, today, staff, names)
        _waiting(tables, rng, today, names)
        return _write(tables, key)

    for row in rows.iterator(chunk_size=ctx.scale.batch):
        batch.append(row)
        if len(batch) == ctx.scale.batch:
            written += flush(batch, batch_no)
            done += len(batch)
            batch, batch_no = [], batch_no + 1
            progress(ctx, "upbringing", done, total, started)
    if batch:
        written += flush(batch, batch_no)
    ctx.add("upbringing and adoption records", written)
    ctx.out(f"\nupbringing   {written} records (and as many history rows)\n")
