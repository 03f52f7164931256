"""What each line adds: medical visits and their costs, insurance enrolment (the found
infant's path into the identity and insurance deadline), health checks, rehabilitation
assistance, school places, student aid and the yearly school-age report."""

import datetime as dt
import io
from decimal import Decimal

import pytest
import time_machine
from django.core.exceptions import ValidationError
from openpyxl import load_workbook

from cwis.care.choices import AssistanceState, EnrolmentState, ReportState
from cwis.care.models import HealthCheck, MedicalVisit, SchoolAgeReportEntry
from cwis.care.services import lines as services
from cwis.care.services import rules
from cwis.care.services import school_report as reports
from cwis.children.choices import DeadlineKind, InsuranceStatus
from cwis.children.tests.factories import ChildDeadlineFactory, ChildFactory
from cwis.core.errors import NotFoundError, PermissionDeniedError, StaleVersionError
from cwis.core.todo import todo_for

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("frozen_today")]

VISIT = {"kind": "inpatient", "hospital": "江西省儿童医院", "started_on": dt.date(2026, 1, 5),
         "ended_on": dt.date(2026, 1, 15), "diagnosis": "肺炎", "green_channel": True,
         "cost_total": Decimal("8000"), "paid_basic_insurance": Decimal("5000"),
         "paid_critical_illness": Decimal("1000"), "paid_medical_assistance": Decimal("1200"),
         "paid_charity": Decimal("500"), "paid_institution": Decimal("300")}


def errors(exc) -> dict:
    return {k: [str(m) for m in v] for k, v in exc.value.message_dict.items()}


def test_a_hospital_stay_with_its_cost_split_across_the_layers(care, api):
    visit = services.medical_visit_record(actor=care.doctor, child_id=care.child.pk,
                                          data=VISIT)
    assert (visit.green_channel, visit.paid_charity) == (True, Decimal("500"))
    with pytest.raises(ValidationError) as exc:
        services.medical_visit_record(actor=care.doctor, child_id=care.child.pk, data={
            **VISIT, "paid_institution": Decimal("400")})
    assert errors(exc)["cost_total"] == [str(services.MSG_COSTS_SUM)]
    with pytest.raises(ValidationError) as exc:
        services.medical_visit_record(actor=care.doctor, child_id=care.child.pk, data={
            **VISIT, "kind": "outpatient", "paid_charity": Decimal("-1")})
    found = errors(exc)
    assert found["ended_on"] == [str(services.MSG_DISCHARGE_OUTPATIENT)]
    assert found["paid_charity"] == [str(services.MSG_NEGATIVE)]
    with pytest.raises(ValidationError) as exc:
        services.medical_visit_record(actor=care.doctor, child_id=care.child.pk, data={
            **VISIT, "ended_on": dt.date(2026, 1, 1)})
    assert errors(exc)["ended_on"] == [str(services.MSG_DISCHARGE_BEFORE)]
    with pytest.raises(PermissionDeniedError):
        services.medical_visit_record(actor=care.therapist, child_id=care.child.pk, data=VISIT)
    with pytest.raises(NotFoundError):
        services.medical_visit_record(actor=care.other_therapist, child_id=care.child.pk,
                                      data=VISIT)
    assert MedicalVisit.objects.count() == 1
    # Diagnoses and costs: the doctor and the director, not the caregiver.
    tab = api(care.doctor).get(f"/children/{care.child.pk}/care/medical").json()
    assert [v["diagnosis"] for v in tab["visits"]] == ["肺炎"]
    tab = api(care.caregiver).get(f"/children/{care.child.pk}/care/medical").json()
    assert tab["visits"] == []
    assert api(care.caregiver).get(f"/care/medical-visits/{visit.pk}").status_code == 403
    assert api(care.director).get(f"/care/medical-visits/{visit.pk}").status_code == 200


