"""/api/v1/children: list, create, read, patch, history, leave, duplicates, documents."""

import datetime as dt

import pytest

from cwis.children import services
from cwis.children.choices import ChildStatus
from cwis.children.models import Child
from cwis.children.tests.factories import BOY_ID, ChildFactory, registration
from cwis.core.errors import MSG_PERMISSION_DENIED, MSG_STALE_VERSION
from cwis.core.models import AccessLog

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("frozen_today")]


def body(institution, **overrides) -> dict:
    kwargs = registration(institution)
    data = {k: (v.isoformat() if isinstance(v, dt.date) else v)
            for k, v in kwargs.pop("data").items()}
    kwargs["intake_on"] = kwargs["intake_on"].isoformat()
    return {**data, **kwargs, **overrides}


@pytest.fixture
def infant(staff) -> Child:
    return services.child_register(actor=staff.caregiver,
                                   **registration(staff.users.institution_a))


def messages(response, field: str) -> list[str]:
    return [e["msg"] for e in response.json()["detail"] if e["loc"][-1] == field]


def test_a_caregiver_registers_a_child_through_the_api(staff, api):
    response = api(staff.caregiver).post("/children", body(staff.users.institution_a))
    assert response.status_code == 201, response.content
    data = response.json()
    assert data["name"] == "党小安"
    assert data["status"] == "in_care"
    assert data["institution"]["id"] == staff.users.institution_a.pk
    assert data["missing_documents"] == ["police_found_report", "search_notice",
                                         "acceptance_opinion"]
    assert {d["kind"] for d in data["deadlines"]} >= {"search_notice", "identity_insurance"}
    assert data["intakes"][0]["legal_basis_article"] == "第九条"


def test_registration_refusals_answer_422_with_field_and_reason(staff, api):
    client = api(staff.caregiver)
    response = client.post("/children", body(staff.users.institution_a, birth_date="2026-03-01",
                                             found_on=None))
    assert response.status_code == 422
    assert str(services.MSG_DATE_FUTURE) in messages(response, "birth_date")
    response = client.post("/children", body(staff.users.institution_b))
    assert messages(response, "institution") == [str(services.MSG_INSTITUTION_OUTSIDE)]
    assert Child.objects.count() == 0


def test_a_possible_duplicate_answers_422_until_dismissed(staff, api, infant):
    client = api(staff.caregiver)
    again = body(staff.users.institution_a, found_on=None, found_place="")
    response = client.post("/children", again)
    assert messages(response, "duplicates") == [str(services.MSG_POSSIBLE_DUPLICATE)]
    found = client.get("/children/duplicates", name="党小安", sex="female",
                       birth_date="2026-01-02").json()
    assert [c["id"] for c in found["candidates"]] == [infant.pk]
    response = client.post("/children", {**again, "dismissed_duplicates": [infant.pk]})
    assert response.status_code == 201


def test_officers_and_partners_cannot_register(staff, api, make_user):
    partner = make_user("partner_viewer", partner_department="education")
    for user in (staff.users.overseer, staff.users.in_scope, partner):
        response = api(user).post("/children", body(staff.users.institution_a))
        assert response.status_code == 403
        assert response.json()["detail"] == str(MSG_PERMISSION_DENIED)


def test_the_list_is_scoped_paginated_and_masks_id_numbers(staff, api,
                                                          django_assert_max_num_queries):
    ChildFactory(current_institution=staff.users.institution_a, citizen_id=BOY_ID)
    for _ in range(5):
        ChildFactory(current_institution=staff.users.institution_a)
    ChildFactory(current_institution=staff.users.institution_b)
    client = api(staff.caregiver)
    with django_assert_max_num_queries(5):
        data = client.get("/children", limit=4).json()
    assert data["count"] == 6
    assert len(data["items"]) == 4
    masked = [c for c in client.get("/children", limit=10).json()["items"]
              if c["citizen_id_masked"].startswith("36")]
    assert [c["citizen_id_masked"] for c in masked] == ["36****************"]
    assert "citizen_id" not in masked[0]
    assert api(staff.other_caregiver).get("/children").json()["count"] == 1


def test_the_list_query_count_does_not_grow_with_the_page(staff, api,
                                                          django_assert_max_num_queries):
    for _ in range(30):
        ChildFactory(current_institution=staff.users.institution_a)
    client = api(staff.caregiver)
    with django_assert_max_num_queries(5):
        assert len(client.get("/children", limit=30).json()["items"]) == 30


def test_search_by_pinyin_initials_full_pinyin_and_name_fragment(staff, api, infant):
    ChildFactory(current_institution=staff.users.institution_a, name="张伟")
    client = api(staff.caregiver)
    for q in ("dxa", "DXA", "dangxiao", "小安", "党"):
        items = client.get("/children", q=q).json()["items"]
        assert [c["id"] for c in items] == [infant.pk], q
    assert client.get("/children", q="zw").json()["count"] == 1


def test_the_list_filters_by_category_status_and_birth_dates(staff, api, infant):
    ChildFactory(current_institution=staff.users.institution_a, disability_type="physical",
                 disability_grade=2, birth_date=dt.date(2012, 5, 1))
    client = api(staff.caregiver)
    assert client.get("/children", category="parents_not_found").json()["count"] == 1
    assert client.get("/children", category="disability").json()["count"] == 1
    assert client.get("/children", birth_from="2026-01-01").json()["count"] == 1
    assert client.get("/children", birth_to="2013-01-01").json()["count"] == 1
    assert client.get("/children", status="left_care").json()["count"] == 0


