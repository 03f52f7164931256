"""The page, the API and the Excel round trip, and the to-do alert."""

import datetime as dt
import io

import pytest
from openpyxl import load_workbook

from cwis.partners.models import ItemStatus
from cwis.partners.services import rules
from cwis.partners.tests.conftest import ANSWERED, SENT
from cwis.partners.todo import partner_todo

pytestmark = pytest.mark.django_db


def test_the_api_answer_is_idempotent_and_scoped(api, partners, hukou_request):
    item = hukou_request.items.get()
    client = api(partners["police_a"])
    listed = client.get("/partners/requests").json()
    assert [r["id"] for r in listed["items"]] == [hukou_request.pk]
    detail = client.get(f"/partners/requests/{hukou_request.pk}").json()
    assert detail["items"][0]["name"] == "李晓花"
    body = {"outcome": "done", "on": ANSWERED.isoformat(), "reference": "H-1"}
    first = client.post(f"/partners/items/{item.pk}/answer", body)
    assert first.status_code == 200
    assert first.json()["changed"] is True
    again = client.post(f"/partners/items/{item.pk}/answer", body)
    assert again.json()["changed"] is False
    refused = client.post(f"/partners/items/{item.pk}/answer", {**body, "reference": "H-2"})
    assert refused.status_code == 422
    other = api(partners["police_b"])
    assert other.get(f"/partners/requests/{hukou_request.pk}").status_code == 404
    assert other.post(f"/partners/items/{item.pk}/answer", body).status_code == 404


def test_the_partner_page_and_the_child_file(web, partners, hukou_request):
    client = web(partners["police_a"])
    page = client.get(f"/partners/requests/{hukou_request.pk}/")
    assert page.status_code == 200
    assert "李晓花" in page.content.decode()
    child_id = hukou_request.items.get().child_id
    assert client.get(f"/children/{child_id}/").status_code == 404
    assert web(partners["education_a"]).get(
        f"/partners/requests/{hukou_request.pk}/").status_code == 404


def _filled(client, request_pk, **cells) -> io.BytesIO:
    content = b"".join(client.get(f"/partners/requests/{request_pk}/export.xlsx")
                       .streaming_content)
    book = load_workbook(io.BytesIO(content))
    sheet = book.worksheets[0]
    header = [c.value for c in sheet[1]]
    for label, value in cells.items():
        sheet.cell(row=2, column=header.index(label) + 1, value=value)
    out = io.BytesIO()
    book.save(out)
    out.seek(0)
    out.name = "answers.xlsx"
    return out


def test_the_excel_round_trip_refuses_a_bad_row_then_records(web, partners, hukou_request,
                                                            settings):
    settings.LANGUAGE_CODE = "en"
    client = web(partners["police_a"])
    url = f"/partners/requests/{hukou_request.pk}/upload/"
    bad = _filled(client, hukou_request.pk, **{"Answer (done / refused)": "done",
                                                "Answer date": ANSWERED.isoformat()})
    refused = client.post(url, {"file": bad})
    assert refused.status_code == 422
    assert "Row 2" in refused.content.decode()
    assert hukou_request.items.get().status == ItemStatus.OPEN
    good = _filled(client, hukou_request.pk, **{"Answer (done / refused)": "done",
                                                 "Answer date": ANSWERED.isoformat(),
                                                 "Reference number": "H-9"})
    assert client.post(url, {"file": good}).status_code == 302
    assert hukou_request.items.get().status == ItemStatus.DONE
    assert str(rules.MSG_REFERENCE)  # the refusal above is this message


def test_an_unanswered_request_is_an_alert_for_civil_affairs(scope_users, partners,
                                                            hukou_request, settings):
    settings.CWIS_PARTNER_ANSWER_DAYS = 30
    assert partner_todo(scope_users.in_scope, SENT + dt.timedelta(days=29)) == []
    later = SENT + dt.timedelta(days=30)
    assert [i.kind for i in partner_todo(scope_users.in_scope, later)] == [
        "partners.unanswered"]
    assert partner_todo(partners["police_a"], later) == []
    assert partner_todo(scope_users.out_of_scope, later) == []
