"""The registry's pages and API for flags, coverage, training, closing a category, going
back to the registry and the partner lists: success, refusals beside their fields, 404
outside the area, 403 for read-only users."""

import datetime as dt
import io

import pytest
from openpyxl import load_workbook

from cwis.children.choices import ChildStatus
from cwis.children.tests.factories import ChildFactory, CommunityChildFactory
from cwis.protection import services
from cwis.protection.models import TrainingCourse
from cwis.protection.services import training
from cwis.protection.tests.factories import VILLAGE, left_behind_boy

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("frozen_today")]

COURSE = {"topic": "留守儿童关爱政策", "held_on": "2026-01-20", "hours": "2",
          "trainer": "周老师", "place": "县民政局"}


@pytest.fixture
def boy(community):
    return services.community_register(actor=community.village_director, data=left_behind_boy(
        education_status="not_attending", is_in_difficulty=True, difficulty_kind="poverty"))


def test_the_child_page_shows_each_flag_explained_with_its_next_step(community, boy, web):
    page = web(community.village_director).get(f"/community/{boy.pk}/").content.decode()
    assert 'id="risk-flags"' in page
    assert 'data-flag="out_of_school"' in page
    assert f'href="/community/{boy.pk}/visit/"' in page


def test_the_flag_panel_counts_and_links_to_the_list(community, boy, web):
    client = web(community.supervisor)
    page = client.get("/community/flags/").content.decode()
    assert 'id="flag-out_of_school"' in page
    assert 'href="/community/?flag=out_of_school">1<' in page
    listed = client.get("/community/?flag=out_of_school").content.decode()
    assert boy.name in listed
    assert boy.name not in web(community.out_of_scope).get(
        "/community/?flag=out_of_school").content.decode()


def test_closing_a_category_page_success_and_refusal(community, boy, web):
    client = web(community.supervisor)
    assert client.get(f"/community/{boy.pk}/close-category/").status_code == 200
    refused = client.post(f"/community/{boy.pk}/close-category/", {
        "category": "left_behind", "on": "2026-03-01", "reason": "", "version": boy.version})
    assert refused.status_code == 422
    done = client.post(f"/community/{boy.pk}/close-category/", {
        "category": "left_behind", "on": "2026-01-30", "reason": "parent_returned",
        "version": boy.version})
    assert done.status_code == 302
    boy.refresh_from_db()
    assert not boy.is_left_behind
    assert web(community.out_of_scope).get(
        f"/community/{boy.pk}/close-category/").status_code == 404
    assert web(community.overseer).get(
        f"/community/{boy.pk}/close-category/").status_code == 403


def test_coverage_page_drills_into_a_township(community, web):
    page = web(community.county_officer).get("/community/coverage/?township=360121100")
    text = page.content.decode()
    assert page.status_code == 200
    assert 'id="village-table"' in text
    assert "东村村委会" in text
    assert "no-director" in text
    assert web(community.village_director).get("/community/coverage/").status_code == 403
    assert web(community.overseer).get("/community/coverage/").status_code == 404
    assert web(community.overseer).get("/community/coverage/?county=360121").status_code == 200


def test_training_pages_record_a_course_and_its_attendance(community, web):
    client = web(community.county_officer)
    assert client.get("/community/training/").status_code == 200
    refused = client.post("/community/training/new/", {**COURSE, "hours": "0"})
    assert refused.status_code == 422
    response = client.post("/community/training/new/", COURSE)
    course = TrainingCourse.objects.get()
    assert response["Location"] == f"/community/training/{course.pk}/"
    assert client.post(f"/community/training/{course.pk}/attend/", {
        "attendees": [community.supervisor.pk]}).status_code == 302
    history = client.get(f"/community/people/{community.supervisor.pk}/").content.decode()
    assert COURSE["topic"] in history
    listing = client.get("/community/training/").content.decode()
    assert 'id="supervisors-untrained">0 / 1' in listing
    assert 'id="directors-untrained">1 / 1' in listing


def test_training_pages_refuse_the_read_only_and_out_of_scope(community, web):
    course = training.training_course_record(actor=community.county_officer, data={
        "topic": "t", "held_on": dt.date(2026, 1, 5), "hours": 1, "trainer": "x",
        "online": True})
    supervisor = web(community.supervisor)
    assert supervisor.get(f"/community/training/{course.pk}/").status_code == 200
    assert supervisor.get("/community/training/new/").status_code == 403
    assert supervisor.post(f"/community/training/{course.pk}/attend/",
                           {"attendees": [community.supervisor.pk]}).status_code == 403
    assert web(community.out_of_scope).get(
        f"/community/training/{course.pk}/").status_code == 404


