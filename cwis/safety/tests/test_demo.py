import pytest
from django.core.management import call_command
from django.utils import timezone

from cwis.accounts.models import User
from cwis.oversight import dashboard
from cwis.safety import oversight
from cwis.safety.models import Hazard, SocialOrganisation

pytestmark = pytest.mark.django_db


def test_the_demo_safety_records_are_made_once_with_one_hazard_overdue():
    call_command("demo", no_serve=True)
    first = Hazard.objects.count()
    call_command("demo", no_serve=True)
    assert Hazard.objects.count() == first == 3
    today = timezone.localdate()
    assert Hazard.objects.filter(state="open", due_on__lt=today).count() == 1
    assert Hazard.objects.filter(state="fixed").count() == 1
    assert SocialOrganisation.objects.count() == 1
    prefecture = User.objects.get(username="demo-prefecture")
    panel = oversight.safety_panel(prefecture, dashboard.dashboard_area(actor=prefecture))
    assert panel.cells[0].value == 1
