"""A referral's recipient chosen from the registry of social organisations and volunteer
groups (cwis.safety): the organisation's name fills the recipient; one outside the worker's
county is refused beside its field; the page offers the county's organisations only."""

import pytest
from django.core.exceptions import ValidationError

from cwis.conftest import COUNTY_A, COUNTY_B
from cwis.protection.models import Referral
from cwis.protection.services import cases as case_services
from cwis.protection.services import referrals as services
from cwis.protection.tests.factories import counselling, found_alone
from cwis.safety.models import SocialOrganisation

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("frozen_today")]


def organisation(county: str, name: str, kind: str = "volunteer_group") -> SocialOrganisation:
    return SocialOrganisation.objects.create(county_code=county, name=name, kind=kind,
                                             uscc="", services="陪伴、课业辅导")


@pytest.fixture
def case(case_users):
    return case_services.case_open(actor=case_users.worker, child_id=case_users.child.pk,
                                   data=found_alone())


def test_a_referral_names_an_organisation_of_the_registry(case_users, case):
    group = organisation(COUNTY_A, "南昌县青年志愿者协会")
    referral = services.referral_send(actor=case_users.worker, case_id=case.pk, data=counselling(
        recipient_kind="", department="", recipient_name="", recipient_organisation_id=group.pk))
    assert (referral.recipient_organisation, referral.recipient_name, referral.recipient_kind,
            referral.department) == (group, "南昌县青年志愿者协会", "organisation",
                                     "social_organisation")


def test_an_organisation_outside_the_county_is_refused_with_the_rest(case_users, case):
    elsewhere = organisation(COUNTY_B, "进贤县爱心社")
    with pytest.raises(ValidationError) as refused:
        services.referral_send(actor=case_users.worker, case_id=case.pk, data=counselling(
            recipient_name="", request="", recipient_organisation_id=elsewhere.pk))
    errors = refused.value.message_dict
    assert errors["recipient_organisation_id"] == [str(services.MSG_RECIPIENT_ORGANISATION)]
    assert "request" in errors
    assert not Referral.objects.exists()


def test_the_referral_page_and_api_offer_the_registry(case_users, case, web, api):
    mine, elsewhere = organisation(COUNTY_A, "阳光社工站", "social_work_agency"), \
        organisation(COUNTY_B, "进贤县爱心社")
    page = web(case_users.worker).get(f"/protection/cases/{case.pk}/refer/")
    body = page.content.decode()
    assert mine.name in body
    assert elsewhere.name not in body
    response = api(case_users.worker).post(f"/protection/cases/{case.pk}/referrals",
                                           counselling(recipient_organisation_id=mine.pk,
                                                       sent_on="2026-02-01"))
    assert response.status_code == 201, response.content
    assert response.json()["recipient_organisation_id"] == mine.pk
    refused = api(case_users.province).post(f"/protection/cases/{case.pk}/referrals",
                                            counselling(recipient_organisation_id=mine.pk,
                                                        sent_on="2026-02-01"))
    assert refused.status_code in (403, 404)
