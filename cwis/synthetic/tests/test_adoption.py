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
