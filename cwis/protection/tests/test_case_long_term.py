"""Long-term guardianship (art. 94) as the exit of a protection case: the ground and the
court decision, then the county's receiving institution takes the child, by a transfer from
the protection institution or by a direct intake; the guardianship becomes long-term on the
same file and the case closes."""

import datetime as dt

import pytest
from django.core.exceptions import ValidationError

from cwis.children.choices import ChildStatus, GuardianKind, GuardianshipSituation
from cwis.children.models import Child
from cwis.children.tests.factories import ChildFactory
from cwis.conftest import COUNTY_A, PREFECTURE, division
from cwis.core.errors import NotFoundError, PermissionDeniedError
from cwis.core.permissions import Role
from cwis.core.todo import todo_for
from cwis.core.validators import MSG_DATE_FUTURE
from cwis.institutions.models import CountyReceiver, InstitutionKind, InstitutionLevel
from cwis.institutions.tests.factories import InstitutionFactory
from cwis.protection.models import CaseOutcome, CaseState, Recommendation
from cwis.protection.selectors import exits as exit_selectors
from cwis.protection.services import cases as services
from cwis.protection.services import exits
from cwis.protection.tests.factories import found_alone, guardian_able
from cwis.transfers.models import TransferStatus
from cwis.transfers.services import drafting, receipt, steps
from cwis.transfers.services.rules import MSG_NOT_SENDER

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("frozen_today")]
REVOKED = GuardianshipSituation.LT_REVOKED


def refusal(call) -> dict[str, list[str]]:
    with pytest.raises(ValidationError) as info:
        call()
    return info.value.message_dict


@pytest.fixture
def receiver():
    institution = InstitutionFactory(division_code=PREFECTURE, level=InstitutionLevel.PREFECTURE,
                                     name="南昌市儿童福利院")
    CountyReceiver.objects.create(county=division(COUNTY_A), division_code=COUNTY_A,
                                  receiver=institution)
    return institution


@pytest.fixture
def protection_institution():
    return InstitutionFactory(division_code=COUNTY_A, kind=InstitutionKind.MINORS_PROTECTION,
                              name="南昌县未成年人救助保护中心")


def long_term_case(case_users, child_id=None):
    case = services.case_open(actor=case_users.worker,
                              child_id=child_id or case_users.child.pk, data=found_alone())
    assessment = services.assessment_record(
        actor=case_users.worker, case_id=case.pk,
        data=guardian_able(recommendation=Recommendation.LONG_TERM))
    services.assessment_confirm(actor=case_users.officer, assessment_id=assessment.pk,
                                version=1)
    case.refresh_from_db()
    return case


def decide(actor, case, **overrides):
    kwargs = {"actor": actor, "case_id": case.pk, "version": case.version,
              "decided_on": dt.date(2026, 2, 1), "ground": REVOKED,
              "court_name": "南昌县人民法院", "court_decided_on": dt.date(2026, 1, 31),
              "court_reference": "(2026)赣0121民特3号"}
    kwargs.update(overrides)
    return exits.case_long_term(**kwargs)


def test_every_refusal_of_long_term_guardianship(case_users):
    case = long_term_case(case_users)
    assert refusal(lambda: decide(case_users.worker, case, ground="mpl92_4",
                                  decided_on=dt.date(2026, 2, 2))) == {
        "decided_on": [str(MSG_DATE_FUTURE)],
        "ground": [str(exits.MSG_GROUND)],
        "__all__": [str(exits.MSG_NO_RECEIVER)],
    }
    assert refusal(lambda: decide(case_users.worker, case, court_name=" ", court_reference="",
                                  court_decided_on=None))["court_name"] == [
        str(exits.MSG_COURT_REQUIRED)]
    errors = refusal(lambda: decide(case_users.worker, case, court_name="", court_reference="",
                                    court_decided_on=None))
    assert {k: v for k, v in errors.items() if k != "__all__"} == {
        "court_name": [str(exits.MSG_COURT_REQUIRED)],
        "court_reference": [str(exits.MSG_COURT_REQUIRED)],
        "court_decided_on": [str(exits.MSG_COURT_REQUIRED)],
    }


