"""/api/v1 upbringing assessment and adoption (policy 二(一)). Thin: parse, call one service
or selector, shape the answer. Every read of an assessment or of adopters' data is written
to the access log; adopters' data answers 404 beyond the office that runs the institution."""

from django.http import HttpRequest
from django.utils import timezone
from ninja import Query, Status
from ninja.pagination import paginate

from cwis.care import selectors
from cwis.care.api.router import router
from cwis.care.schemas import VersionReasonIn
from cwis.care.schemas_adoption import (
    AdopterAssessmentIn,
    AdoptionCaseOut,
    AdoptionCountsOut,
    ApplicationIn,
    ApplicationOut,
    ApplicationPatch,
    FollowUpIn,
    FollowUpOut,
    ListIn,
    MatchIn,
    MatchOut,
    RegisterIn,
    UpbringingIn,
    UpbringingOut,
    UpbringingPatch,
    UpbringingSummaryOut,
    WithoutAssessmentFilters,
    WithoutAssessmentItem,
)
from cwis.care.services import adoption as adoption_services
from cwis.care.services import upbringing as upbringing_services
from cwis.core.audit import access_log_record
from cwis.core.pagination import CappedLimitOffsetPagination
from cwis.core.schemas import VersionIn
from cwis.core.scoping import actor_prefix


def _log(request: HttpRequest, object_type: str, pk, division_code: str,
         action: str = "view") -> None:
    access_log_record(actor=request.auth, object_type=object_type, object_id=pk,
                      division_code=division_code, request=request, action=action)


def _changes(payload) -> tuple[int, str, dict]:
    changes = payload.dict(exclude_unset=True)
    return changes.pop("version"), changes.pop("reason", ""), changes


# ------------------------------------------------------------------ upbringing assessment


@router.get("/children/{child_id}/upbringing", response=UpbringingSummaryOut)
def upbringing_child(request: HttpRequest, child_id: int):
    """The child's current upbringing assessment and due date; the assessments themselves
    for the social workers and the director."""
    info = selectors.upbringing_page(actor=request.auth, child_id=child_id)
    _log(request, "child", child_id, info.child.division_code, "upbringing")
    current = info.current
    return {"child_id": child_id, "current_path": current.path if current else None,
            "current_assessed_on": current.assessed_on if current else None,
            "due_on": info.due_on, "assessments": info.assessments,
            "adoption_ids": [c.pk for c in info.cases]}


@router.post("/children/{child_id}/upbringing", response={201: UpbringingOut})
def upbringing_record(request: HttpRequest, child_id: int, payload: UpbringingIn):
    """Record an upbringing assessment (social worker or director); it awaits confirmation."""
    return Status(201, upbringing_services.upbringing_record(
        actor=request.auth, child_id=child_id, data=payload.dict()))


@router.get("/care/upbringing/{assessment_id}", response=UpbringingOut)
def upbringing_get(request: HttpRequest, assessment_id: int):
    assessment = selectors.upbringing_get(actor=request.auth, assessment_id=assessment_id)
    _log(request, "care_upbringing", assessment.pk, assessment.child.division_code)
    return assessment


@router.patch("/care/upbringing/{assessment_id}", response=UpbringingOut)
def upbringing_update(request: HttpRequest, assessment_id: int, payload: UpbringingPatch):
    version, reason, changes = _changes(payload)
    return upbringing_services.upbringing_update(
        actor=request.auth, assessment_id=assessment_id, version=version, data=changes,
        reason=reason)


@router.post("/care/upbringing/{assessment_id}/confirm", response=UpbringingOut)
def upbringing_confirm(request: HttpRequest, assessment_id: int, payload: VersionIn):
    """The director confirms the assessment; adoption recommended opens the adoption."""
    return upbringing_services.upbringing_confirm(
        actor=request.auth, assessment_id=assessment_id, version=payload.version)


@router.get("/care/upbringing-missing", response=list[WithoutAssessmentItem])
@paginate(CappedLimitOffsetPagination)
def without_assessment(request: HttpRequest, filters: Query[WithoutAssessmentFilters]):
    """Children in care in your jurisdiction with no current upbringing assessment."""
    _log(request, "care_without_upbringing", "", actor_prefix(request.auth) or "", "list")
    return selectors.children_without_assessment(
        actor=request.auth, filters=filters.dict(), today=timezone.localdate()
    ).select_related("current_institution").order_by("current_institution__name", "name",
                                                     "pk")


# ------------------------------------------------------------------------------ adoption


@router.get("/care/adoption/cases", response=list[AdoptionCaseOut])
@paginate(CappedLimitOffsetPagination)
def adoption_cases(request: HttpRequest, state: str = ""):
    """Children recommended for, listed for or matched for adoption."""
    return selectors.adoption_cases(actor=request.auth, state=state)


