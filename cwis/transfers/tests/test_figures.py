import datetime as dt

import pytest
from django.utils import timezone

from cwis.oversight import figures
from cwis.transfers import services
from cwis.transfers.tests.factories import draft_kwargs

pytestmark = pytest.mark.django_db


def _value(key: str, year: int) -> int:
    return figures.compute(key, prefix="36", moment=figures.year_end(year))


def test_the_yearly_figures_count_what_was_handed_over_by_the_years_end(sides):
    year = timezone.localdate().year
    t = services.transfer_draft(actor=sides.officer, **draft_kwargs(
        sides, hukou_decision="stay", hukou_stay_reason="保留原籍以保障土地承包权益"))
    services.transfer_archive_add(actor=sides.officer, transfer_id=t.pk, kind="file",
                                  title="档案")
    services.property_entry_add(actor=sides.sending_director, child_id=t.child_id,
                                kind="cash", description="现金", amount="5",
                                on=dt.date(2025, 1, 1))
    services.transfer_approve(actor=sides.officer, transfer_id=t.pk)
    services.transfer_send(actor=sides.officer, transfer_id=t.pk)
    assert _value("children_transferred", year) == 0
    services.transfer_receive(actor=sides.receiving_director, transfer_id=t.pk)
    assert _value("children_transferred", year) == 1
    assert _value("children_transferred", year - 1) == 0
    assert _value("hukou_kept", year) == 1
    assert _value("hukou_moved", year) == 0
    assert _value("archive_items_handed_over", year) == 1
    assert _value("property_handovers_confirmed", year) == 1
