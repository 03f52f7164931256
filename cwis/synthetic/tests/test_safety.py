"""The safety step of the generator at tiny scale: every institution has its inspections,
drills and plan; hazards are found by an inspection or a drill, closed ones fixed by one
person and checked by another, some still open and overdue; generating again adds nothing;
the prefecture's overdue-hazard figure and a director's hazards run on the data."""

import datetime as dt

import pytest
from django.db.models import F

from cwis.accounts.models import User
from cwis.core.permissions import Role
from cwis.core.todo import todo_for
from cwis.institutions.models import Institution
from cwis.safety.models import Drill, EmergencyPlan, Hazard, Inspection
from cwis.safety.selectors import figures
from cwis.synthetic.generate import generate

TODAY = dt.date(2026, 6, 1)


@pytest.fixture
def tiny(db):
    return generate(scale="tiny", seed=7, today=TODAY, out=lambda _s: None)


def test_tiny_safety_records_are_consistent(tiny):
    institutions = Institution.objects.filter(uscc__regex=r"^12\d{6}9").count()
    assert Inspection.objects.values("institution").distinct().count() == institutions
    assert Drill.objects.filter(with_fire_service=True).exists()
    assert EmergencyPlan.objects.count() == institutions
    hazards = Hazard.objects.all()
    assert hazards.filter(inspection__isnull=False).exists()
    assert hazards.filter(drill__isnull=False).exists()
    assert not hazards.filter(inspection__isnull=True, drill__isnull=True).exists()
    assert not hazards.filter(state="closed", checked_by=F("fixed_by")).exists()
    assert hazards.filter(state="open", due_on__lt=TODAY).exists()
    assert Hazard.history.count() == hazards.count()


def test_generating_again_adds_nothing_and_the_figures_run(tiny):
    count = Hazard.objects.count()
    generate(scale="tiny", seed=7, today=TODAY, out=lambda _s: None)
    assert Hazard.objects.count() == count
    province = User.objects.filter(role=Role.PROVINCE_OFFICER).first()
    counts = figures.hazards_by_area(actor=province, prefix="36", width=4, today=TODAY)
    assert sum(c["overdue"] for c in counts.values()) == Hazard.objects.filter(
        state="open", due_on__lt=TODAY).count()
    director = User.objects.filter(role=Role.DIRECTOR, username__startswith="syn-").first()
    items = [i for i in todo_for(director, today=TODAY)
             if i.kind in ("safety.hazard", "safety.hazard_major")]
    assert len(items) == Hazard.objects.filter(institution=director.institution_id,
                                               state="open").count()
