"""/api/v1/children: the child registry for programs. Thin: parse, call one service or
selector, shape the answer. Errors map in cwis/api.py (404 / 403 / 409 / 422)."""

import datetime as dt
from typing import Any

from django.http import HttpRequest
from ninja import File, Form, Query, Router, Schema, Status
from ninja.files import UploadedFile
from ninja.pagination import paginate

from cwis.children import selectors, services
from cwis.children.models import Child, ChildDocument
from cwis.core import uploads
from cwis.core.audit import access_log_children, access_log_record
from cwis.core.errors import NotFoundError
from cwis.core.input import RecordId
from cwis.core.pagination import CappedLimitOffsetPagination
from cwis.core.scoping import actor_prefix

router = Router(tags=["children"])


class InstitutionRef(Schema):
    id: int
    name: str


class ChildListItem(Schema):
    id: int
    name: str
    sex: str
    birth_date: dt.date
    birth_date_estimated: bool
    citizen_id_masked: str
    status: str
    institution: InstitutionRef | None
    categories: list[str]
    version: int

    @staticmethod
    def resolve_institution(obj: Child) -> Any:
        return obj.current_institution


class ChildFilters(Schema):
    q: str | None = None
    status: str | None = None
    category: str | None = None
    institution: RecordId | None = None
    sex: str | None = None
    birth_from: dt.date | None = None
    birth_to: dt.date | None = None
    division: str | None = None
    disability: str | None = None
    residence: str | None = None  # institution, family_residence or foster_family


class _FileFields(Schema):
    """The fields of the file a client sets (services.EDITABLE_FIELDS, photo apart)."""

    former_names: str = ""
    birth_date_estimated: bool = False
    ethnicity: str = ""
    citizen_id: str = ""
    identity_status: str = "pending"
    hukou_division: str = ""
    hukou_address: str = ""
    hukou_type: str = "not_registered"
    hukou_registered_on: dt.date | None = None
    found_on: dt.date | None = None
    found_place: str = ""
    found_circumstances: str = ""
    police_case_number: str = ""
    search_notice_on: dt.date | None = None
    formally_admitted_on: dt.date | None = None
    guardianship_note: str = ""
    guardian_name: str = ""
    is_orphan: bool = False
    is_parents_not_found: bool = False
    is_de_facto_unsupported: bool = False
    is_left_behind: bool = False
    is_in_difficulty: bool = False
    disability_type: str = ""
    disability_grade: int | None = None
    disability_certificate: str = ""
    health_summary: str = ""
    insurance_status: str = "pending"
    insurance_checked_on: dt.date | None = None
    education_status: str = ""
    school_name: str = ""


class ChildIn(_FileFields):
    name: str
    sex: str
    birth_date: dt.date
    guardian_kind: str
    guardianship_situation: str
    guardianship_since: dt.date
    institution_id: int
    intake_on: dt.date
    intake_category: str
    legal_basis: str
    legal_basis_note: str = ""
    received_from: str = ""
    intake_note: str = ""
    bed: str = ""
    dismissed_duplicates: list[int] = []


_INTAKE_KEYS = ("institution_id", "intake_on", "intake_category", "legal_basis",
                "legal_basis_note", "received_from", "intake_note", "bed",
                "dismissed_duplicates")


class ChildPatch(Schema):
    """Only the fields sent change. `version` is the one the client read."""

    version: int
    reason: str = ""
    name: str | None = None
    sex: str | None = None
    birth_date: dt.date | None = None
    guardian_kind: str | None = None
    guardianship_situation: str | None = None
    guardianship_since: dt.date | None = None
    former_names: str | None = None
    birth_date_estimated: bool | None = None
    ethnicity: str | None = None
    citizen_id: str | None = None
    identity_status: str | None = None
    hukou_division: str | None = None
    hukou_address: str | None = None
    hukou_type: str | None = None
    hukou_registered_on: dt.date | None = None
    found_on: dt.date | None = None
    found_place: str | None = None
    found_circumstances: str | None = None
    police_case_number: str | None = None
    search_notice_on: dt.date | None = None
    formally_admitted_on: dt.date | None = None
    guardianship_note: str | None = None
    guardian_name: str | None = None
    is_orphan: bool | None = None
    is_parents_not_found: bool | None = None
    is_de_facto_unsupported: bool | None = None
    is_left_behind: bool | None = None
    is_in_difficulty: bool | None = None
    disability_type: str | None = None
    disability_grade: int | None = None
    disability_certificate: str | None = None
    health_summary: str | None = None
    insurance_status: str | None = None
    insurance_checked_on: dt.date | None = None
    education_status: str | None = None
    school_name: str | None = None


