"""/api/v1 records each care line adds: medical visits, insurance enrolment and its answer,
health checks; rehabilitation assistance and its decision; school places, student aid and
the yearly school-age report. Thin: parse, call one service or selector."""

from django.http import HttpRequest
from ninja import Status

from cwis.care import selectors
from cwis.care.api.router import router
from cwis.care.schemas import VersionReasonIn
from cwis.care.schemas_lines import (
    AssistanceDecisionIn,
    AssistanceIn,
    AssistanceOut,
    EnrolmentAnswerIn,
    EnrolmentIn,
    EnrolmentOut,
    HealthCheckDoneIn,
    HealthCheckIn,
    HealthCheckOut,
    MedicalVisitIn,
    MedicalVisitOut,
    SchoolPlaceIn,
    SchoolPlaceOut,
    SchoolPlacePatch,
    SchoolReportAddIn,
    SchoolReportDetailOut,
    SchoolReportIn,
    SchoolReportOut,
    SchoolReportRemoveIn,
    SchoolReportReportedIn,
    StudentAidIn,
    StudentAidOut,
)
from cwis.care.services import lines as services
from cwis.care.services import school_report
from cwis.core.audit import access_log_children, access_log_record


def _log(request: HttpRequest, record, object_type: str) -> None:
    access_log_record(actor=request.auth, object_type=object_type, object_id=record.pk,
                      division_code=record.child.division_code, request=request)


@router.post("/children/{child_id}/care/medical/visits", response={201: MedicalVisitOut})
def medical_visit_record(request: HttpRequest, child_id: int, payload: MedicalVisitIn):
    """An outpatient visit or hospital stay; the five amounts paid add up to the total."""
    return Status(201, services.medical_visit_record(actor=request.auth, child_id=child_id,
                                                     data=payload.dict()))


@router.get("/care/medical-visits/{visit_id}", response=MedicalVisitOut)
def medical_visit_get(request: HttpRequest, visit_id: int):
    """A visit with its diagnosis and costs: doctors and the director."""
    visit = selectors.medical_visit_get(actor=request.auth, visit_id=visit_id)
    _log(request, visit, "care_medical_visit")
    return visit


@router.post("/care/medical-visits/{visit_id}/entered-in-error", response=MedicalVisitOut)
def medical_visit_mark_error(request: HttpRequest, visit_id: int, payload: VersionReasonIn):
    return services.medical_visit_mark_error(actor=request.auth, visit_id=visit_id,
                                             version=payload.version, reason=payload.reason)


@router.post("/children/{child_id}/care/medical/enrolments", response={201: EnrolmentOut})
def enrolment_record(request: HttpRequest, child_id: int, payload: EnrolmentIn):
    """Apply to enrol the child in basic medical insurance for a year."""
    return Status(201, services.insurance_enrolment_record(
        actor=request.auth, child_id=child_id, data=payload.dict()))


@router.post("/care/enrolments/{enrolment_id}/answer", response=EnrolmentOut)
def enrolment_answer(request: HttpRequest, enrolment_id: int, payload: EnrolmentAnswerIn):
    """The medical insurance office's answer (enrolled or refused); the file follows."""
    data = payload.dict()
    version = data.pop("version")
    return services.insurance_enrolment_answer(actor=request.auth, enrolment_id=enrolment_id,
                                               version=version, **data)


@router.post("/children/{child_id}/care/medical/health-checks", response={201: HealthCheckOut})
def health_check_schedule(request: HttpRequest, child_id: int, payload: HealthCheckIn):
    return Status(201, services.health_check_schedule(actor=request.auth, child_id=child_id,
                                                      due_on=payload.due_on))


@router.post("/care/health-checks/{check_id}/done", response=HealthCheckOut)
def health_check_record(request: HttpRequest, check_id: int, payload: HealthCheckDoneIn):
    """Record the check; the next one falls due."""
    data = payload.dict()
    version = data.pop("version")
    return services.health_check_record(actor=request.auth, check_id=check_id,
                                        version=version, data=data)


