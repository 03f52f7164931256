"""The 18th-birthday alert (a child turning 18 with no adulthood plan or with a path
stalled) reaches the director and, serious by nature, at once the civil affairs office that
runs the institution: for a prefecture institution the prefecture office, not the province
or the ministry above it, nor a county office of the prefecture. Time is frozen at
2026-02-01 (frozen_today)."""

import datetime as dt

import pytest
import time_machine

from cwis.care.tests.factories import AdulthoodPathFactory, AdulthoodPlanFactory
from cwis.children.tests.factories import ChildFactory
from cwis.conftest import COUNTY_A, PROVINCE
from cwis.core.permissions import Role
from cwis.core.todo import todo_for
from cwis.institutions.tests.factories import InstitutionFactory

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("frozen_today")]

KIND = "care.adulthood_at_18"


def alerts(user) -> list[tuple[dt.date, str]]:
    return [(i.due, i.url) for i in todo_for(user) if i.kind == KIND]


@pytest.fixture
def turning(perm):
    """A girl of the prefecture institution who turned 18 on 2026-01-15 with no plan, and a
    boy turning 18 on 2026-03-01 whose employment path is stalled since December."""
    turned = ChildFactory(
        current_institution=perm.institution, name="钱成年", birth_date=dt.date(2008, 1, 15)
    )
    soon = ChildFactory(
        current_institution=perm.institution, name="孙将满", birth_date=dt.date(2008, 3, 1)
    )
    AdulthoodPathFactory(plan=AdulthoodPlanFactory(child=soon), next_due_on=dt.date(2025, 12, 1))
    return turned, soon


def test_the_prefecture_office_running_the_institution_gets_the_alert_at_once(
    perm, turning, make_user
):
    turned, soon = turning
    assert sorted(alerts(perm.director)) == [
        (dt.date(2026, 1, 15), f"/children/{turned.pk}/"),
        (dt.date(2026, 3, 1), f"/children/{soon.pk}/"),
    ]
    # The office: from the birthday, one by one, with no escalation wait.
    assert alerts(perm.prefecture) == [(dt.date(2026, 1, 15), f"/children/{turned.pk}/")]
    # Not the offices above the one running it, nor a county office of the prefecture.
    county = make_user(Role.COUNTY_OFFICER, division_code=COUNTY_A)
    for user in (perm.province, perm.ministry, county):
        assert alerts(user) == []


def test_a_province_institution_alerts_the_province_office(perm, make_user):
    home = InstitutionFactory(division_code=PROVINCE, level="province", name="江西省儿童福利院")
    child = ChildFactory(current_institution=home, birth_date=dt.date(2008, 1, 20))
    assert alerts(perm.province) == [(dt.date(2026, 1, 20), f"/children/{child.pk}/")]
    assert alerts(perm.prefecture) == []
    assert alerts(perm.ministry) == []


def test_the_office_gets_the_alert_from_the_birthday_the_director_three_months_ahead(perm, turning):
    _turned, soon = turning
    with time_machine.travel(dt.datetime(2026, 2, 28, 12, 0), tick=False):
        assert (dt.date(2026, 3, 1), f"/children/{soon.pk}/") not in alerts(perm.prefecture)
        assert (dt.date(2026, 3, 1), f"/children/{soon.pk}/") in alerts(perm.director)
    with time_machine.travel(dt.datetime(2026, 3, 2, 12, 0), tick=False):
        assert (dt.date(2026, 3, 1), f"/children/{soon.pk}/") in alerts(perm.prefecture)


def test_a_plan_ends_the_alert_and_other_staff_get_none(perm, turning):
    turned, _soon = turning
    AdulthoodPathFactory(plan=AdulthoodPlanFactory(child=turned), next_due_on=dt.date(2026, 3, 1))
    assert alerts(perm.prefecture) == []
    assert alerts(perm.caregiver) == []
    assert alerts(perm.other_social_worker) == []
