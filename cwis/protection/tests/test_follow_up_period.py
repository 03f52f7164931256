"""The county's own follow-up period (issue 16: "for a period set by the county"): the county
officer sets it; every exit of the county's cases proposes it; each case may still set its
own; another county keeps the global settings. Refusals, roles, 409, the page and the API."""

import datetime as dt

import pytest
from django.conf import settings
from django.core.exceptions import ValidationError

from cwis.core.errors import NotFoundError, PermissionDeniedError, StaleVersionError
from cwis.protection.models import CountyCaseSettings
from cwis.protection.selectors import exits as exit_selectors
from cwis.protection.services import case_settings, exits
from cwis.protection.tests.test_case_exit import go_home, ready_case

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("frozen_today")]


def set_period(actor, months, every, version=None):
    return case_settings.county_follow_up_set(actor=actor, follow_up_months=months,
                                              visit_every_months=every, version=version)


def test_the_county_period_is_what_every_exit_proposes(case_users):
    assert exit_selectors.follow_up_period(county_code="360121") == (
        exit_selectors.FollowUpPeriod(settings.CWIS_CASE_FOLLOW_UP_MONTHS,
                                      settings.CWIS_CASE_FOLLOW_UP_EVERY_MONTHS, own=False))
    row = set_period(case_users.officer, 12, 3)
    assert (row.county_code, row.version) == ("360121", 1)
    # The exit without a period of its own takes the county's: 12 months, every 3.
    case = go_home(case_users.worker, ready_case(case_users), follow_up_months=None,
                   visit_every_months=None)
    assert (case.follow_up_months, case.visit_every_months) == (12, 3)
    assert [v.due_on for v in case.follow_ups.order_by("due_on")] == [
        dt.date(2026, 5, 1), dt.date(2026, 8, 1), dt.date(2026, 11, 1), dt.date(2027, 2, 1)]
    # Another county still has the global settings.
    assert not exit_selectors.follow_up_period(county_code="360124").own


def test_a_case_sets_its_own_period_whatever_the_countys(case_users):
    set_period(case_users.officer, 12, 3)
    case = go_home(case_users.worker, ready_case(case_users), follow_up_months=2,
                   visit_every_months=1)
    assert (case.follow_up_months, case.visit_every_months) == (2, 1)
    assert case.follow_ups.count() == 2


def test_changing_the_period_keeps_the_version_and_the_exited_cases(case_users):
    case = go_home(case_users.worker, ready_case(case_users))  # 4 months, every 2
    row = set_period(case_users.officer, 6, 2)
    row = set_period(case_users.officer, 9, 3, version=row.version)
    assert (row.follow_up_months, row.version) == (9, 2)
    assert CountyCaseSettings.history.filter(county_code="360121").count() == 2
    case.refresh_from_db()
    assert case.follow_up_months == 4
    with pytest.raises(StaleVersionError):
        set_period(case_users.officer, 10, 2, version=1)
    with pytest.raises(StaleVersionError):  # read before the county had one
        set_period(case_users.officer, 10, 2, version=None)


def test_every_refusal_of_a_period(case_users):
    for months, every, field, message in (
            (0, 1, "follow_up_months", exits.MSG_FOLLOW_UP_MONTHS),
            (25, 1, "follow_up_months", exits.MSG_FOLLOW_UP_MONTHS),
            (None, 1, "follow_up_months", exits.MSG_FOLLOW_UP_MONTHS),
            (6, 7, "visit_every_months", exits.MSG_VISIT_EVERY),
            (6, None, "visit_every_months", exits.MSG_VISIT_EVERY)):
        with pytest.raises(ValidationError) as info:
            set_period(case_users.officer, months, every)
        assert info.value.message_dict == {field: [str(message)]}
    assert not CountyCaseSettings.objects.exists()


def test_only_the_county_officer_sets_it(case_users):
    for user in (case_users.worker, case_users.province, case_users.village_director,
                 case_users.ministry):
        with pytest.raises(PermissionDeniedError):
            set_period(user, 6, 2)
    # Read by the county's case workers; not by the offices above (counts only).
    assert exit_selectors.county_follow_up_period(actor=case_users.worker).months == (
        settings.CWIS_CASE_FOLLOW_UP_MONTHS)
    with pytest.raises(NotFoundError):
        exit_selectors.county_follow_up_period(actor=case_users.ministry)


def test_the_page_and_the_api(case_users, web, api):
    officer = web(case_users.officer)
    assert 'id="case-follow-up-period"' in officer.get("/protection/cases/").content.decode()
    assert 'id="case-follow-up-period"' not in web(case_users.worker).get(
        "/protection/cases/").content.decode()
    refused = officer.post("/protection/cases/follow-up-period/", {
        "version": "", "follow_up_months": "30", "visit_every_months": "2"})
    assert refused.status_code == 422
    assert str(exits.MSG_FOLLOW_UP_MONTHS) in refused.content.decode()
    saved = officer.post("/protection/cases/follow-up-period/", {
        "version": "", "follow_up_months": "8", "visit_every_months": "2"})
    assert saved.status_code == 302
    case = ready_case(case_users)
    form = web(case_users.worker).get(f"/protection/cases/{case.pk}/exit/").content.decode()
    assert 'name="follow_up_months" value="8"' in form
    assert web(case_users.worker).get("/protection/cases/follow-up-period/").status_code == 403
    client = api(case_users.officer)
    assert client.get("/protection/follow-up-period").json() == {
        "follow_up_months": 8, "visit_every_months": 2, "own": True, "version": 1}
    answer = client.put("/protection/follow-up-period", {
        "follow_up_months": 10, "visit_every_months": 5, "version": 1})
    assert answer.status_code == 200
    assert answer.json()["version"] == 2
    assert client.put("/protection/follow-up-period", {
        "follow_up_months": 10, "visit_every_months": 5, "version": 1}).status_code == 409
    assert client.put("/protection/follow-up-period", {
        "follow_up_months": 10, "visit_every_months": 11, "version": 2}).status_code == 422
    assert api(case_users.worker).put("/protection/follow-up-period", {
        "follow_up_months": 10, "visit_every_months": 5, "version": 2}).status_code == 403