class IntakeOut(Schema):
    id: int
    institution: InstitutionRef
    intake_on: dt.date
    category: str
    legal_basis: str
    legal_basis_law: str
    legal_basis_version: str
    legal_basis_article: str
    legal_basis_item: str
    legal_basis_text: str
    legal_basis_note: str
    received_from: str


class PlacementOut(Schema):
    id: int
    institution: InstitutionRef | None
    kind: str
    family_residence_id: int | None
    foster_carer: str
    foster_address: str
    bed: str
    started_on: dt.date
    ended_on: dt.date | None
    start_reason: str
    end_reason: str


class DocumentOut(Schema):
    id: int
    kind: str
    issued_on: dt.date | None
    number: str
    note: str
    has_file: bool
    withdrawn_reason: str

    @staticmethod
    def resolve_has_file(obj: ChildDocument) -> bool:
        return bool(obj.file)


class DeadlineOut(Schema):
    kind: str
    started_on: dt.date
    due_on: dt.date
    closed_on: dt.date | None
    outcome: str


class ChildOut(_FileFields):
    id: int
    name: str
    sex: str
    birth_date: dt.date
    guardian_kind: str
    guardianship_situation: str
    guardianship_since: dt.date
    citizen_id: str
    categories: list[str]
    status: str
    institution: InstitutionRef | None
    division_code: str
    left_care_on: dt.date | None
    leave_reason: str
    adult_placement: str
    leave_destination: str
    leave_document_number: str
    leave_note: str
    merged_into_id: int | None
    closed_reason: str
    version: int
    intakes: list[IntakeOut]
    placements: list[PlacementOut]
    documents: list[DocumentOut]
    missing_documents: list[str]
    deadlines: list[DeadlineOut]


class HistoryOut(Schema):
    at: dt.datetime
    user: str
    kind: str
    object_id: int
    record: str
    change: str
    field: str
    old: str
    new: str
    reason: str


class DuplicatesOut(Schema):
    candidates: list[ChildListItem]
    # True when a live file outside your jurisdiction holds exactly the given ID number.
    id_number_elsewhere: bool


class LeaveIn(Schema):
    version: int
    on: dt.date
    reason: str
    note: str = ""
    adult_placement: str = ""
    destination: str = ""
    document_number: str = ""


class MergeIn(Schema):
    version: int
    duplicate_id: int
    reason: str


class ErrorIn(Schema):
    version: int
    reason: str


def _child_out(request: HttpRequest, child: Child) -> dict[str, Any]:
    out = {f: getattr(child, f) for f in ChildOut.model_fields if hasattr(child, f)}
    out.update(
        citizen_id=selectors.child_id_number_for(actor=request.auth, child=child),
        hukou_division=child.hukou_division.code if child.hukou_division_id else "",
        institution=child.current_institution,
        intakes=list(selectors.child_intakes(child=child)),
        placements=list(selectors.child_placements(child=child)),
        documents=list(selectors.child_documents(child=child)),
        missing_documents=selectors.child_missing_documents(child=child),
        deadlines=list(selectors.child_deadlines(child=child)),
    )
    return out


def _log(request: HttpRequest, child: Child, action: str = "view") -> None:
    access_log_record(actor=request.auth, object_type="child", object_id=child.pk,
                      division_code=child.division_code, request=request, action=action)


@router.get("/children", response=list[ChildListItem])
@paginate(CappedLimitOffsetPagination)
def child_list(request: HttpRequest, filters: Query[ChildFilters]):
    """Files in your jurisdiction. `q`: name fragment, pinyin or its initials, or a whole ID
    number (exact match; only for roles that may see ID numbers)."""
    return selectors.child_list(actor=request.auth, filters=filters.dict())


@router.post("/children", response={201: ChildOut})
def child_create(request: HttpRequest, payload: ChildIn):
    """Register a child received by an institution. 422 `duplicates` while possible
    duplicates are not listed in `dismissed_duplicates` (see /children/duplicates)."""
    body = payload.dict()
    intake = {k: body.pop(k) for k in _INTAKE_KEYS}
    child = services.child_register(actor=request.auth, data=body, **intake)
    return Status(201, _child_out(request, child))


