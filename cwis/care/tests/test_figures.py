"""Care figures: the yearly report's, as of 31 December, and the dashboard panel's, each
drilling down to the list of the children it counts."""

import datetime as dt
from decimal import Decimal

import pytest

from cwis.care.choices import CareLine, PlanStatus
from cwis.care.models import MedicalVisit, SchoolPlace
from cwis.care.tests.factories import PlanFactory, SessionFactory
from cwis.children.tests.factories import ChildFactory
from cwis.oversight import figures
from cwis.oversight.dashboard import dashboard

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("frozen_today")]
END_2025 = figures.year_end(2025)


def value(key: str, prefix: str = "36") -> int:
    return figures.compute(key, prefix=prefix, moment=END_2025)


def test_plans_count_from_approval_to_closing_at_the_year_end(care):
    other = ChildFactory(current_institution=care.users.institution_a)
    PlanFactory(child=care.child, approved_on=dt.date(2025, 3, 1), starts_on=dt.date(2025, 3, 1),
                review_due_on=dt.date(2026, 3, 1))
    PlanFactory(child=other, approved_on=dt.date(2025, 3, 1), starts_on=dt.date(2025, 3, 1),
                review_due_on=dt.date(2025, 6, 1), status=PlanStatus.CLOSED,
                closed_on=dt.date(2025, 6, 1))
    PlanFactory(child=other, approved_on=dt.date(2026, 1, 5), line=CareLine.SOCIAL_WORK)
    SessionFactory(plan=PlanFactory(child=other, approved_on=dt.date(2025, 1, 1)),
                   held_on=dt.date(2025, 5, 1))
    assert value("care_rehabilitation_plan") == 2  # care.child, and other's session plan
    assert value("care_social_work_plan") == 0  # approved after the year end
    assert value("care_rehabilitation_received") == 1
    assert value("care_rehabilitation_plan", prefix="43") == 0


def test_costs_by_layer_and_school_places_by_stage(care):
    for amount in ("100", "300"):
        MedicalVisit.objects.create(
            child=care.child, kind="outpatient", hospital="医院", diagnosis="x",
            started_on=dt.date(2025, 4, 1), cost_total=Decimal(amount),
            paid_basic_insurance=Decimal(amount))
    MedicalVisit.objects.create(child=care.child, kind="outpatient", hospital="医院",
                                diagnosis="x", started_on=dt.date(2025, 4, 1),
                                cost_total=Decimal(999), paid_charity=Decimal(999),
                                entered_in_error="重复")
    SchoolPlace.objects.create(child=care.child, stage="kindergarten", kind="ordinary",
                               school="幼儿园", enrolled_on=dt.date(2024, 9, 1))
    assert value("care_cost_total") == 400
    assert value("care_paid_basic_insurance") == 400
    assert value("care_paid_charity") == 0
    assert value("care_school_kindergarten") == value("care_school_enrolled") == 1
    assert value("care_school_primary") == 0


def test_the_report_links_each_care_figure_to_its_list(care, web):
    PlanFactory(child=care.child, approved_on=dt.date(2025, 3, 1))
    drill = figures._FIGURES["care_rehabilitation_plan"].drill("36", 2025)
    assert drill == "/care/figures/care_rehabilitation_plan/?division=36&year=2025"
    page = web(care.province).get(drill).content.decode()
    assert care.child.name in page.split('id="figure-children"')[1]
    assert web(care.therapist).get(drill).status_code == 403
    assert web(care.province).get("/care/figures/nothing/").status_code == 404


def test_every_dashboard_cell_equals_its_list(care, web):
    PlanFactory(child=care.child, approved_on=dt.date(2026, 1, 10))
    ChildFactory(current_institution=care.users.institution_a, disability_type="visual",
                 disability_grade=1)
    panel = next(p for p in dashboard(actor=care.province)["panels"] if p.key == "care")
    client = web(care.province)
    for cell in panel.cells:
        page = client.get(cell.url).content.decode()
        table = page.split("<tbody>")[1].split("</tbody>")[0]
        rows = table.count('<a href="/children/')
        assert rows == cell.value, cell.label  # no services here: 0 children, 0 services
    assert [c.value for c in panel.cells][:2] == [1, 1]
