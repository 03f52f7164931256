"""The long-term exits step of the generator at tiny scale: every long-term exit whose child
could move has its receiving institution, and either a received transfer from the county
institution (the move and the long-term intake) or the receiver's direct intake of the
community child; the case points at them; running it again adds nothing."""

import datetime as dt

import pytest
from django.utils import timezone

from cwis.accounts.models import User
from cwis.children.choices import ChildStatus, GuardianKind, RegistryExitReason
from cwis.children.models import Child, ChildDeadline, Intake, Placement
from cwis.core.permissions import Role
from cwis.institutions.models import CountyReceiver, InstitutionLevel
from cwis.protection.models import CaseOutcome, CaseState, ProtectionCase
from cwis.protection.services.exits import GROUND_CATEGORY
from cwis.synthetic import long_term
from cwis.synthetic.context import SCALES, Context
from cwis.synthetic.generate import generate
from cwis.transfers.models import OPEN_STATUSES, Transfer, TransferStatus

TODAY = dt.date(2026, 6, 1)


@pytest.fixture
def tiny(db):
    return generate(scale="tiny", seed=7, today=TODAY, out=lambda _s: None)


def _check_moved(case: ProtectionCase) -> None:
    child = Child.objects.get(pk=case.child_id)
    assert child.status == ChildStatus.IN_CARE
    assert child.current_institution_id == case.receiver_id
    assert child.guardian_kind == GuardianKind.LONG_TERM
    assert child.guardianship_situation == case.long_term_ground
    assert child.guardianship_since == case.closed_on
    # The receiver's placement from the closing day (a later step may have fostered the
    # child since: the foster placement is then the open one).
    assert Placement.objects.filter(child=child, institution_id=case.receiver_id,
                                    started_on=case.closed_on).exists()
    intake = Intake.objects.get(child=child, institution_id=case.receiver_id,
                                intake_on=case.closed_on)
    assert intake.category == GROUND_CATEGORY[case.long_term_ground]
    assert intake.legal_basis
    assert intake.legal_basis_text
    assert case.closed_by == User.objects.get(username=f"syn-director-{case.receiver_id}")
    receiver = CountyReceiver.objects.get(division_code=case.county_code)
    assert receiver.receiver_id == case.receiver_id


def test_community_children_of_long_term_exits_are_taken_in_by_the_receiver(tiny):
    cases = ProtectionCase.objects.filter(outcome=CaseOutcome.LONG_TERM)
    moved = cases.filter(receiver__isnull=False)
    assert moved.count() == (tiny.counts["long-term intakes"]
                             + tiny.counts["long-term transfers"]) > 0
    for case in moved.filter(transfer__isnull=True):
        _check_moved(case)
        child = case.child
        assert child.registry_exit_reason == RegistryExitReason.TAKEN_INTO_CARE
        assert child.registry_closed_on == case.closed_on
        assert not ChildDeadline.objects.filter(child=child, kind="community_visit",
                                                closed_on__isnull=True).exists()
        assert ChildDeadline.objects.filter(child=child, kind="turns_18",
                                            closed_on__isnull=True).exists()
    assert ProtectionCase.history.filter(history_type="~").count() == moved.count()
    before = (Intake.objects.count(), Placement.objects.count(), Transfer.objects.count())
    again = generate(scale="tiny", seed=7, today=TODAY, out=lambda _s: None)
    assert again.counts.get("long-term intakes", 0) == 0
    assert (Intake.objects.count(), Placement.objects.count(),
            Transfer.objects.count()) == before


def _child_in_a_county_institution() -> tuple[Child, Placement]:
    busy = Transfer.objects.filter(status__in=OPEN_STATUSES).values("child")
    children = (Child.objects.filter(status=ChildStatus.IN_CARE,
                                     current_institution__level=InstitutionLevel.COUNTY,
                                     birth_date__gt=TODAY - dt.timedelta(days=365 * 16),
                                     protection_cases__isnull=True)
                .exclude(pk__in=busy).order_by("pk"))
    for child in children:
        placement = Placement.objects.get(child=child, ended_on__isnull=True)
        if placement.started_on < TODAY - dt.timedelta(days=90):
            return child, placement
    raise AssertionError("no child in a county institution to exit")


def test_a_child_in_a_county_institution_goes_by_a_received_transfer(tiny):
    child, placement = _child_in_a_county_institution()
    county = child.division_code[:6]
    officer = User.objects.filter(role=Role.COUNTY_OFFICER, division__code=county).first()
    closed = TODAY - dt.timedelta(days=20)
    now = timezone.now()
    case = ProtectionCase.objects.create(
        child=child, county_code=county, state=CaseState.CLOSED,
        opened_on=TODAY - dt.timedelta(days=80), opened_by=officer, situation="neglect",
        reported_by="police", reported_at=now, circumstances="-", safety_check="-",
        placement="institution", placed_at=now, first_assessment_due=TODAY,
        closed_on=closed, closed_by=officer, outcome=CaseOutcome.LONG_TERM,
        exit_on=TODAY - dt.timedelta(days=40), exit_by=officer, long_term_ground="mpl94_2")
    # Another run (another seed's markers) over the same counties picks the case up.
    ctx = Context(scale_name="tiny", scale=SCALES["tiny"], seed=8, today=TODAY,
                  out=lambda _s: None)
    long_term.step_long_term(ctx)
    assert ctx.counts["long-term transfers"] == 1
    case.refresh_from_db()
    _check_moved(case)
    transfer = case.transfer
    assert transfer.status == TransferStatus.RECEIVED
    assert (transfer.child_id, transfer.from_institution_id, transfer.to_institution_id) == (
        child.pk, placement.institution_id, case.receiver_id)
    assert transfer.closed_on == closed
    assert transfer.approved_by == officer
    assert case.exit_on <= transfer.approved_on <= transfer.sent_on <= closed
    placement.refresh_from_db()
    assert placement.ended_on == closed
    assert Intake.objects.filter(child=child).count() == 2  # the first, the long-term one
