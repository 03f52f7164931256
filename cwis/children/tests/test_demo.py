import pytest
from django.core.management import call_command

from cwis.children.choices import ChildStatus, DeadlineKind
from cwis.children.legal import LEGAL_BASES
from cwis.children.models import Child, ChildDeadline

pytestmark = pytest.mark.django_db


def test_the_demo_children_are_made_once_through_the_services():
    call_command("demo", no_serve=True)
    first = (Child.objects.count(), ChildDeadline.objects.count())
    call_command("demo", no_serve=True)
    assert (Child.objects.count(), ChildDeadline.objects.count()) == first
    by_institution = {
        name: Child.objects.filter(current_institution__name=name).count()
        for name in ("南昌市儿童福利院", "南昌县儿童福利院", "进贤县儿童福利院")
    }
    # 进贤县: 陈思远 was transferred to 南昌市 (transfers demo), 熊乐乐 was added for it
    # 南昌市: 陈志远 and 周雨桐, aged 17 and 16, were added by the care demo (adulthood plans)
    assert by_institution == {"南昌市儿童福利院": 7, "南昌县儿童福利院": 2, "进贤县儿童福利院": 2}
    assert Child.objects.filter(status=ChildStatus.LEFT_CARE, leave_reason="adoption").exists()
    assert Child.objects.exclude(disability_type="").exists()
    infant = Child.objects.get(name="党欣怡")
    assert set(infant.deadlines.filter(closed_on__isnull=True).values_list("kind", flat=True)) >= {
        DeadlineKind.SEARCH_NOTICE, DeadlineKind.IDENTITY_INSURANCE}
    intake = infant.intakes.get()
    assert LEGAL_BASES[intake.legal_basis].in_force_on(intake.intake_on)
