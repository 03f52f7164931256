import pytest
from django.core.management import call_command
from django.utils import timezone

from cwis.children.choices import ChildStatus
from cwis.children.models import Child, ChildDeadline
from cwis.protection.models import (
    CommunityVisit,
    ConferenceDecision,
    PolicyTalk,
    ProtectionCase,
    Workstation,
)

pytestmark = pytest.mark.django_db


def test_the_demo_community_children_are_made_once_through_the_services():
    call_command("demo", no_serve=True)
    first = (Child.objects.count(), CommunityVisit.objects.count(),
             ChildDeadline.objects.count())
    call_command("demo", no_serve=True)
    assert (Child.objects.count(), CommunityVisit.objects.count(),
            ChildDeadline.objects.count()) == first
    community = Child.objects.filter(registered_on__isnull=False)
    # twelve registered here, two by the screening campaign's workbook (cwis.screening), two
    # deliberately wrong ones for the data-quality rules (cwis.partners)
    assert community.count() == 16
    assert community.filter(status=ChildStatus.OFF_REGISTER).count() == 1
    assert {c.division_code for c in community} == {"360121100", "360121100201"}
    assert community.filter(is_left_behind=True).exists()
    assert community.filter(is_orphan=True).exists()
    assert set(community.exclude(difficulty_kind="").values_list("difficulty_kind", flat=True)
               ) == {"poverty", "disability", "guardianship"}
    assert community.exclude(disability_type="").exists()
    assert CommunityVisit.objects.exists()
    overdue = ChildDeadline.objects.filter(kind="community_visit", closed_on__isnull=True,
                                           due_on__lt=timezone.localdate())
    assert [d.child.name for d in overdue] == ["赵明轩"]
    case = ProtectionCase.objects.get()
    assert case.child.name == "郑欣怡"
    assert case.assessments.count() == 1
    assert ConferenceDecision.objects.filter(conference__case=case).count() == 2
    assert sorted(case.referrals.values_list("state", flat=True)) == ["accepted", "sent"]
    assert case.care_sessions.count() == 1
    assert case.intervention_plans.count() == 1
    assert PolicyTalk.objects.count() == 2
    assert Workstation.objects.get().guidance_visits.count() == 1
