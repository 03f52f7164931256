"""The life of a generated transfer: which state it is in (the mix), when each of its steps
happened (some overdue) and what each step changes, in the order the transfer services do it.
"""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

from django.utils import timezone

from cwis.transfers.models import HukouDecision, HukouStatus, Transfer, TransferStatus

STATE_MIX = [
    (TransferStatus.DRAFTED, 25), (TransferStatus.APPROVED, 15), (TransferStatus.SENT, 15),
    (TransferStatus.RECEIVED, 30), (TransferStatus.RETURNED, 10), (TransferStatus.CANCELLED, 5),
]
SEND_DAYS = 7  # settings.CWIS_TRANSFER_SEND_DAYS, the default
RECEIVE_DAYS = 7  # settings.CWIS_TRANSFER_RECEIVE_DAYS
HUKOU_DAYS = 30  # settings.CWIS_HUKOU_MIGRATION_DAYS
RETURN_REASONS = ["档案材料不全，退回补充", "接收床位不足，暂缓接收", "儿童病情需先在原机构治疗"]
CANCEL_REASONS = ["儿童已被家庭收养，取消移交", "原监护人恢复监护能力", "移交计划调整"]


def allot_states(rng, n: int) -> list[str]:
    """`n` states in the mix's shares, each present once n >= 6, in random order."""
    total = sum(w for _s, w in STATE_MIX)
    counts = {s: (n * w) // total for s, w in STATE_MIX}
    if n >= len(STATE_MIX):
        for s in counts:
            counts[s] = max(counts[s], 1)
    by_share = [s for s, _w in sorted(STATE_MIX, key=lambda sw: -sw[1])]
    i = 0
    while sum(counts.values()) < n:
        counts[by_share[i % len(by_share)]] += 1
        i += 1
    while sum(counts.values()) > n:
        biggest = max(counts, key=counts.get)
        counts[biggest] -= 1
    states = [s for s, _w in STATE_MIX for _ in range(counts[s])]
    rng.shuffle(states)
    return states


def days_back(day: dt.date, rng, low: int, high: int, floor: dt.date) -> dt.date:
    return max(floor, day - dt.timedelta(days=rng.randint(low, high)))


def at_ten(day: dt.date) -> dt.datetime:
    """The moment a step done on `day` is recorded (10:00 local time)."""
    return timezone.make_aware(dt.datetime.combine(day, dt.time(10, 0)))


def step_dates(rng, state: str, today: dt.date, floor: dt.date) -> dict[str, dt.date | None]:
    """drafted / approved / sent / closed dates, in order, none before `floor`."""
    floor = min(floor, today)
    span = (today - floor).days
    approved = sent = closed = None
    if state == TransferStatus.DRAFTED:
        drafted = days_back(today, rng, 0, 30, floor)
    elif state == TransferStatus.APPROVED:
        if rng.random() < 0.4:  # overdue: approved long ago, not sent
            approved = days_back(today, rng, SEND_DAYS + 1, SEND_DAYS + 60, floor)
        else:
            approved = days_back(today, rng, 0, SEND_DAYS - 1, floor)
        drafted = days_back(approved, rng, 1, 14, floor)
    elif state == TransferStatus.SENT:
        if rng.random() < 0.4:  # overdue: sent more than a week ago, not received
            sent = days_back(today, rng, RECEIVE_DAYS + 1, RECEIVE_DAYS + 30, floor)
        else:
            sent = days_back(today, rng, 0, RECEIVE_DAYS - 1, floor)
        approved = days_back(sent, rng, 1, 10, floor)
        drafted = days_back(approved, rng, 1, 14, floor)
    elif state in (TransferStatus.RECEIVED, TransferStatus.RETURNED):
        closed = days_back(today, rng, 0, span, floor)
        sent = days_back(closed, rng, 0, 5, floor)
        approved = days_back(sent, rng, 1, 10, floor)
        drafted = days_back(approved, rng, 1, 14, floor)
    else:  # cancelled before sending, approved or not
        closed = days_back(today, rng, 0, min(span, 90), floor)
        approved = days_back(closed, rng, 1, 10, floor) if rng.random() < 0.5 else None
        drafted = days_back(approved or closed, rng, 1, 14, floor)
    return {"drafted": drafted, "approved": approved, "sent": sent, "closed": closed}


def service_steps(ctx, rng, state: str, d: dict, t: Transfer, ledger: list, users: tuple) -> list:
    """(date, history type, user, changed fields) of each step, as the services do them."""
    by_sender, by_receiver = users
    steps = [(d["drafted"], "+", by_sender, None)]
    if d["approved"] is not None:
        steps.append((d["approved"], "~", by_sender, dict(
            status=TransferStatus.APPROVED, approved_on=d["approved"], approved_by_id=by_sender)))
    if d["sent"] is not None:
        steps.append((d["sent"], "~", by_sender, dict(
            status=TransferStatus.SENT, sent_on=d["sent"], sent_by_id=by_sender,
            property_declared_total=sum((e.amount for e in ledger), Decimal("0.00")))))
    if state == TransferStatus.RECEIVED:
        done = dict(status=state, closed_on=d["closed"], closed_by_id=by_receiver,
                    counselling_after=rng.randint(1, 4))
        if t.hukou_decision == HukouDecision.MOVE:
            done.update(hukou_migration(rng, ctx.today, d["closed"]))
        steps.append((d["closed"], "~", by_receiver, done))
    elif state == TransferStatus.RETURNED:
        steps.append((d["closed"], "~", by_receiver, dict(
            status=state, closed_on=d["closed"], closed_by_id=by_receiver,
            close_reason=rng.choice(RETURN_REASONS))))
    elif state == TransferStatus.CANCELLED:
        steps.append((d["closed"], "~", by_sender, dict(
            status=state, closed_on=d["closed"], closed_by_id=by_sender,
            close_reason=rng.choice(CANCEL_REASONS))))
    return steps


def hukou_migration(rng, today: dt.date, closed: dt.date) -> dict:
    """The hukou migration after receipt: done, requested, or not yet requested (overdue
    once `HUKOU_DAYS` have passed)."""
    roll = rng.random()
    if (today - closed).days > HUKOU_DAYS and roll < 0.6:
        return dict(hukou_status=HukouStatus.DONE,
                    hukou_requested_on=closed + dt.timedelta(days=3),
                    hukou_done_on=closed + dt.timedelta(days=rng.randint(5, HUKOU_DAYS)))
    if roll < 0.8:
        return dict(hukou_status=HukouStatus.REQUESTED, hukou_requested_on=min(
            today, closed + dt.timedelta(days=rng.randint(1, 10))))
    return dict(hukou_status=HukouStatus.NOT_REQUESTED)
