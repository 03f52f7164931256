"""An inspection's checklist (kept as data, seeded by migration 0006), its photos and the
plan's file: the success path, each refusal beside its field, the out-of-scope director
(404), the read-only caregiver and province (403), and the files served only in scope."""

import io

import pytest
from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile
from PIL import Image

from cwis.core.errors import NotFoundError, PermissionDeniedError
from cwis.core.uploads import MSG_FILE_TYPE, MSG_PHOTO_TYPE
from cwis.safety.models import (
    ChecklistItem,
    ChecklistResult,
    EmergencyPlan,
    InspectionPhoto,
)
from cwis.safety.services import checklists as services
from cwis.safety.services import drills as drill_services
from cwis.safety.services.checklists import checklist_items, field_name
from cwis.safety.tests.factories import HazardFactory, InspectionFactory, plan_data

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("frozen_today")]


def png(name="出口.png") -> SimpleUploadedFile:
    out = io.BytesIO()
    Image.new("RGB", (8, 6), "red").save(out, format="PNG")
    return SimpleUploadedFile(name, out.getvalue(), content_type="image/png")


def pdf(name="预案.pdf") -> SimpleUploadedFile:
    return SimpleUploadedFile(name, b"%PDF-1.4 evacuation plan", content_type="application/pdf")


@pytest.fixture
def inspection(safety):
    return InspectionFactory(institution=safety.institution, areas=["fire", "electricity"])


def test_the_checklist_is_the_seeded_items_of_the_inspection_areas_and_kind(inspection):
    items = list(checklist_items(inspection))
    assert {i.area for i in items} == {"fire", "electricity"}
    assert all(i.inspection_kind in ("", "self_check") for i in items)
    # The fire service's own item is on its inspections only.
    assert ChecklistItem.objects.filter(area="fire", inspection_kind="fire_service").exists()
    assert len(items) == ChecklistItem.objects.filter(
        area__in=["fire", "electricity"], inspection_kind="").count()


def test_a_director_records_the_checklist_and_corrects_one_result(safety, inspection):
    first, second = list(checklist_items(inspection))[:2]
    saved = services.inspection_checklist_record(
        actor=safety.director, inspection_id=inspection.pk,
        results={first.pk: ("fails", "二楼出口堆放杂物"), second.pk: ("complies", "")})
    assert len(saved) == 2
    services.inspection_checklist_record(actor=safety.director, inspection_id=inspection.pk,
                                         results={first.pk: ("complies", "已清理")})
    result = ChecklistResult.objects.get(item=first)
    assert (result.result, result.note) == ("complies", "已清理")
    assert result.history.count() == 2
    assert ChecklistResult.objects.count() == 2


def test_the_checklist_refuses_everything_wrong_at_once(safety, inspection):
    fire = checklist_items(inspection).first()
    food = ChecklistItem.objects.filter(area="food").first()
    with pytest.raises(ValidationError) as refused:
        services.inspection_checklist_record(
            actor=safety.director, inspection_id=inspection.pk,
            results={fire.pk: ("fails", " "), food.pk: ("complies", "")})
    errors = refused.value.message_dict
    assert errors[field_name(fire.pk)] == [str(services.MSG_FAIL_NOTE)]
    assert errors[field_name(food.pk)] == [str(services.MSG_NOT_ON_CHECKLIST)]
    with pytest.raises(ValidationError) as refused:
        services.inspection_checklist_record(actor=safety.director,
                                             inspection_id=inspection.pk, results={})
    assert str(services.MSG_NO_RESULT) in refused.value.messages
    assert not ChecklistResult.objects.exists()


def test_the_checklist_out_of_scope_is_404_and_read_only_roles_are_refused(safety, inspection):
    item = checklist_items(inspection).first()
    with pytest.raises(NotFoundError):
        services.inspection_checklist_record(actor=safety.other_director,
                                             inspection_id=inspection.pk,
                                             results={item.pk: ("complies", "")})
    for reader in (safety.caregiver, safety.province):
        with pytest.raises(PermissionDeniedError):
            services.inspection_checklist_record(actor=reader, inspection_id=inspection.pk,
                                                 results={item.pk: ("complies", "")})
    assert not ChecklistResult.objects.exists()


