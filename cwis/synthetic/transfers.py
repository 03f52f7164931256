"""Transfers in every state: the children of county institutions that are handing over.

One step (`step_transfers`), one transaction with its marker, after the children step:
- every county with an institution handing over or transformed gets its receiver
  (`CountyReceiver`: the prefecture's child welfare institution, else the province's) unless
  it has one;
- every child in care of a county institution handing over gets one transfer, in one of the
  states drafted / approved / sent / received / returned / cancelled (about 25/15/15/30/10/5%,
  allotted by quota so that six children already show all six), with dates before
  `ctx.today` (some overdue: approved long ago and not sent, sent more than a week ago and not
  received), a handover plan, a hukou decision (mostly move), 3-6 archive items and, for some,
  a property ledger handed over;
- a received transfer has the effects of `children.services.internal.child_move` on
  receipt: the open placement at the sender ends on the receipt date, an open one starts at
  the receiver, the child's institution and division change (version bumped, history rows
  written). Returned and cancelled transfers leave the child where it was, with no open
  transfer;
- a transformed institution has handed every child over: a child the children step placed
  there gets a received transfer dated by the completion date (or its admission, if later).

The services are not called (they need real actors, and check one row at a time): the rows
are built here as the services would leave them, attributed to the generated directors
(`syn-director-<institution pk>`) of the sending and receiving institutions.
"""

from __future__ import annotations

import copy
import datetime as dt
from dataclasses import dataclass
from decimal import Decimal

from django.db import transaction
from django.utils import timezone

from cwis.accounts.models import User
from cwis.children.choices import ChildStatus, PlacementKind
from cwis.children.models import Child, Placement
from cwis.institutions.models import (
    CountyReceiver,
    Institution,
    InstitutionKind,
    InstitutionLevel,
    Transformation,
    TransformationState,
)
from cwis.synthetic import writer
from cwis.synthetic.context import Context, scale_institutions
from cwis.synthetic.transfer_states import (
    STATE_MIX,
    allot_states,
    at_ten,
    days_back,
    service_steps,
    step_dates,
)
from cwis.transfers.models import (
    ArchiveItem,
    ArchiveKind,
    HukouDecision,
    ItemStatus,
    PropertyEntry,
    PropertyHandoverItem,
    PropertyKind,
    Transfer,
    TransferStatus,
)

REASONS = [
    "县级儿童福利机构转型，儿童集中供养",
    "县级机构优化提质转型，按计划移交",
    "儿童需要专业康复和医疗条件",
]
STAY_REASONS = [
    "户籍迁移将影响儿童在原籍的受教育权利",
    "户籍迁移将影响儿童在原籍的低保和残疾人补贴",
]
TOLD = [
    "提前两周告知儿童将去新的家，带她参观过新机构",
    "由熟悉的护理员用儿童能理解的话讲明搬家安排",
    "告知将和同伴一起到新的福利院生活",
]
ACCOMPANIED = ["原机构护理员", "原机构社工和护理员", "院长和主要照料人"]
FAMILIAR = ["随身带走常用的玩具和被褥", "熟悉的护理员陪同一周", "与同伴安排在同一房间"]
ARCHIVE_TITLES = {
    ArchiveKind.FILE: "儿童档案",
    ArchiveKind.MEDICAL: "病历和体检记录",
    ArchiveKind.EDUCATION: "学籍材料",
    ArchiveKind.IDENTITY: "户籍和身份证明材料",
    ArchiveKind.OTHER: "成长记录",
}
PROPERTY = [
    (PropertyKind.CASH, "零用钱"), (PropertyKind.DEPOSIT, "银行存款"),
    (PropertyKind.ALLOWANCE, "应发补贴"), (PropertyKind.VALUABLE, "纪念品"),
]


def _receiver_for(county: Institution, by_code: dict[str, Institution]) -> Institution | None:
    for code in (county.division_code[:4] + "00", county.division_code[:2] + "0000"):
        found = by_code.get(code)
        if found is not None:
            return found
    return None


class _History:
    """History rows of one model, each a snapshot of the object at a step."""

    def __init__(self) -> None:
        self.rows: dict[type, list] = {}

    def add(self, model, obj, *, on: dt.date | dt.datetime, kind: str = "+",
            user_id: int | None = None, reason: str | None = None) -> None:
        when = on if isinstance(on, dt.datetime) else at_ten(on)
        row = writer.history_of(model, obj, when=when, reason=reason)
        row.history_type, row.history_user_id = kind, user_id
        self.rows.setdefault(model, []).append(row)

    def write(self) -> int:
        written = 0
        for model, rows in self.rows.items():
            written += writer.write(model.history.model, rows, with_pk=False)
        return written


