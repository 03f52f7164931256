"""The protection-case step of the generator at tiny scale: cases on the county's children
with their assessments, conferences and decisions in consistent dates, history rows, and
nothing added when run again."""

import datetime as dt

import pytest
from django.db.models import Exists, F, OuterRef

from cwis.accounts.models import User
from cwis.core.permissions import Role
from cwis.protection.models import (
    CaseConference,
    CaseState,
    ConferenceDecision,
    ConferenceParticipant,
    GuardianshipAssessment,
    ProtectionCase,
)
from cwis.synthetic.generate import generate

TODAY = dt.date(2026, 6, 1)


@pytest.fixture
def tiny(db):
    return generate(scale="tiny", seed=7, today=TODAY, out=lambda _s: None)


def test_tiny_cases_hang_on_their_countys_children(tiny):
    cases = ProtectionCase.objects.select_related("child")
    assert cases.count() == tiny.counts["protection cases"] > 10
    for case in cases:
        if case.receiver_id:  # a long-term exit moved the child to the receiving institution
            assert case.child.current_institution_id == case.receiver_id
        else:
            assert case.child.division_code.startswith(case.county_code)
        assert case.opened_on > case.child.birth_date
        assert case.placed_at >= case.reported_at
        assert (case.state == CaseState.CLOSED) == (case.closed_on is not None)
    assert cases.filter(state=CaseState.OPEN).exists()
    assert cases.filter(state=CaseState.CLOSED).exists()
    assert ProtectionCase.history.filter(history_type="+").count() == cases.count()


def test_tiny_case_steps_fall_inside_their_case(tiny):
    assessments = GuardianshipAssessment.objects.all()
    assert assessments.exists()
    assert not assessments.filter(assessed_on__lt=F("case__opened_on")).exists()
    assert not assessments.filter(case__closed_on__isnull=False,
                                  assessed_on__gte=F("case__closed_on")).exists()
    assert not assessments.filter(confirmed_on__isnull=False, confirmed_by=None).exists()
    assert CaseConference.objects.exists()
    assert not ConferenceParticipant.objects.filter(conference__isnull=True).exists()
    assert ConferenceParticipant.objects.filter(department="civil_affairs").count() == (
        CaseConference.objects.count())
    decisions = ConferenceDecision.objects.all()
    assert not decisions.filter(due_on__lte=F("conference__held_on")).exists()
    assert not decisions.filter(done_on__isnull=False, done_by=None).exists()
    assert not decisions.filter(conference__case__state=CaseState.CLOSED,
                                done_on__isnull=True).exists()
    assert ConferenceDecision.history.count() == decisions.count()
    assert ConferenceParticipant.history.count() == ConferenceParticipant.objects.count()


def test_transformed_counties_have_a_protection_worker_who_opens_their_cases(tiny):
    workers = User.objects.filter(role=Role.PROTECTION_WORKER)
    assert workers.exists()
    worked = ProtectionCase.objects.filter(opened_by__role=Role.PROTECTION_WORKER)
    for case in worked:
        assert case.opened_by.division.code == case.county_code


def test_generating_again_adds_no_case(tiny):
    before = (ProtectionCase.objects.count(), GuardianshipAssessment.objects.count(),
              ConferenceDecision.objects.count(), User.objects.count())
    again = generate(scale="tiny", seed=7, today=TODAY, out=lambda _s: None)
    assert again.counts.get("protection cases", 0) == 0
    assert (ProtectionCase.objects.count(), GuardianshipAssessment.objects.count(),
            ConferenceDecision.objects.count(), User.objects.count()) == before


def test_tiny_cases_have_referrals_care_and_exits_in_order(tiny):
    from cwis.protection.models import (
        CareSession,
        CaseFollowUp,
        InterventionPlan,
        Referral,
        ReferralState,
    )

    referrals = Referral.objects.all()
    assert referrals.exists()
    assert not referrals.filter(sent_on__lt=F("case__opened_on")).exists()
    assert not referrals.filter(answered_on__lt=F("sent_on")).exists()
    assert not referrals.filter(delivered_on__lt=F("answered_on")).exists()
    assert not referrals.filter(case__closed_on__isnull=False,
                                answered_on__gte=F("case__closed_on")).exists()
    for state, step in ((ReferralState.SENT, "answered_on"),
                        (ReferralState.DELIVERED, "closed_on")):
        assert not referrals.filter(state=state, **{f"{step}__isnull": False}).exists()
    assert not referrals.filter(state=ReferralState.DECLINED, decline_reason="").exists()
    assert Referral.history.count() == referrals.count()
    assert CareSession.objects.exists()
    assert not CareSession.objects.filter(held_on__lt=F("case__opened_on")).exists()
    for plan in InterventionPlan.objects.all():  # only for a child found at risk
        assert plan.case.care_sessions.filter(risk_level__in=("elevated", "high")).exists()

    exited = ProtectionCase.objects.exclude(outcome="")
    assert exited.exists()
    assert not exited.filter(state=CaseState.OPEN).exists()
    assert not exited.filter(exit_on__gt=F("closed_on")).exists()
    for case in exited.filter(outcome__in=("returned", "entrusted")):
        visits = case.follow_ups.order_by("-visited_on")
        assert visits.exists()
        assert visits[0].visited_on == case.closed_on  # the last visit closed it
        assert case.follow_up_months
        assert case.visit_every_months
    assert not exited.filter(outcome="long_term", long_term_ground="").exists()
    assert not CaseFollowUp.objects.filter(visited_on__lt=F("case__exit_on")).exists()
    confirmed = GuardianshipAssessment.objects.filter(case=OuterRef("pk"),
                                                      confirmed_on__lte=F("case__exit_on"))
    assert not exited.exclude(Exists(confirmed)).exists()  # the exit follows a confirmation