def test_a_found_infant_enrolled_outside_the_window_closes_the_15_day_deadline(care):
    infant = ChildFactory(current_institution=care.users.institution_a, name="党小安",
                          birth_date=dt.date(2026, 1, 2), is_parents_not_found=True,
                          identity_status="verified", insurance_status="pending")
    deadline = ChildDeadlineFactory(child=infant, kind=DeadlineKind.IDENTITY_INSURANCE,
                                    started_on=dt.date(2026, 1, 6),
                                    due_on=dt.date(2026, 1, 21))
    enrolment = services.insurance_enrolment_record(actor=care.director, child_id=infant.pk,
                                                    data={"year": 2026, "outside_window": True,
                                                          "applied_on": dt.date(2026, 1, 7)})
    assert enrolment.state == EnrolmentState.APPLIED
    with pytest.raises(ValidationError) as exc:
        services.insurance_enrolment_record(actor=care.director, child_id=infant.pk,
                                            data={"year": 2026, "applied_on": dt.date(2026, 1, 8)})
    assert errors(exc)["year"] == [str(services.MSG_ENROLMENT_YEAR)]
    with pytest.raises(ValidationError) as exc:
        services.insurance_enrolment_answer(actor=care.doctor, enrolment_id=enrolment.pk,
                                            version=1, state="enrolled",
                                            answered_on=dt.date(2026, 1, 20))
    assert errors(exc)["enrolled_on"] == [str(services.MSG_ENROLLED_ON)]
    services.insurance_enrolment_answer(actor=care.doctor, enrolment_id=enrolment.pk,
                                        version=1, state="enrolled",
                                        answered_on=dt.date(2026, 1, 20),
                                        enrolled_on=dt.date(2026, 1, 20),
                                        insurance_number="36010020260001")
    infant.refresh_from_db()
    deadline.refresh_from_db()
    assert (infant.insurance_status, infant.insurance_checked_on) == (
        InsuranceStatus.ENROLLED, dt.date(2026, 1, 20))
    assert deadline.closed_on is not None
    with pytest.raises(ValidationError) as exc:
        services.insurance_enrolment_answer(actor=care.doctor, enrolment_id=enrolment.pk,
                                            version=2, state="refused",
                                            answered_on=dt.date(2026, 1, 21))
    assert exc.value.messages == [str(services.MSG_ENROLMENT_ANSWERED)]
    # Outside the window is for a child whose parents cannot be found only.
    with pytest.raises(ValidationError) as exc:
        services.insurance_enrolment_record(actor=care.doctor, child_id=care.child.pk,
                                            data={"year": 2026, "outside_window": True,
                                                  "applied_on": dt.date(2026, 1, 8)})
    assert errors(exc)["outside_window"] == [str(services.MSG_OUTSIDE_WINDOW)]
    with pytest.raises(PermissionDeniedError):
        services.insurance_enrolment_record(actor=care.teacher, child_id=care.child.pk,
                                            data={"year": 2026,
                                                  "applied_on": dt.date(2026, 1, 8)})


def test_a_refused_enrolment_marks_the_file_not_enrolled(care, api):
    response = api(care.doctor).post(f"/children/{care.child.pk}/care/medical/enrolments",
                                     {"year": 2026, "applied_on": "2026-01-10"})
    assert response.status_code == 201, response.content
    enrolment = response.json()
    response = api(care.doctor).post(f"/care/enrolments/{enrolment['id']}/answer", {
        "version": 1, "state": "refused", "answered_on": "2026-01-25", "note": "材料不全"})
    assert response.json()["state"] == "refused"
    care.child.refresh_from_db()
    assert care.child.insurance_status == InsuranceStatus.NOT_ENROLLED
    response = api(care.doctor).post(f"/care/enrolments/{enrolment['id']}/answer", {
        "version": 1, "state": "enrolled", "answered_on": "2026-01-25"})
    assert response.status_code == 409


