"""The upbringing assessment and adoption through the pages and /api/v1: success, refusals
beside their fields (422), the read-only office, the out-of-scope user (404), adopters'
data beyond the office that runs the institution (404, counts only), the access log and
query counts."""

import datetime as dt

import pytest

from cwis.care.models import AdoptionCase, UpbringingAssessment
from cwis.care.services import adoption, upbringing
from cwis.care.tests.permanency import application_data, assessment_data
from cwis.children.tests.factories import ChildFactory
from cwis.core.models import AccessLog

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("frozen_today")]


def text(response) -> str:
    return response.content.decode()


def form(data: dict) -> dict:
    return {k: (v.isoformat() if isinstance(v, dt.date) else v) for k, v in data.items()}


def confirmed(perm) -> UpbringingAssessment:
    assessment = upbringing.upbringing_record(actor=perm.social_worker, child_id=perm.child.pk,
                                              data=assessment_data())
    return upbringing.upbringing_confirm(actor=perm.director, assessment_id=assessment.pk,
                                         version=assessment.version)


def an_application(perm):
    return adoption.application_record(actor=perm.social_worker, data=application_data())


def test_the_social_worker_assesses_and_the_director_confirms_through_the_pages(perm, web):
    child = perm.child.pk
    worker = web(perm.social_worker)
    page = text(worker.get(f"/care/child/{child}/social_work/"))
    assert f"/care/upbringing/child/{child}/" in page  # the social work tab links to it
    response = worker.post(f"/care/upbringing/child/{child}/new/", form(assessment_data(
        legal_status="not_eligible", situation="")))
    assert response.status_code == 422
    assert 'id="id_situation"' in text(response)
    assert "is-invalid" in text(response)
    assert not UpbringingAssessment.objects.exists()
    response = worker.post(f"/care/upbringing/child/{child}/new/", form(assessment_data()))
    assert response.status_code == 302
    assessment = UpbringingAssessment.objects.get()
    assert 'id="upbringing-confirm"' not in text(worker.get(response.url))
    director = web(perm.director)
    assert 'id="upbringing-confirm"' in text(director.get(response.url))
    assert worker.post(f"/care/upbringing/{assessment.pk}/confirm/",
                       {"version": 1}).status_code == 403
    response = director.post(f"/care/upbringing/{assessment.pk}/confirm/", {"version": 1})
    assert response.status_code == 302
    page = text(director.get(f"/care/upbringing/child/{child}/"))
    assert 'id="upbringing-assessments"' in page
    assert "2027-01-20" in page
    assert AdoptionCase.objects.get().state == "recommended"


def test_the_offices_above_and_other_roles(perm, web):
    assessment = confirmed(perm)
    missing = ChildFactory(current_institution=perm.institution, name="陈小安")
    province = web(perm.province)
    page = text(province.get(f"/care/upbringing/child/{perm.child.pk}/"))
    assert 'id="upbringing-current"' in page
    assert assessment.situation not in page  # whether, not what
    assert province.get(f"/care/upbringing/{assessment.pk}/").status_code == 403
    assert province.get(f"/care/upbringing/child/{perm.child.pk}/new/").status_code == 403
    page = text(province.get("/care/upbringing/without/"))
    rows = page.split('id="without-upbringing"')[1]
    assert missing.name in rows
    assert perm.child.name not in rows
    assert web(perm.caregiver).get(f"/care/upbringing/{assessment.pk}/").status_code == 403
    other = web(perm.other_social_worker)
    for url in (f"/care/upbringing/child/{perm.child.pk}/", f"/care/upbringing/{assessment.pk}/",
                f"/care/upbringing/{assessment.pk}/edit/",
                f"/care/adoption/cases/{AdoptionCase.objects.get().pk}/"):
        assert other.get(url).status_code == 404, url


def test_adopters_data_answers_404_above_the_office_that_runs_the_institution(perm, web, api):
    application = an_application(perm)
    url = f"/care/adoption/applications/{application.pk}/"
    assert application.applicants in text(web(perm.prefecture).get(url))
    assert web(perm.province).get(url).status_code == 404
    assert web(perm.ministry).get(url).status_code == 404
    assert web(perm.other_social_worker).get(url).status_code == 404
    assert web(perm.caregiver).get(url).status_code == 403
    assert api(perm.province).get(f"/care/adoption/applications/{application.pk}"
                                  ).status_code == 404
    assert api(perm.province).get("/care/adoption/applications").json()["items"] == []
    assert api(perm.prefecture).get(f"/care/adoption/applications/{application.pk}"
                                    ).status_code == 200
    # ... and counts on the figures
    assert api(perm.province).get("/care/adoption/counts").json()["applications"] == 1
    page = text(web(perm.province).get("/care/adoption/"))
    assert application.applicants not in page
    assert 'id="count-applications">1<' in page
    logged = AccessLog.objects.filter(object_type="care_adoption_application",
                                      object_id=str(application.pk))
    assert logged.count() == 2  # the prefecture's page and its API read