def test_a_court_decision_after_the_exit_decision_is_refused(case_users, receiver):
    case = long_term_case(case_users)
    assert refusal(lambda: decide(case_users.worker, case, decided_on=dt.date(2026, 1, 31),
                                  court_decided_on=dt.date(2026, 2, 1))) == {
        "court_decided_on": [str(exits.MSG_COURT_AFTER_DECISION)]}
    assert refusal(lambda: exits.case_exit_home(
        actor=case_users.worker, case_id=case.pk, version=case.version, outcome="returned",
        exit_on=dt.date(2026, 2, 1))) == {"outcome": [str(exits.MSG_NOT_RECOMMENDED)]}


def test_a_child_with_relatives_is_taken_in_directly_by_the_receiver(case_users, receiver,
                                                                     make_user):
    case = decide(case_users.worker, long_term_case(case_users))
    assert (case.outcome, case.state, case.receiver, case.transfer) == (
        CaseOutcome.LONG_TERM, CaseState.OPEN, receiver, None)
    director = make_user(Role.DIRECTOR, institution=receiver)
    other = make_user(Role.DIRECTOR, institution=InstitutionFactory(division_code=PREFECTURE))
    assert list(exit_selectors.long_term_awaiting(actor=director)) == [case]
    assert [i.kind for i in todo_for(director) if i.kind.startswith("protection.")] == [
        "protection.long_term_intake"]
    assert list(exit_selectors.long_term_awaiting(actor=other)) == []
    with pytest.raises(NotFoundError):
        exits.case_long_term_intake(actor=other, case_id=case.pk, intake_on=dt.date(2026, 2, 1))
    with pytest.raises(PermissionDeniedError):
        exits.case_long_term_intake(actor=case_users.worker, case_id=case.pk,
                                    intake_on=dt.date(2026, 2, 1))
    assert refusal(lambda: exits.case_long_term_intake(
        actor=director, case_id=case.pk, intake_on=dt.date(2026, 1, 31))) == {
        "intake_on": [str(exits.MSG_INTAKE_BEFORE_EXIT)]}

    exits.case_long_term_intake(actor=director, case_id=case.pk, intake_on=dt.date(2026, 2, 1),
                                bed="3-12")
    child = Child.objects.get(pk=case.child_id)
    assert (child.status, child.current_institution, child.guardian_kind,
            child.guardianship_situation, child.guardianship_since) == (
        ChildStatus.IN_CARE, receiver, GuardianKind.LONG_TERM, REVOKED, dt.date(2026, 2, 1))
    intake = child.intakes.get()
    assert (intake.category, intake.legal_basis) == ("court_appointed", "m2018_9_4")
    assert "(2026)赣0121民特3号" in child.guardianship_note
    case.refresh_from_db()
    assert (case.state, case.closed_on, case.outcome) == (
        CaseState.CLOSED, dt.date(2026, 2, 1), CaseOutcome.LONG_TERM)
    assert list(exit_selectors.long_term_awaiting(actor=director)) == []


