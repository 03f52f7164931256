"""Work in a few clicks (issue 13, point 8): several transfers approved and sent at once,
a confirmation before a step that cannot be undone, the receipt ticks what was received,
the printable handover sheet, and a planned transformation that moves on by itself."""

import datetime as dt
import re
from decimal import Decimal

import pytest
from django.utils.html import escape

from cwis.core.errors import MSG_STALE_VERSION
from cwis.core.models import AccessLog
from cwis.core.todo import todo_for
from cwis.institutions.models import (
    InstitutionKind,
    Transformation,
    TransformationState,
)
from cwis.transfers import services
from cwis.transfers.models import ItemStatus, TransferStatus
from cwis.transfers.tests.factories import (
    ArchiveItemFactory,
    PropertyEntryFactory,
    draft_kwargs,
)

pytestmark = pytest.mark.django_db
ROW = re.compile(r'class="transfer-row')


def _messages(response) -> list[str]:
    return [str(m) for m in response.context["messages"]]


@pytest.fixture
def drafted(sides):
    return [services.transfer_draft(actor=sides.officer, **draft_kwargs(sides, child))
            for child in sides.children]


def test_the_list_approves_the_ticked_transfers_each_with_its_own_answer(sides, web, drafted):
    first, second = drafted
    client = web(sides.officer)
    page = client.get("/transfers/").content.decode()
    assert f'value="{first.pk}:{first.version}"' in page
    assert 'id="approve-selected"' in page
    services.transfer_update_plan(actor=sides.officer, transfer_id=second.pk,
                                  expected_version=second.version, counselling_before=1)
    response = client.post("/transfers/steps/", {
        "step": "approve", "next": "/transfers/?status=drafted",
        "transfer": [f"{first.pk}:{first.version}", f"{second.pk}:{second.version}"]},
        follow=True)
    first.refresh_from_db()
    second.refresh_from_db()
    assert first.status == TransferStatus.APPROVED
    assert second.status == TransferStatus.DRAFTED  # changed since the list was read
    said = _messages(response)
    assert any(first.child.name in m for m in said)
    assert any(second.child.name in m and str(MSG_STALE_VERSION) in m for m in said)
    assert response.redirect_chain[-1][0] == "/transfers/?status=drafted"


def test_sending_the_ticked_transfers_asks_first(sides, web, drafted):
    for t in drafted:
        services.transfer_approve(actor=sides.officer, transfer_id=t.pk)
        t.refresh_from_db()
    client = web(sides.officer)
    ticked = [f"{t.pk}:{t.version}" for t in drafted]
    response = client.post("/transfers/steps/", {"step": "send", "transfer": ticked})
    assert response.status_code == 200
    page = response.content.decode()
    assert 'id="confirm-question"' in page
    assert all(escape(t.child.name) in page for t in drafted)
    assert {t.status for t in type(drafted[0]).objects.all()} == {TransferStatus.APPROVED}
    client.post("/transfers/steps/", {"step": "send", "transfer": ticked, "confirmed": "1"})
    assert {t.status for t in type(drafted[0]).objects.all()} == {TransferStatus.SENT}


def test_others_transfers_cannot_be_ticked_and_overseers_cannot_act(sides, web, drafted):
    t = drafted[0]
    response = web(sides.out_of_scope).post("/transfers/steps/", {
        "step": "approve", "transfer": [f"{t.pk}:{t.version}"]}, follow=True)
    assert _messages(response) == []  # nothing said about a transfer it cannot see
    assert web(sides.overseer).post("/transfers/steps/", {
        "step": "approve", "transfer": [f"{t.pk}:{t.version}"]}).status_code == 403
    t.refresh_from_db()
    assert t.status == TransferStatus.DRAFTED