def _ensure_receivers(counties: list[Institution], by_code: dict[str, Institution],
                      history: _History, now) -> int:
    taken = set(CountyReceiver.objects.filter(
        county_id__in=[c.division_id for c in counties]).values_list("county_id", flat=True))
    rows = []
    for inst in counties:
        if inst.division_id in taken:
            continue
        receiver = _receiver_for(inst, by_code)
        if receiver is None:
            continue
        taken.add(inst.division_id)
        rows.append(CountyReceiver(
            county_id=inst.division_id, division_code=inst.division_code, receiver=receiver,
            created_at=now, updated_at=now))
    writer.assign_ids(CountyReceiver, rows)
    writer.write(CountyReceiver, rows)
    for r in rows:
        history.add(CountyReceiver, r, on=now)
    return len(rows)


def step_transfers(ctx: Context) -> None:
    key = ctx.marker("transfers")
    if writer.marker_done(key):
        ctx.out("transfers    done before\n")
        return
    institutions = scale_institutions(ctx)
    by_code = {i.division_code: i for i in institutions
               if i.level in (InstitutionLevel.PROVINCE, InstitutionLevel.PREFECTURE)
               and i.kind == InstitutionKind.CHILD_WELFARE}
    plans = {t.institution_id: t for t in Transformation.objects.filter(
        institution__in=[i.pk for i in institutions if i.level == InstitutionLevel.COUNTY],
        state__in=[TransformationState.HANDING_OVER, TransformationState.TRANSFORMED])}
    counties = [i for i in institutions if i.pk in plans]
    directors = dict(
        (int(u.removeprefix("syn-director-")), pk) for u, pk in User.objects.filter(
            username__in=[f"syn-director-{i.pk}" for i in institutions]
        ).values_list("username", "pk"))
    now = timezone.now()
    history = _History()
    with transaction.atomic():
        receivers = _ensure_receivers(counties, by_code, history, now)
        assigned = dict(CountyReceiver.objects.filter(
            county_id__in=[c.division_id for c in counties]).values_list("county_id",
                                                                         "receiver_id"))
        by_pk = {i.pk: i for i in institutions}
        work = []  # (sender, receiver, plan, children)
        for inst in counties:
            receiver = by_pk.get(assigned.get(inst.division_id))
            if receiver is not None:
                work.append((inst, receiver, plans[inst.pk], _children_of(inst)))
        # The states are allotted over all children handing over at once, so that the mix
        # holds (and every state occurs) however few children each institution has. A
        # transformed institution has handed every child over: all received, by completion.
        handing = [c for _s, _r, p, cs in work if p.state == TransformationState.HANDING_OVER
                   for c in cs]
        states = iter(allot_states(ctx.rng("transfers", "states"), len(handing)))
        counts: dict[str, int] = {}
        for inst, receiver, plan, children in work:
            if plan.state == TransformationState.HANDING_OVER:
                allotted = [next(states) for _c in children]
                ceiling = ctx.today
            else:
                allotted = [TransferStatus.RECEIVED] * len(children)
                ceiling = min(plan.completed_on or ctx.today, ctx.today)
            done = _institution_transfers(ctx, inst, receiver, plan, children, allotted,
                                          ceiling, directors, history, now)
            for state, n in done.items():
                counts[state] = counts.get(state, 0) + n
        history.write()
        writer.marker_set(key)
    total = sum(counts.values())
    ctx.add("county_receivers", receivers)
    ctx.add("transfers", total)
    detail = ", ".join(f"{counts.get(s, 0)} {s}" for s, _w in STATE_MIX)
    ctx.out(f"transfers    {total} ({detail}; {receivers} county receivers)\n")


def _children_of(institution: Institution) -> list[Child]:
    return list(Child.objects.filter(
        current_institution=institution, status=ChildStatus.IN_CARE).exclude(
        transfers__status__in=[TransferStatus.DRAFTED, TransferStatus.APPROVED,
                               TransferStatus.SENT]).order_by("pk"))


@dataclass
class _Built:
    """One transfer and what comes with it, before IDs are given."""

    transfer: Transfer
    snapshots: list  # (copy of the transfer, date, history type, user id)
    archives: list[ArchiveItem]
    handover: list[PropertyHandoverItem]
    ledger: list[PropertyEntry]  # the sender's ledger lines before sending
    drafted: dt.date
    sent: dt.date | None
    move: tuple | None = None  # (child, open placement, receipt date) when received