def test_the_checklist_page_records_results_and_shows_them(safety, web, inspection):
    item = checklist_items(inspection).first()
    client = web(safety.director)
    assert item.text in client.get(f"/safety/inspections/{inspection.pk}/checklist/"
                                   ).content.decode()
    response = client.post(f"/safety/inspections/{inspection.pk}/checklist/",
                           {field_name(item.pk): "fails"})
    assert response.status_code == 422
    assert str(services.MSG_FAIL_NOTE) in response.content.decode()
    response = client.post(f"/safety/inspections/{inspection.pk}/checklist/",
                           {field_name(item.pk): "fails", f"note_{item.pk}": "出口堵塞"})
    assert response.status_code == 302
    page = client.get(f"/safety/inspections/{inspection.pk}/").content.decode()
    assert "出口堵塞" in page
    assert 'id="checklist-edit"' in page
    reader = web(safety.caregiver).get(f"/safety/inspections/{inspection.pk}/").content.decode()
    assert "出口堵塞" in reader
    assert 'id="checklist-edit"' not in reader
    assert web(safety.caregiver).get(
        f"/safety/inspections/{inspection.pk}/checklist/").status_code == 403
    assert web(safety.other_director).get(
        f"/safety/inspections/{inspection.pk}/checklist/").status_code == 404


def test_a_photo_is_added_re_encoded_and_served_only_in_scope(safety, web, inspection):
    hazard = HazardFactory(inspection=inspection)
    client = web(safety.director)
    response = client.post(f"/safety/inspections/{inspection.pk}/photos/new/", {
        "image": png(), "caption": "二楼出口", "hazard_id": hazard.pk})
    assert response.status_code == 302
    photo = InspectionPhoto.objects.get()
    assert photo.hazard == hazard
    assert photo.image.name.endswith(".png")
    assert "出口" not in photo.image.name
    url = f"/safety/inspections/{inspection.pk}/photos/{photo.pk}/"
    shown = client.get(url)
    assert shown["Content-Type"] == "image/png"
    assert shown["X-Content-Type-Options"] == "nosniff"
    assert web(safety.officer).get(url).status_code == 200
    assert web(safety.other_director).get(url).status_code == 404
    assert web(safety.caregiver).get(url).status_code == 200  # reads the institution's


def test_a_photo_refuses_a_file_that_is_not_a_picture_and_a_missing_caption(safety, web,
                                                                             inspection):
    other = HazardFactory(inspection__institution=safety.institution)
    with pytest.raises(ValidationError) as refused:
        services.inspection_photo_add(
            actor=safety.director, inspection_id=inspection.pk,
            image=SimpleUploadedFile("x.png", b"<html>not a picture"), caption="",
            hazard_id=other.pk)
    errors = refused.value.message_dict
    assert errors["image"] == [str(MSG_PHOTO_TYPE)]
    assert errors["caption"] == [str(services.MSG_CAPTION)]
    assert errors["hazard_id"] == [str(services.MSG_PHOTO_HAZARD)]
    response = web(safety.director).post(f"/safety/inspections/{inspection.pk}/photos/new/",
                                         {"caption": "出口"})
    assert response.status_code == 422
    assert str(services.MSG_PHOTO_REQUIRED) in response.content.decode()
    assert web(safety.caregiver).post(f"/safety/inspections/{inspection.pk}/photos/new/", {
        "image": png(), "caption": "出口"}).status_code == 403
    assert web(safety.other_director).post(f"/safety/inspections/{inspection.pk}/photos/new/", {
        "image": png(), "caption": "出口"}).status_code == 404
    assert not InspectionPhoto.objects.exists()


