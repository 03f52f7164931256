"""/api/v1/screening: screening campaigns and their workbooks for programs. Thin: parse,
call one service or selector, shape the answer. Errors map in cwis/api.py (404 / 403 / 422).

A program uploads a workbook (multipart), polls the import until its check is done
(`state` previewed), reads the refusals, then asks for the commit and polls again.
"""

import datetime as dt

from django.http import HttpRequest
from ninja import File, Router, Schema, Status
from ninja.files import UploadedFile
from ninja.pagination import paginate

from cwis.core.imports.models import ImportBatch
from cwis.core.pagination import CappedLimitOffsetPagination
from cwis.screening import selectors, services

router = Router(tags=["screening"])


class CampaignIn(Schema):
    name: str
    starts_on: dt.date | None = None
    ends_on: dt.date | None = None
    township_codes: list[str] = []
    note: str = ""


class CampaignTownshipOut(Schema):
    code: str
    name: str


class CampaignOut(Schema):
    id: int
    county_code: str
    name: str
    starts_on: dt.date
    ends_on: dt.date
    township_codes: list[str]
    note: str


class FiguresOut(Schema):
    code: str
    name: str
    received: int
    created: int
    updated: int
    unchanged: int
    refused: int
    children: int


class CampaignDetailOut(CampaignOut):
    townships: list[CampaignTownshipOut]
    figures: list[FiguresOut]
    total: FiguresOut


class BatchOut(Schema):
    id: int
    campaign_id: int
    file_name: str
    state: str
    error: str
    rows_total: int
    rows_create: int
    rows_update: int
    rows_refused: int
    rows_created: int
    rows_updated: int
    job_id: int | None
    percent: int

    @staticmethod
    def resolve_campaign_id(obj: ImportBatch) -> int:
        return int(obj.target)

    @staticmethod
    def resolve_percent(obj: ImportBatch) -> int:
        return obj.job.percent if obj.job_id and obj.job else 0


class RowOut(Schema):
    row_number: int
    action: str
    outcome: str
    label: str
    target_id: int | None
    errors: list[tuple[str, str]]


class ChildSeenOut(Schema):
    id: int
    name: str
    birth_date: dt.date
    division_code: str


@router.get("/screening/campaigns", response=list[CampaignOut])
@paginate(CappedLimitOffsetPagination)
def campaign_list(request: HttpRequest):
    """The campaigns of the counties in your jurisdiction, newest first."""
    return selectors.campaign_list(actor=request.auth)


@router.post("/screening/campaigns", response={201: CampaignOut})
def campaign_open(request: HttpRequest, payload: CampaignIn):
    """Open a campaign of your county (county officers and protection workers)."""
    return Status(201, services.campaign_open(actor=request.auth, **payload.dict()))


@router.get("/screening/campaigns/{campaign_id}", response=CampaignDetailOut)
def campaign_get(request: HttpRequest, campaign_id: int):
    """A campaign with its figures by township (rows of imported workbooks)."""
    campaign = selectors.campaign_get(actor=request.auth, campaign_id=campaign_id)
    figures = selectors.campaign_figures(actor=request.auth, campaign=campaign)
    return {**{f: getattr(campaign, f) for f in CampaignOut.model_fields},
            "townships": [{"code": c, "name": n}
                          for c, n in selectors.campaign_townships(campaign)],
            "figures": [vars(t) for t in figures.townships], "total": vars(figures.total)}


@router.get("/screening/campaigns/{campaign_id}/not-seen", response=list[ChildSeenOut])
@paginate(CappedLimitOffsetPagination)
def campaign_not_seen(request: HttpRequest, campaign_id: int):
    """Children on the registry seen by the previous campaign and not by this one."""
    campaign = selectors.campaign_get(actor=request.auth, campaign_id=campaign_id)
    return selectors.campaign_not_seen(actor=request.auth, campaign=campaign)


@router.post("/screening/campaigns/{campaign_id}/imports", response={202: BatchOut})
def campaign_import(request: HttpRequest, campaign_id: int,
                    file: UploadedFile = File(...)):  # noqa: B008 - django-ninja's way
    """Upload a filled workbook (multipart `file`); its check runs in the background."""
    return Status(202, services.campaign_import(actor=request.auth, campaign_id=campaign_id,
                                                upload=file))


@router.get("/screening/imports/{batch_id}", response=BatchOut)
def batch_get(request: HttpRequest, batch_id: int):
    """A workbook's state and counts (poll it while `state` is previewing or committing)."""
    return selectors.batch_get(actor=request.auth, batch_id=batch_id)[0]


@router.get("/screening/imports/{batch_id}/rows", response=list[RowOut])
@paginate(CappedLimitOffsetPagination)
def batch_rows(request: HttpRequest, batch_id: int, action: str = ""):
    """The workbook's rows (`action`: refuse, create or update), each refusal as
    [column, reason]."""
    batch = selectors.batch_get(actor=request.auth, batch_id=batch_id)[0]
    return selectors.imports.batch_rows(batch=batch, action=action or None)


@router.post("/screening/imports/{batch_id}/commit", response={202: BatchOut})
def batch_commit(request: HttpRequest, batch_id: int):
    """Import the workbook's valid rows in one transaction (in the background)."""
    selectors.batch_get(actor=request.auth, batch_id=batch_id)
    return Status(202, services.campaign_commit(actor=request.auth, batch_id=batch_id))