@router.post("/children/{child_id}/care/rehabilitation/assistance",
             response={201: AssistanceOut})
def assistance_apply(request: HttpRequest, child_id: int, payload: AssistanceIn):
    """Apply for rehabilitation assistance for a disabled child aged 0-6."""
    return Status(201, services.assistance_apply(actor=request.auth, child_id=child_id,
                                                 data=payload.dict()))


@router.post("/care/assistance/{application_id}/decision", response=AssistanceOut)
def assistance_decide(request: HttpRequest, application_id: int,
                      payload: AssistanceDecisionIn):
    """The disabled persons' federation's decision: approved (period, amount) or refused."""
    data = payload.dict()
    version = data.pop("version")
    return services.assistance_decide(actor=request.auth, application_id=application_id,
                                      version=version, data=data)


@router.post("/children/{child_id}/care/education/school-places",
             response={201: SchoolPlaceOut})
def school_place_record(request: HttpRequest, child_id: int, payload: SchoolPlaceIn):
    return Status(201, services.school_place_record(actor=request.auth, child_id=child_id,
                                                    data=payload.dict()))


@router.patch("/care/school-places/{place_id}", response=SchoolPlaceOut)
def school_place_update(request: HttpRequest, place_id: int, payload: SchoolPlacePatch):
    """Correct the place or record the day the child left (`left_on`)."""
    changes = payload.dict(exclude_unset=True)
    version, reason = changes.pop("version"), changes.pop("reason", "")
    return services.school_place_update(actor=request.auth, place_id=place_id,
                                        version=version, data=changes, reason=reason)


@router.post("/children/{child_id}/care/education/student-aid", response={201: StudentAidOut})
def student_aid_record(request: HttpRequest, child_id: int, payload: StudentAidIn):
    return Status(201, services.student_aid_record(actor=request.auth, child_id=child_id,
                                                   data=payload.dict()))


@router.get("/care/school-age-reports", response=list[SchoolReportOut])
def school_reports(request: HttpRequest):
    """The school-age reports of your institution or jurisdiction."""
    return list(selectors.school_reports(actor=request.auth))


@router.post("/care/school-age-reports", response={201: SchoolReportOut})
def school_report_create(request: HttpRequest, payload: SchoolReportIn):
    """Open the year's report, prefilled with the children of school age on 1 September."""
    return Status(201, school_report.school_report_create(actor=request.auth,
                                                          **payload.dict()))


@router.get("/care/school-age-reports/{report_id}", response=SchoolReportDetailOut)
def school_report_get(request: HttpRequest, report_id: int):
    report = selectors.school_report_get(actor=request.auth, report_id=report_id)
    entries = list(selectors.school_report_entries(report=report))
    access_log_children(actor=request.auth, children=[e.child for e in entries],
                        request=request, action="school_report")
    return {"report": report, "entries": entries}


@router.post("/care/school-age-reports/{report_id}/children", response=SchoolReportOut)
def school_report_add(request: HttpRequest, report_id: int, payload: SchoolReportAddIn):
    school_report.school_report_add(actor=request.auth, report_id=report_id,
                                    **payload.dict())
    return selectors.school_report_get(actor=request.auth, report_id=report_id)


@router.post("/care/school-age-reports/{report_id}/remove", response=SchoolReportOut)
def school_report_remove(request: HttpRequest, report_id: int, payload: SchoolReportRemoveIn):
    """Take a child off the draft list, with the reason."""
    return school_report.school_report_remove(actor=request.auth, report_id=report_id,
                                              **payload.dict())


@router.post("/care/school-age-reports/{report_id}/reported", response=SchoolReportOut)
def school_report_reported(request: HttpRequest, report_id: int,
                           payload: SchoolReportReportedIn):
    """The day the list went to the education department; it no longer changes."""
    return school_report.school_report_mark_reported(actor=request.auth, report_id=report_id,
                                                     **payload.dict())
