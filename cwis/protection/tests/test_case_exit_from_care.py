"""A child in the care of the county's protection institution goes home from the case: the
exit records the child's leaving care on the file in the same step (the children app's
internal operation), then the follow-up visits run as for a child at home."""

import datetime as dt

import pytest
from django.core.exceptions import ValidationError

from cwis.children.choices import ChildStatus, GuardianKind, GuardianshipSituation, LeaveReason
from cwis.children.models import Child
from cwis.children.services import rules as child_rules
from cwis.children.tests.factories import ChildFactory, IntakeFactory, PlacementFactory
from cwis.conftest import COUNTY_A
from cwis.institutions.models import InstitutionKind
from cwis.institutions.tests.factories import InstitutionFactory
from cwis.protection.models import CaseOutcome, CaseState, Recommendation
from cwis.protection.services import cases as services
from cwis.protection.services import exits
from cwis.protection.tests.factories import found_alone, guardian_able

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("frozen_today")]


@pytest.fixture
def ward():
    """A temporary ward living in the county's protection institution since 2026-01-05."""
    centre = InstitutionFactory(division_code=COUNTY_A, kind=InstitutionKind.MINORS_PROTECTION,
                                name="南昌县未成年人救助保护中心")
    child = ChildFactory(current_institution=centre, guardian_kind=GuardianKind.TEMPORARY,
                         guardianship_situation=GuardianshipSituation.TMP_NEGLECT,
                         placed=False)
    IntakeFactory(child=child, institution=centre, intake_on=dt.date(2026, 1, 5))
    PlacementFactory(child=child, institution=centre, started_on=dt.date(2026, 1, 5))
    return child


def ready_case(case_users, child, recommendation=Recommendation.RETURN_TO_GUARDIAN):
    case = services.case_open(actor=case_users.worker, child_id=child.pk, data=found_alone())
    assessment = services.assessment_record(actor=case_users.worker, case_id=case.pk,
                                            data=guardian_able(recommendation=recommendation))
    services.assessment_confirm(actor=case_users.officer, assessment_id=assessment.pk,
                                version=1)
    case.refresh_from_db()
    return case


def go_home(actor, case, **overrides):
    kwargs = {"actor": actor, "case_id": case.pk, "version": case.version,
              "outcome": CaseOutcome.RETURNED, "exit_on": dt.date(2026, 2, 1),
              "follow_up_months": 4, "visit_every_months": 2}
    kwargs.update(overrides)
    return exits.case_exit_home(**kwargs)


def test_going_home_from_the_protection_institution_records_the_leaving(case_users, ward):
    case = go_home(case_users.worker, ready_case(case_users, ward), note="回到父亲身边")
    assert (case.state, case.outcome) == (CaseState.OPEN, CaseOutcome.RETURNED)
    assert case.follow_ups.count() == 2
    child = Child.objects.get(pk=ward.pk)
    assert (child.status, child.left_care_on, child.leave_reason, child.leave_destination) == (
        ChildStatus.LEFT_CARE, dt.date(2026, 2, 1), LeaveReason.FAMILY, "回到父亲身边")
    assert f"{case.pk}" in child.leave_note
    placement = child.placements.get()
    assert placement.ended_on == dt.date(2026, 2, 1)
    assert child.history.first().history_user == case_users.worker


def test_entrusting_to_relatives_leaves_care_under_art_93(case_users, ward):
    case = ready_case(case_users, ward, recommendation=Recommendation.ENTRUST_RELATIVES)
    go_home(case_users.officer, case, outcome=CaseOutcome.ENTRUSTED,
            note="由舅舅张某照料，住本县城关镇")
    child = Child.objects.get(pk=ward.pk)
    assert (child.status, child.leave_reason, child.leave_destination) == (
        ChildStatus.LEFT_CARE, LeaveReason.OTHER_BY_LAW, "由舅舅张某照料，住本县城关镇")


def test_the_leavings_refusals_come_with_the_exits_and_nothing_is_written(case_users, ward):
    case = ready_case(case_users, ward)
    with pytest.raises(ValidationError) as info:
        go_home(case_users.worker, case, exit_on=dt.date(2026, 1, 4), follow_up_months=30)
    # Every refusal at once, each once beside its field (the date's refused by the exit's
    # own rule is not checked again by the leaving's).
    assert info.value.message_dict == {
        "exit_on": [str(exits.MSG_EXIT_BEFORE_ASSESSMENT)],
        "follow_up_months": [str(exits.MSG_FOLLOW_UP_MONTHS)]}
    assert Child.objects.get(pk=ward.pk).status == ChildStatus.IN_CARE
    case.refresh_from_db()
    assert case.outcome == ""


def test_a_leaving_before_the_placement_is_refused_beside_the_date(case_users, ward):
    case = ready_case(case_users, ward)
    # The assessment is dated 2026-01-31 (guardian_able): the placement starts after it.
    ward.placements.update(started_on=dt.date(2026, 2, 1))
    with pytest.raises(ValidationError) as info:
        go_home(case_users.worker, case, exit_on=dt.date(2026, 1, 31))
    assert info.value.message_dict == {"exit_on": [str(child_rules.MSG_LEAVE_BEFORE_PLACEMENT)]}
    assert Child.objects.get(pk=ward.pk).status == ChildStatus.IN_CARE


def test_the_exit_page_says_the_leaving_is_recorded(case_users, ward, web):
    case = ready_case(case_users, ward)
    worker = web(case_users.worker)
    page = worker.get(f"/protection/cases/{case.pk}/exit/").content.decode()
    assert "南昌县未成年人救助保护中心" in page.split('id="form-subject"')[1]
    response = worker.post(f"/protection/cases/{case.pk}/exit/", {
        "version": case.version, "outcome": "returned", "exit_on": "2026-02-01",
        "note": "", "follow_up_months": "4", "visit_every_months": "2"})
    assert response.status_code == 302
    child = Child.objects.get(pk=ward.pk)
    assert child.status == ChildStatus.LEFT_CARE
    assert child.leave_destination == str(CaseOutcome.RETURNED.label)