def test_a_withdrawn_photo_stays_with_its_reason_and_is_no_longer_served(safety, web,
                                                                        inspection):
    photo = services.inspection_photo_add(actor=safety.director, inspection_id=inspection.pk,
                                          image=png(), caption="出口")
    client = web(safety.director)
    url = f"/safety/inspections/{inspection.pk}/photos/{photo.pk}/withdraw/"
    assert client.post(url, {"reason": ""}).status_code == 422
    assert web(safety.caregiver).post(url, {"reason": "拍错了"}).status_code == 403
    assert client.post(url, {"reason": "拍错了"}).status_code == 302
    photo.refresh_from_db()
    assert photo.withdrawn_reason == "拍错了"
    assert client.get(f"/safety/inspections/{inspection.pk}/photos/{photo.pk}/"
                      ).status_code == 404


def test_a_plan_is_recorded_with_its_file_downloaded_only_in_scope(safety, web):
    client = web(safety.director)
    response = client.post("/safety/plans/new/", {
        "kind": "evacuation", "title": "疏散预案", "approved_on": "2026-01-05",
        "review_on": "2027-01-05", "file": pdf()})
    assert response.status_code == 302
    plan = EmergencyPlan.objects.get()
    assert plan.original_name == "预案.pdf"
    assert plan.file.name.endswith(".pdf")
    assert 'class="plan-file"' in client.get("/safety/plans/").content.decode()
    download = web(safety.officer).get(f"/safety/plans/{plan.pk}/file/")
    assert download.status_code == 200
    assert "attachment" in download["Content-Disposition"]
    assert web(safety.other_director).get(f"/safety/plans/{plan.pk}/file/").status_code == 404


def test_a_plan_without_a_file_or_a_place_and_a_file_of_another_type_are_refused(safety):
    with pytest.raises(ValidationError) as refused:
        drill_services.plan_record(actor=safety.director, data=plan_data(document=""))
    assert refused.value.message_dict["file"] == [str(drill_services.MSG_PLAN_FILE)]
    with pytest.raises(ValidationError) as refused:
        drill_services.plan_record(actor=safety.director, data=plan_data(),
                                   file=SimpleUploadedFile("plan.pdf", b"MZ not a pdf"))
    assert refused.value.message_dict["file"] == [str(MSG_FILE_TYPE)]
    with pytest.raises(PermissionDeniedError):
        drill_services.plan_record(actor=safety.caregiver, data=plan_data(), file=pdf())
    assert not EmergencyPlan.objects.exists()


def test_the_api_records_the_checklist_and_a_photo_with_their_refusals(safety, api,
                                                                      inspection):
    director = api(safety.director)
    rows = director.get(f"/safety/inspections/{inspection.pk}/checklist").json()
    item_id = rows[0]["item_id"]
    assert {r["area"] for r in rows} == {"fire", "electricity"}
    response = director.post(f"/safety/inspections/{inspection.pk}/checklist",
                             {"results": [{"item_id": item_id, "result": "fails"}]})
    assert response.status_code == 422
    assert response.json()["detail"][0]["msg"] == str(services.MSG_FAIL_NOTE)
    response = director.post(f"/safety/inspections/{inspection.pk}/checklist", {
        "results": [{"item_id": item_id, "result": "fails", "note": "出口堵塞"}]})
    assert [r["result"] for r in response.json() if r["item_id"] == item_id] == ["fails"]
    response = director.client.post(f"/api/v1/safety/inspections/{inspection.pk}/photos",
                                    {"image": png(), "caption": "出口"})
    assert response.status_code == 201
    photo_id = response.json()["id"]
    url = f"/safety/inspections/{inspection.pk}/photos/{photo_id}"
    assert director.get(url)["Content-Type"] == "image/png"
    assert api(safety.other_director).get(url).status_code == 404
    assert api(safety.other_director).get(
        f"/safety/inspections/{inspection.pk}/checklist").status_code == 404
    assert api(safety.caregiver).post(f"/safety/inspections/{inspection.pk}/checklist", {
        "results": [{"item_id": item_id, "result": "complies"}]}).status_code == 403
    plan = drill_services.plan_record(actor=safety.director, data=plan_data(), file=pdf())
    assert director.get("/safety/plans").json()["items"][0]["has_file"] is True
    assert director.get(f"/safety/plans/{plan.pk}/file").status_code == 200
    assert api(safety.other_director).get(f"/safety/plans/{plan.pk}/file").status_code == 404
