"""The partners step of the generator at tiny scale: a medical insurance account and an
insurance request per county with children in care, the older ones answered by that
account; the partner reads its own requests only; generating again adds nothing."""

import datetime as dt

import pytest

from cwis.accounts.models import User
from cwis.core.permissions import Role
from cwis.partners import selectors
from cwis.partners.models import ItemStatus, PartnerRequest, PartnerRequestItem
from cwis.synthetic.generate import generate

TODAY = dt.date(2026, 6, 1)


@pytest.fixture
def tiny(db):
    return generate(scale="tiny", seed=7, today=TODAY, out=lambda _s: None)


def test_tiny_partner_requests_are_consistent(tiny):
    requests = PartnerRequest.objects.all()
    assert requests.exists()
    assert PartnerRequest.history.count() == requests.count()
    assert PartnerRequestItem.history.count() == PartnerRequestItem.objects.count()
    done = PartnerRequestItem.objects.filter(status=ItemStatus.DONE)
    for item in done.select_related("request", "answered_by"):
        assert item.answered_by.division.code == item.request.division_code
    request = requests.first()
    partner = User.objects.get(username=f"syn-partner-mi-{request.division_code}")
    assert list(selectors.request_list(actor=partner)) == [request]
    officer = User.objects.filter(role=Role.COUNTY_OFFICER).exclude(
        division__code=request.division_code).first()
    assert request not in selectors.request_list(actor=officer)


def test_generating_again_adds_nothing(tiny):
    count = PartnerRequestItem.objects.count()
    generate(scale="tiny", seed=7, today=TODAY, out=lambda _s: None)
    assert PartnerRequestItem.objects.count() == count
