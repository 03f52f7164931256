import pytest
from django.core.exceptions import ValidationError

from cwis.children.choices import HukouType
from cwis.children.tests.factories import ChildFactory
from cwis.core.errors import NotFoundError, PermissionDeniedError
from cwis.core.permissions import PartnerDepartment
from cwis.partners import selectors, services
from cwis.partners.models import ItemStatus, RequestStatus
from cwis.partners.services import rules
from cwis.partners.tests.conftest import SENT, TODAY, done
from cwis.transfers.models import HukouStatus

pytestmark = pytest.mark.django_db


def messages(exc) -> list[str]:
    return [str(m) for errors in exc.value.message_dict.values() for m in errors]


def test_it_sends_a_hukou_request_from_a_received_transfer(hukou_request, received_transfer):
    item = hukou_request.items.get()
    assert item.transfer_id == received_transfer.pk
    received_transfer.refresh_from_db()
    assert received_transfer.hukou_status == HukouStatus.REQUESTED
    assert hukou_request.division_code == "360121"


def test_it_refuses_a_request_without_children_and_to_the_wrong_department(scope_users):
    with pytest.raises(ValidationError) as exc:
        services.request_send(actor=scope_users.in_scope, kind="hukou_migration",
                              department=PartnerDepartment.EDUCATION, child_ids=[])
    assert str(rules.MSG_DEPARTMENT) in messages(exc)
    assert str(rules.MSG_NO_CHILDREN) in messages(exc)


def test_it_refuses_a_child_out_of_scope_or_already_requested(scope_users, hukou_request,
                                                               received_transfer):
    other = ChildFactory(current_institution=scope_users.institution_b)
    with pytest.raises(ValidationError) as exc:
        services.request_send(actor=scope_users.in_scope, kind="insurance_enrolment",
                              department=PartnerDepartment.MEDICAL_INSURANCE,
                              child_ids=[other.pk])
    assert str(rules.MSG_NOT_CANDIDATE % {"child": other.pk}) in messages(exc)
    with pytest.raises(ValidationError) as exc:
        services.request_send(actor=scope_users.in_scope, kind="hukou_migration",
                              department=PartnerDepartment.PUBLIC_SECURITY,
                              child_ids=[received_transfer.child_id])
    assert str(rules.MSG_ALREADY_REQUESTED % {"child": "李晓花"}) in messages(exc)


def test_a_read_only_overseer_cannot_send(scope_users, received_transfer, make_user):
    from cwis.core.permissions import Role

    ministry = make_user(Role.MINISTRY_OFFICER)
    with pytest.raises(PermissionDeniedError):
        services.request_send(actor=ministry, kind="hukou_migration",
                              department=PartnerDepartment.PUBLIC_SECURITY,
                              child_ids=[received_transfer.child_id])


def test_the_partner_sees_only_its_department_in_its_area(partners, hukou_request):
    assert list(selectors.request_list(actor=partners["police_a"])) == [hukou_request]
    assert list(selectors.request_list(actor=partners["police_b"])) == []
    assert list(selectors.request_list(actor=partners["education_a"])) == []
    with pytest.raises(NotFoundError):
        selectors.request_get(actor=partners["police_b"], request_id=hukou_request.pk)
    with pytest.raises(NotFoundError):
        selectors.request_get(actor=partners["education_a"], request_id=hukou_request.pk)


def test_the_partner_reads_the_minimum_fields(partners, hukou_request):
    found = selectors.request_get(actor=partners["police_a"], request_id=hukou_request.pk)
    rows = selectors.item_rows(selectors.request_items(actor=partners["police_a"],
                                                       request=found), found.kind)
    assert rows[0]["name"] == "李晓花"
    assert "hukou_type" in rows[0]
    assert "education_status" not in rows[0]
    assert "found_circumstances" not in rows[0]


