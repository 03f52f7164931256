"""The long-term exits of the generated protection cases (art. 94, issue 16): the child goes
to the county's receiving institution, as `cwis/protection/services/exits.py` has it.

The protection-case step (`protection.py`, `protection_steps.exit_`) closes a case with the
outcome "long-term guardianship" and its ground, and stops there. This step, added after it
(a national database generated before keeps its cases and runs only this step), gives each
such case what the exit and the receipt or intake would have written:

- the county's receiving institution (`institutions.CountyReceiver`: the prefecture's child
  welfare institution, else the province's, as the transfers step assigns them) where the
  province layout names none yet, and the case's `receiver`;
- a child in care of a county institution: a received transfer from it to the receiver
  (drafted the day of the exit decision by the case's worker, approved by the county
  officer, sent and received on the closing day by the receiver's director, with its archive
  items, as the transfers step builds them), the move (`child_move`'s effects), then the
  long-term guardianship (`child_long_term_guardianship`'s effects: an intake at the
  receiver with the legal basis in force for the category the ground fits, the file's
  guardianship long-term since that day); the case points at the transfer;
- a child of the community registry (with relatives or a foster family): the receiving
  institution's direct long-term intake on the closing day (`child_take_into_care`'s
  effects: the intake and its placement, the file in care at the receiver with long-term
  guardianship, the registry closed as "taken into care", the community visit deadlines
  cancelled, the turning-18 deadline opened);
- the case closed by the receiver's director (the receipt or intake closes it), version
  bumped, with a history row.

A case whose child cannot have moved so (the file closed or moved away since, an open
transfer of the transfers step, a placement or registration after the exit, 18 or older on
the closing day) keeps its exit without a move; it is counted as skipped. Batches are groups
of counties, each written in one transaction with its marker; each case draws from its own
random stream, so a batch is rebuilt alone when a run is resumed.
"""

import datetime as dt
import time
from dataclasses import dataclass, field

from django.db import transaction
from django.utils import timezone

from cwis.accounts.models import User
from cwis.children.choices import (
    ChildStatus,
    DeadlineKind,
    DeadlineOutcome,
    GuardianKind,
    PlacementKind,
    RegistryExitReason,
)
from cwis.children.legal import LEGAL_BASES, default_legal_basis
from cwis.children.models import Child, ChildDeadline, Intake, Placement
from cwis.children.services.rules import add_years
from cwis.core.models import Division
from cwis.institutions.models import (
    CountyReceiver,
    Institution,
    InstitutionKind,
    InstitutionLevel,
)
from cwis.protection.models import CaseOutcome, CaseState, ProtectionCase
from cwis.protection.services.exits import GROUND_CATEGORY
from cwis.synthetic import protection, writer
from cwis.synthetic import transfers as transfer_rows
from cwis.synthetic.context import Context, progress, scale_counties, scale_institutions
from cwis.synthetic.transfer_states import at_ten
from cwis.transfers.models import Transfer, TransferStatus

COUNTIES_PER_BATCH = 200
TRANSFER_REASON = "依法转为长期监护（未成年人保护法第九十四条），移交县域儿童福利机构"
INTAKE_REASON = "长期监护接收入院"
OPEN_TRANSFER = (TransferStatus.DRAFTED, TransferStatus.APPROVED, TransferStatus.SENT)


@dataclass
class _Batch:
    """What one batch of counties writes, gathered before writing."""

    now: dt.datetime
    history: transfer_rows._History = field(default_factory=transfer_rows._History)
    transfers: dict[tuple[int, int], list] = field(default_factory=dict)  # (from, to): built
    moved: list = field(default_factory=list)  # (case, child, receiver) by transfer
    taken: list = field(default_factory=list)  # (case, child, receiver) by direct intake
    skipped: int = 0


def _directors(institutions: list[Institution]) -> dict[int, int]:
    return {int(u.removeprefix("syn-director-")): pk for u, pk in User.objects.filter(
        username__in=[f"syn-director-{i.pk}" for i in institutions]).values_list(
        "username", "pk")}


