"""The generator at tiny scale (runs on SQLite and PostgreSQL), and query-count guards on the
pages and endpoints the benchmarks time, over generated data."""

import datetime as dt

import pytest
from django.urls import reverse

from cwis.accounts.models import SecurityEvent, User
from cwis.children.choices import ChildStatus, PlacementKind
from cwis.children.models import Child, ChildDeadline, Intake, Placement
from cwis.core.models import AccessLog, Division, DivisionLevel
from cwis.core.permissions import Role
from cwis.core.todo import todo_for
from cwis.core.validators import validate_citizen_id
from cwis.institutions.models import (
    CountyReceiver,
    Institution,
    InstitutionLevel,
    TransformationState,
)
from cwis.institutions.transformation import checklist
from cwis.synthetic import access, security
from cwis.synthetic.context import SCALES
from cwis.synthetic.generate import generate
from cwis.transfers.models import (
    OPEN_STATUSES,
    ArchiveItem,
    ItemStatus,
    PropertyEntry,
    Transfer,
    TransferStatus,
)

TODAY = dt.date(2026, 6, 1)


@pytest.fixture
def tiny(db):
    return generate(scale="tiny", seed=7, today=TODAY, out=lambda _s: None)


def test_tiny_generation_is_consistent(tiny):
    children = Child.objects.filter(status__in=[ChildStatus.IN_CARE, ChildStatus.LEFT_CARE])
    # The children step's, and the community children a protection case's long-term exit
    # took into care (cwis/synthetic/long_term.py).
    taken = tiny.counts.get("long-term intakes", 0)
    long_term = tiny.counts.get("long-term transfers", 0)
    assert children.count() == SCALES["tiny"].children_in_care + taken
    # One placement per intake, and one more per received transfer (the move on receipt);
    # a long-term transfer's receipt adds the long-term intake, without a placement.
    received = Transfer.objects.filter(status=TransferStatus.RECEIVED).count()
    assert Intake.objects.count() == children.count() + long_term
    # ... and one more per foster placement (the family care step moves children out).
    fostered = Placement.objects.filter(kind=PlacementKind.FOSTER_FAMILY).count()
    assert Placement.objects.count() == children.count() + received + fostered
    # Every open file is in an institution, with one open placement there.
    for child in children.filter(status=ChildStatus.IN_CARE):
        placement = Placement.objects.get(child=child, ended_on__isnull=True)
        assert placement.institution_id == child.current_institution_id
        assert child.division_code == child.current_institution.division_code
    ids = [c for c in children.values_list("citizen_id", flat=True) if c]
    assert len(ids) == len(set(ids))
    for number in ids:
        validate_citizen_id(number, today=TODAY)  # raises if not valid
    assert ChildDeadline.objects.filter(kind="turns_18").exists()
    assert Child.history.filter(history_type="+").count() == Child.objects.count()
    assert Child.history.filter(history_type="~").count() == received + long_term + taken
    assert Institution.history.count() == Institution.objects.count()
    assert User.objects.filter(role=Role.DIRECTOR).count() == Institution.objects.count()


def test_tiny_community_registry_is_consistent(tiny):
    community = Child.objects.filter(status__in=[ChildStatus.IN_COMMUNITY,
                                                 ChildStatus.OFF_REGISTER])
    taken = tiny.counts.get("long-term intakes", 0)  # into care by a long-term exit
    assert community.count() + taken == SCALES["tiny"].community_children
    villages = {d.code: d for d in Division.objects.filter(level=DivisionLevel.VILLAGE)}
    ids = [c for c in Child.objects.values_list("citizen_id", flat=True) if c]
    assert len(ids) == len(set(ids))  # unique across care and community
    for child in community:
        village = villages[child.division_code]  # every file sits in a generated village
        assert village.parent.parent_id == child.hukou_division_id
        assert child.current_institution_id is None
        assert child.registered_on
        assert child.search_pinyin == child.name_pinyin
        if child.citizen_id:
            validate_citizen_id(child.citizen_id, today=TODAY)
            assert child.citizen_id.startswith(child.division_code[:6])
        assert child.categories, child.pk
        open_visits = ChildDeadline.objects.filter(child=child, kind="community_visit",
                                                   closed_on__isnull=True).count()
        assert open_visits == (1 if child.status == ChildStatus.IN_COMMUNITY else 0)
    supervisor = User.objects.filter(role=Role.CHILD_SUPERVISOR).first()
    assert supervisor.division.level == DivisionLevel.TOWNSHIP
    assert User.objects.filter(role=Role.CHILD_DIRECTOR).exists()


