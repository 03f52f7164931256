"""The community registry's pages: list, export, register, detail, edit, visit, remove."""

import datetime as dt
import io

import pytest
from openpyxl import load_workbook

from cwis.children.choices import DeadlineKind
from cwis.children.models import Child
from cwis.children.tests.factories import ChildDeadlineFactory, ChildFactory, CommunityChildFactory
from cwis.core.errors import MSG_STALE_VERSION
from cwis.protection import services
from cwis.protection.models import CommunityVisit
from cwis.protection.tests.factories import BOY_BIRTH, BOY_ID, VILLAGE, left_behind_boy

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("frozen_today")]


def form(**overrides) -> dict:
    data = {"hukou_type": "family", "insurance_status": "enrolled",
            **left_behind_boy(**overrides)}
    return {k: (v.isoformat() if isinstance(v, dt.date) else v) for k, v in data.items()
            if v not in (False, None)}


@pytest.fixture
def boy(community) -> Child:
    return services.community_register(actor=community.village_director,
                                       data=left_behind_boy())


def test_the_list_shows_the_registry_with_masked_ids(community, web, boy):
    response = web(community.county_officer).get("/community/")
    assert response.status_code == 200
    html = response.content.decode()
    assert "李留留" in html
    assert BOY_ID not in html
    assert boy.citizen_id_masked in html
    assert 'id="register-link"' in html
    assert 'id="nav-community"' in html


def test_the_list_filters_overdue_visits(community, web, boy):
    client = web(community.supervisor)
    assert "李留留" not in client.get("/community/?overdue=1").content.decode()
    assert "李留留" in client.get("/community/?category=left_behind").content.decode()


def test_the_export_masks_id_numbers(community, web, boy):
    response = web(community.county_officer).get("/community/export.xlsx")
    assert response.status_code == 200
    sheet = load_workbook(io.BytesIO(b"".join(response.streaming_content))).active
    rows = list(sheet.iter_rows(values_only=True))
    assert rows[1][0] == "李留留"
    assert rows[1][3] == boy.citizen_id_masked


def test_the_register_form_registers_and_shows_errors_beside_the_fields(community, web):
    client = web(community.village_director)
    page = client.get("/community/new/").content.decode()
    assert f'value="{VILLAGE}"' in page  # the director's own village is filled in
    response = client.post("/community/new/", form(is_left_behind=False,
                                                   left_behind_situation=""))
    assert response.status_code == 422  # refused: the form again, its errors beside the fields
    assert 'id="error-categories"' in response.content.decode()
    assert str(services.MSG_NO_CATEGORY) in response.content.decode()
    response = client.post("/community/new/", form(registered_on="2026-03-01"))
    assert 'id="error-registered_on"' in response.content.decode()
    response = client.post("/community/new/", form())
    child = Child.objects.get()
    assert response.status_code == 302
    assert response.url == f"/community/{child.pk}/"


def test_the_register_form_asks_to_confirm_a_possible_duplicate(community, web):
    near = ChildFactory(name="李留留", sex="male", birth_date=BOY_BIRTH,
                        current_institution=community.users.institution_a)
    client = web(community.county_officer)
    response = client.post("/community/new/", form(citizen_id=""))
    assert f'id="dismiss-{near.pk}"' in response.content.decode()
    response = client.post("/community/new/", {**form(citizen_id=""),
                                                "dismissed_duplicates": [near.pk]})
    assert response.status_code == 302
    assert Child.objects.filter(status="in_community").count() == 1


def test_the_detail_page_shows_the_file_visits_and_actions(community, web, boy):
    services.community_visit_record(actor=community.village_director, child_id=boy.pk, data={
        "visited_on": dt.date(2026, 1, 20), "method": "telephone", "situation": "一切正常"})
    html = web(community.village_director).get(f"/community/{boy.pk}/").content.decode()
    assert "一切正常" in html
    assert "2026-04-20" in html
    for link in ("visit-link", "edit-link", "remove-link"):
        assert f'id="{link}"' in html
    # The child's main file points to the registry and offers no institution action.
    html = web(community.village_director).get(f"/children/{boy.pk}/").content.decode()
    assert 'id="community-link"' in html
    for link in ("edit-link", "leave-link", "Change residence"):
        assert link not in html


def test_a_visit_is_recorded_through_the_form(community, web, boy):
    client = web(community.supervisor)
    response = client.post(f"/community/{boy.pk}/visit/", {
        "visited_on": "2026-01-05", "method": "home", "situation": "x"})
    assert str(services.MSG_VISIT_BEFORE_REGISTRATION) in response.content.decode()
    response = client.post(f"/community/{boy.pk}/visit/", {
        "visited_on": "2026-01-28", "method": "home", "situation": "住校", "needs": "学习用品",
        "follow_up_needed": "on"})
    assert response.status_code == 302
    assert CommunityVisit.objects.get().follow_up_needed


