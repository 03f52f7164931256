"""/api/v1/partners: the requests addressed to a department and its answers, for the
department's own system (a partner account with a bearer token, docs/partners.md), and for
civil affairs to read them. Answers are idempotent: the same answer sent twice changes
nothing (`changed: false`)."""

import datetime as dt

from django.http import HttpRequest
from ninja import Field, Query, Router, Schema
from ninja.pagination import paginate

from cwis.core.audit import access_log_record
from cwis.core.pagination import CappedLimitOffsetPagination
from cwis.partners import selectors, services
from cwis.partners.models import AnswerChannel

router = Router(tags=["partners"])


class RequestFilters(Schema):
    status: str = Field("", description="open or answered")
    kind: str = Field("", description="hukou_migration, school_place, ...")


class RequestOut(Schema):
    id: int
    kind: str
    department: str
    division_code: str
    sent_on: dt.date
    status: str
    note: str


class ItemOut(Schema):
    id: int
    name: str
    sex: str
    birth_date: dt.date
    fields: dict = Field(..., description="The child's fields this kind needs (hukou, school, "
                                          "insurance...), and nothing more.")
    note: str
    status: str = Field(..., description="open, done or refused")
    answered_on: dt.date | None
    reference: str
    detail: str
    refusal_reason: str


class RequestDetailOut(RequestOut):
    items: list[ItemOut]


class AnswerIn(Schema):
    outcome: str = Field(..., description="done or refused", examples=["done"])
    on: dt.date | None = Field(None, description="The day it was done or refused",
                               examples=["2026-11-20"])
    reference: str = Field("", description="Hukou number, school-roll number, insurance "
                                           "number or approval document (done)",
                           examples=["360121200001011234"])
    detail: str = Field("", description="The school's name for a school place",
                        examples=["莲塘第一小学"])
    reason: str = Field("", description="Why the request is refused (refused)")

    model_config = {"json_schema_extra": {"examples": [
        {"outcome": "done", "on": "2026-11-20", "reference": "H360121-0042"},
        {"outcome": "refused", "on": "2026-11-20", "reason": "缺少监护证明"},
    ]}}


class AnswerOut(Schema):
    item: ItemOut
    changed: bool = Field(..., description="false when this answer had been recorded "
                                           "already (nothing changed)")


BASE = ("name", "sex", "birth_date")


def _item_out(row: dict) -> dict:
    extra = {k: v for k, v in row.items() if k not in (
        *BASE, "id", "note", "status", "answered_on", "reference", "detail", "refusal_reason",
        "version", "transfer__to_institution__name", "form")}
    return {**{k: row[k] for k in (*BASE, "id", "note", "status", "answered_on", "reference",
                                     "detail", "refusal_reason")}, "fields": extra}


@router.get("/partners/requests", response=list[RequestOut])
@paginate(CappedLimitOffsetPagination)
def request_list(request: HttpRequest, filters: Query[RequestFilters]):
    """The requests you may read: a department's account, those addressed to its
    department in its area; civil affairs, those of its jurisdiction. Newest first."""
    return selectors.request_list(actor=request.auth, filters=filters.dict())


@router.get("/partners/requests/{request_id}", response=RequestDetailOut)
def request_get(request: HttpRequest, request_id: int):
    """One request with its children: the minimum each department needs, and the answers."""
    found = selectors.request_get(actor=request.auth, request_id=request_id)
    items = selectors.request_items(actor=request.auth, request=found)
    access_log_record(actor=request.auth, object_type="partner_request", object_id=found.pk,
                      division_code=found.division_code, request=request)
    out = RequestOut.from_orm(found).dict()
    out["items"] = [_item_out(r) for r in selectors.item_rows(items, found.kind)]
    return out


@router.post("/partners/items/{item_id}/answer", response=AnswerOut)
def item_answer(request: HttpRequest, item_id: int, payload: AnswerIn):
    """Answer one child. Sending the same answer again changes nothing (`changed` is
    false); a different answer for a child already answered is refused (422)."""
    item, changed = services.item_answer(actor=request.auth, item_id=item_id,
                                         data=payload.dict(), channel=AnswerChannel.API)
    rows = selectors.item_rows(selectors.request_items(actor=request.auth,
                                                       request=item.request)
                               .filter(pk=item.pk), item.request.kind)
    return {"item": _item_out(rows[0]), "changed": changed}