def test_generation_is_resumable_and_idempotent(db, monkeypatch):
    # Small batches, so that the accounts made after the log steps (care staff, protection
    # workers) fall in batches of their own: a rerun must not give them entries.
    monkeypatch.setattr(access, "ACCOUNTS_PER_BATCH", 5)
    monkeypatch.setattr(security, "ACCOUNTS_PER_BATCH", 5)
    generate(scale="tiny", seed=7, today=TODAY, out=lambda _s: None)

    def counts():
        return (Child.objects.count(), Institution.objects.count(), User.objects.count(),
                Transfer.objects.count(), Placement.objects.count(),
                CountyReceiver.objects.count(),
                # The logs: accounts made by steps after theirs get no entries on a rerun.
                AccessLog.objects.count(), SecurityEvent.objects.count())

    before = counts()
    again = generate(scale="tiny", seed=7, today=TODAY, out=lambda _s: None)
    assert counts() == before
    assert again.counts.get("children", 0) == 0
    assert again.counts.get("transfers", 0) == 0


def test_tiny_transfers_in_every_state(tiny):
    statuses = set(Transfer.objects.values_list("status", flat=True))
    assert statuses == set(TransferStatus.values)
    assert tiny.counts["transfers"] == Transfer.objects.count()
    # Every county institution handing over or transformed has its receiver.
    for inst in Institution.objects.filter(
            level=InstitutionLevel.COUNTY, transformation__state__in=[
                TransformationState.HANDING_OVER, TransformationState.TRANSFORMED]):
        receiver = CountyReceiver.objects.get(county_id=inst.division_id).receiver
        assert receiver.level in (InstitutionLevel.PREFECTURE, InstitutionLevel.PROVINCE)
        assert receiver.division_code[:2] == inst.division_code[:2]
    # No child has two open transfers; every open one is of a child still at the sender.
    open_transfers = Transfer.objects.filter(status__in=OPEN_STATUSES)
    children = list(open_transfers.values_list("child_id", flat=True))
    assert len(children) == len(set(children))
    for t in open_transfers.select_related("child"):
        assert t.child.current_institution_id == t.from_institution_id
    for t in Transfer.objects.select_related("child"):
        assert t.to_institution_id != t.from_institution_id
        dates = [d for d in (t.approved_on, t.sent_on, t.closed_on) if d]
        assert dates == sorted(dates), t.pk
        assert all(d <= TODAY for d in dates), t.pk
        assert 3 <= t.archive_items.count() <= 6
        if t.status in (TransferStatus.RETURNED, TransferStatus.CANCELLED):
            assert t.close_reason
            assert t.closed_by_id
        if t.status == TransferStatus.CANCELLED:
            assert t.sent_on is None
        if t.status in (TransferStatus.APPROVED, TransferStatus.SENT, TransferStatus.RECEIVED,
                        TransferStatus.RETURNED):
            assert t.approved_by.username == f"syn-director-{t.from_institution_id}"
        if t.status == TransferStatus.RECEIVED:
            assert t.closed_by.username == f"syn-director-{t.to_institution_id}"
            statuses = set(t.archive_items.values_list("status", flat=True))
            assert statuses <= {ItemStatus.RECEIVED, ItemStatus.MISSING}
            assert t.property_items.filter(confirmed_amount__isnull=True).count() == 0
        else:
            assert not ArchiveItem.objects.filter(transfer=t).exclude(
                status=ItemStatus.SENT).exists()
        if t.hukou_decision == "stay":
            assert t.hukou_stay_reason