def _institution_transfers(ctx, sender: Institution, receiver: Institution,
                           plan: Transformation, children: list[Child], states: list[str],
                           today: dt.date, directors: dict[int, int], history: _History,
                           now) -> dict[str, int]:
    """The transfers of one institution's children (`states`: one per child), dated up to
    `today` (for a transformed institution: its completion date)."""
    rng = ctx.rng("transfers", sender.pk)
    if not children:
        return {}
    placements = {p.child_id: p for p in Placement.objects.filter(
        child__in=children, ended_on__isnull=True)}
    users = (directors.get(sender.pk), directors.get(receiver.pk))
    started = plan.started_on or today
    built: list[_Built] = []
    counts: dict[str, int] = {}
    for child, state in zip(children, states, strict=True):
        placement = placements.get(child.pk)
        if placement is None:  # an in-care child always has one; never move without it
            continue
        # A child admitted after the completion date (children are placed without regard to
        # the transformation state) is received on its admission day at the earliest.
        d = step_dates(rng, state, max(today, placement.started_on),
                   max(placement.started_on, started))
        b = _build(ctx, rng, state, d, child, placement, sender, receiver, users, now)
        built.append(b)
        counts[state] = counts.get(state, 0) + 1
    _write(built, sender, receiver, users[1], history, now)
    return counts


def _build(ctx, rng, state: str, d: dict, child: Child, placement: Placement,
           sender: Institution, receiver: Institution, users: tuple, now) -> _Built:
    by_sender = users[0]
    stay = rng.random() < 0.1
    t = Transfer(
        child_id=child.pk, from_institution_id=sender.pk, to_institution_id=receiver.pk,
        from_division_code=sender.division_code, to_division_code=receiver.division_code,
        status=TransferStatus.DRAFTED, reason=rng.choice(REASONS),
        planned_on=d["drafted"] + dt.timedelta(days=rng.randint(7, 45)),
        hukou_decision=HukouDecision.STAY if stay else HukouDecision.MOVE,
        hukou_stay_reason=rng.choice(STAY_REASONS) if stay else "",
        plan_told=rng.choice(TOLD), plan_accompanied_by=rng.choice(ACCOMPANIED),
        plan_familiar=rng.choice(FAMILIAR), counselling_before=rng.randint(1, 4),
        created_by_id=by_sender, updated_by_id=by_sender, created_at=now, updated_at=now,
    )
    if d["sent"] is not None:  # sent on the planned day or a few days after it
        t.planned_on = days_back(d["sent"], rng, 0, 3, d["drafted"])
    ledger = []
    if d["sent"] is not None and rng.random() < 0.35:
        for kind, description in rng.sample(PROPERTY, rng.randint(1, 2)):
            ledger.append(PropertyEntry(
                child_id=child.pk, institution_id=sender.pk, kind=kind,
                description=description,
                amount=Decimal(rng.randint(50, 5000)).quantize(Decimal("0.01")),
                on=days_back(d["sent"], rng, 30, 700, placement.started_on),
                created_by_id=by_sender))
    snapshots = []
    for on, kind, user, changes in service_steps(ctx, rng, state, d, t, ledger, users):
        if changes:
            for field, value in changes.items():
                setattr(t, field, value)
            t.version += 1
            t.updated_by_id = user
        snapshots.append((copy.copy(t), on, kind, user))
    received = state == TransferStatus.RECEIVED
    return _Built(
        transfer=t, snapshots=snapshots, archives=_archives(rng, received, d["closed"]),
        handover=_handover(rng, received, ledger), ledger=ledger, drafted=d["drafted"],
        sent=d["sent"], move=(child, placement, d["closed"]) if received else None)


def _archives(rng, received: bool, closed: dt.date | None) -> list[ArchiveItem]:
    """3-6 items, listed while drafted; confirmed one by one on receipt (a few missing)."""
    kinds = [ArchiveKind.FILE, *rng.sample(
        [ArchiveKind.MEDICAL, ArchiveKind.EDUCATION, ArchiveKind.IDENTITY,
         ArchiveKind.OTHER, ArchiveKind.OTHER], rng.randint(2, 5))]
    items = []
    for kind in kinds:
        item = ArchiveItem(kind=kind, title=ARCHIVE_TITLES[kind], pages=rng.randint(2, 80),
                           original=rng.random() < 0.85)
        if received:
            item.status = ItemStatus.MISSING if rng.random() < 0.06 else ItemStatus.RECEIVED
            item.confirmed_on = closed
        items.append(item)
    return items


def _handover(rng, received: bool, ledger: list[PropertyEntry]) -> list[PropertyHandoverItem]:
    """The ledger's balance listed on sending; confirmed on receipt (a difference noted)."""
    items = []
    for entry in ledger:
        item = PropertyHandoverItem(kind=entry.kind, description=entry.description,
                                    sent_amount=entry.amount)
        if received:
            item.confirmed_amount = entry.amount
            if rng.random() < 0.1:
                item.confirmed_amount = entry.amount - Decimal("10.00")
                item.difference_note = "清点时少10元，已说明"
        items.append(item)
    return items


