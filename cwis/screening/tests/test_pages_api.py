"""The screening pages and /api/v1/screening: who may see, who may import, what they show."""

import io

import pytest
from openpyxl import load_workbook

from cwis.children.models import Child
from cwis.core.imports.models import BatchState, ImportBatch
from cwis.core.jobs.testing import run_queued_jobs
from cwis.protection.tests.factories import TOWNSHIP
from cwis.screening.imports import MSG_VILLAGE_OTHER_COUNTY
from cwis.screening.models import Campaign
from cwis.screening.tests.factories import (
    campaign_for,
    child_row,
    label,
    screening_workbook,
    upload,
)

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("frozen_today")]


def test_a_county_officer_opens_a_campaign_over_townships_shown_by_name(community, web):
    client = web(community.county_officer)
    page = client.get("/screening/new/")
    assert "莲塘镇" in page.content.decode()
    response = client.post("/screening/new/", {
        "name": "2026年春季排查", "starts_on": "2026-01-01", "ends_on": "2026-01-31",
        "townships": [TOWNSHIP]})
    campaign = Campaign.objects.get()
    assert response.status_code == 302
    assert response.url == f"/screening/{campaign.pk}/"
    assert campaign.county_code == "360121"
    assert campaign.township_codes == [TOWNSHIP]
    detail = client.get(response.url).content.decode()
    assert "莲塘镇" in detail
    assert 'id="upload-form"' in detail


def test_a_campaign_form_refuses_every_missing_field_at_once(community, web):
    response = web(community.county_officer).post("/screening/new/", {"name": ""})
    assert response.status_code == 422
    form = response.context["form"]
    assert set(form.errors) == {"name", "starts_on", "ends_on", "townships"}


def test_the_template_has_chinese_headers_drop_downs_and_instructions(community, web):
    campaign = campaign_for(community.county_officer)
    response = web(community.county_officer).get(f"/screening/{campaign.pk}/template.xlsx")
    assert response.status_code == 200
    book = load_workbook(io.BytesIO(response.content))
    data = book.worksheets[0]
    headers = [cell.value for cell in data[1]]
    assert headers[0].startswith(label("village"))
    assert headers[1].startswith(label("name"))
    ranges = [str(v.sqref) for v in data.data_validations.dataValidation]
    assert any(r.startswith("A2") for r in ranges)  # the villages' drop-down
    lists = book.worksheets[2]
    assert lists.sheet_state == "hidden"
    assert lists["A1"].value == "莲塘镇 莲塘村委会"
    assert book.worksheets[1]["A1"].value  # the instructions


def test_an_upload_is_checked_and_its_refusals_shown_then_the_valid_rows_imported(
        community, web):
    client = web(community.county_officer)
    campaign = campaign_for(community.county_officer)
    content = screening_workbook(campaign, [child_row(1), child_row(2, village="360124100201")])
    response = client.post(f"/screening/{campaign.pk}/upload/", {"file": upload(content)})
    batch = ImportBatch.objects.get()
    assert response.status_code == 302
    assert response.url == f"/screening/imports/{batch.pk}/"
    polling = client.get(response.url, headers={"HX-Request": "true"})
    assert 'hx-trigger="every' in polling.content.decode()
    run_queued_jobs()
    done = client.get(response.url, headers={"HX-Request": "true"})
    assert done["HX-Refresh"] == "true"
    page = client.get(response.url).content.decode()
    assert str(MSG_VILLAGE_OTHER_COUNTY) in page
    assert 'id="batch-commit"' in page
    assert client.post(f"/screening/imports/{batch.pk}/commit/").status_code == 302
    run_queued_jobs()
    batch.refresh_from_db()
    assert batch.state == BatchState.COMMITTED
    assert Child.objects.count() == 1
    figures = client.get(f"/screening/{campaign.pk}/").content.decode()
    assert 'id="figures-total"' in figures


def test_a_file_that_is_not_a_workbook_is_refused_beside_the_field(community, web):
    campaign = campaign_for(community.county_officer)
    response = web(community.county_officer).post(
        f"/screening/{campaign.pk}/upload/", {"file": upload(b"%PDF-1.4", "a.pdf")})
    assert response.status_code == 422
    assert "file" in response.context["form"].errors
    assert not ImportBatch.objects.exists()


