"""The community register form reports every refusal at once (issue 13, point 2)."""

import re

import pytest

from cwis.children.models import Child
from cwis.protection import services
from cwis.protection.tests.factories import VILLAGE

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("frozen_today")]
ERROR = re.compile(r'id="error-([a-z_0-9]+)"')


def test_empty_fields_a_bad_id_a_future_birth_and_conditional_fields_come_in_one_round(
        community, web):
    response = web(community.village_director).post("/community/new/", {
        "division": VILLAGE, "name": "", "sex": "male", "birth_date": "2027-01-01",
        "citizen_id": "360121201001011234", "is_left_behind": "on", "hukou_type": "family",
        "insurance_status": "enrolled", "registered_on": "2026-01-01"})
    assert response.status_code == 422
    page = response.content.decode()
    refused = set(ERROR.findall(page))
    assert refused == {"name", "birth_date", "citizen_id", "left_behind_situation",
                       "guardian_relation"}
    # the registration date is not said to precede this (refused) birth date
    assert "registered_on" not in refused
    assert str(services.MSG_GUARDIAN_RELATION) in page
    assert Child.objects.count() == 0


def test_a_visit_without_date_way_or_situation_is_refused_in_one_round(community, web):
    from cwis.protection.tests.factories import left_behind_boy

    boy = services.community_register(actor=community.village_director, data=left_behind_boy())
    response = web(community.village_director).post(
        f"/community/{boy.pk}/visit/", {"visited_on": "", "method": "", "situation": ""})
    assert response.status_code == 422
    assert set(ERROR.findall(response.content.decode())) == {"visited_on", "method",
                                                             "situation"}