@router.get("/care/adoption/counts", response=AdoptionCountsOut)
def adoption_counts(request: HttpRequest):
    """How many applications, matches, adoptions: what the offices above read."""
    return selectors.adoption_counts(actor=request.auth)


@router.get("/care/adoption/cases/{case_id}", response=AdoptionCaseOut)
def adoption_case(request: HttpRequest, case_id: int):
    case = selectors.adoption_case_get(actor=request.auth, case_id=case_id)
    _log(request, "care_adoption_case", case.pk, case.child.division_code)
    return case


@router.post("/care/adoption/cases/{case_id}/list", response=AdoptionCaseOut)
def adoption_list(request: HttpRequest, case_id: int, payload: ListIn):
    return adoption_services.adoption_list(actor=request.auth, case_id=case_id,
                                           version=payload.version,
                                           listed_on=payload.listed_on)


@router.post("/care/adoption/cases/{case_id}/matches", response={201: MatchOut})
def match_make(request: HttpRequest, case_id: int, payload: MatchIn):
    """Match the listed child with applicants assessed as suitable, with the reasons."""
    data = payload.dict()
    application_id = data.pop("application_id")
    return Status(201, adoption_services.match_make(
        actor=request.auth, case_id=case_id, application_id=application_id, data=data))


@router.get("/care/adoption/applications", response=list[ApplicationOut])
@paginate(CappedLimitOffsetPagination)
def applications(request: HttpRequest, state: str = ""):
    """Applications to adopt: the institution and the office that runs it only."""
    _log(request, "care_adoption_applications", "", actor_prefix(request.auth) or "", "list")
    return selectors.applications(actor=request.auth, state=state)


@router.post("/care/adoption/applications", response={201: ApplicationOut})
def application_record(request: HttpRequest, payload: ApplicationIn):
    return Status(201, adoption_services.application_record(actor=request.auth,
                                                            data=payload.dict()))


@router.get("/care/adoption/applications/{application_id}", response=ApplicationOut)
def application_get(request: HttpRequest, application_id: int):
    application = selectors.application_get(actor=request.auth, application_id=application_id)
    _log(request, "care_adoption_application", application.pk,
         application.institution.division_code)
    return application


@router.patch("/care/adoption/applications/{application_id}", response=ApplicationOut)
def application_update(request: HttpRequest, application_id: int, payload: ApplicationPatch):
    version, reason, changes = _changes(payload)
    return adoption_services.application_update(
        actor=request.auth, application_id=application_id, version=version, data=changes,
        reason=reason)


@router.post("/care/adoption/applications/{application_id}/assessment",
             response=ApplicationOut)
def application_assess(request: HttpRequest, application_id: int,
                       payload: AdopterAssessmentIn):
    """The adopter assessment (收养评估) and its outcome."""
    version, _reason, data = _changes(payload)
    return adoption_services.application_assess(actor=request.auth,
                                                application_id=application_id,
                                                version=version, data=data)


@router.post("/care/adoption/applications/{application_id}/withdraw",
             response=ApplicationOut)
def application_withdraw(request: HttpRequest, application_id: int,
                         payload: VersionReasonIn):
    return adoption_services.application_withdraw(
        actor=request.auth, application_id=application_id, version=payload.version,
        reason=payload.reason)


@router.get("/care/adoption/matches/{match_id}", response=MatchOut)
def match_get(request: HttpRequest, match_id: int):
    match = selectors.match_get(actor=request.auth, match_id=match_id)
    _log(request, "care_adoption_match", match.pk, match.institution.division_code)
    return match


@router.post("/care/adoption/matches/{match_id}/register", response=MatchOut)
def adoption_register(request: HttpRequest, match_id: int, payload: RegisterIn):
    """The adoption registration: closes the child's care (left care: adopted)."""
    version, _reason, data = _changes(payload)
    return adoption_services.adoption_register(actor=request.auth, match_id=match_id,
                                               version=version, data=data)


@router.post("/care/adoption/matches/{match_id}/end", response=MatchOut)
def match_end(request: HttpRequest, match_id: int, payload: VersionReasonIn):
    return adoption_services.match_end(actor=request.auth, match_id=match_id,
                                       version=payload.version, reason=payload.reason)


@router.post("/care/adoption/follow-ups/{follow_up_id}", response=FollowUpOut)
def follow_up_record(request: HttpRequest, follow_up_id: int, payload: FollowUpIn):
    """Record a visit to the adoptive family."""
    version, _reason, data = _changes(payload)
    return adoption_services.follow_up_record(actor=request.auth, follow_up_id=follow_up_id,
                                              version=version, data=data)