def test_the_out_of_scope_user_gets_404_everywhere(community, web, api):
    campaign = campaign_for(community.county_officer)
    client = web(community.out_of_scope)
    content = screening_workbook(campaign, [child_row(1)])
    batch = web(community.county_officer).post(f"/screening/{campaign.pk}/upload/",
                                               {"file": upload(content)})
    batch_id = ImportBatch.objects.get().pk
    assert batch.status_code == 302
    for url in (f"/screening/{campaign.pk}/", f"/screening/{campaign.pk}/template.xlsx",
                f"/screening/{campaign.pk}/not-seen/", f"/screening/imports/{batch_id}/"):
        assert client.get(url).status_code == 404, url
    assert client.post(f"/screening/{campaign.pk}/upload/",
                       {"file": upload(content)}).status_code == 404
    assert client.post(f"/screening/imports/{batch_id}/commit/").status_code == 404
    assert campaign.name not in client.get("/screening/").content.decode()
    program = api(community.out_of_scope)
    assert program.get(f"/screening/campaigns/{campaign.pk}").status_code == 404
    assert program.get(f"/screening/imports/{batch_id}").status_code == 404
    assert program.post(f"/screening/imports/{batch_id}/commit").status_code == 404


def test_a_read_only_overseer_sees_the_campaign_but_cannot_import(community, web, api):
    campaign = campaign_for(community.county_officer)
    client = web(community.overseer)
    page = client.get(f"/screening/{campaign.pk}/")
    assert page.status_code == 200
    assert 'id="upload-form"' not in page.content.decode()
    assert client.get("/screening/new/").status_code == 403
    content = screening_workbook(campaign, [child_row(1)])
    assert client.post(f"/screening/{campaign.pk}/upload/",
                       {"file": upload(content)}).status_code == 403
    assert client.get(f"/screening/{campaign.pk}/template.xlsx").status_code == 403
    program = api(community.overseer)
    assert program.get(f"/screening/campaigns/{campaign.pk}").status_code == 200
    assert program.post("/screening/campaigns", {"name": "x"}).status_code == 403
    assert not ImportBatch.objects.exists()


def test_a_program_imports_a_workbook_through_the_api(community, api):
    program = api(community.county_officer)
    response = program.post("/screening/campaigns", {
        "name": "2026年春季排查", "starts_on": "2026-01-01", "ends_on": "2026-01-31",
        "township_codes": [TOWNSHIP]})
    assert response.status_code == 201, response.content
    campaign = Campaign.objects.get(pk=response.json()["id"])
    content = screening_workbook(campaign, [child_row(1), child_row(2, name="")])
    response = program.client.post(f"/api/v1/screening/campaigns/{campaign.pk}/imports",
                                   {"file": upload(content)})
    assert response.status_code == 202, response.content
    batch_id = response.json()["id"]
    run_queued_jobs()
    answer = program.get(f"/screening/imports/{batch_id}").json()
    assert (answer["state"], answer["rows_create"], answer["rows_refused"]) == (
        "previewed", 1, 1)
    refusals = program.get(f"/screening/imports/{batch_id}/rows", action="refuse").json()
    assert refusals["items"][0]["row_number"] == 3
    assert refusals["items"][0]["errors"][0][0] == label("name")
    assert program.post(f"/screening/imports/{batch_id}/commit").status_code == 202
    run_queued_jobs()
    detail = program.get(f"/screening/campaigns/{campaign.pk}").json()
    assert detail["total"]["created"] == 1
    assert detail["townships"][0]["name"] == "莲塘镇"
    again = program.post(f"/screening/imports/{batch_id}/commit")
    assert again.status_code == 422


def test_a_village_director_does_not_see_the_county_campaigns(community, web):
    campaign = campaign_for(community.county_officer)
    client = web(community.village_director)
    assert client.get(f"/screening/{campaign.pk}/").status_code == 404
    assert client.get("/screening/new/").status_code == 403