def test_a_step_that_cannot_be_undone_is_confirmed_first(sides, web, drafted):
    t = drafted[0]
    services.transfer_approve(actor=sides.officer, transfer_id=t.pk)
    client = web(sides.officer)
    page = client.get(f"/transfers/{t.pk}/").content.decode()
    assert 'id="send-form" data-confirm="' in page
    response = client.post(f"/transfers/{t.pk}/send/", {"version": 2})
    assert response.status_code == 200
    page = response.content.decode()
    assert 'id="confirm-question"' in page
    assert 'name="version" value="2"' in page
    assert 'name="confirmed" value="1"' in page
    t.refresh_from_db()
    assert t.status == TransferStatus.APPROVED
    response = client.post(f"/transfers/{t.pk}/send/", {"version": 2, "confirmed": "1"})
    assert response.status_code == 302
    t.refresh_from_db()
    assert t.status == TransferStatus.SENT


def test_the_receipt_ticks_each_file_received_and_an_unticked_one_is_missing(sides, web,
                                                                              drafted):
    t = drafted[0]
    kept, lost = ArchiveItemFactory(transfer=t), ArchiveItemFactory(transfer=t)
    services.transfer_approve(actor=sides.officer, transfer_id=t.pk)
    services.transfer_send(actor=sides.officer, transfer_id=t.pk)
    client = web(sides.receiving_director)
    page = client.get(f"/transfers/{t.pk}/").content.decode()
    form = page.split('id="receive-form"')[1].split("</form>")[0]
    assert form.count('name="received"') == 2
    assert form.count("checked") == 2  # every file ticked until one is unticked
    assert escape(f"{kept.title}") in form
    client.post(f"/transfers/{t.pk}/receive/", {"version": 3, "confirmed": "1",
                                               "received": [kept.pk]})
    kept.refresh_from_db()
    lost.refresh_from_db()
    assert (kept.status, lost.status) == (ItemStatus.RECEIVED, ItemStatus.MISSING)


def test_the_handover_sheet_lists_the_child_files_property_and_signatures(sides, web,
                                                                          drafted):
    t = drafted[0]
    ArchiveItemFactory(transfer=t, title="入院登记表")
    PropertyEntryFactory(child=t.child, amount=Decimal("350.50"), created_by=sides.officer)
    services.transfer_approve(actor=sides.officer, transfer_id=t.pk)
    services.transfer_send(actor=sides.officer, transfer_id=t.pk)
    response = web(sides.receiving_director).get(f"/transfers/{t.pk}/handover/")
    assert response.status_code == 200
    page = response.content.decode()
    for part in ("sheet-child", "sheet-archives", "sheet-property", "sheet-signatures"):
        assert f'id="{part}"' in page
    assert escape(t.child.name) in page
    assert "入院登记表" in page
    assert "350.50" in page
    assert "print.css" in page
    assert "data-print" in page
    assert AccessLog.objects.filter(object_type="transfer", object_id=str(t.pk),
                                    action="print").exists()
    assert web(sides.out_of_scope).get(f"/transfers/{t.pk}/handover/").status_code == 404


def test_a_planned_transformation_moves_on_once_its_children_are_received(sides, web):
    day = dt.date(2026, 2, 1)
    plan = Transformation.objects.create(institution=sides.sender, target_handover_date=day,
                                         target_completion_date=day + dt.timedelta(days=90))

    def titles():
        return [i.title for i in todo_for(sides.officer, today=day)
                if i.kind == "institution.transformation"]

    assert "Start" in titles()[0] or "开始" in titles()[0]
    for child in sides.children:
        t = services.transfer_draft(actor=sides.officer, **draft_kwargs(sides, child))
        services.transfer_approve(actor=sides.officer, transfer_id=t.pk)
        services.transfer_send(actor=sides.officer, transfer_id=t.pk)
        services.transfer_receive(actor=sides.receiving_director, transfer_id=t.pk)
    plan.refresh_from_db()
    sides.sender.refresh_from_db()
    assert plan.state == TransformationState.HANDING_OVER
    assert plan.started_on is not None
    assert sides.sender.kind == InstitutionKind.IN_TRANSFORMATION
    assert "Complete" in titles()[0] or "完成" in titles()[0]
    page = web(sides.overseer).get(f"/institutions/{sides.sender.pk}/transformation/")
    assert page.status_code == 200