def test_the_file_is_edited_and_a_stale_form_is_refused(community, web, boy):
    client = web(community.village_director)
    page = client.get(f"/community/{boy.pk}/edit/")
    assert page.status_code == 200
    data = {**form(), "version": "1", "home_address": "莲塘村四组1号"}
    assert client.post(f"/community/{boy.pk}/edit/", data).status_code == 302
    response = client.post(f"/community/{boy.pk}/edit/", data)  # version 1 again
    assert str(MSG_STALE_VERSION) in response.content.decode()
    assert Child.objects.get(pk=boy.pk).version == 2


def test_a_child_is_removed_through_the_form(community, web, boy):
    client = web(community.village_director)
    response = client.post(f"/community/{boy.pk}/remove/", {
        "version": "1", "on": "2026-01-31", "reason": "other", "note": ""})
    assert str(services.MSG_NOTE_REQUIRED) in response.content.decode()
    response = client.post(f"/community/{boy.pk}/remove/", {
        "version": "1", "on": "2026-01-31", "reason": "moved_away", "note": "随父母外出"})
    assert response.status_code == 302
    html = client.get(f"/community/{boy.pk}/").content.decode()
    assert 'id="removed"' in html
    assert 'id="visit-link"' not in html


def test_the_out_of_scope_user_gets_404(community, web, boy):
    client = web(community.out_of_scope)
    for path in ("", "edit/", "visit/", "remove/"):
        assert client.get(f"/community/{boy.pk}/{path}").status_code == 404
    assert "李留留" not in client.get("/community/").content.decode()


def test_the_read_only_overseer_sees_no_buttons_and_gets_403(community, web, boy):
    client = web(community.overseer)
    html = client.get(f"/community/{boy.pk}/").content.decode()
    assert "李留留" in html
    for link in ("visit-link", "edit-link", "remove-link"):
        assert f'id="{link}"' not in html
    assert 'id="register-link"' not in client.get("/community/").content.decode()
    for path in ("edit/", "visit/", "remove/"):
        assert client.get(f"/community/{boy.pk}/{path}").status_code == 403
    assert client.get("/community/new/").status_code == 403
    assert client.post("/community/new/", form(name="新登记")).status_code == 403


def test_a_child_in_care_has_no_community_page(community, web):
    child = ChildFactory(current_institution=community.users.institution_a)
    assert web(community.county_officer).get(f"/community/{child.pk}/").status_code == 404


def test_the_list_page_does_not_query_per_row(community, web, django_assert_max_num_queries):
    for child in CommunityChildFactory.create_batch(12):
        ChildDeadlineFactory(child=child, kind=DeadlineKind.COMMUNITY_VISIT,
                             started_on=child.registered_on, due_on=dt.date(2024, 6, 1))
    client = web(community.county_officer)
    client.get("/community/")  # the session and the user are loaded once
    with django_assert_max_num_queries(7):
        response = client.get("/community/")
    assert response.content.decode().count('href="/community/') >= 12


def test_places_show_by_name_in_the_list_the_file_and_the_export(community, web, boy):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    from cwis.core.divisions import division_names_forget

    client = web(community.county_officer)
    page = client.get("/community/").content.decode()
    assert '<span class="place" title="360121100201">莲塘村委会</span>' in page
    assert f"<td>{VILLAGE}</td>" not in page
    page = client.get(f"/community/{boy.pk}/").content.decode()
    assert "莲塘村委会" in page.split('id="child-place"')[1][:120]
    sheet = load_workbook(io.BytesIO(b"".join(
        client.get("/community/export.xlsx").streaming_content))).active
    header = [c.value for c in sheet[1]]
    row = dict(zip(header, [c.value for c in sheet[2]], strict=True))
    assert VILLAGE in row.values()
    assert "莲塘村委会" in row.values()
    # more rows in more villages, their names not yet read: no query more for them
    client.get("/community/")
    division_names_forget()
    with CaptureQueriesContext(connection) as one:
        client.get("/community/")
    services.community_register(actor=community.county_officer,
                                data=left_behind_boy(name="李东东", citizen_id="",
                                                     division="360121100202"))
    division_names_forget()
    with CaptureQueriesContext(connection) as two:
        page = client.get("/community/").content.decode()
    assert "东村村委会" in page
    assert len(two) == len(one)


def test_the_register_form_picks_the_village_by_name(community, web):
    page = web(community.county_officer).get("/community/new/").content.decode()
    assert "data-place-picker" in page
    assert ">\u3000莲塘村委会</option>" in page
    assert "places.js" in page
