"""The later steps of the generated protection cases (`cwis/synthetic/protection.py`):
referrals of services (服务转介), emotional care sessions with an intervention plan for a child
at risk, and the exit of the cases that closed.

Proportions (a reading of the casework, not a measurement): half the cases refer the child
once or twice (psychological counselling most often, then medical care, schooling, social
assistance, legal aid, other), answered within 2 to 20 days of a 14-day answer date (one in
ten declined), delivered 10 to 60 days after the answer and closed soon after; an open case's
last referral may still wait for its answer. One case in three has one to four emotional care
sessions; one session in five finds an elevated or high risk, and that child gets an
intervention plan reviewed a month later. A closed case whose last assessment recommended a
return to the guardian or relatives ends with that exit, decided at the closing day less the
follow-up period, and a follow-up visit every two months up to the closing day (the last
visit closes it); one that recommended long-term guardianship ends with it (art. 94 (1) to
(3); its transfer or intake is the later step `long_term.py`'s); the others close without
an exit record.
"""

import datetime as dt
import random
from zoneinfo import ZoneInfo

from django.conf import settings

from cwis.children.choices import GuardianshipSituation
from cwis.protection.models import (
    CareSession,
    CaseFollowUp,
    CaseOutcome,
    InterventionPlan,
    Recommendation,
    Referral,
    ReferralService,
    ReferralState,
    RiskLevel,
)
from cwis.synthetic import writer

SHANGHAI = ZoneInfo("Asia/Shanghai")
TABLES = ("referral", "care_session", "plan", "follow_up")
SERVICES = [(ReferralService.PSYCHOLOGICAL, 35), (ReferralService.MEDICAL, 20),
            (ReferralService.SCHOOLING, 18), (ReferralService.SOCIAL_ASSISTANCE, 15),
            (ReferralService.LEGAL_AID, 7), (ReferralService.OTHER, 5)]
RECIPIENTS = {
    "psychological": ("organisation", "social_organisation", "阳光社工服务站", "心理咨询"),
    "medical": ("department", "health", "县人民医院", "就医检查与治疗"),
    "schooling": ("department", "school", "县教育局", "落实就近入学"),
    "social_assistance": ("department", "civil_affairs", "县民政局社会救助股", "申请临时救助"),
    "legal_aid": ("organisation", "other", "县法律援助中心", "提供法律援助"),
    "other": ("organisation", "other", "县妇联", "家庭教育指导"),
}
RISKS = [(RiskLevel.NONE, 50), (RiskLevel.LOW, 30), (RiskLevel.ELEVATED, 15),
         (RiskLevel.HIGH, 5)]
EXITS = {Recommendation.RETURN_TO_GUARDIAN: CaseOutcome.RETURNED,
         Recommendation.ENTRUST_RELATIVES: CaseOutcome.ENTRUSTED,
         Recommendation.LONG_TERM: CaseOutcome.LONG_TERM}
GROUNDS = (GuardianshipSituation.LT_NOT_FOUND, GuardianshipSituation.LT_DEAD,
           GuardianshipSituation.LT_INCAPABLE)
VISIT_EVERY_MONTHS = 2


def tables(now: dt.datetime) -> dict[str, writer.TemplateTable]:
    day = dt.date(2020, 1, 1)
    stamp = {"created_at": now, "updated_at": now}
    return {
        "referral": writer.TemplateTable(Referral, Referral(
            recipient_kind="organisation", department="other", recipient_name="",
            service="other", request="", state=ReferralState.SENT, sent_on=day,
            answer_due=day, **stamp), now),
        "care_session": writer.TemplateTable(CareSession, CareSession(
            held_on=day, delivered_by="", content="", risk_level=RiskLevel.NONE, **stamp),
            now),
        "plan": writer.TemplateTable(InterventionPlan, InterventionPlan(
            made_on=day, goals="", measures="", responsible="", review_on=day, **stamp), now),
        "follow_up": writer.TemplateTable(CaseFollowUp, CaseFollowUp(due_on=day, **stamp),
                                          now),
    }


def _moment(day: dt.date, hour: int) -> dt.datetime:
    return dt.datetime.combine(day, dt.time(hour), tzinfo=SHANGHAI)


def _pick(rng: random.Random, weighted: list[tuple[str, int]]) -> str:
    return rng.choices([v for v, _w in weighted], [w for _v, w in weighted])[0]


def referrals(t, rng: random.Random, case, row: list, case_table, worker: int,
              today: dt.date) -> None:
    roll = rng.random()
    count = 0 if roll < 0.5 else (2 if roll < 0.65 else 1)
    sent = case.opened + dt.timedelta(days=rng.randint(1, 30))
    for _ in range(count):
        if sent >= case.end:
            return
        _referral(t, rng, case, row, case_table, worker, sent, today)
        sent += dt.timedelta(days=rng.randint(15, 60))


def _step(day: dt.date, case, today: dt.date) -> dt.date | None:
    """`day`, if the step happened: before the case closed and before today."""
    return day if day < case.end and day < today else None


