"""Reads of transfers (a child's data, whole ID numbers in the lists) are in the access log."""

import pytest

from cwis.core import export
from cwis.core.models import AccessLog
from cwis.transfers import services
from cwis.transfers.tests.factories import draft_kwargs

pytestmark = pytest.mark.django_db


def test_reading_a_transfer_through_the_api_is_logged(sides, api, settings):
    transfer = services.transfer_draft(actor=sides.officer, **draft_kwargs(sides))
    settings.CWIS_TRUSTED_PROXIES = ["127.0.0.1"]  # the test client's REMOTE_ADDR
    client = api(sides.officer)
    client.client.defaults["HTTP_X_FORWARDED_FOR"] = "203.0.113.7"
    assert client.get(f"/transfers/{transfer.pk}").status_code == 200
    row = AccessLog.objects.get(object_type="transfer", object_id=str(transfer.pk))
    assert (row.user, row.action, row.ip_address) == (sides.officer, "view", "203.0.113.7")
    assert row.division_code == transfer.from_division_code
    # Out of scope: 404 and nothing to log.
    assert api(sides.out_of_scope).get(f"/transfers/{transfer.pk}").status_code == 404
    assert AccessLog.objects.filter(object_type="transfer").count() == 1


@pytest.mark.parametrize(("path", "kind"), [("/transfers/hukou.xlsx", "transfers.hukou_export"),
                                            ("/transfers/school.xlsx",
                                             "transfers.school_export")])
def test_asking_for_a_partner_list_is_logged(sides, web, monkeypatch, path, kind):
    assert web(sides.officer).get(path).status_code == 200
    row = AccessLog.objects.get(object_type="transfer_list")
    assert (row.user, row.object_id, row.action) == (sides.officer, kind, "export")
    # A list too long for the request is prepared by a job: logged when asked for all the same.
    monkeypatch.setattr(export, "export_too_large", lambda rows: True)
    assert web(sides.officer).get(path).status_code == 302
    assert AccessLog.objects.filter(object_type="transfer_list", object_id=kind).count() == 2
