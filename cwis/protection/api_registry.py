"""/api/v1: keeping the registry true and its people, for programs: a community child's risk
flags and the area's counts, closing a category, a child going back to the registry from
care, coverage of townships and villages, training courses and attendance. Thin: parse,
call one service or selector, shape the answer. Errors map in cwis/api.py."""

import datetime as dt
from decimal import Decimal

from django.http import HttpRequest
from django.utils import timezone
from ninja import Field, Query, Router, Schema, Status
from ninja.pagination import paginate

from cwis.core.audit import access_log_record
from cwis.core.input import RecordId
from cwis.core.pagination import CappedLimitOffsetPagination
from cwis.core.permissions import PERMISSIONS
from cwis.protection import flags as flag_rules
from cwis.protection.selectors import community_get
from cwis.protection.selectors import registry as selectors
from cwis.protection.services import registry as registry_services
from cwis.protection.services import training as training_services

router = Router(tags=["community registry"])


class FlagOut(Schema):
    code: str
    label: str
    why: str
    next_steps: list[dict[str, str]]


class FlagCount(Schema):
    code: str
    label: str
    count: int


@router.get("/community/{child_id}/flags", response=list[FlagOut])
def community_flags(request: HttpRequest, child_id: RecordId):
    """The child's risk flags today, each explained, with the next steps you may take."""
    child = community_get(actor=request.auth, child_id=child_id)
    access_log_record(actor=request.auth, object_type="child", object_id=child.pk,
                      division_code=child.division_code, request=request, action="view")
    if child.status != "in_community":
        return []
    found = flag_rules.flags_of(
        child, today=timezone.localdate(), perms=PERMISSIONS.get(request.auth.role, frozenset())
    )
    return [
        {
            "code": f.rule.code,
            "label": str(f.rule.label),
            "why": f.why,
            "next_steps": [{"label": label, "url": url} for label, url in f.steps],
        }
        for f in found
    ]


@router.get("/registry/flags", response=list[FlagCount])
def flag_counts(request: HttpRequest, division: str = ""):
    """How many children on the registry of your area (or under `division`) each rule
    flags; list them with GET /community?flag=<code>."""
    counts = selectors.flag_counts(
        actor=request.auth, today=timezone.localdate(), prefix=division or None
    )
    return [
        {"code": code, "label": str(rule.label), "count": counts[code]}
        for code, rule in flag_rules.RULES.items()
    ]


class CategoryCloseIn(Schema):
    version: int
    category: str
    on: dt.date | None = None
    reason: str = ""
    note: str = ""


class RegistryFileOut(Schema):
    id: int
    status: str
    division_code: str
    registered_on: dt.date | None
    categories: list[str]
    version: int


@router.post("/community/{child_id}/close-category", response=RegistryFileOut)
def category_close(request: HttpRequest, child_id: RecordId, payload: CategoryCloseIn):
    """End one category with the date and reason (a parent came home, the family left
    poverty); the yearly figures count categories as they stood on 31 December."""
    return registry_services.community_category_close(
        actor=request.auth, child_id=child_id, **payload.dict()
    )


class ReturnIn(Schema):
    version: int
    division: str = ""
    registered_on: dt.date | None = None
    guardian_relation: str = ""
    guardian_name: str = ""
    guardian_phone: str = ""
    home_address: str = ""
    is_left_behind: bool = False
    left_behind_situation: str = ""
    is_orphan: bool = False
    is_de_facto_unsupported: bool = False
    is_in_difficulty: bool = False
    difficulty_kind: str = ""
    education_status: str = ""
    school_name: str = ""


@router.post("/children/{child_id}/back-to-registry", response=RegistryFileOut)
def community_return(request: HttpRequest, child_id: RecordId, payload: ReturnIn):
    """A child who left care to the family goes back to the community registry on the same
    file (the reverse of POST /community/{id}/into-care)."""
    body = payload.dict()
    version, division = body.pop("version"), body.pop("division")
    return registry_services.community_return(
        actor=request.auth, child_id=child_id, version=version, division=division, data=body
    )


# ----------------------------------------------------------------- coverage, training


