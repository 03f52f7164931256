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


def test_phones_get_a_number_pad_and_the_typed_id_number_comes_back_whole(community, web):
    from cwis.core.permissions import Perm, has_perm
    from cwis.protection.tests.factories import BOY_ID

    client = web(community.village_director)
    page = client.get("/community/new/").content.decode()
    id_input = page.split('name="citizen_id"')[1].split(">")[0]
    assert 'inputmode="numeric"' in id_input
    assert 'data-id-number' in id_input
    phone = page.split('name="guardian_phone"')[0].rsplit("<input", 1)[1]
    assert 'type="tel"' in phone
    # a role that sees ID numbers masked elsewhere still sees the number it just typed
    assert not has_perm(community.village_director, Perm.CHILD_VIEW_ID_NUMBER)
    response = client.post("/community/new/", {"division": VILLAGE, "name": "",
                                               "citizen_id": BOY_ID})
    assert response.status_code == 422
    assert f'value="{BOY_ID}"' in response.content.decode()
