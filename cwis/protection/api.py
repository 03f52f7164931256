"""/api/v1/community: the community children registry for programs. Thin: parse, call one
service or selector, shape the answer. Errors map in cwis/api.py (404 / 403 / 409 / 422)."""

import datetime as dt
from typing import Any

from django.http import HttpRequest
from django.utils import timezone
from ninja import Query, Router, Schema, Status
from ninja.pagination import paginate

from cwis.children import selectors as child_selectors
from cwis.children.models import Child
from cwis.core.audit import access_log_record
from cwis.core.pagination import CappedLimitOffsetPagination
from cwis.protection import selectors, services

router = Router(tags=["community"])


class CommunityListItem(Schema):
    id: int
    name: str
    sex: str
    birth_date: dt.date
    citizen_id_masked: str
    division_code: str
    status: str
    categories: list[str]
    registered_on: dt.date | None
    visit_due: dt.date | None = None
    last_visit_on: dt.date | None = None
    version: int


class CommunityFilters(Schema):
    q: str | None = None
    status: str | None = None  # in_community (default) or off_register
    category: str | None = None
    division: str | None = None  # township or village code prefix
    sex: str | None = None
    overdue: bool = False  # only children whose visit is overdue
    flag: str | None = None  # a risk flag rule code (GET /registry/flags lists them)


class _CommunityFields(Schema):
    former_names: str = ""
    birth_date_estimated: bool = False
    ethnicity: str = ""
    citizen_id: str = ""
    hukou_type: str = "not_registered"
    hukou_address: str = ""
    guardian_name: str = ""
    guardian_phone: str = ""
    home_address: str = ""
    guardianship_note: str = ""
    is_orphan: bool = False
    is_de_facto_unsupported: bool = False
    is_left_behind: bool = False
    is_in_difficulty: bool = False
    difficulty_kind: str = ""
    left_behind_situation: str = ""
    disability_type: str = ""
    disability_grade: int | None = None
    disability_certificate: str = ""
    health_summary: str = ""
    insurance_status: str = "pending"
    education_status: str = ""
    school_name: str = ""


class CommunityIn(_CommunityFields):
    division: str  # the township (9 digits) or village (12 digits) code
    name: str
    sex: str
    birth_date: dt.date
    registered_on: dt.date
    guardian_relation: str
    dismissed_duplicates: list[int] = []


class CommunityPatch(Schema):
    """Only the fields sent change. `version` is the one the client read."""

    version: int
    division: str | None = None
    name: str | None = None
    sex: str | None = None
    birth_date: dt.date | None = None
    registered_on: dt.date | None = None
    guardian_relation: str | None = None
    former_names: str | None = None
    birth_date_estimated: bool | None = None
    ethnicity: str | None = None
    citizen_id: str | None = None
    hukou_type: str | None = None
    hukou_address: str | None = None
    guardian_name: str | None = None
    guardian_phone: str | None = None
    home_address: str | None = None
    guardianship_note: str | None = None
    is_orphan: bool | None = None
    is_de_facto_unsupported: bool | None = None
    is_left_behind: bool | None = None
    is_in_difficulty: bool | None = None
    difficulty_kind: str | None = None
    left_behind_situation: str | None = None
    disability_type: str | None = None
    disability_grade: int | None = None
    disability_certificate: str | None = None
    health_summary: str | None = None
    insurance_status: str | None = None
    education_status: str | None = None
    school_name: str | None = None


class CommunityOut(_CommunityFields):
    id: int
    name: str
    sex: str
    birth_date: dt.date
    registered_on: dt.date | None
    guardian_relation: str
    citizen_id: str
    division_code: str
    status: str
    categories: list[str]
    registry_closed_on: dt.date | None
    registry_exit_reason: str
    closed_reason: str
    visit_due: dt.date | None
    version: int


class VisitIn(Schema):
    visited_on: dt.date
    method: str
    situation: str
    needs: str = ""
    follow_up_needed: bool = False
    note: str = ""


class VisitOut(Schema):
    id: int
    visited_on: dt.date
    visited_by: str
    method: str
    situation: str
    needs: str
    follow_up_needed: bool
    note: str

    @staticmethod
    def resolve_visited_by(obj) -> str:
        return str(obj.visited_by)