def test_a_child_in_the_protection_institution_moves_by_transfer(
        case_users, receiver, protection_institution, make_user):
    child = ChildFactory(current_institution=protection_institution,
                         guardian_kind=GuardianKind.TEMPORARY,
                         guardianship_situation=GuardianshipSituation.TMP_NEGLECT)
    case = long_term_case(case_users, child_id=child.pk)
    case = decide(case_users.worker, case, ground=GuardianshipSituation.LT_DEAD,
                  court_name="", court_reference="", court_decided_on=None)
    transfer = case.transfer
    assert (transfer.status, transfer.from_institution, transfer.to_institution) == (
        TransferStatus.DRAFTED, protection_institution, receiver)
    assert (case.court_name, case.court_decided_on) == ("", None)
    # The county officer approves, the protection worker sends, the receiver receives.
    steps.transfer_approve(actor=case_users.officer, transfer_id=transfer.pk)
    steps.transfer_send(actor=case_users.worker, transfer_id=transfer.pk)
    director = make_user(Role.DIRECTOR, institution=receiver)
    assert list(exit_selectors.long_term_awaiting(actor=director)) == []
    receipt.transfer_receive(actor=director, transfer_id=transfer.pk)

    child.refresh_from_db()
    assert (child.current_institution, child.guardian_kind, child.guardianship_situation) == (
        receiver, GuardianKind.LONG_TERM, GuardianshipSituation.LT_DEAD)
    latest = child.intakes.order_by("-id").first()
    assert (latest.institution, latest.category, latest.legal_basis) == (
        receiver, "parents_dead", "m2018_9_2")
    assert child.placements.filter(ended_on__isnull=True).get().institution == receiver
    case.refresh_from_db()
    assert (case.state, case.closed_on, case.outcome) == (
        CaseState.CLOSED, dt.date(2026, 2, 1), CaseOutcome.LONG_TERM)


def test_a_protection_worker_sends_only_from_the_protection_institution(case_users, receiver):
    child = ChildFactory(current_institution=InstitutionFactory(division_code=COUNTY_A))
    assert refusal(lambda: drafting.transfer_draft(
        actor=case_users.worker, child_id=child.pk, to_institution_id=receiver.pk,
        reason="长期监护", planned_on=dt.date(2026, 2, 1))) == {"child": [str(MSG_NOT_SENDER)]}


def test_the_long_term_pages(case_users, receiver, make_user, web):
    from cwis.core.navigation import navigation_for

    case = long_term_case(case_users)
    worker = web(case_users.worker)
    assert worker.get(f"/protection/cases/{case.pk}/long-term/").status_code == 200
    refused = worker.post(f"/protection/cases/{case.pk}/long-term/", {
        "version": case.version, "decided_on": "2026-02-01", "ground": REVOKED})
    assert refused.status_code == 422
    assert str(exits.MSG_COURT_REQUIRED) in refused.content.decode()
    response = worker.post(f"/protection/cases/{case.pk}/long-term/", {
        "version": case.version, "decided_on": "2026-02-01", "ground": REVOKED,
        "court_name": "南昌县人民法院", "court_decided_on": "2026-01-31",
        "court_reference": "(2026)赣0121民特3号"})
    assert response.status_code == 302
    page = worker.get(f"/protection/cases/{case.pk}/").content.decode()
    assert "(2026)赣0121民特3号" in page
    assert receiver.name in page

    director = make_user(Role.DIRECTOR, institution=receiver)
    nav = navigation_for(director, "/")
    assert any(item["key"] == "long-term-intakes" for item in nav)
    client = web(director)
    listing = client.get("/protection/cases/long-term-intake/").content.decode()
    assert case_users.child.name in listing
    form = client.get(f"/protection/cases/long-term-intake/{case.pk}/").content.decode()
    assert found_alone()["circumstances"] not in form  # nothing of the case but the decision
    assert guardian_able()["guardian_situation"] not in form
    assert client.get(f"/protection/cases/{case.pk}/").status_code == 404
    done = client.post(f"/protection/cases/long-term-intake/{case.pk}/",
                       {"intake_on": "2026-02-01", "bed": "", "note": ""})
    assert done.status_code == 302
    assert Child.objects.get(pk=case.child_id).guardian_kind == GuardianKind.LONG_TERM
    other = make_user(Role.DIRECTOR, institution=InstitutionFactory(division_code=PREFECTURE))
    assert web(other).get(f"/protection/cases/long-term-intake/{case.pk}/").status_code == 404