def test_a_child_who_went_home_is_put_back_through_the_page(community, web):
    child = ChildFactory(current_institution=community.users.institution_a)
    type(child).objects.filter(pk=child.pk).update(
        status=ChildStatus.LEFT_CARE, left_care_on=dt.date(2026, 1, 15), leave_reason="family")
    client = web(community.county_officer)
    assert 'id="return-link"' in client.get(f"/children/{child.pk}/").content.decode()
    refused = client.post(f"/community/return/{child.pk}/", {"version": child.version,
                                                              "division": VILLAGE})
    assert refused.status_code == 422
    done = client.post(f"/community/return/{child.pk}/", {
        "version": child.version, "division": VILLAGE, "registered_on": "2026-01-20",
        "guardian_relation": "parent", "is_orphan": "", "is_in_difficulty": "on",
        "difficulty_kind": "poverty"})
    assert done.status_code == 302
    assert done["Location"] == f"/community/{child.pk}/"
    assert web(community.out_of_scope).get(f"/community/return/{child.pk}/").status_code == 404


def test_partner_lists_are_the_countys_excel_lists(community, web):
    CommunityChildFactory(division_code=VILLAGE, name="上学娃", birth_date=dt.date(2016, 5, 1),
                          education_status="not_attending")
    CommunityChildFactory(division_code=VILLAGE, name="幼儿", birth_date=dt.date(2023, 5, 1))
    CommunityChildFactory(division_code=VILLAGE, name="残疾娃", birth_date=dt.date(2012, 5, 1),
                          disability_type="physical", disability_grade=3)
    client = web(community.county_officer)
    assert client.get("/community/partners/").status_code == 200
    response = client.get("/community/partners/education.xlsx")
    rows = [[c for c in row] for row in load_workbook(
        io.BytesIO(b"".join(response.streaming_content))).active.iter_rows(values_only=True)]
    names = [row[0] for row in rows[1:]]
    assert "上学娃" in names
    assert "残疾娃" in names
    assert "幼儿" not in names
    response = client.get("/community/partners/disability.xlsx")
    rows = list(load_workbook(io.BytesIO(b"".join(response.streaming_content)))
                .active.iter_rows(values_only=True))
    assert [row[0] for row in rows[1:]] == ["残疾娃"]
    assert web(community.supervisor).get(
        "/community/partners/education.xlsx").status_code == 403
    assert web(community.overseer).get("/community/partners/education.xlsx").status_code == 403


# ----------------------------------------------------------------------------------- API


def test_the_api_gives_flags_counts_coverage_and_training(community, boy, api):
    client = api(community.county_officer)
    flags = client.get(f"/community/{boy.pk}/flags").json()
    assert [f["code"] for f in flags] == ["out_of_school"]
    counts = {c["code"]: c["count"] for c in client.get("/registry/flags").json()}
    assert counts["out_of_school"] == 1
    assert client.get("/community", flag="out_of_school").json()["count"] == 1
    coverage = client.get("/registry/coverage").json()
    assert coverage["area"] == "360121"
    created = client.post("/registry/training", {
        **COURSE, "attendees": [community.supervisor.pk]})
    assert created.status_code == 201
    course_id = created.json()["id"]
    assert [p["id"] for p in client.get(f"/registry/training/{course_id}/attendance").json()] \
        == [community.supervisor.pk]
    assert client.get(f"/registry/people/{community.supervisor.pk}/training").json()[0][
        "id"] == course_id
    untrained = client.get("/registry/untrained").json()["items"]
    assert [p["id"] for p in untrained] == [community.village_director.pk]
    refused = client.post("/registry/training", {**COURSE, "trainer": ""})
    assert refused.status_code == 422


def test_the_api_closes_a_category_and_refuses_others(community, boy, api):
    body = {"version": boy.version, "category": "left_behind", "on": "2026-01-30",
            "reason": "parent_returned"}
    assert api(community.out_of_scope).post(f"/community/{boy.pk}/close-category",
                                            body).status_code == 404
    assert api(community.overseer).post(f"/community/{boy.pk}/close-category",
                                        body).status_code == 403
    done = api(community.supervisor).post(f"/community/{boy.pk}/close-category", body)
    assert done.status_code == 200
    assert "left_behind" not in done.json()["categories"]
    stale = api(community.supervisor).post(f"/community/{boy.pk}/close-category", {
        **body, "category": "in_difficulty"})
    assert stale.status_code == 409
    assert api(community.supervisor).post("/registry/training",
                                          COURSE).status_code == 403
