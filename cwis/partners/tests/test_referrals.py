"""A protection case's referral to a department goes out as a partner request; the
department's answer accepts or declines the referral (its to-do item goes)."""

import datetime as dt

import pytest

from cwis.conftest import COUNTY_A
from cwis.core.permissions import PartnerDepartment, Role
from cwis.partners import selectors, services
from cwis.protection.models import ReferralState
from cwis.protection.services import cases as case_services
from cwis.protection.services import referrals as referral_services
from cwis.protection.tests.factories import counselling, found_alone

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("frozen_today")]
TODAY = dt.date(2026, 2, 1)


@pytest.fixture
def referral(case_users):
    case = case_services.case_open(actor=case_users.worker, child_id=case_users.child.pk,
                                   data=found_alone())
    return referral_services.referral_send(
        actor=case_users.worker, case_id=case.pk,
        data=counselling(recipient_kind="department", department="health",
                         recipient_name="南昌县卫生健康委", service="medical",
                         request="请安排儿童体检"))


def test_a_declined_referral_is_declined_on_the_case(case_users, referral, make_user):
    request = services.request_send(actor=case_users.officer, kind="protection_referral",
                                    department=PartnerDepartment.HEALTH,
                                    child_ids=[case_users.child.pk], today=TODAY)
    health = make_user(Role.PARTNER_VIEWER, division_code=COUNTY_A,
                       partner_department=PartnerDepartment.HEALTH)
    rows = selectors.item_rows(selectors.request_items(actor=health, request=request),
                               request.kind)
    assert rows[0]["referral_request"] == "请安排儿童体检"
    assert "found_circumstances" not in rows[0]
    services.item_answer(actor=health, item_id=request.items.get().pk, today=TODAY,
                         data={"outcome": "refused", "on": TODAY, "reason": "不属本部门职责"})
    referral.refresh_from_db()
    assert referral.state == ReferralState.DECLINED
    assert referral.decline_reason == "不属本部门职责"


def test_the_prefecture_cannot_list_a_referral(case_users, referral):
    assert not selectors.referral_candidates(actor=case_users.prefecture,
                                             department=PartnerDepartment.HEALTH).exists()
