"""The pages of the line records: each new-record form for its profession, the actions
that move a record, the school-age report pages; refusals, scope and roles."""

import datetime as dt

import pytest

from cwis.care.choices import EnrolmentState
from cwis.care.models import InsuranceEnrolment, MedicalVisit, SchoolAgeReport
from cwis.care.services import lines as services
from cwis.care.views.lines import RECORDS

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("frozen_today")]

WRITER = {"medical-visit": "doctor", "enrolment": "director", "health-check": "doctor",
          "assistance": "therapist", "school-place": "teacher", "student-aid": "teacher"}


def url(care, kind: str) -> str:
    return f"/care/child/{care.child.pk}/records/{kind}/new/"


def test_every_record_form_opens_for_its_writer_only(care, web):
    assert set(WRITER) == set(RECORDS)
    for kind, role in WRITER.items():
        assert web(getattr(care, role)).get(url(care, kind)).status_code == 200, kind
        assert web(care.caregiver).get(url(care, kind)).status_code == 403, kind
        assert web(care.other_therapist).get(url(care, kind)).status_code == 404, kind
    assert web(care.doctor).get(url(care, "cooking")).status_code == 404


def test_a_medical_visit_through_the_page_and_its_refusal_beside_the_field(care, web):
    client = web(care.doctor)
    form = {"kind": "outpatient", "hospital": "南昌市第一医院", "started_on": "2026-01-20",
            "diagnosis": "感冒", "cost_total": "120", "paid_basic_insurance": "100",
            "paid_critical_illness": "0", "paid_medical_assistance": "0", "paid_charity": "0",
            "paid_institution": "10"}
    response = client.post(url(care, "medical-visit"), form)
    assert response.status_code == 422
    assert str(services.MSG_COSTS_SUM) in response.content.decode().split(
        'id="error-cost_total"')[1][:200]
    response = client.post(url(care, "medical-visit"), {**form, "paid_institution": "20"})
    assert response.status_code == 302
    assert MedicalVisit.objects.get().hospital == "南昌市第一医院"
    page = client.get(f"/care/child/{care.child.pk}/medical/").content.decode()
    assert "南昌市第一医院" in page.split('id="medical-visits"')[1]


def test_the_enrolment_answer_page_moves_the_enrolment(care, web):
    enrolment = services.insurance_enrolment_record(
        actor=care.director, child_id=care.child.pk,
        data={"year": 2026, "applied_on": dt.date(2026, 1, 10)})
    client = web(care.doctor)
    response = client.post(f"/care/enrolments/{enrolment.pk}/answer/", {
        "version": 1, "state": "enrolled", "answered_on": "2026-01-25",
        "enrolled_on": "2026-01-25"})
    assert response.status_code == 302
    assert InsuranceEnrolment.objects.get().state == EnrolmentState.ENROLLED
    assert web(care.teacher).get(f"/care/enrolments/{enrolment.pk}/answer/").status_code == 403
    assert web(care.other_therapist).get(f"/care/enrolments/{enrolment.pk}/answer/"
                                         ).status_code == 404


def test_the_school_age_report_pages(care, web):
    client = web(care.teacher)
    assert client.get("/care/school-age-reports/").status_code == 200
    response = client.post("/care/school-age-reports/", {"year": "2026",
                                                         "department": "南昌县教育体育局"})
    report = SchoolAgeReport.objects.get()
    assert response["Location"] == f"/care/school-age-reports/{report.pk}/"
    page = client.get(response["Location"]).content.decode()
    assert care.child.name in page.split('id="report-entries"')[1]
    response = client.post(f"/care/school-age-reports/{report.pk}/", {
        "action": "reported", "version": "1", "reported_on": "2026-01-31"})
    assert response.status_code == 302
    report.refresh_from_db()
    assert report.reported_on == dt.date(2026, 1, 31)
    # The province reads the list of reports, not the children's notes.
    assert "南昌县教育体育局" in web(care.province).get("/care/school-age-reports/"
                                                      ).content.decode()