def test_the_detail_is_logged_and_shows_the_id_number_only_to_those_who_need_it(staff, api):
    child = ChildFactory(current_institution=staff.users.institution_a, citizen_id=BOY_ID)
    assert api(staff.director).get(f"/children/{child.pk}").json()["citizen_id"] == BOY_ID
    assert api(staff.caregiver).get(f"/children/{child.pk}").json()["citizen_id"] == (
        "36****************"
    )
    logged = AccessLog.objects.filter(object_type="child", object_id=str(child.pk))
    assert {log.user_id for log in logged} == {staff.director.pk, staff.caregiver.pk}
    assert {log.division_code for log in logged} == {child.division_code}


def test_out_of_scope_answers_404_everywhere(staff, api, infant):
    client = api(staff.other_caregiver)
    assert client.get(f"/children/{infant.pk}").status_code == 404
    assert client.get(f"/children/{infant.pk}/history").status_code == 404
    assert client.patch(f"/children/{infant.pk}", {"version": 1, "name": "x"}).status_code == 404
    other_director = api(staff.other_director)
    leave = {"version": 1, "on": "2026-01-30", "reason": "death"}
    assert other_director.post(f"/children/{infant.pk}/leave", leave).status_code == 404
    assert client.get("/children/999999").status_code == 404
    assert not AccessLog.objects.filter(user=staff.other_caregiver).exists()


def test_the_overseer_reads_but_cannot_write(staff, api, infant):
    client = api(staff.users.overseer)
    assert client.get(f"/children/{infant.pk}").status_code == 200
    assert client.patch(f"/children/{infant.pk}", {"version": 1, "name": "x"}).status_code == 403
    leave = {"version": 1, "on": "2026-01-30", "reason": "death"}
    assert client.post(f"/children/{infant.pk}/leave", leave).status_code == 403
    assert Child.objects.get(pk=infant.pk).name == "党小安"


def test_a_patch_with_a_stale_version_answers_409(staff, api, infant):
    first = api(staff.caregiver).patch(f"/children/{infant.pk}",
                                       {"version": 1, "health_summary": "黄疸已退"})
    assert first.status_code == 200
    assert first.json()["version"] == 2
    second = api(staff.doctor).patch(f"/children/{infant.pk}",
                                     {"version": 1, "health_summary": "体重偏轻"})
    assert second.status_code == 409
    assert second.json()["detail"] == str(MSG_STALE_VERSION)
    assert Child.objects.get(pk=infant.pk).health_summary == "黄疸已退"


def test_the_history_says_who_changed_which_field_from_what_to_what(staff, api, infant):
    api(staff.caregiver).patch(f"/children/{infant.pk}",
                               {"version": 1, "insurance_status": "enrolled"})
    history = api(staff.director).get(f"/children/{infant.pk}/history").json()
    change = next(e for e in history if e["kind"] == "child" and e["change"] != "created"
                  and e["old"])
    assert change["user"] == "吴阿姨"
    assert change["old"] in ("To be checked", "待核实")
    assert change["new"] in ("Enrolled", "已参保")
    assert any(e["kind"] == "placement" for e in history)
    assert AccessLog.objects.filter(user=staff.director, action="history").exists()


def test_a_director_records_leaving_care_through_the_api(staff, api, infant):
    client = api(staff.director)
    response = client.post(f"/children/{infant.pk}/leave",
                           {"version": 1, "on": "2026-01-30", "reason": "adoption"})
    assert messages(response, "document_number") == [str(services.MSG_ADOPTION_CERTIFICATE)]
    response = client.post(f"/children/{infant.pk}/leave",
                           {"version": 1, "on": "2026-01-30", "reason": "adoption",
                            "document_number": "赣收登字2026-0012"})
    assert response.status_code == 200
    assert response.json()["status"] == ChildStatus.LEFT_CARE
    assert api(staff.caregiver).post(f"/children/{infant.pk}/leave", {
        "version": 2, "on": "2026-01-30", "reason": "death"}).status_code == 403


def test_documents_are_uploaded_and_served_only_in_scope_and_logged(staff, api, infant):
    client = api(staff.caregiver)
    response = client.client.post(
        f"/api/v1/children/{infant.pk}/documents",
        {"kind": "police_found_report", "issued_on": "2026-01-05",
         "file": _upload("报案证明.pdf")},
    )
    assert response.status_code == 201, response.content
    document_id = response.json()["id"]
    url = f"/children/{infant.pk}/documents/{document_id}/file"
    download = client.get(url)
    assert download.status_code == 200
    assert b"".join(download.streaming_content).startswith(b"%PDF")
    assert download["Content-Disposition"].startswith("attachment")
    assert download["X-Content-Type-Options"] == "nosniff"
    assert AccessLog.objects.filter(user=staff.caregiver, action="document").exists()
    assert api(staff.other_caregiver).get(url).status_code == 404
    detail = client.get(f"/children/{infant.pk}").json()
    assert "police_found_report" not in detail["missing_documents"]


def test_merge_and_entered_in_error_need_a_corrector(staff, api, infant):
    other = ChildFactory(current_institution=staff.users.institution_a)
    response = api(staff.caregiver).post(f"/children/{infant.pk}/entered-in-error",
                                         {"version": 1, "reason": "x"})
    assert response.status_code == 403
    response = api(staff.director).post(f"/children/{infant.pk}/merge",
                                        {"version": 1, "duplicate_id": other.pk, "reason": ""})
    assert messages(response, "reason") == [str(services.MSG_REASON_REQUIRED)]
    response = api(staff.director).post(f"/children/{other.pk}/entered-in-error",
                                        {"version": 1, "reason": "测试数据"})
    assert response.json()["status"] == ChildStatus.ENTERED_IN_ERROR


def _upload(name: str):
    from django.core.files.uploadedfile import SimpleUploadedFile

    return SimpleUploadedFile(name, b"%PDF-1.4 police report", content_type="application/pdf")
