"""The upbringing step of the generator at tiny scale: current assessments with some
missing and some overdue, adoptions recommended and listed, and for every child who left
care adopted the whole adoption, consistent with the yearly report's figure."""

import datetime as dt

import pytest

from cwis.accounts.models import User
from cwis.care.models import AdoptionCase, AdoptionFollowUp, AdoptionMatch, UpbringingAssessment
from cwis.children.models import Child
from cwis.core.permissions import Role
from cwis.core.todo import todo_for
from cwis.oversight import figures
from cwis.synthetic.generate import generate

TODAY = dt.date(2026, 6, 1)


@pytest.fixture
def tiny(db):
    return generate(scale="tiny", seed=7, today=TODAY, out=lambda _s: None)


def test_tiny_upbringing_and_adoption_records(tiny):
    in_care = Child.objects.filter(status="in_care")
    assessed = UpbringingAssessment.objects.filter(status="confirmed").values("child")
    assert 0 < in_care.filter(pk__in=assessed).count() < in_care.count()
    assert UpbringingAssessment.objects.filter(next_due_on__lt=TODAY,
                                               status="confirmed").exists()
    adopted = Child.objects.filter(leave_reason="adoption")
    matches = AdoptionMatch.objects.filter(state="registered")
    assert adopted.count() == matches.count()
    assert set(matches.values_list("child_id", flat=True)) == set(
        adopted.values_list("pk", flat=True))
    assert all(m.registered_on == m.child.left_care_on for m in matches.select_related("child"))
    assert AdoptionFollowUp.objects.count() == 3 * matches.count()
    assert AdoptionCase.objects.filter(state__in=("recommended", "listed")).exists()
    for year in (2024, 2025):
        moment = figures.year_end(year)
        assert figures.compute("care_adopted", prefix="", moment=moment) == figures.compute(
            "adoptions", prefix="", moment=moment)
    director = User.objects.filter(username__startswith="syn-", role=Role.DIRECTOR).filter(
        institution__children__status="in_care").first()
    kinds = {i.kind for i in todo_for(director, today=TODAY)}
    assert "care.upbringing_due" in kinds


def test_each_adoption_step_is_dated_in_order_in_the_past(tiny):
    """Assessment <= listing < application < adopter assessment < match < registration <
    visits; each record created on its first day, not on the day of the run."""
    matches = AdoptionMatch.objects.filter(state="registered").select_related(
        "case__assessment", "application")
    assert matches.exists()
    for match in matches:
        case, application = match.case, match.application
        days = [case.assessment.assessed_on, case.listed_on, application.received_on,
                application.assessed_on, match.matched_on, match.registered_on]
        assert days == sorted(days), days
        assert match.registered_on <= TODAY
        for visit in match.follow_ups.all():
            assert visit.due_on > match.registered_on
            assert visit.visited_on is None or match.registered_on < visit.visited_on <= TODAY
        assert application.created_at.date() == application.received_on
        assert match.created_at.date() == match.matched_on
        assert match.history.get().history_date.date() == match.registered_on
    listed = AdoptionCase.objects.exclude(listed_on__isnull=True)
    assert not listed.filter(listed_on__gt=TODAY).exists()
    assert not UpbringingAssessment.objects.filter(created_at__date__gt=TODAY).exists()