class RemoveIn(Schema):
    version: int
    on: dt.date
    reason: str
    note: str = ""


class IntoCareIn(Schema):
    version: int
    institution_id: int
    intake_on: dt.date
    intake_category: str = "temporary_ward"
    legal_basis: str
    guardian_kind: str = "temporary"
    guardianship_situation: str
    guardianship_note: str = ""
    legal_basis_note: str = ""
    received_from: str = ""
    intake_note: str = ""
    bed: str = ""


class IntoCareOut(Schema):
    id: int
    status: str
    institution_id: int | None
    division_code: str
    registry_closed_on: dt.date | None
    registry_exit_reason: str
    version: int

    @staticmethod
    def resolve_institution_id(obj: Child) -> int | None:
        return obj.current_institution_id


def _out(request: HttpRequest, child: Child) -> dict[str, Any]:
    out = {f: getattr(child, f) for f in CommunityOut.model_fields if hasattr(child, f)}
    out.update(
        citizen_id=child_selectors.child_id_number_for(actor=request.auth, child=child),
        visit_due=selectors.community_visit_due(child=child),
    )
    return out


@router.get("/community", response=list[CommunityListItem])
@paginate(CappedLimitOffsetPagination)
def community_list(request: HttpRequest, filters: Query[CommunityFilters]):
    """Community files in your jurisdiction (on the registry unless `status` says otherwise)."""
    return selectors.community_list(actor=request.auth, filters=filters.dict(),
                                    today=timezone.localdate())


@router.post("/community", response={201: CommunityOut})
def community_register(request: HttpRequest, payload: CommunityIn):
    """Register a community child. 422 `duplicates` while possible duplicates (any live file)
    are not listed in `dismissed_duplicates` (see /children/duplicates)."""
    body = payload.dict()
    dismissed = body.pop("dismissed_duplicates")
    child = services.community_register(actor=request.auth, data=body,
                                        dismissed_duplicates=dismissed)
    return Status(201, _out(request, child))


@router.get("/community/{child_id}", response=CommunityOut)
def community_get(request: HttpRequest, child_id: int):
    """One community file; every read is written to the access log."""
    child = selectors.community_get(actor=request.auth, child_id=child_id)
    access_log_record(actor=request.auth, object_type="child", object_id=child.pk,
                      division_code=child.division_code, request=request, action="view")
    return _out(request, child)


@router.patch("/community/{child_id}", response=CommunityOut)
def community_update(request: HttpRequest, child_id: int, payload: CommunityPatch):
    """Change fields of the file; 409 if someone saved after the `version` you read."""
    changes = payload.dict(exclude_unset=True)
    version = changes.pop("version")
    child = services.community_update(actor=request.auth, child_id=child_id, version=version,
                                      data=changes)
    return _out(request, child)


@router.get("/community/{child_id}/visits", response=list[VisitOut])
def community_visits(request: HttpRequest, child_id: int):
    """The child's visits, newest first; every read is written to the access log."""
    child = selectors.community_get(actor=request.auth, child_id=child_id)
    access_log_record(actor=request.auth, object_type="child", object_id=child.pk,
                      division_code=child.division_code, request=request, action="visits")
    return list(selectors.community_visits(child=child))


@router.post("/community/{child_id}/visits", response={201: VisitOut})
def community_visit_record(request: HttpRequest, child_id: int, payload: VisitIn):
    """Record a visit; the next visit falls due CWIS_COMMUNITY_VISIT_DAYS after it."""
    visit = services.community_visit_record(actor=request.auth, child_id=child_id,
                                            data=payload.dict())
    return Status(201, visit)


@router.post("/community/{child_id}/remove", response=CommunityOut)
def community_remove(request: HttpRequest, child_id: int, payload: RemoveIn):
    """Take the child off the registry with the date and reason; the file is kept."""
    child = services.community_remove(actor=request.auth, child_id=child_id,
                                      **payload.dict())
    return _out(request, child)


@router.post("/community/{child_id}/into-care", response=IntoCareOut)
def community_take_into_care(request: HttpRequest, child_id: int, payload: IntoCareIn):
    """Take the child into civil affairs care through the intake rules of /children: the same
    file continues in the institution (see /children/{id})."""
    return services.community_take_into_care(actor=request.auth, child_id=child_id,
                                             **payload.dict())
