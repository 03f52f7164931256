"""The care lines in a child's printed file (children/print.html, issue 13 point 9): what
each tab shows the reader, with no write links; counts only for the offices above."""

import pytest

from cwis.care.tests.factories import PlanFactory

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("frozen_today")]


def printed(client, child) -> str:
    response = client.get(f"/children/{child.pk}/print/")
    assert response.status_code == 200
    return response.content.decode()


def test_the_printed_file_holds_each_care_line(care, web):
    PlanFactory(child=care.child)
    page = printed(web(care.director), care.child)
    for line in ("medical", "rehabilitation", "education", "social_work"):
        assert f'id="section-care_{line}"' in page, line
    rehabilitation = page.split('id="section-care_rehabilitation"')[1].split("</section>")[0]
    assert "独立行走10米" in rehabilitation
    assert "/care/" not in rehabilitation.split('id="care-plans"')[0]  # no "new plan" button
    assert "btn" not in page.split('id="child-file"')[1]


def test_the_office_above_prints_counts_not_care_records(care, web):
    PlanFactory(child=care.child)
    page = printed(web(care.province), care.child)
    rehabilitation = page.split('id="section-care_rehabilitation"')[1].split("</section>")[0]
    assert 'id="care-counts"' in rehabilitation
    assert "独立行走10米" not in page
