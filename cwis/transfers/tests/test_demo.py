import pytest
from django.core.management import call_command

from cwis.transfers.models import ArchiveItem, PropertyEntry, Transfer

pytestmark = pytest.mark.django_db


def test_the_demo_shows_every_state_once():
    call_command("demo", no_serve=True)
    first = (Transfer.objects.count(), ArchiveItem.objects.count(), PropertyEntry.objects.count())
    call_command("demo", no_serve=True)
    assert (Transfer.objects.count(), ArchiveItem.objects.count(),
            PropertyEntry.objects.count()) == first
    assert dict(Transfer.objects.values_list("child__name", "status")) == {
        "陈思远": "received", "国小慧": "sent", "熊乐乐": "drafted"}
    assert not Transfer.objects.filter(from_institution__name="南昌县儿童福利院").exists()