def test_the_whole_adoption_through_the_api(perm, api):
    assessment = confirmed(perm)
    worker, director = api(perm.social_worker), api(perm.director)
    case = worker.get("/care/adoption/cases").json()["items"][0]
    assert case["assessment_id"] == assessment.pk
    response = worker.post(f"/care/adoption/cases/{case['id']}/list",
                           {"version": case["version"], "listed_on": "2026-02-01"})
    assert response.json()["state"] == "listed"
    response = worker.post("/care/adoption/applications", {"kind": "intercountry"})
    assert response.status_code == 422
    fields = {e["loc"][-1] for e in response.json()["detail"]}
    assert fields >= {"country", "applicants", "received_on", "address", "household"}
    response = worker.post("/care/adoption/applications", form(application_data()))
    assert response.status_code == 201, response.content
    application = response.json()
    response = worker.post(f"/care/adoption/applications/{application['id']}/assessment", {
        "version": 1, "assessed_by": "institution", "assessed_on": "2026-01-20",
        "outcome": "suitable", "assessment_summary": "适合收养"})
    assert response.json()["state"] == "suitable", response.content
    response = worker.post(f"/care/adoption/cases/{case['id']}/matches", {
        "application_id": application["id"], "matched_on": "2026-02-01", "reasons": "匹配"})
    assert response.status_code == 201, response.content
    match = response.json()
    assert api(perm.province).get(f"/care/adoption/matches/{match['id']}").status_code == 404
    response = worker.post(f"/care/adoption/matches/{match['id']}/register", {"version": 1})
    assert response.status_code == 403
    response = director.post(f"/care/adoption/matches/{match['id']}/register", {
        "version": 1, "registration_office": "南昌市民政局", "certificate_number": "001",
        "registered_on": "2026-02-01"})
    assert response.json()["state"] == "registered", response.content
    assert len(response.json()["follow_ups"]) == 3
    assert director.get(f"/children/{perm.child.pk}").json()["status"] == "left_care"
    assert api(perm.caregiver).post("/care/adoption/applications",
                                    form(application_data())).status_code == 403
    response = api(perm.other_social_worker).post(f"/children/{perm.child.pk}/upbringing",
                                                  form(assessment_data()))
    assert response.status_code == 404


def test_the_upbringing_api_and_read_only_users(perm, api):
    worker = api(perm.social_worker)
    response = worker.post(f"/children/{perm.child.pk}/upbringing", {"path": "adoption",
                                                                     "legal_status": "x"})
    assert response.status_code == 422
    assert {e["loc"][-1] for e in response.json()["detail"]} >= {
        "situation", "legal_status", "assessed_on", "reasons"}
    response = worker.post(f"/children/{perm.child.pk}/upbringing", form(assessment_data()))
    assert response.status_code == 201, response.content
    assessment = response.json()
    assert api(perm.prefecture).post(f"/children/{perm.child.pk}/upbringing",
                                     form(assessment_data())).status_code == 403
    assert api(perm.prefecture).get(f"/care/upbringing/{assessment['id']}").status_code == 403
    assert worker.post(f"/care/upbringing/{assessment['id']}/confirm",
                       {"version": 1}).status_code == 403
    response = api(perm.director).post(f"/care/upbringing/{assessment['id']}/confirm",
                                       {"version": 1})
    assert response.json()["status"] == "confirmed"
    summary = api(perm.province).get(f"/children/{perm.child.pk}/upbringing").json()
    assert (summary["current_path"], summary["assessments"]) == ("adoption", [])
    missing = api(perm.province).get("/care/upbringing-missing").json()
    assert missing["items"] == []


def test_the_lists_do_not_query_per_row(perm, web, api):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    def fill(n: int) -> None:
        for _ in range(n):
            ChildFactory(current_institution=perm.institution)
            an_application(perm)

    reads = (lambda: api(perm.province).get("/care/upbringing-missing"),
             lambda: api(perm.prefecture).get("/care/adoption/applications"),
             lambda: web(perm.director).get("/care/adoption/"),
             lambda: web(perm.province).get("/care/upbringing/without/"))

    def counts() -> list[int]:
        found = []
        for read in reads:
            with CaptureQueriesContext(connection) as queries:
                assert read().status_code == 200
            found.append(len(queries))
        return found

    fill(2)
    few = counts()
    fill(6)
    assert counts() == few  # as many queries for 8 rows as for 2


def test_the_endpoints_are_in_the_openapi_document(perm, api):
    paths = api(perm.director).get("/openapi.json").json()["paths"]
    for path in ("/api/v1/children/{child_id}/upbringing", "/api/v1/care/upbringing-missing",
                 "/api/v1/care/adoption/applications",
                 "/api/v1/care/adoption/matches/{match_id}/register"):
        assert path in paths, path