def _receivers(codes: set[str], by_code: dict[str, Institution], history,
               now) -> dict[str, int]:
    """{county code: receiving institution id}, assigning one where the layout has none."""
    found = dict(CountyReceiver.objects.filter(division_code__in=codes).values_list(
        "division_code", "receiver_id"))
    missing = sorted(codes - set(found))
    counties = dict(Division.objects.filter(code__in=missing, valid_to__isnull=True)
                    .values_list("code", "pk"))
    rows = []
    for code in missing:
        receiver = by_code.get(code[:4] + "00") or by_code.get(code[:2] + "0000")
        if receiver is None or code not in counties:
            continue
        rows.append(CountyReceiver(county_id=counties[code], division_code=code,
                                   receiver=receiver, created_at=now, updated_at=now))
        found[code] = receiver.pk
    writer.assign_ids(CountyReceiver, rows)
    writer.write(CountyReceiver, rows)
    for row in rows:
        history.add(CountyReceiver, row, on=now)
    return found


def _adult_on(child: Child, day: dt.date) -> bool:
    return add_years(child.birth_date, 18) <= day


def _by_transfer(ctx: Context, b: _Batch, case: ProtectionCase, child: Child,
                 placement: Placement | None, sender: Institution | None,
                 receiver: Institution, users: tuple[int, int, int | None]) -> bool:
    """A received transfer from the child's county institution to the receiver."""
    worker, officer, by_receiver = users
    if (placement is None or sender is None or sender.pk == receiver.pk
            or sender.level != InstitutionLevel.COUNTY
            or placement.started_on > case.exit_on or _adult_on(child, case.closed_on)):
        return False
    rng = ctx.rng("long_term", case.pk)
    span = (case.closed_on - case.exit_on).days
    approved = case.exit_on + dt.timedelta(days=min(span, rng.randint(0, 3)))
    sent = max(approved, case.closed_on - dt.timedelta(days=rng.randint(0, 2)))
    dates = {"drafted": case.exit_on, "approved": approved, "sent": sent,
             "closed": case.closed_on}
    built = transfer_rows._build(ctx, rng, TransferStatus.RECEIVED, dates, child, placement,
                                 sender, receiver, (worker, by_receiver), b.now)
    for t in (built.transfer, *(snap for snap, *_rest in built.snapshots)):
        t.reason = TRANSFER_REASON
        if t.approved_on is not None:
            t.approved_by_id = officer
    approval = built.snapshots[1][0]
    approval.updated_by_id = officer
    b.transfers.setdefault((sender.pk, receiver.pk), []).append(built)
    b.moved.append((case, child, receiver, built.transfer))
    return True


def _long_term_intake(child: Child, receiver: Institution, case: ProtectionCase,
                      by_receiver: int | None, now, **extra) -> Intake:
    category = GROUND_CATEGORY[case.long_term_ground]
    code = default_legal_basis(case.closed_on, category, GuardianKind.LONG_TERM)
    basis = LEGAL_BASES[code]
    child.guardian_kind = GuardianKind.LONG_TERM
    child.guardianship_situation = case.long_term_ground
    child.guardianship_since = case.closed_on
    child.version += 1
    child.updated_by_id, child.updated_at = by_receiver, now
    return Intake(
        child_id=child.pk, institution_id=receiver.pk, intake_on=case.closed_on,
        category=category, legal_basis=code, legal_basis_law=basis.law,
        legal_basis_version=basis.version, legal_basis_article=basis.article,
        legal_basis_item=basis.item, legal_basis_text=basis.text, created_by_id=by_receiver,
        updated_by_id=by_receiver, created_at=now, updated_at=now, **extra)


def _write_moves(b: _Batch, institutions: dict[int, Institution], directors: dict[int, int]
                 ) -> None:
    """The transfers and moves (the transfers step's writer), then the long-term
    guardianship each receipt gives."""
    for (sender, receiver), built in b.transfers.items():
        transfer_rows._write(built, institutions[sender], institutions[receiver],
                             directors.get(receiver), b.history, b.now)
    intakes, children = [], []
    for case, child, receiver, _transfer in b.moved:
        by_receiver = directors.get(receiver.pk)
        intakes.append(_long_term_intake(child, receiver, case, by_receiver, b.now))
        children.append(child)
    writer.assign_ids(Intake, intakes)
    writer.write(Intake, intakes)
    Child.objects.bulk_update(children, ["guardian_kind", "guardianship_situation",
                                         "guardianship_since", "version", "updated_by",
                                         "updated_at"], batch_size=500)
    for intake, child in zip(intakes, children, strict=True):
        b.history.add(Intake, intake, on=intake.intake_on, user_id=intake.created_by_id)
        b.history.add(Child, child, on=intake.intake_on, kind="~",
                      user_id=intake.created_by_id, reason="长期监护")


