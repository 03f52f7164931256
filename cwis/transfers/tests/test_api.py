import threading

import pytest
from django.db import close_old_connections, connection

from cwis.children.models import Placement
from cwis.transfers import services
from cwis.transfers.models import Transfer, TransferStatus
from cwis.transfers.tests.factories import draft_kwargs

pytestmark = pytest.mark.django_db


def _body(sides, **overrides):
    body = draft_kwargs(sides, **overrides)
    body["planned_on"] = body["planned_on"].isoformat()
    return body


def test_the_api_walks_a_batch_from_draft_to_receipt(sides, api):
    officer, receiver = api(sides.officer), api(sides.receiving_director)
    child = sides.children[0]
    r = officer.post(f"/children/{child.pk}/property",
                     {"kind": "cash", "description": "压岁钱", "amount": "20.00",
                      "on": "2025-02-01"})
    assert r.status_code == 403  # a county officer does not keep the child's ledger
    r = api(sides.sending_director).post(f"/children/{child.pk}/property", {
        "kind": "cash", "description": "压岁钱", "amount": "20.00", "on": "2025-02-01"})
    assert r.status_code == 201, r.content
    r = officer.post("/transfers/batch", {"institution_id": sides.sender.pk,
                                          "planned_on": "2026-03-01", "reason": "转型"})
    assert r.status_code == 201, r.content
    ids = [t["id"] for t in r.json()]
    assert len(ids) == 2
    for pk in ids:
        r = officer.post(f"/transfers/{pk}/archives", {"kind": "file", "title": "档案",
                                                       "pages": 12})
        assert r.status_code == 201
        assert officer.post(f"/transfers/{pk}/approve", {}).status_code == 200
        assert officer.post(f"/transfers/{pk}/send", {}).json()["status"] == "sent"
    arriving = receiver.get("/transfers", arriving=True).json()
    assert {t["id"] for t in arriving} == set(ids)
    for pk in ids:
        r = receiver.post(f"/transfers/{pk}/receive", {})
        assert r.status_code == 200, r.content
        assert r.json()["archives"][0]["status"] == "received"
    ledger = receiver.get(f"/children/{child.pk}/property").json()
    assert [e["amount"] for e in ledger] == ["20.00", "-20.00", "20.00"]


def test_refusals_name_the_field(sides, api):
    officer = api(sides.officer)
    r = officer.post("/transfers", _body(sides, hukou_decision="stay"))
    assert r.status_code == 422
    assert r.json()["detail"][0]["loc"] == ["body", "hukou_stay_reason"]
    assert r.json()["detail"][0]["msg"] == str(services.MSG_HUKOU_STAY_REASON)
    assert not Transfer.objects.exists()


def test_out_of_scope_gets_404_and_the_overseer_403(sides, api):
    r = api(sides.officer).post("/transfers", _body(sides))
    assert r.status_code == 201, r.content
    pk = r.json()["id"]
    assert api(sides.out_of_scope).get(f"/transfers/{pk}").status_code == 404
    assert api(sides.out_of_scope_director).post(f"/transfers/{pk}/approve", {}).status_code == 404
    assert api(sides.out_of_scope).get(
        f"/children/{sides.children[0].pk}/property").status_code == 404
    overseer = api(sides.overseer)
    assert overseer.get(f"/transfers/{pk}").status_code == 200
    assert overseer.post(f"/transfers/{pk}/approve", {}).status_code == 403
    assert api(sides.receiving_director).get(f"/transfers/{pk}").status_code == 200
    assert Transfer.objects.get().status == TransferStatus.DRAFTED


def test_a_stale_version_is_refused_with_409(sides, api):
    officer = api(sides.officer)
    pk = officer.post("/transfers", _body(sides)).json()["id"]
    assert officer.patch(f"/transfers/{pk}", {"version": 1, "plan_told": "a"}).status_code == 200
    assert officer.patch(f"/transfers/{pk}", {"version": 1, "plan_told": "b"}).status_code == 409
    assert officer.post(f"/transfers/{pk}/approve", {"version": 1}).status_code == 409


def test_two_receipts_of_the_same_transfer_give_one(sides, api):
    t = services.transfer_draft(actor=sides.officer, **draft_kwargs(sides))
    services.transfer_approve(actor=sides.officer, transfer_id=t.pk)
    services.transfer_send(actor=sides.officer, transfer_id=t.pk)
    receiver = api(sides.receiving_director)
    codes = [receiver.post(f"/transfers/{t.pk}/receive", {}).status_code for _ in range(2)]
    assert codes == [200, 422]
    assert Placement.objects.filter(child=t.child).count() == 2


@pytest.mark.django_db(transaction=True)
def test_concurrent_receipts_give_one(sides):
    if connection.vendor != "postgresql":
        pytest.skip("row locks need PostgreSQL")
    t = services.transfer_draft(actor=sides.officer, **draft_kwargs(sides))
    services.transfer_approve(actor=sides.officer, transfer_id=t.pk)
    services.transfer_send(actor=sides.officer, transfer_id=t.pk)
    barrier = threading.Barrier(2)
    outcomes = []

    def receive():
        try:
            barrier.wait()
            services.transfer_receive(actor=sides.receiving_director, transfer_id=t.pk)
            outcomes.append("ok")
        except Exception as exc:  # the refusal is the outcome under test
            outcomes.append(type(exc).__name__)
        finally:
            close_old_connections()
            connection.close()

    threads = [threading.Thread(target=receive) for _ in range(2)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert sorted(outcomes) == ["ValidationError", "ok"]
    assert Placement.objects.filter(child=t.child).count() == 2
    assert Placement.objects.filter(child=t.child, ended_on__isnull=True).count() == 1
