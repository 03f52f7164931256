"""Upbringing and adoption figures: the report's adoptions (from the leaving reason) and the
care figures agree; children assessed and recommended per path; the dashboard panel's
cells equal the lists they drill down to."""

import datetime as dt

import pytest

from cwis.care.services import adoption, upbringing
from cwis.care.tests.permanency import application_data, assessment_data
from cwis.children.tests.factories import ChildFactory
from cwis.oversight import figures
from cwis.oversight.dashboard import dashboard

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("frozen_today")]


def value(key: str, year: int = 2026) -> int:
    return figures.compute(key, prefix="36", moment=figures.year_end(year))


def adopt(perm) -> None:
    assessment = upbringing.upbringing_record(actor=perm.social_worker, child_id=perm.child.pk,
                                              data=assessment_data())
    upbringing.upbringing_confirm(actor=perm.director, assessment_id=assessment.pk,
                                  version=assessment.version)
    case = perm.child.adoption_cases.get()
    case = adoption.adoption_list(actor=perm.director, case_id=case.pk, version=case.version,
                                  listed_on=dt.date(2026, 2, 1))
    application = adoption.application_record(actor=perm.director, data=application_data())
    application = adoption.application_assess(
        actor=perm.director, application_id=application.pk, version=application.version,
        data={"assessed_by": "institution", "assessed_on": dt.date(2026, 1, 20),
              "outcome": "suitable", "assessment_summary": "适合"})
    match = adoption.match_make(actor=perm.director, case_id=case.pk,
                                application_id=application.pk,
                                data={"matched_on": dt.date(2026, 2, 1), "reasons": "适合"})
    adoption.adoption_register(actor=perm.director, match_id=match.pk, version=match.version,
                               data={"registration_office": "南昌市民政局",
                                     "certificate_number": "001",
                                     "registered_on": dt.date(2026, 2, 1)})


def test_adoptions_agree_with_the_yearly_report(perm):
    adopt(perm)  # 林小语: an orphan girl
    assert value("care_adopted") == value("adoptions") == 1
    assert value("care_adopted_girls") == value("adoptions_girls") == 1
    assert value("care_adopted_disabled") == value("adoptions_disabled") == 0
    assert value("care_adopted", 2025) == 0


def test_children_assessed_and_recommended_per_path_and_the_panel(perm, web):
    other = ChildFactory(current_institution=perm.institution, name="陈小安",
                         birth_date=dt.date(2022, 3, 1))
    assessment = upbringing.upbringing_record(actor=perm.social_worker,
                                              child_id=other.pk, data=assessment_data(
                                                  path="institution", reasons="需要医疗照护"))
    upbringing.upbringing_confirm(actor=perm.director, assessment_id=assessment.pk,
                                  version=assessment.version)
    panel = next(p for p in dashboard(actor=perm.province)["panels"]
                 if p.key == "care_upbringing")
    cells = {c.url.split("?")[0].rstrip("/").rsplit("/", 1)[-1]: c for c in panel.cells}
    assert cells["care_upbringing_assessed"].value == 1
    assert cells["care_upbringing_institution"].value == 1
    assert cells["care_upbringing_adoption"].value == 0
    assert cells["care_upbringing_missing"].value == 1  # 林小语
    client = web(perm.province)
    for cell in panel.cells:
        page = client.get(cell.url).content.decode()
        table = page.split("<tbody>")[1].split("</tbody>")[0]
        assert table.count('<a href="/children/') == cell.value, cell.label
    missing = client.get(cells["care_upbringing_missing"].url).content.decode()
    assert perm.child.name in missing
    assert other.name not in missing
