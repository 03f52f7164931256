"""A long-term exit whose transfer the receiving institution returned, or that was cancelled,
has its transfer drafted again from the case (to the receiver the province layout names
then); the returned or cancelled transfer stays on the file. Refusals, the out-of-scope and
the read-only user, the page's button and the API."""

import pytest
from django.core.exceptions import ValidationError

from cwis.children.choices import GuardianKind, GuardianshipSituation
from cwis.children.tests.factories import ChildFactory
from cwis.conftest import PREFECTURE
from cwis.core.errors import NotFoundError, PermissionDeniedError, StaleVersionError
from cwis.core.permissions import Role
from cwis.institutions.models import CountyReceiver, InstitutionLevel
from cwis.institutions.tests.factories import InstitutionFactory
from cwis.protection.models import CaseOutcome, CaseState, ProtectionCase
from cwis.protection.services import cases as case_services
from cwis.protection.services import exits
from cwis.protection.tests.test_case_long_term import (  # noqa: F401 - fixtures
    decide,
    long_term_case,
    protection_institution,
    receiver,
)
from cwis.transfers.models import Transfer, TransferStatus
from cwis.transfers.services import steps

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("frozen_today")]


def refusal(call) -> list[str]:
    with pytest.raises(ValidationError) as info:
        call()
    return info.value.messages


@pytest.fixture
def by_transfer(case_users, receiver, protection_institution):  # noqa: F811
    """A long-term exit of a child in the protection institution: its transfer drafted."""
    child = ChildFactory(current_institution=protection_institution,
                         guardian_kind=GuardianKind.TEMPORARY,
                         guardianship_situation=GuardianshipSituation.TMP_NEGLECT)
    case = long_term_case(case_users, child_id=child.pk)
    return decide(case_users.worker, case, ground=GuardianshipSituation.LT_DEAD,
                  court_name="", court_reference="", court_decided_on=None)


def returned(case_users, case, make_user, receiver) -> Transfer:  # noqa: F811
    steps.transfer_approve(actor=case_users.officer, transfer_id=case.transfer_id)
    steps.transfer_send(actor=case_users.worker, transfer_id=case.transfer_id)
    director = make_user(Role.DIRECTOR, institution=receiver)
    return steps.transfer_return(actor=director, transfer_id=case.transfer_id,
                                 reason="床位已满，请下月再送")


def redraft(actor, case):
    case.refresh_from_db()
    return exits.case_long_term_redraft(actor=actor, case_id=case.pk, version=case.version)


def test_a_returned_transfer_is_drafted_again_to_the_receiver_of_the_layout(
        case_users, by_transfer, make_user, receiver):  # noqa: F811
    first = returned(case_users, by_transfer, make_user, receiver)
    # The province assigns another receiver meanwhile: the new transfer goes there.
    other = InstitutionFactory(division_code=PREFECTURE, level=InstitutionLevel.PREFECTURE,
                               name="南昌市第二儿童福利院")
    CountyReceiver.objects.filter(receiver=receiver).update(receiver=other)
    case = redraft(case_users.worker, by_transfer)
    assert (case.state, case.outcome, case.receiver) == (CaseState.OPEN, CaseOutcome.LONG_TERM,
                                                         other)
    new = case.transfer
    assert new.pk != first.pk
    assert (new.status, new.from_institution_id, new.to_institution) == (
        TransferStatus.DRAFTED, first.from_institution_id, other)
    first.refresh_from_db()
    assert first.status == TransferStatus.RETURNED  # kept on the file
    assert case.history.first().history_change_reason == str(exits._("Transfer drafted again"))
    # Drafted again, it is under way: not once more.
    assert refusal(lambda: redraft(case_users.worker, case)) == [
        str(exits.MSG_NOT_REDRAFTABLE)]


