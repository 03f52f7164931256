"""Every list says how many rows it holds, capped as the children's list (ADR 0008)."""

import pytest

from cwis.conftest import COUNTY_A, PROVINCE
from cwis.core import pagination
from cwis.core.permissions import Role
from cwis.institutions.tests.factories import InstitutionFactory

pytestmark = pytest.mark.django_db


@pytest.mark.parametrize(("role", "division", "url", "count_id"), [
    (Role.COUNTY_OFFICER, COUNTY_A, "/institutions/", "institution-count"),
    (Role.PROVINCE_OFFICER, PROVINCE, "/institutions/province/360000/", "county-count"),
    (Role.PROVINCE_OFFICER, PROVINCE, "/oversight/plans/", "plan-count"),
    (Role.PROVINCE_OFFICER, PROVINCE, "/oversight/reports/", "report-count"),
    (Role.MINISTRY_OFFICER, None, "/oversight/evaluations/", "evaluation-count"),
    (Role.COUNTY_OFFICER, COUNTY_A, "/jobs/", "job-count"),
    (Role.COUNTY_OFFICER, COUNTY_A, "/care/without-plan/", "without-plan-count"),
])
def test_the_list_shows_its_count(make_user, web, role, division, url, count_id):
    InstitutionFactory(division_code=COUNTY_A, level="county")
    response = web(make_user(role, division_code=division)).get(url)
    assert response.status_code == 200
    page = response.content.decode()
    assert f'id="{count_id}"' in page


def test_the_institution_count_is_capped(make_user, web, monkeypatch):
    InstitutionFactory.create_batch(3, division_code=COUNTY_A, level="county")
    monkeypatch.setattr(pagination, "COUNT_CAP", 2)
    page = web(make_user(Role.COUNTY_OFFICER, division_code=COUNTY_A)).get(
        "/institutions/").content.decode()
    count = page[page.index('id="institution-count"'):]
    assert "2" in count[:count.index("</p>")]
    assert "institution-count" in page
    assert ("超过" in count[:count.index("</p>")]) or ("More than" in count[:count.index("</p>")])


def test_the_outside_services_list_shows_its_count(make_user, web):
    institution = InstitutionFactory(division_code=COUNTY_A, level="county")
    director = make_user(Role.DIRECTOR, institution=institution)
    page = web(director).get("/care/outside/").content.decode()
    assert 'id="outside-count"' in page


def test_the_security_log_shows_its_count(make_user, web):
    page = web(make_user(Role.AUDIT_ADMIN)).get("/security/log/")
    assert 'id="security-log-count"' in page.content.decode()
