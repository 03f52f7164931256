"""/api/v1/community: list, register, read, patch, visits, remove."""

import datetime as dt

import pytest

from cwis.children import services as child_services
from cwis.children.models import Child
from cwis.children.tests.factories import ChildFactory
from cwis.core.errors import MSG_PERMISSION_DENIED, MSG_STALE_VERSION
from cwis.core.models import AccessLog
from cwis.protection import services
from cwis.protection.tests.factories import BOY_BIRTH, OTHER_TOWNSHIP, left_behind_boy

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("frozen_today")]


def body(**overrides) -> dict:
    return {k: (v.isoformat() if isinstance(v, dt.date) else v)
            for k, v in left_behind_boy(**overrides).items()}


def messages(response, field: str) -> list[str]:
    return [e["msg"] for e in response.json()["detail"] if e["loc"][-1] == field]


@pytest.fixture
def boy(community) -> Child:
    return services.community_register(actor=community.village_director,
                                       data=left_behind_boy())


def test_a_village_director_registers_through_the_api(community, api):
    response = api(community.village_director).post("/community", body())
    assert response.status_code == 201, response.content
    data = response.json()
    assert data["status"] == "in_community"
    assert data["division_code"] == "360121100201"
    assert data["categories"] == ["left_behind"]
    assert data["visit_due"] == "2026-04-10"
    # A child director does not see whole ID numbers.
    assert data["citizen_id"] == data["citizen_id"][:2] + "*" * 16


def test_refusals_answer_422_with_the_field(community, api):
    client = api(community.county_officer)
    response = client.post("/community", body(is_left_behind=False))
    assert response.status_code == 422
    assert messages(response, "categories") == [str(services.MSG_NO_CATEGORY)]
    response = client.post("/community", body(division=OTHER_TOWNSHIP))
    assert messages(response, "division") == [str(services.MSG_DIVISION_OUTSIDE)]
    response = client.post("/community", body(division="360121"))
    assert messages(response, "division") == [str(services.MSG_DIVISION_LEVEL)]
    assert Child.objects.count() == 0


def test_a_possible_duplicate_answers_422_until_dismissed(community, api):
    near = ChildFactory(name="李留留", sex="male", birth_date=BOY_BIRTH,
                        current_institution=community.users.institution_a)
    client = api(community.county_officer)
    response = client.post("/community", body(citizen_id=""))
    assert response.status_code == 422
    assert messages(response, "duplicates") == [str(child_services.MSG_POSSIBLE_DUPLICATE)]
    response = client.post("/community", body(citizen_id="", dismissed_duplicates=[near.pk]))
    assert response.status_code == 201


def test_a_duplicate_id_number_answers_422(community, api, boy):
    response = api(community.supervisor).post("/community", body(name="李另外"))
    assert messages(response, "citizen_id") == [str(child_services.MSG_ID_EXISTS)]


def test_patch_with_the_version_and_409_when_stale(community, api, boy):
    client = api(community.supervisor)
    response = client.patch(f"/community/{boy.pk}", {"version": 1, "guardian_phone": "139"})
    assert response.status_code == 200, response.content
    assert response.json()["version"] == 2
    response = client.patch(f"/community/{boy.pk}", {"version": 1, "guardian_phone": "137"})
    assert response.status_code == 409
    assert response.json()["detail"] == str(MSG_STALE_VERSION)


def test_visits_are_recorded_and_listed(community, api, boy):
    client = api(community.village_director)
    response = client.post(f"/community/{boy.pk}/visits", {
        "visited_on": "2026-01-25", "method": "home", "situation": "与奶奶同住",
        "follow_up_needed": True})
    assert response.status_code == 201, response.content
    assert response.json()["visited_by"] == "徐主任"
    response = client.post(f"/community/{boy.pk}/visits", {
        "visited_on": "2026-01-05", "method": "home", "situation": "x"})
    assert messages(response, "visited_on") == [str(services.MSG_VISIT_BEFORE_REGISTRATION)]
    visits = api(community.overseer).get(f"/community/{boy.pk}/visits").json()
    assert [v["visited_on"] for v in visits] == ["2026-01-25"]
    assert client.get(f"/community/{boy.pk}").json()["visit_due"] == "2026-04-25"