def test_a_cancelled_transfer_is_drafted_again_by_the_county_officer(case_users, by_transfer):
    steps.transfer_cancel(actor=case_users.worker, transfer_id=by_transfer.transfer_id,
                          reason="儿童住院治疗，推迟移交")
    case = redraft(case_users.officer, by_transfer)
    assert case.transfer.status == TransferStatus.DRAFTED
    assert Transfer.objects.filter(child=case.child).count() == 2


def test_every_refusal_of_drafting_again(case_users, by_transfer, receiver):  # noqa: F811
    # The transfer is still under way.
    assert refusal(lambda: redraft(case_users.worker, by_transfer)) == [
        str(exits.MSG_NOT_REDRAFTABLE)]
    # A direct intake has no transfer to draft again.
    direct = decide(case_users.worker, long_term_case(case_users))
    assert refusal(lambda: redraft(case_users.worker, direct)) == [
        str(exits.MSG_NOT_REDRAFTABLE)]
    steps.transfer_cancel(actor=case_users.worker, transfer_id=by_transfer.transfer_id,
                          reason="推迟")
    # The layout no longer names a receiver for the county.
    CountyReceiver.objects.all().delete()
    assert refusal(lambda: redraft(case_users.worker, by_transfer)) == [
        str(exits.MSG_NO_RECEIVER)]
    with pytest.raises(StaleVersionError):
        exits.case_long_term_redraft(actor=case_users.worker, case_id=by_transfer.pk,
                                     version=by_transfer.version - 1)


def test_a_closed_case_is_not_drafted_again(case_users, by_transfer):
    steps.transfer_cancel(actor=case_users.worker, transfer_id=by_transfer.transfer_id,
                          reason="推迟")
    ProtectionCase.objects.filter(pk=by_transfer.pk).update(state=CaseState.CLOSED)
    assert refusal(lambda: redraft(case_users.worker, by_transfer)) == [
        str(case_services.MSG_CASE_CLOSED)]


def test_who_may_draft_again(case_users, by_transfer):
    steps.transfer_cancel(actor=case_users.worker, transfer_id=by_transfer.transfer_id,
                          reason="推迟")
    with pytest.raises(NotFoundError):  # another county's
        redraft(case_users.out_of_scope, by_transfer)
    for reader in (case_users.province, case_users.village_director):  # may not write cases
        with pytest.raises(PermissionDeniedError):
            redraft(reader, by_transfer)


def test_the_case_page_offers_drafting_again_and_the_api_does_it(case_users, by_transfer,
                                                                 web, api):
    worker = web(case_users.worker)
    page = worker.get(f"/protection/cases/{by_transfer.pk}/").content.decode()
    assert 'id="redraft-transfer"' not in page  # the transfer is under way
    steps.transfer_cancel(actor=case_users.worker, transfer_id=by_transfer.transfer_id,
                          reason="推迟")
    by_transfer.refresh_from_db()
    page = worker.get(f"/protection/cases/{by_transfer.pk}/").content.decode()
    assert 'id="redraft-transfer"' in page
    response = worker.post(f"/protection/cases/{by_transfer.pk}/long-term/redraft/",
                           {"version": by_transfer.version})
    by_transfer.refresh_from_db()
    assert response.status_code == 302
    assert response.url == f"/transfers/{by_transfer.transfer_id}/"
    assert by_transfer.transfer.status == TransferStatus.DRAFTED
    # Once more through the API: refused (422), the transfer being under way.
    answer = api(case_users.worker).post(
        f"/protection/cases/{by_transfer.pk}/long-term/redraft",
        {"version": by_transfer.version})
    assert answer.status_code == 422
    steps.transfer_cancel(actor=case_users.worker, transfer_id=by_transfer.transfer_id,
                          reason="再次推迟")
    answer = api(case_users.worker).post(
        f"/protection/cases/{by_transfer.pk}/long-term/redraft",
        {"version": by_transfer.version})
    assert answer.status_code == 200
    assert answer.json()["transfer_id"] != by_transfer.transfer_id
    assert api(case_users.out_of_scope).post(
        f"/protection/cases/{by_transfer.pk}/long-term/redraft",
        {"version": by_transfer.version + 1}).status_code == 404