def test_a_done_hukou_migration_moves_the_childs_hukou(partners, hukou_request,
                                                      received_transfer):
    item = hukou_request.items.get()
    answered, changed = services.item_answer(actor=partners["police_a"], item_id=item.pk,
                                             data=done(), today=TODAY)
    assert changed
    assert answered.status == ItemStatus.DONE
    child = received_transfer.child
    child.refresh_from_db()
    assert child.hukou_division.code == received_transfer.to_institution.division_code
    assert child.hukou_type == HukouType.INSTITUTION_COLLECTIVE
    received_transfer.refresh_from_db()
    assert received_transfer.hukou_status == HukouStatus.DONE
    hukou_request.refresh_from_db()
    assert hukou_request.status == RequestStatus.ANSWERED


def test_the_same_answer_twice_changes_nothing(partners, hukou_request):
    item = hukou_request.items.get()
    services.item_answer(actor=partners["police_a"], item_id=item.pk, data=done(), today=TODAY)
    item.refresh_from_db()
    version = item.version
    _again, changed = services.item_answer(actor=partners["police_a"], item_id=item.pk,
                                           data=done(), today=TODAY)
    item.refresh_from_db()
    assert not changed
    assert item.version == version
    with pytest.raises(ValidationError) as exc:
        services.item_answer(actor=partners["police_a"], item_id=item.pk,
                             data=done(reference="OTHER"), today=TODAY)
    assert str(rules.MSG_ALREADY_ANSWERED) in messages(exc)


@pytest.mark.parametrize(("data", "message"), [
    (done(outcome="maybe"), rules.MSG_OUTCOME),
    (done(reference=""), rules.MSG_REFERENCE),
    (done(outcome="refused"), rules.MSG_REFUSAL_REASON),
    (done(on=None), rules.MSG_ANSWER_DATE),
    (done(on=SENT.replace(day=1, month=9)), rules.MSG_BEFORE_SENT),
])
def test_it_refuses_a_bad_answer(partners, hukou_request, data, message):
    item = hukou_request.items.get()
    with pytest.raises(ValidationError) as exc:
        services.item_answer(actor=partners["police_a"], item_id=item.pk, data=data,
                             today=TODAY)
    assert str(message) in messages(exc)
    item.refresh_from_db()
    assert item.status == ItemStatus.OPEN


def test_an_answer_in_the_future_is_refused(partners, hukou_request):
    from cwis.core.validators import MSG_DATE_FUTURE

    item = hukou_request.items.get()
    with pytest.raises(ValidationError) as exc:
        services.item_answer(actor=partners["police_a"], item_id=item.pk,
                             data=done(on=TODAY.replace(month=12)), today=TODAY)
    assert str(MSG_DATE_FUTURE) in messages(exc)


def test_the_out_of_scope_partner_gets_not_found(partners, hukou_request):
    item = hukou_request.items.get()
    for who in ("police_b", "education_a"):
        with pytest.raises(NotFoundError):
            services.item_answer(actor=partners[who], item_id=item.pk, data=done(),
                                 today=TODAY)


def test_civil_affairs_reads_but_cannot_answer(scope_users, hukou_request):
    item = hukou_request.items.get()
    assert list(selectors.request_list(actor=scope_users.overseer)) == [hukou_request]
    with pytest.raises(PermissionDeniedError):
        services.item_answer(actor=scope_users.in_scope, item_id=item.pk, data=done(),
                             today=TODAY)
    with pytest.raises(NotFoundError):
        selectors.request_get(actor=scope_users.out_of_scope, request_id=hukou_request.pk)


def test_an_insurance_answer_enrols_the_child(scope_users, make_user):
    from cwis.children.choices import InsuranceStatus
    from cwis.conftest import COUNTY_A
    from cwis.core.permissions import Role

    child = ChildFactory(current_institution=scope_users.institution_a)
    request = services.request_send(actor=scope_users.in_scope, kind="insurance_enrolment",
                                    department=PartnerDepartment.MEDICAL_INSURANCE,
                                    child_ids=[child.pk], today=SENT)
    insurer = make_user(Role.PARTNER_VIEWER, division_code=COUNTY_A,
                        partner_department=PartnerDepartment.MEDICAL_INSURANCE)
    services.item_answer(actor=insurer, item_id=request.items.get().pk,
                         data=done(reference="YB-1"), today=TODAY)
    child.refresh_from_db()
    assert child.insurance_status == InsuranceStatus.ENROLLED