def test_remove_needs_a_reason(community, api, boy):
    client = api(community.village_director)
    response = client.post(f"/community/{boy.pk}/remove",
                           {"version": 1, "on": "2026-01-31", "reason": ""})
    assert messages(response, "reason") == [str(services.MSG_REASON_REQUIRED)]
    response = client.post(f"/community/{boy.pk}/remove",
                           {"version": 1, "on": "2026-01-31", "reason": "death"})
    assert response.status_code == 200
    assert response.json()["status"] == "off_register"
    assert client.get("/community").json()["count"] == 0
    assert client.get("/community", status="off_register").json()["count"] == 1


def test_the_out_of_scope_user_gets_404_everywhere(community, api, boy):
    client = api(community.out_of_scope)
    assert client.get(f"/community/{boy.pk}").status_code == 404
    assert client.get(f"/community/{boy.pk}/visits").status_code == 404
    assert client.patch(f"/community/{boy.pk}", {"version": 1}).status_code == 404
    assert client.post(f"/community/{boy.pk}/visits", {
        "visited_on": "2026-01-25", "method": "home", "situation": "x"}).status_code == 404
    assert client.post(f"/community/{boy.pk}/remove", {
        "version": 1, "on": "2026-01-31", "reason": "death"}).status_code == 404
    assert client.get("/community").json()["count"] == 0


def test_the_read_only_overseer_sees_but_cannot_write(community, api, boy):
    client = api(community.overseer)
    assert client.get("/community").json()["items"][0]["id"] == boy.pk
    assert client.get(f"/community/{boy.pk}").status_code == 200
    for response in (
        client.post("/community", body(name="新登记")),
        client.patch(f"/community/{boy.pk}", {"version": 1, "home_address": "x"}),
        client.post(f"/community/{boy.pk}/visits", {
            "visited_on": "2026-01-25", "method": "home", "situation": "x"}),
        client.post(f"/community/{boy.pk}/remove", {
            "version": 1, "on": "2026-01-31", "reason": "death"}),
    ):
        assert response.status_code == 403
        assert response.json()["detail"] == str(MSG_PERMISSION_DENIED)


def test_the_list_does_not_query_per_row(community, api, django_assert_max_num_queries):
    for n in range(12):
        services.community_register(actor=community.supervisor, data=left_behind_boy(
            name=f"张{'一二三四五六七八九十甲乙'[n]}", citizen_id="",
            birth_date=dt.date(2017, 1, n + 1)))
    client = api(community.county_officer)
    with django_assert_max_num_queries(6):
        response = client.get("/community", limit=50, overdue="false")
    assert response.json()["count"] == 12
    assert len(response.json()["items"]) == 12


def test_reading_the_visits_is_logged(community, api, boy):
    assert api(community.village_director).get(f"/community/{boy.pk}/visits").status_code == 200
    row = AccessLog.objects.get(object_type="child", object_id=str(boy.pk), action="visits")
    assert (row.user, row.division_code) == (community.village_director, boy.division_code)
    assert api(community.out_of_scope).get(f"/community/{boy.pk}/visits").status_code == 404
    assert AccessLog.objects.filter(action="visits").count() == 1


def test_the_community_list_finds_an_id_number_only_whole_and_only_for_who_may_see_it(
        community, api, boy):
    from cwis.protection.tests.factories import BOY_ID

    officer = api(community.county_officer)  # sees whole ID numbers
    assert [c["id"] for c in officer.get("/community", q=BOY_ID).json()["items"]] == [boy.pk]
    for q in (BOY_ID[:6], BOY_ID[:14], BOY_ID[-4:]):
        assert officer.get("/community", q=q).json()["count"] == 0, q
    assert api(community.village_director).get("/community", q=BOY_ID).json()["count"] == 0
    assert api(community.village_director).get("/community").json()["count"] == 1


def test_an_implausible_birth_date_is_refused_not_a_500(community, api):
    client = api(community.village_director)
    for birth in ("9999-12-31", "0001-01-01"):
        response = client.post("/community", body(birth_date=birth, citizen_id=""))
        assert response.status_code == 422, response.content
        assert messages(response, "birth_date")
    assert Child.objects.count() == 0


def test_a_control_character_is_refused_and_a_stored_one_does_not_break_the_export(
        community, api, web, boy):
    client = api(community.village_director)
    response = client.post("/community", body(name="李\x00留"))
    assert response.status_code == 422
    Child.objects.filter(pk=boy.pk).update(name="李\x07留")
    assert web(community.county_officer).get("/community/export.xlsx").status_code == 200
