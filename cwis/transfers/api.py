"""/api/v1/transfers and /api/v1/children/{id}/property. Thin: parse, call one service or
selector, shape the answer. Errors map in cwis/api.py (404 / 403 / 409 / 422)."""

import datetime as dt
from decimal import Decimal

from django.utils import timezone
from ninja import Query, Router, Schema, Status

from cwis.children import selectors as child_selectors
from cwis.core.audit import access_log_record
from cwis.transfers import selectors, services
from cwis.transfers.models import PropertyEntry, Transfer

router = Router(tags=["transfers"])


class ArchiveOut(Schema):
    id: int
    kind: str
    title: str
    pages: int
    original: bool
    status: str


class PropertyItemOut(Schema):
    id: int
    kind: str
    description: str
    sent_amount: Decimal
    confirmed_amount: Decimal | None
    difference_note: str


class TransferOut(Schema):
    id: int
    child_id: int
    child_name: str
    from_institution_id: int
    to_institution_id: int
    status: str
    reason: str
    planned_on: dt.date
    hukou_decision: str
    hukou_stay_reason: str
    hukou_status: str
    plan_told: str
    plan_accompanied_by: str
    plan_familiar: str
    counselling_before: int
    counselling_after: int
    approved_on: dt.date | None
    sent_on: dt.date | None
    closed_on: dt.date | None
    close_reason: str
    version: int

    @staticmethod
    def resolve_child_name(obj: Transfer) -> str:
        return obj.child.name


class TransferDetailOut(TransferOut):
    archives: list[ArchiveOut]
    property: list[PropertyItemOut]

    @staticmethod
    def resolve_archives(obj: Transfer):
        return list(obj.archive_items.all())

    @staticmethod
    def resolve_property(obj: Transfer):
        return list(obj.property_items.all())


class TransferIn(Schema):
    child_id: int
    to_institution_id: int
    reason: str
    planned_on: dt.date
    hukou_decision: str = "move"
    hukou_stay_reason: str = ""
    plan_told: str = ""
    plan_accompanied_by: str = ""
    plan_familiar: str = ""
    counselling_before: int = 0
    counselling_after: int = 0


class BatchIn(Schema):
    institution_id: int
    planned_on: dt.date
    reason: str


class TransferPlanIn(Schema):
    version: int
    planned_on: dt.date | None = None
    hukou_decision: str | None = None
    hukou_stay_reason: str | None = None
    plan_told: str | None = None
    plan_accompanied_by: str | None = None
    plan_familiar: str | None = None
    counselling_before: int | None = None
    counselling_after: int | None = None


class StepIn(Schema):
    version: int | None = None


class ReasonIn(StepIn):
    reason: str = ""


class SendIn(StepIn):
    property_total: Decimal | None = None


class Confirmation(Schema):
    item_id: int
    amount: Decimal
    note: str = ""


class ReceiveIn(StepIn):
    missing_archive_ids: list[int] = []
    property: list[Confirmation] = []


class ArchiveIn(Schema):
    kind: str
    title: str
    pages: int = 0
    original: bool = True


class HukouIn(Schema):
    status: str
    on: dt.date


class Filters(Schema):
    status: str = ""
    overdue: bool = False
    arriving: bool = False


class PropertyEntryOut(Schema):
    id: int
    institution_id: int
    kind: str
    description: str
    amount: Decimal
    currency: str
    on: dt.date
    transfer_id: int | None
    note: str


class PropertyEntryIn(Schema):
    kind: str
    description: str
    amount: Decimal
    on: dt.date
    note: str = ""


def _detail(request, pk: int) -> Transfer:
    return selectors.transfer_get(actor=request.auth, transfer_id=pk)


@router.get("/transfers", response=list[TransferOut])
def transfer_list(request, filters: Query[Filters]):
    return list(selectors.transfer_list(
        actor=request.auth, today=timezone.localdate(), status=filters.status,
        overdue=filters.overdue, arriving=filters.arriving)[:500])