class PersonOut(Schema):
    id: int
    username: str
    name: str
    role: str
    division_code: str

    @staticmethod
    def resolve_name(obj) -> str:
        return str(obj)

    @staticmethod
    def resolve_division_code(obj) -> str:
        return obj.division.code


class TownshipOut(Schema):
    code: str
    name: str
    supervisors: list[PersonOut]
    villages: int
    villages_with_director: int


class VillageOut(Schema):
    code: str
    name: str
    directors: list[PersonOut]


class CoverageOut(Schema):
    area: str
    townships: list[TownshipOut]
    villages: list[VillageOut]


@router.get("/registry/coverage", response=CoverageOut)
def coverage(request: HttpRequest, county: str = "", township: str = ""):
    """Townships with their supervisors and villages with a director in your county (an
    office above names the `county`); `township` lists its villages and directors."""
    area = selectors.coverage_area(actor=request.auth, county=county)
    return selectors.coverage(area=area, township=township)


class CourseIn(Schema):
    topic: str = ""
    held_on: dt.date | None = None
    hours: Decimal | None = None
    trainer: str = ""
    place: str = ""
    online: bool = False
    note: str = ""
    attendees: list[RecordId] = []


class CoursePatch(Schema):
    version: int
    topic: str | None = None
    held_on: dt.date | None = None
    hours: Decimal | None = None
    trainer: str | None = None
    place: str | None = None
    online: bool | None = None
    note: str | None = None


class CourseOut(Schema):
    id: int
    county_code: str
    topic: str
    held_on: dt.date
    hours: Decimal
    trainer: str
    place: str
    online: bool
    note: str
    version: int


class CourseFilters(Schema):
    year: int | None = Field(None, ge=1900, le=2999)


@router.get("/registry/training", response=list[CourseOut])
@paginate(CappedLimitOffsetPagination)
def course_list(request: HttpRequest, filters: Query[CourseFilters]):
    """Training courses of your county (of the counties of your jurisdiction)."""
    return selectors.course_list(actor=request.auth, year=filters.year)


@router.post("/registry/training", response={201: CourseOut})
def course_record(request: HttpRequest, payload: CourseIn):
    """Record a course your county gave and, with `attendees`, who attended."""
    body = payload.dict()
    attendees = body.pop("attendees")
    return Status(
        201,
        training_services.training_course_record(
            actor=request.auth, data=body, attendee_ids=attendees
        ),
    )


@router.patch("/registry/training/{course_id}", response=CourseOut)
def course_update(request: HttpRequest, course_id: RecordId, payload: CoursePatch):
    changes = payload.dict(exclude_unset=True)
    version = changes.pop("version")
    return training_services.training_course_update(
        actor=request.auth, course_id=course_id, version=version, data=changes
    )


class AttendanceIn(Schema):
    attendees: list[RecordId]


@router.get("/registry/training/{course_id}/attendance", response=list[PersonOut])
def course_attendance(request: HttpRequest, course_id: RecordId):
    course = selectors.course_get(actor=request.auth, course_id=course_id)
    return [a.person for a in selectors.course_attendees(course=course)]


@router.post("/registry/training/{course_id}/attendance", response={201: list[PersonOut]})
def course_attend(request: HttpRequest, course_id: RecordId, payload: AttendanceIn):
    """Add supervisors and directors of the county who attended."""
    added = training_services.training_attendance_record(
        actor=request.auth, course_id=course_id, attendee_ids=payload.attendees
    )
    return Status(201, [a.person for a in added])


@router.get("/registry/people/{person_id}/training", response=list[CourseOut])
def person_training(request: HttpRequest, person_id: RecordId):
    """A supervisor's or director's training history, latest first."""
    person = selectors.person_get(actor=request.auth, person_id=person_id)
    return list(selectors.person_trainings(person=person))


class UntrainedFilters(CourseFilters):
    county: str = ""


@router.get("/registry/untrained", response=list[PersonOut])
@paginate(CappedLimitOffsetPagination)
def untrained(request: HttpRequest, filters: Query[UntrainedFilters]):
    """Supervisors and directors of the area with no training in `year` (this year)."""
    area = selectors.coverage_area(actor=request.auth, county=filters.county)
    return selectors.untrained(area=area, year=filters.year or timezone.localdate().year)