def test_health_checks_fall_due_one_after_another(care, frozen_today):
    check = services.health_check_schedule(actor=care.doctor, child_id=care.child.pk,
                                           due_on=dt.date(2026, 2, 10))
    def checks(user):
        return [i.kind for i in todo_for(user, today=frozen_today)
                if i.kind == "care.health_check"]

    assert checks(care.doctor) == checks(care.director) == ["care.health_check"]
    assert checks(care.therapist) == []
    with pytest.raises(ValidationError) as exc:
        services.health_check_record(actor=care.doctor, check_id=check.pk, version=1,
                                     data={"done_at": "院内"})
    assert errors(exc)["done_on"] == [str(rules.MSG_DATE_REQUIRED)]
    services.health_check_record(actor=care.doctor, check_id=check.pk, version=1, data={
        "done_on": dt.date(2026, 1, 30), "done_at": "院内", "height_cm": Decimal("102.5"),
        "weight_kg": Decimal("16.2"), "findings": "发育良好"})
    following = HealthCheck.objects.get(done_on__isnull=True)
    assert following.due_on == dt.date(2027, 1, 30)  # four years old: yearly
    with pytest.raises(ValidationError) as exc:
        services.health_check_record(actor=care.doctor, check_id=check.pk, version=2,
                                     data={"done_on": dt.date(2026, 1, 31)})
    assert exc.value.messages == [str(services.MSG_CHECK_DONE)]
    with pytest.raises(StaleVersionError):
        services.health_check_record(actor=care.doctor, check_id=following.pk, version=9,
                                     data={"done_on": dt.date(2026, 1, 31)})


def test_rehabilitation_assistance_is_due_applied_and_decided(care, frozen_today):
    due = [i for i in todo_for(care.therapist, today=frozen_today)
           if i.kind == "care.assistance"]
    assert [i.title.split("：")[0].split(":")[0] for i in due] == [care.child.name]
    older = ChildFactory(current_institution=care.users.institution_a,
                         birth_date=dt.date(2018, 1, 1), disability_type="visual",
                         disability_grade=1)
    plain = ChildFactory(current_institution=care.users.institution_a,
                         birth_date=dt.date(2022, 1, 1))
    data = {"applied_on": dt.date(2026, 1, 20), "federation": "南昌县残疾人联合会"}
    with pytest.raises(ValidationError) as exc:
        services.assistance_apply(actor=care.therapist, child_id=older.pk, data=data)
    assert errors(exc)["applied_on"] == [str(services.MSG_ASSISTANCE_AGE)]
    with pytest.raises(ValidationError) as exc:
        services.assistance_apply(actor=care.therapist, child_id=plain.pk, data=data)
    assert errors(exc)["applied_on"] == [str(services.MSG_ASSISTANCE_DISABILITY)]
    application = services.assistance_apply(actor=care.director, child_id=care.child.pk,
                                            data=data)
    assert [i for i in todo_for(care.therapist, today=frozen_today)
            if i.kind == "care.assistance"] == []
    with pytest.raises(ValidationError) as exc:
        services.assistance_apply(actor=care.therapist, child_id=care.child.pk, data=data)
    assert errors(exc)["applied_on"] == [str(services.MSG_ASSISTANCE_OPEN)]
    with pytest.raises(ValidationError) as exc:
        services.assistance_decide(actor=care.therapist, application_id=application.pk,
                                   version=1, data={"state": "approved",
                                                    "decided_on": dt.date(2026, 1, 28)})
    found = errors(exc)
    assert found["period_from"] == [str(services.MSG_PERIOD)]
    assert found["amount"] == [str(services.MSG_AMOUNT)]
    application = services.assistance_decide(
        actor=care.therapist, application_id=application.pk, version=1, data={
            "state": "approved", "decided_on": dt.date(2026, 1, 28),
            "period_from": dt.date(2026, 2, 1), "period_to": dt.date(2026, 12, 31),
            "amount": Decimal("24000")})
    assert application.state == AssistanceState.APPROVED
    with pytest.raises(PermissionDeniedError):
        services.assistance_decide(actor=care.doctor, application_id=application.pk,
                                   version=2, data={"state": "refused"})