def test_received_transfers_moved_the_child(tiny):
    received = Transfer.objects.filter(status=TransferStatus.RECEIVED).select_related("child")
    assert received.exists()
    for t in received:
        child = t.child
        assert child.status == ChildStatus.IN_CARE
        assert child.current_institution_id == t.to_institution_id
        assert child.division_code == t.to_division_code
        open_placements = Placement.objects.filter(child=child, ended_on__isnull=True)
        assert [(p.institution_id, p.started_on) for p in open_placements] == [
            (t.to_institution_id, t.closed_on)]
        ended = Placement.objects.get(child=child, institution_id=t.from_institution_id)
        assert ended.ended_on == t.closed_on
        # The ledger moved with the child: nothing left at the sender.
        held = sum(PropertyEntry.objects.filter(
            child=child, institution_id=t.from_institution_id).values_list("amount", flat=True))
        assert held == 0
        if t.hukou_status == "done":
            assert t.hukou_requested_on <= t.hukou_done_on <= TODAY


def test_checklist_and_todo_run_over_generated_transfers(tiny):
    for inst in Institution.objects.filter(level=InstitutionLevel.COUNTY):
        entries = {e.key: e for e in checklist(inst)}
        assert "children_transferred" in entries
    # A child sent and not received: the sender's handover is not done.
    sender = Transfer.objects.filter(status=TransferStatus.SENT).first().from_institution
    assert not {e.key: e for e in checklist(sender)}["children_transferred"].done
    kinds = set()
    for user in User.objects.filter(role__in=[Role.DIRECTOR, Role.PROVINCE_OFFICER,
                                              Role.PREFECTURE_OFFICER, Role.COUNTY_OFFICER]):
        kinds |= {item.kind for item in todo_for(user, today=TODAY)}
    assert {"transfer.not_sent", "transfer.not_received"} <= kinds


def _users():
    return {
        "county": User.objects.filter(role=Role.COUNTY_OFFICER).order_by("pk").first(),
        "province": User.objects.get(role=Role.PROVINCE_OFFICER),
        "ministry": User.objects.get(role=Role.MINISTRY_OFFICER),
        "director": User.objects.filter(role=Role.DIRECTOR).order_by("pk").first(),
    }


def test_lists_dashboards_and_todo_run_a_fixed_number_of_queries(
    tiny, api, web, django_assert_max_num_queries
):
    users = _users()
    for key in ("county", "province", "ministry"):
        client = api(users[key])
        with django_assert_max_num_queries(6):
            assert client.get("/children", limit=50, q="w").status_code == 200
        # Each panel runs its own few queries (care services added seven; protection cases
        # one per kind of record counted, for the panel and the table per area; the stored
        # figures per area three lookups, and a refresh request the first time; safety five:
        # hazards, inspections, drills, incidents, and the hazards per area; two per care,
        # upbringing and family-care figure: the records' child ids, then the count).
        with django_assert_max_num_queries(110):
            assert client.get("/dashboard").status_code == 200
    page = web(users["province"])
    with django_assert_max_num_queries(15):
        assert page.get(reverse("child_list")).status_code == 200
    with django_assert_max_num_queries(110):
        assert page.get(reverse("dashboard")).status_code == 200
    # Each module's to-do provider runs its own few queries (transfers added four, care
    # services five: plans awaiting approval, plans due, health checks, assistance, report;
    # protection cases two for the escalated case items; upbringing and adoption, family
    # care and safety a few each).
    for key in ("director", "province"):
        with django_assert_max_num_queries(40):
            assert api(users[key]).get("/todo").status_code == 200
        with django_assert_max_num_queries(55):
            assert web(users[key]).get(reverse("todo")).status_code == 200
