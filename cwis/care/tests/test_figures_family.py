"""Figures of family care and adult placement: the yearly report's (as of 31 December)
and the dashboard panel's, each equal to the list it drills down to."""

import datetime as dt

import pytest

from cwis.care.choices_family import PathState
from cwis.care.models import AdulthoodFollowUp
from cwis.care.services import foster as foster_services
from cwis.care.tests.factories import (
    AdulthoodPathFactory,
    AdulthoodPlanFactory,
    FosterFamilyFactory,
)
from cwis.children.tests.factories import ChildFactory
from cwis.oversight import figures
from cwis.oversight.dashboard import dashboard

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("frozen_today")]


@pytest.fixture
def scene(care):
    """A child in a foster family since January; a young man placed in a job in 2025; a
    girl of 17 awaiting placement; a follow-up done this year."""
    family = FosterFamilyFactory(institution=care.users.institution_a)
    foster_services.foster_place(actor=care.social_worker, child_id=care.child.pk,
                                 family_id=family.pk, on=dt.date(2026, 1, 20), reason="x")
    placed = ChildFactory(current_institution=care.users.institution_a,
                          birth_date=dt.date(2007, 8, 1))
    AdulthoodPathFactory(plan=AdulthoodPlanFactory(child=placed), state=PathState.ACHIEVED,
                         outcome="汽修厂", outcome_on=dt.date(2025, 10, 1), next_due_on=None)
    waiting = ChildFactory(current_institution=care.users.institution_a,
                           birth_date=dt.date(2008, 11, 1), sex="female")
    AdulthoodFollowUp.objects.create(child=placed, months=6, due_on=dt.date(2026, 1, 10),
                                     done_on=dt.date(2026, 1, 12), situation="好")
    return placed, waiting


def test_the_report_counts_as_of_the_year_end(care, scene):
    _placed, _waiting = scene
    end_2025 = figures.year_end(2025)
    assert figures.compute("care_foster_children", prefix="36", moment=end_2025) == 0
    assert figures.compute("care_adult_placed_employment", prefix="36", moment=end_2025) == 1
    assert figures.compute("care_adult_placed_enlistment", prefix="36", moment=end_2025) == 0
    # On 31 December 2025 the girl was 17, the young man already placed.
    assert figures.compute("care_adult_awaiting", prefix="36", moment=end_2025) == 1
    assert figures.compute("care_adult_follow_ups", prefix="36", moment=end_2025) == 0
    assert figures.compute("care_foster_children", prefix="43", moment=end_2025) == 0


def test_every_dashboard_cell_equals_its_list(care, scene, web):
    panel = next(p for p in dashboard(actor=care.province)["panels"]
                 if p.key == "care_family")
    values = {c.url.split("/")[3]: c.value for c in panel.cells}
    assert values["care_foster_children"] == 1
    assert values["care_adult_follow_ups"] == 1
    client = web(care.province)
    for cell in panel.cells:
        page = client.get(cell.url).content.decode()
        table = page.split("<tbody>")[1].split("</tbody>")[0]
        assert table.count('<a href="/children/') == cell.value, cell.label
    assert web(care.therapist).get(panel.cells[0].url).status_code == 403
