"""/api/v1/safety: an inspection's checklist and photos, a plan's file. Thin: parse, call one
service or selector, shape the answer. Files are served only in scope (404 otherwise)."""

import datetime as dt
from typing import Literal

from django.http import HttpRequest
from django.utils import timezone
from ninja import File, Form, Query, Schema, Status
from ninja.files import UploadedFile
from ninja.pagination import paginate

from cwis.core import uploads
from cwis.core.input import RecordId
from cwis.core.pagination import CappedLimitOffsetPagination
from cwis.safety.api.router import router
from cwis.safety.selectors import checklists as selectors
from cwis.safety.selectors import drills as plan_selectors
from cwis.safety.selectors import status as status_selectors
from cwis.safety.selectors.hazards import inspection_get
from cwis.safety.services import checklists as services


class ChecklistRowOut(Schema):
    item_id: int
    area: str
    text: str
    result: str | None
    note: str


class ChecklistResultIn(Schema):
    item_id: RecordId
    result: str
    note: str = ""


class ChecklistIn(Schema):
    results: list[ChecklistResultIn]


class PhotoOut(Schema):
    id: int
    inspection_id: int
    hazard_id: int | None
    caption: str


def _rows(inspection) -> list[dict]:
    return [{"item_id": row.item.pk, "area": row.item.area, "text": row.item.text,
             "result": row.result.result if row.result else None,
             "note": row.result.note if row.result else ""}
            for row in selectors.inspection_checklist(inspection=inspection)]


@router.get("/safety/inspections/{inspection_id}/checklist", response=list[ChecklistRowOut])
def inspection_checklist(request: HttpRequest, inspection_id: int):
    """Each item of the inspection's checklist (its areas and kind) with its result, if any."""
    return _rows(inspection_get(actor=request.auth, inspection_id=inspection_id))


@router.post("/safety/inspections/{inspection_id}/checklist",
             response=list[ChecklistRowOut])
def inspection_checklist_record(request: HttpRequest, inspection_id: int,
                                payload: ChecklistIn):
    """Record results (`complies`, `fails` with what was found, `not_applicable`); items
    left out keep what they had. Refusals name `item_<id>`."""
    services.inspection_checklist_record(
        actor=request.auth, inspection_id=inspection_id,
        results={r.item_id: (r.result, r.note) for r in payload.results})
    return _rows(inspection_get(actor=request.auth, inspection_id=inspection_id))


@router.get("/safety/inspections/{inspection_id}/photos", response=list[PhotoOut])
def inspection_photos(request: HttpRequest, inspection_id: int):
    inspection = inspection_get(actor=request.auth, inspection_id=inspection_id)
    return selectors.inspection_photos(inspection=inspection)


@router.post("/safety/inspections/{inspection_id}/photos", response={201: PhotoOut})
def inspection_photo_add(
    request: HttpRequest,
    inspection_id: int,
    caption: Form[str] = "",
    hazard_id: Form[int | None] = None,
    image: UploadedFile | None = File(None),  # noqa: B008 - django-ninja declares parameters so
):
    """Add a photo (multipart: image as JPEG or PNG, caption, hazard_id of the inspection)."""
    return Status(201, services.inspection_photo_add(
        actor=request.auth, inspection_id=inspection_id, image=image, caption=caption,
        hazard_id=hazard_id))


@router.get("/safety/inspections/{inspection_id}/photos/{photo_id}")
def inspection_photo(request: HttpRequest, inspection_id: int, photo_id: int):
    """The photo itself (PNG or JPEG)."""
    photo = selectors.inspection_photo_get(actor=request.auth, inspection_id=inspection_id,
                                           photo_id=photo_id)
    return uploads.inline_image_response(photo.image)


@router.get("/safety/plans/{plan_id}/file")
def plan_file(request: HttpRequest, plan_id: int):
    """The plan's file, as a download."""
    plan = plan_selectors.plan_get(actor=request.auth, plan_id=plan_id)
    return uploads.attachment_response(plan.file, plan.original_name)


class InstitutionStatusOut(Schema):
    id: int
    name: str
    division_code: str
    last_inspection: dt.date | None
    last_department_inspection: dt.date | None
    hazards_open: int
    hazards_overdue: int
    hazards_major: int
    hazards_closed: int
    # fire
    last_drill: dt.date | None = None
    drills_year: int | None = None
    drills_with_department: int | None = None
    plan_approved_on: dt.date | None = None
    plan_review_on: dt.date | None = None
    # food
    licence_expires_on: dt.date | None = None
    health_valid: int | None = None
    health_expired: int | None = None
    sample_days: int | None = None


class StatusFilters(Schema):
    department: Literal["fire", "food"]


@router.get("/safety/status", response=list[InstitutionStatusOut])
@paginate(CappedLimitOffsetPagination)
def institution_status(request: HttpRequest, filters: Query[StatusFilters]):
    """Each institution's fire safety (`department=fire`, for the fire service) or food
    safety (`food`, for market supervision): the list the Excel files hold."""
    return status_selectors.institution_status(actor=request.auth,
                                               department=filters.department,
                                               today=timezone.localdate())