def _referral(t, rng, case, row, case_table, worker: int, sent: dt.date,
              today: dt.date) -> None:
    service = _pick(rng, SERVICES)
    kind, department, name, request = RECIPIENTS[service]
    due = sent + dt.timedelta(days=settings.CWIS_CASE_REFERRAL_ANSWER_DAYS)
    answered = _step(sent + dt.timedelta(days=rng.randint(2, 20)), case, today)
    if case.closed is None and rng.random() < 0.1:
        answered = None  # still waiting: overdue once past its date
    declined = answered is not None and rng.random() < 0.1
    delivered = closed = None
    if answered is not None and not declined:
        delivered = _step(answered + dt.timedelta(days=rng.randint(10, 60)), case, today)
        if delivered is not None:
            closed = _step(delivered + dt.timedelta(days=rng.randint(0, 14)), case, today)
    state = (ReferralState.SENT if answered is None else ReferralState.DECLINED if declined
             else ReferralState.CLOSED if closed else ReferralState.DELIVERED if delivered
             else ReferralState.ACCEPTED)
    made = _moment(sent, 10)
    last = _moment(closed or delivered or answered or sent, 11)
    referral = t["referral"].add(
        history_date=made, history_user=worker, recipient_kind=kind, department=department,
        recipient_name=name, contact="联系人 0791-8800000", service=service,
        request=request, state=state, sent_on=sent, sent_by_id=worker, answer_due=due,
        answered_on=answered, answered_by_id=worker if answered else None,
        answer_note="已电话确认" if answered and not declined else "",
        decline_reason="服务名额已满" if declined else "",
        delivered_on=delivered, delivered_by_id=worker if delivered else None,
        outcome="服务已按计划完成" if delivered else "",
        closed_on=closed, closed_by_id=worker if closed else None,
        closing_note="儿童情况好转" if closed else "",
        created_at=made, updated_at=last, created_by_id=worker, updated_by_id=worker)
    t["referral"].link(referral, "case_id", case_table, row)


def care(t, rng: random.Random, case, row: list, case_table, worker: int,
         today: dt.date) -> None:
    if rng.random() >= 1 / 3:
        return
    held = case.opened + dt.timedelta(days=rng.randint(1, 20))
    planned = False
    for _ in range(rng.randint(1, 4)):
        if _step(held, case, today) is None:
            return
        risk = _pick(rng, RISKS)
        made = _moment(held, 14)
        session = t["care_session"].add(
            history_date=made, history_user=worker, held_on=held, delivered_by="县救助保护中心社工",
            content="陪伴谈心，了解儿童情绪和近况", risk_level=risk,
            risk_notes="" if risk == RiskLevel.NONE else "情绪低落，需持续关注",
            recorded_by_id=worker, created_at=made, updated_at=made, created_by_id=worker,
            updated_by_id=worker)
        t["care_session"].link(session, "case_id", case_table, row)
        if risk in (RiskLevel.ELEVATED, RiskLevel.HIGH) and not planned:
            planned = True
            review = held + dt.timedelta(days=30)
            plan = t["plan"].add(
                history_date=made, history_user=worker, made_on=held, made_by_id=worker,
                goals="情绪稳定，恢复正常作息", measures="每周一次心理辅导；照料人夜间陪护",
                responsible="县救助保护中心社工", review_on=review,
                ended_on=case.closed if case.closed and case.closed > held else None,
                created_at=made, updated_at=made, created_by_id=worker, updated_by_id=worker)
            t["plan"].link(plan, "case_id", case_table, row)
        held += dt.timedelta(days=rng.randint(14, 45))


def exit_(t, rng: random.Random, case, row: list, case_table, worker: int,
          last: tuple[str, dt.date] | None) -> None:
    """The exit of a closed case from its last assessment's recommendation (`last`:
    recommendation and the day it was confirmed)."""
    if case.closed is None or last is None or last[0] not in EXITS:
        return
    recommendation, confirmed = last
    outcome = EXITS[recommendation]
    at = case_table.at
    if outcome == CaseOutcome.LONG_TERM:
        exit_on = max(confirmed, case.closed - dt.timedelta(days=rng.randint(5, 30)))
        row[at["long_term_ground"]] = rng.choice(GROUNDS)
    else:
        months = rng.choice((2, 4, 6))
        exit_on = max(confirmed, case.closed - dt.timedelta(days=30 * months))
        months = max(1, round((case.closed - exit_on).days / 30))
        row[at["follow_up_months"]] = months
        row[at["visit_every_months"]] = min(VISIT_EVERY_MONTHS, months)
        _follow_ups(t, case, row, case_table, worker, exit_on)
    row[at["outcome"]] = outcome
    row[at["exit_on"]] = exit_on
    row[at["exit_by_id"]] = worker
    row[at["closed_by_id"]] = worker


def _follow_ups(t, case, row, case_table, worker: int, exit_on: dt.date) -> None:
    """Visits every two months from the exit; the last one on the closing day."""
    due = exit_on + dt.timedelta(days=30 * VISIT_EVERY_MONTHS)
    while True:
        last = due >= case.closed
        visited = case.closed if last else due
        made = _moment(visited, 15)
        visit = t["follow_up"].add(
            history_date=made, history_user=worker, due_on=min(due, case.closed),
            visited_on=visited, visited_by_id=worker, method="home",
            situation="儿童在家生活正常，按时上学", created_at=made, updated_at=made,
            created_by_id=worker, updated_by_id=worker)
        t["follow_up"].link(visit, "case_id", case_table, row)
        if last:
            return
        due += dt.timedelta(days=30 * VISIT_EVERY_MONTHS)