def _write_intakes(b: _Batch, directors: dict[int, int]) -> None:
    """The receiving institution's direct long-term intake of a community child."""
    intakes, placements, deadlines, children = [], [], [], []
    for case, child, receiver in b.taken:
        by_receiver = directors.get(receiver.pk)
        on = case.closed_on
        intakes.append(_long_term_intake(child, receiver, case, by_receiver, b.now,
                                         received_from=f"未成年人保护个案 {case.pk}"))
        child.status, child.current_institution_id = ChildStatus.IN_CARE, receiver.pk
        child.division_code = receiver.division_code
        child.registry_closed_on = on
        child.registry_exit_reason = RegistryExitReason.TAKEN_INTO_CARE
        children.append(child)
        placements.append(Placement(
            child_id=child.pk, institution_id=receiver.pk, kind=PlacementKind.INSTITUTION,
            started_on=on, start_reason=INTAKE_REASON, created_by_id=by_receiver,
            updated_by_id=by_receiver, created_at=b.now, updated_at=b.now))
        eighteen = add_years(child.birth_date, 18)
        deadlines.append(ChildDeadline(
            child_id=child.pk, kind=DeadlineKind.TURNS_18, started_on=on, due_on=eighteen,
            visible_from=eighteen - dt.timedelta(days=183), created_by_id=by_receiver,
            updated_by_id=by_receiver, created_at=b.now, updated_at=b.now))
    _cancel_community_deadlines(b)
    for model, rows in ((Intake, intakes), (Placement, placements),
                        (ChildDeadline, deadlines)):
        writer.assign_ids(model, rows)
        writer.write(model, rows)
    Child.objects.bulk_update(children, [
        "status", "current_institution", "division_code", "registry_closed_on",
        "registry_exit_reason", "guardian_kind", "guardianship_situation",
        "guardianship_since", "version", "updated_by", "updated_at"], batch_size=500)
    for intake, placement, deadline, child in zip(intakes, placements, deadlines, children,
                                                  strict=True):
        user = intake.created_by_id
        for model, row in ((Intake, intake), (Placement, placement),
                           (ChildDeadline, deadline)):
            b.history.add(model, row, on=intake.intake_on, user_id=user)
        b.history.add(Child, child, on=intake.intake_on, kind="~", user_id=user,
                      reason=INTAKE_REASON)


def _cancel_community_deadlines(b: _Batch) -> None:
    """The community visit deadlines close, cancelled, the day the child is taken in."""
    taken_on = {child.pk: case.closed_on for case, child, _receiver in b.taken}
    open_ = list(ChildDeadline.objects.filter(
        child_id__in=list(taken_on), closed_on__isnull=True,
        kind__in=(DeadlineKind.COMMUNITY_VISIT, DeadlineKind.COMMUNITY_FOLLOW_UP)))
    for deadline in open_:
        deadline.closed_on = taken_on[deadline.child_id]
        deadline.outcome = DeadlineOutcome.CANCELLED
        deadline.updated_at = b.now
    ChildDeadline.objects.bulk_update(open_, ["closed_on", "outcome", "updated_at"],
                                      batch_size=500)
    for deadline in open_:
        b.history.add(ChildDeadline, deadline, on=deadline.closed_on, kind="~")


