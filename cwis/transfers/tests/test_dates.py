"""Every date a transfer takes (API and pages) must be plausible: 0001-01-01 or 9999-12-31
answers 422 with the field's message, never 500, and nothing is stored."""

import datetime as dt

import pytest

from cwis.core.validators import MSG_DATE_FUTURE, MSG_DATE_TOO_EARLY, MSG_DATE_TOO_LATE
from cwis.transfers import services
from cwis.transfers.models import PropertyEntry, Transfer
from cwis.transfers.tests.factories import draft_kwargs

pytestmark = pytest.mark.django_db

IMPLAUSIBLE = {"0001-01-01": MSG_DATE_TOO_EARLY, "9999-12-31": MSG_DATE_TOO_LATE}
# The date of something that happened: not after today either.
PAST_IMPLAUSIBLE = {"0001-01-01": MSG_DATE_TOO_EARLY, "9999-12-31": MSG_DATE_FUTURE,
                    "2999-01-01": MSG_DATE_FUTURE}


def messages(response, field: str) -> list[str]:
    return [e["msg"] for e in response.json()["detail"] if e["loc"] == ["body", field]]


def _body(sides, **overrides) -> dict:
    body = draft_kwargs(sides, **overrides)
    return {k: v.isoformat() if isinstance(v, dt.date) else v for k, v in body.items()}


@pytest.mark.parametrize("day", IMPLAUSIBLE)
def test_a_draft_with_an_implausible_planned_date_is_refused(sides, api, day):
    officer = api(sides.officer)
    response = officer.post("/transfers", _body(sides, planned_on=day))
    assert response.status_code == 422, response.content
    assert messages(response, "planned_on") == [str(IMPLAUSIBLE[day])]
    response = officer.post("/transfers/batch", {"institution_id": sides.sender.pk,
                                                 "planned_on": day, "reason": "转型"})
    assert response.status_code == 422, response.content
    assert messages(response, "planned_on") == [str(IMPLAUSIBLE[day])]
    assert not Transfer.objects.exists()


@pytest.mark.parametrize("day", IMPLAUSIBLE)
def test_a_plan_change_to_an_implausible_date_is_refused(sides, api, day):
    transfer = services.transfer_draft(actor=sides.officer, **draft_kwargs(sides))
    response = api(sides.officer).patch(f"/transfers/{transfer.pk}",
                                        {"version": transfer.version, "planned_on": day})
    assert response.status_code == 422, response.content
    assert messages(response, "planned_on") == [str(IMPLAUSIBLE[day])]
    transfer.refresh_from_db()
    assert transfer.planned_on == dt.date(2026, 3, 1)


@pytest.mark.parametrize(("day", "message"), PAST_IMPLAUSIBLE.items())
def test_a_hukou_migration_on_an_implausible_or_future_date_is_refused(sides, api, day,
                                                                       message):
    transfer = services.transfer_draft(actor=sides.officer, **draft_kwargs(sides))
    services.transfer_approve(actor=sides.sending_director, transfer_id=transfer.pk)
    services.transfer_send(actor=sides.officer, transfer_id=transfer.pk)
    services.transfer_receive(actor=sides.receiving_director, transfer_id=transfer.pk)
    response = api(sides.receiving_director).post(f"/transfers/{transfer.pk}/hukou",
                                                  {"status": "done", "on": day})
    assert response.status_code == 422, response.content
    assert messages(response, "on") == [str(message)]
    transfer.refresh_from_db()
    assert transfer.hukou_done_on is None


@pytest.mark.parametrize(("day", "message"), PAST_IMPLAUSIBLE.items())
def test_a_ledger_line_on_an_implausible_or_future_date_is_refused(sides, api, day, message):
    child = sides.children[0]
    response = api(sides.sending_director).post(f"/children/{child.pk}/property", {
        "kind": "cash", "description": "压岁钱", "amount": "20.00", "on": day})
    assert response.status_code == 422, response.content
    assert messages(response, "on") == [str(message)]
    assert not PropertyEntry.objects.exists()


def test_the_batch_page_refuses_an_implausible_planned_date(sides, web):
    response = web(sides.officer).post("/transfers/batch/", {
        "institution": sides.sender.pk, "planned_on": "0001-01-01", "reason": "转型"})
    assert response.status_code == 422
    assert str(MSG_DATE_TOO_EARLY) in response.content.decode()
    assert not Transfer.objects.exists()