@router.post("/transfers", response={201: TransferDetailOut})
def transfer_create(request, body: TransferIn):
    transfer = services.transfer_draft(actor=request.auth, **body.dict())
    return Status(201, _detail(request, transfer.pk))


@router.post("/transfers/batch", response={201: list[TransferOut]})
def transfer_batch(request, body: BatchIn):
    return Status(201, services.transfer_batch_draft(actor=request.auth, **body.dict()))


@router.get("/transfers/{pk}", response=TransferDetailOut)
def transfer_get(request, pk: int):
    """One transfer with the child's data; every read is written to the access log."""
    transfer = _detail(request, pk)
    access_log_record(actor=request.auth, object_type="transfer", object_id=pk,
                      division_code=transfer.from_division_code, request=request)
    return transfer


@router.patch("/transfers/{pk}", response=TransferDetailOut)
def transfer_update(request, pk: int, body: TransferPlanIn):
    data = {k: v for k, v in body.dict().items() if v is not None and k != "version"}
    services.transfer_update_plan(actor=request.auth, transfer_id=pk,
                                  expected_version=body.version, **data)
    return _detail(request, pk)


@router.post("/transfers/{pk}/approve", response=TransferDetailOut)
def transfer_approve(request, pk: int, body: StepIn):
    services.transfer_approve(actor=request.auth, transfer_id=pk, expected_version=body.version)
    return _detail(request, pk)


@router.post("/transfers/{pk}/send", response=TransferDetailOut)
def transfer_send(request, pk: int, body: SendIn):
    services.transfer_send(actor=request.auth, transfer_id=pk, expected_version=body.version,
                           property_total=body.property_total)
    return _detail(request, pk)


@router.post("/transfers/{pk}/receive", response=TransferDetailOut)
def transfer_receive(request, pk: int, body: ReceiveIn):
    services.transfer_receive(
        actor=request.auth, transfer_id=pk, expected_version=body.version,
        missing_archive_ids=body.missing_archive_ids,
        confirmed={c.item_id: (c.amount, c.note) for c in body.property})
    return _detail(request, pk)


@router.post("/transfers/{pk}/return", response=TransferDetailOut)
def transfer_return(request, pk: int, body: ReasonIn):
    services.transfer_return(actor=request.auth, transfer_id=pk, reason=body.reason,
                             expected_version=body.version)
    return _detail(request, pk)


@router.post("/transfers/{pk}/cancel", response=TransferDetailOut)
def transfer_cancel(request, pk: int, body: ReasonIn):
    services.transfer_cancel(actor=request.auth, transfer_id=pk, reason=body.reason,
                             expected_version=body.version)
    return _detail(request, pk)


@router.post("/transfers/{pk}/archives", response={201: ArchiveOut})
def transfer_archive_add(request, pk: int, body: ArchiveIn):
    item = services.transfer_archive_add(actor=request.auth, transfer_id=pk, **body.dict())
    return Status(201, item)


@router.post("/transfers/{pk}/hukou", response=TransferDetailOut)
def transfer_hukou(request, pk: int, body: HukouIn):
    services.transfer_hukou_report(actor=request.auth, transfer_id=pk, **body.dict())
    return _detail(request, pk)


@router.get("/children/{child_id}/property", response=list[PropertyEntryOut])
def child_property(request, child_id: int):
    child = child_selectors.child_get(actor=request.auth, child_id=child_id)
    access_log_record(actor=request.auth, object_type="child_property", object_id=child.pk,
                      division_code=child.division_code, request=request)
    return list(PropertyEntry.objects.filter(child=child).order_by("on", "id"))


@router.post("/children/{child_id}/property", response={201: PropertyEntryOut})
def child_property_add(request, child_id: int, body: PropertyEntryIn):
    entry = services.property_entry_add(actor=request.auth, child_id=child_id, **body.dict())
    return Status(201, entry)