def _close_cases(b: _Batch, directors: dict[int, int]) -> None:
    """The receipt or the intake closed the case: its receiver, transfer and closer."""
    cases = []
    for case, _child, receiver, *transfer in (*b.moved, *b.taken):
        case.receiver_id = receiver.pk
        case.transfer_id = transfer[0].pk if transfer else None
        case.closed_by_id = directors.get(receiver.pk) or case.closed_by_id
        case.version += 1
        case.updated_by_id, case.updated_at = case.closed_by_id, b.now
        cases.append(case)
    ProtectionCase.objects.bulk_update(cases, ["receiver", "transfer", "closed_by", "version",
                                               "updated_by", "updated_at"], batch_size=500)
    for case in cases:
        b.history.add(ProtectionCase, case, on=at_ten(case.closed_on), kind="~",
                      user_id=case.closed_by_id, reason="结案")


def _batch(ctx: Context, codes: list[str], b: _Batch, by_code: dict[str, Institution],
           institutions: dict[int, Institution], directors: dict[int, int]) -> int:
    cases = list(ProtectionCase.objects.filter(
        county_code__in=codes, outcome=CaseOutcome.LONG_TERM, state=CaseState.CLOSED,
        receiver__isnull=True).select_related("child").order_by("pk"))
    if not cases:
        return 0
    receivers = _receivers({c.county_code for c in cases}, by_code, b.history, b.now)
    staff = protection._county_staff(sorted({c.county_code for c in cases}))
    child_ids = [c.child_id for c in cases]
    placements = {p.child_id: p for p in Placement.objects.filter(
        child_id__in=child_ids, ended_on__isnull=True)}
    busy = set(Transfer.objects.filter(child_id__in=child_ids, status__in=OPEN_TRANSFER)
               .values_list("child_id", flat=True))
    for case in cases:
        receiver = institutions.get(receivers.get(case.county_code))
        child = case.child
        worker, officer = staff.get(case.county_code, (case.exit_by_id, case.exit_by_id))
        users = (case.exit_by_id or worker, officer, directors.get(receiver.pk)
                 if receiver else None)
        done = False
        if receiver is None or child.pk in busy or case.closed_on is None:
            pass
        elif child.status == ChildStatus.IN_CARE:
            done = _by_transfer(ctx, b, case, child, placements.get(child.pk),
                                institutions.get(child.current_institution_id), receiver,
                                users)
        elif (child.status == ChildStatus.IN_COMMUNITY and not _adult_on(child, case.closed_on)
              and (child.registered_on is None or child.registered_on <= case.closed_on)):
            b.taken.append((case, child, receiver))
            done = True
        b.skipped += not done
    _write_moves(b, institutions, directors)
    _write_intakes(b, directors)
    _close_cases(b, directors)
    b.history.write()
    return len(b.moved) + len(b.taken)


def step_long_term(ctx: Context) -> None:
    if not ctx.scale.protection_cases_per_year:
        return
    codes = [c.code for c in scale_counties(ctx)]
    batches = [codes[i:i + COUNTIES_PER_BATCH] for i in range(0, len(codes),
                                                                COUNTIES_PER_BATCH)]
    everyone = scale_institutions(ctx)
    institutions = {i.pk: i for i in everyone}
    by_code = {i.division_code: i for i in everyone
               if i.level in (InstitutionLevel.PROVINCE, InstitutionLevel.PREFECTURE)
               and i.kind == InstitutionKind.CHILD_WELFARE}
    directors = _directors(everyone)
    started = time.monotonic()
    totals = {"transfers": 0, "intakes": 0, "skipped": 0}
    for batch_no, batch in enumerate(batches):
        key = ctx.marker("long_term", batch_no)
        if not writer.marker_done(key):
            b = _Batch(now=timezone.now())
            with transaction.atomic():
                _batch(ctx, batch, b, by_code, institutions, directors)
                writer.marker_set(key)
            totals["transfers"] += len(b.moved)
            totals["intakes"] += len(b.taken)
            totals["skipped"] += b.skipped
        progress(ctx, "long-term", min(len(codes), (batch_no + 1) * COUNTIES_PER_BATCH),
                 len(codes), started)
    ctx.add("long-term transfers", totals["transfers"])
    ctx.add("long-term intakes", totals["intakes"])
    ctx.out(f"\nlong-term    {totals['transfers']} transfers received, {totals['intakes']} "
            f"direct intakes, {totals['skipped']} exits left without a move\n")