def _write(built: list[_Built], sender: Institution, receiver: Institution,
           by_receiver: int | None, history: _History, now) -> None:
    transfers = [b.transfer for b in built]
    writer.assign_ids(Transfer, transfers)
    writer.write(Transfer, transfers)
    archives, handover = [], []
    for b in built:
        for snap, on, kind, user in b.snapshots:
            snap.pk = snap.id = b.transfer.pk
            history.add(Transfer, snap, on=on, kind=kind, user_id=user)
        for item in (*b.archives, *b.handover):
            item.transfer_id = b.transfer.pk
        archives.extend(b.archives)
        handover.extend(b.handover)
    writer.assign_ids(ArchiveItem, archives)
    writer.write(ArchiveItem, archives)
    writer.assign_ids(PropertyHandoverItem, handover)
    writer.write(PropertyHandoverItem, handover)
    entries = []
    for b in built:
        t, by_sender = b.transfer, b.transfer.created_by_id
        for item in b.archives:
            _added_then_confirmed(history, ArchiveItem, item, b.drafted, by_sender, t,
                                  by_receiver, status=ItemStatus.SENT, confirmed_on=None)
        for item in b.handover:
            _added_then_confirmed(history, PropertyHandoverItem, item, b.sent, by_sender, t,
                                  by_receiver, confirmed_amount=None, difference_note="")
        entries.extend(b.ledger)
        if b.move is None:
            continue
        # On receipt, the ledger balance moves: out of the sender, into the receiver.
        for item in b.handover:
            common = dict(child_id=t.child_id, kind=item.kind, description=item.description,
                          on=t.closed_on, transfer_id=t.pk, created_by_id=by_receiver)
            entries.append(PropertyEntry(institution_id=sender.pk, amount=-item.sent_amount,
                                         note="移交", **common))
            entries.append(PropertyEntry(institution_id=receiver.pk,
                                         amount=item.confirmed_amount,
                                         note=item.difference_note, **common))
    writer.assign_ids(PropertyEntry, entries)
    writer.write(PropertyEntry, entries)
    for e in entries:
        history.add(PropertyEntry, e, on=e.on, user_id=e.created_by_id)
    _move([b.move for b in built if b.move], sender, receiver, by_receiver, history, now)


def _added_then_confirmed(history: _History, model, item, on: dt.date, user: int | None,
                          t: Transfer, receiver_user: int | None, **unconfirmed) -> None:
    """History of an archive or property item: added by the sender; on receipt, confirmed
    (the '~' row) by the receiver."""
    if t.status != TransferStatus.RECEIVED:
        history.add(model, item, on=on, user_id=user)
        return
    before = copy.copy(item)
    for field, value in unconfirmed.items():
        setattr(before, field, value)
    history.add(model, before, on=on, user_id=user)
    history.add(model, item, on=t.closed_on, kind="~", user_id=receiver_user)


def _move(moves, sender: Institution, receiver: Institution, actor_id: int | None,
          history: _History, now) -> None:
    """What `child_move` does on receipt: end the open placement, open one at the receiver,
    change the child's institution and division (version bumped), with history rows."""
    if not moves:
        return
    reason = f"从{sender.name}移交"
    new = []
    for child, old, on in moves:
        old.ended_on, old.end_reason = on, reason
        old.updated_by_id, old.updated_at = actor_id, now
        new.append(Placement(
            child_id=child.pk, institution_id=receiver.pk, kind=PlacementKind.INSTITUTION,
            started_on=on, start_reason=reason, created_by_id=actor_id,
            updated_by_id=actor_id, created_at=now, updated_at=now))
        child.current_institution_id, child.division_code = receiver.pk, receiver.division_code
        child.version += 1
        child.updated_by_id, child.updated_at = actor_id, now
    # The old placements end first: one open placement per child at every moment.
    Placement.objects.bulk_update([m[1] for m in moves],
                                  ["ended_on", "end_reason", "updated_by", "updated_at"],
                                  batch_size=500)
    writer.assign_ids(Placement, new)
    writer.write(Placement, new)
    Child.objects.bulk_update([m[0] for m in moves],
                              ["current_institution", "division_code", "version",
                               "updated_by", "updated_at"], batch_size=500)
    for (child, old, on), placement in zip(moves, new, strict=True):
        history.add(Placement, old, on=on, kind="~", user_id=actor_id, reason=reason)
        history.add(Placement, placement, on=on, user_id=actor_id, reason=reason)
        history.add(Child, child, on=on, kind="~", user_id=actor_id, reason=reason)