def test_school_places_and_student_aid(care):
    place = services.school_place_record(actor=care.teacher, child_id=care.child.pk, data={
        "stage": "kindergarten", "kind": "ordinary", "school": "南昌市第一幼儿园",
        "enrolled_on": dt.date(2025, 9, 1), "roll_number": "G360100202109011"})
    with pytest.raises(ValidationError) as exc:
        services.school_place_update(actor=care.teacher, place_id=place.pk, version=1,
                                     data={"left_on": dt.date(2025, 8, 1)})
    assert errors(exc)["left_on"] == [str(services.MSG_LEFT_BEFORE)]
    place = services.school_place_update(actor=care.teacher, place_id=place.pk, version=1,
                                         data={"left_on": dt.date(2026, 1, 20)})
    assert place.version == 2
    aid = services.student_aid_record(actor=care.director, child_id=care.child.pk, data={
        "year": 2025, "kind": "学前教育资助", "amount": Decimal("1000"),
        "received_on": dt.date(2025, 10, 10)})
    assert aid.amount == Decimal("1000")
    with pytest.raises(PermissionDeniedError):
        services.school_place_record(actor=care.doctor, child_id=care.child.pk, data={})


def test_the_yearly_school_age_report(care, web):
    ChildFactory(current_institution=care.users.institution_a, name="上学甲",
                 birth_date=dt.date(2019, 3, 1))
    ChildFactory(current_institution=care.users.institution_a, name="太小了",
                 birth_date=dt.date(2025, 3, 1))
    report = reports.school_report_create(actor=care.teacher, year=2026,
                                          department="南昌县教育体育局")
    entries = {e.child.name: e.stage for e in report.entries.select_related("child")}
    assert entries == {"康小乐": "kindergarten", "上学甲": "primary"}
    with pytest.raises(ValidationError) as exc:
        reports.school_report_create(actor=care.teacher, year=2026, department="x")
    assert errors(exc)["year"] == [str(reports.MSG_REPORT_EXISTS)]
    report = reports.school_report_remove(actor=care.teacher, report_id=report.pk, version=1,
                                          child_id=care.child.pk, reason="重度残疾，送教上门")
    assert SchoolAgeReportEntry.objects.filter(report=report).count() == 1
    with pytest.raises(StaleVersionError):
        reports.school_report_mark_reported(actor=care.teacher, report_id=report.pk,
                                            version=1, reported_on=dt.date(2026, 1, 30))
    report = reports.school_report_mark_reported(actor=care.director, report_id=report.pk,
                                                 version=2, reported_on=dt.date(2026, 1, 30))
    assert (report.state, report.reported_on) == (ReportState.REPORTED, dt.date(2026, 1, 30))
    with pytest.raises(ValidationError) as exc:
        reports.school_report_add(actor=care.teacher, report_id=report.pk, version=3,
                                  child_id=care.child.pk, stage="primary")
    assert exc.value.messages == [str(reports.MSG_REPORTED)]
    with pytest.raises(PermissionDeniedError):
        reports.school_report_create(actor=care.doctor, year=2027, department="x")
    # The Excel list for the education department; another county's staff see nothing.
    response = web(care.teacher).get(f"/care/school-age-reports/{report.pk}/export.xlsx")
    rows = list(load_workbook(io.BytesIO(b"".join(response.streaming_content))).active
                .iter_rows(values_only=True))
    assert [r[0] for r in rows[1:]] == ["上学甲"]
    assert web(care.other_therapist).get(f"/care/school-age-reports/{report.pk}/"
                                         ).status_code == 404


def test_the_school_age_report_is_on_the_teachers_to_do_list_until_reported(care):
    with time_machine.travel(dt.datetime(2026, 6, 1, 10, 0), tick=False):
        june = dt.date(2026, 6, 1)
        assert "care.school_report" in [i.kind for i in todo_for(care.teacher, today=june)]
        report = reports.school_report_create(actor=care.teacher, year=2026, department="x")
        reports.school_report_mark_reported(actor=care.teacher, report_id=report.pk,
                                            version=1, reported_on=june)
        assert "care.school_report" not in [i.kind for i in todo_for(care.teacher,
                                                                     today=june)]