@router.get("/children/duplicates", response=DuplicatesOut)
def child_duplicates(
    request: HttpRequest,
    name: str = "",
    sex: str = "",
    birth_date: dt.date | None = None,
    found_on: dt.date | None = None,
    found_place: str = "",
    citizen_id: str = "",
):
    """Before registering: files in your jurisdiction that may be the same child (same ID
    number, same name + sex + birth date, or the same finding). Outside your jurisdiction
    only the ID number is checked: `id_number_elsewhere` is true when a live file elsewhere
    holds exactly that number (the registration would be refused; ask your civil affairs
    office to contact the jurisdiction that holds it). Only for roles that register
    children (403 otherwise); every call is written to the access log."""
    found = selectors.duplicate_check(
        actor=request.auth, name=name, sex=sex, birth_date=birth_date, found_on=found_on,
        found_place=found_place, citizen_id=citizen_id,
    )
    access_log_record(actor=request.auth, object_type="duplicate_check",
                      object_id="elsewhere" if found.id_number_elsewhere else "-",
                      division_code=actor_prefix(request.auth) or "", request=request,
                      action="duplicate_check")
    access_log_children(actor=request.auth, children=found.candidates, request=request,
                        action="duplicate_check")
    return {"candidates": found.candidates, "id_number_elsewhere": found.id_number_elsewhere}


@router.get("/children/{child_id}", response=ChildOut)
def child_get(request: HttpRequest, child_id: int):
    """One file; every read is written to the access log."""
    child = selectors.child_get(actor=request.auth, child_id=child_id)
    _log(request, child)
    return _child_out(request, child)


@router.patch("/children/{child_id}", response=ChildOut)
def child_update(request: HttpRequest, child_id: int, payload: ChildPatch):
    """Change fields of the file; 409 if someone saved after the `version` you read."""
    changes = payload.dict(exclude_unset=True)
    version, reason = changes.pop("version"), changes.pop("reason", "")
    child = services.child_update(actor=request.auth, child_id=child_id, version=version,
                                  changes=changes, reason=reason)
    return _child_out(request, child)


@router.get("/children/{child_id}/history", response=list[HistoryOut])
def child_history(request: HttpRequest, child_id: int):
    """Every change to the file: field, old and new value, who, when (newest first)."""
    _log(request, selectors.child_get(actor=request.auth, child_id=child_id), "history")
    return selectors.child_history_rows(actor=request.auth, child_id=child_id)


@router.post("/children/{child_id}/leave", response=ChildOut)
def child_leave(request: HttpRequest, child_id: int, payload: LeaveIn):
    """Record leaving care: adoption, return to family, adulthood, transfer, death."""
    child = services.child_leave_care(actor=request.auth, child_id=child_id,
                                      **payload.dict())
    return _child_out(request, child)


@router.post("/children/{child_id}/merge", response=ChildOut)
def child_merge(request: HttpRequest, child_id: int, payload: MergeIn):
    """Merge file `duplicate_id` into this one; both stay, the other marked merged."""
    child = services.child_merge(actor=request.auth, survivor_id=child_id,
                                 duplicate_id=payload.duplicate_id, version=payload.version,
                                 reason=payload.reason)
    return _child_out(request, child)


@router.post("/children/{child_id}/entered-in-error", response=ChildOut)
def child_entered_in_error(request: HttpRequest, child_id: int, payload: ErrorIn):
    """Close a file that should not exist, with the reason (nothing is deleted)."""
    child = services.child_mark_entered_in_error(
        actor=request.auth, child_id=child_id, version=payload.version, reason=payload.reason
    )
    return _child_out(request, child)


@router.post("/children/{child_id}/documents", response={201: DocumentOut})
def child_document_add(
    request: HttpRequest,
    child_id: int,
    kind: Form[str],
    issued_on: Form[dt.date | None] = None,
    number: Form[str] = "",
    note: Form[str] = "",
    file: UploadedFile | None = File(None),  # noqa: B008 - django-ninja declares parameters so
):
    """Keep a document on the file (multipart: kind, file, issued_on, number, note)."""
    document = services.child_document_add(actor=request.auth, child_id=child_id, kind=kind,
                                           file=file, issued_on=issued_on, number=number,
                                           note=note)
    return Status(201, document)


@router.get("/children/{child_id}/documents/{document_id}/file")
def child_document_file(request: HttpRequest, child_id: int, document_id: int):
    """The document's file, to someone who may see the child; the read is logged."""
    document = selectors.child_document_get(actor=request.auth, child_id=child_id,
                                            document_id=document_id)
    if not document.file:
        raise NotFoundError()
    _log(request, document.child, "document")
    return uploads.attachment_response(document.file, document.original_name)
