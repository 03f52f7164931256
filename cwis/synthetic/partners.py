"""Requests to partner departments (cwis/partners), cheap: per county of the scale a medical
insurance account of the county (`syn-partner-mi-<county>`) and one insurance-enrolment
request from the county officer listing up to five of the county's children in care, sent in
the last two months; the older half answered (done, with an insurance number). Each request
and child has its simple-history "+" row; a batch of counties and its marker are written in
one transaction, so a run resumes where it stopped. The data-quality findings are not
generated: the scan (`partners.quality_scan`) computes them."""

import datetime as dt
import time
from collections import defaultdict

from django.contrib.auth.hashers import make_password
from django.db import transaction
from django.utils import timezone

from cwis.accounts.models import User
from cwis.children.choices import ChildStatus
from cwis.children.models import Child
from cwis.core.permissions import PartnerDepartment, Role
from cwis.partners.models import (
    AnswerChannel,
    ItemStatus,
    PartnerRequest,
    PartnerRequestItem,
    RequestKind,
    RequestStatus,
)
from cwis.synthetic import writer
from cwis.synthetic.context import SYNTHETIC_PASSWORD, Context, progress, scale_counties

BATCH = 200  # counties
PER_REQUEST = 5
SENT_WITHIN_DAYS = 60
ANSWERED_AFTER_DAYS = 30  # requests sent earlier than this are answered


def _children_by_county() -> dict[str, list[int]]:
    found: dict[str, list[int]] = defaultdict(list)
    rows = Child.objects.filter(status=ChildStatus.IN_CARE).order_by("pk").values_list(
        "division_code", "pk")
    for code, pk in rows.iterator(chunk_size=5000):
        if len(found[code[:6]]) < PER_REQUEST:
            found[code[:6]].append(pk)
    return found


def _stamp(obj, now: dt.datetime, by: int | None) -> None:
    obj.created_at = obj.updated_at = now  # COPY runs no auto_now(_add)
    obj.created_by_id = obj.updated_by_id = by


def _county(rows: dict[type, list], rng, county, officer: int, children: list[int],
            today: dt.date, now: dt.datetime, password: str) -> None:
    partner = User(username=f"syn-partner-mi-{county.code}", password=password,
                   display_name=f"{county.name}医疗保障局", role=Role.PARTNER_VIEWER,
                   division_id=county.pk, date_joined=now,
                   partner_department=PartnerDepartment.MEDICAL_INSURANCE)
    rows[User].append(partner)
    if not children:
        return
    sent = today - dt.timedelta(days=rng.randint(0, SENT_WITHIN_DAYS))
    answered = (today - sent).days > ANSWERED_AFTER_DAYS
    request = PartnerRequest(kind=RequestKind.INSURANCE_ENROLMENT,
                             department=PartnerDepartment.MEDICAL_INSURANCE,
                             division_code=county.code, sent_on=sent, sent_by_id=officer,
                             status=RequestStatus.ANSWERED if answered else RequestStatus.OPEN,
                             answered_on=sent + dt.timedelta(days=20) if answered else None)
    _stamp(request, now, officer)
    rows[PartnerRequest].append(request)
    for n, child_id in enumerate(children):
        item = PartnerRequestItem(request=request, child_id=child_id)
        _stamp(item, now, officer)
        if answered:
            item.status, item.answered_on = ItemStatus.DONE, sent + dt.timedelta(days=20)
            item.reference = f"YB{county.code}{n:04d}"
            item.channel = AnswerChannel.API
        rows[PartnerRequestItem].append(item)


def _write(rows: dict[type, list], now: dt.datetime) -> int:
    writer.assign_ids(User, rows[User])
    writer.write(User, rows[User])
    for partner in rows[User]:  # the partner of the county answered its requests
        county = partner.username.rsplit("-", 1)[1]
        for item in rows[PartnerRequestItem]:
            if item.status != ItemStatus.OPEN and item.request.division_code == county:
                item.answered_by_id = partner.pk
    writer.assign_ids(PartnerRequest, rows[PartnerRequest])
    for item in rows[PartnerRequestItem]:
        item.request_id = item.request.pk
    writer.assign_ids(PartnerRequestItem, rows[PartnerRequestItem])
    written = 0
    for model in (PartnerRequest, PartnerRequestItem):
        written += writer.write(model, rows[model])
        writer.write(model.history.model, [writer.history_of(model, o, when=now)
                                           for o in rows[model]], with_pk=False)
    return written


def step_partners(ctx: Context) -> None:
    counties = scale_counties(ctx)
    officers = {username.rsplit("-", 1)[1]: pk for username, pk in User.objects.filter(
        role=Role.COUNTY_OFFICER, username__startswith="syn-").values_list("username", "pk")}
    children = _children_by_county()
    password = make_password(SYNTHETIC_PASSWORD)
    started, written, now = time.monotonic(), 0, timezone.now()
    for batch_no in range(0, len(counties), BATCH):
        key = ctx.marker("partners", batch_no // BATCH)
        if writer.marker_done(key):
            continue
        rng = ctx.rng("partners", batch_no // BATCH)
        rows: dict[type, list] = {User: [], PartnerRequest: [], PartnerRequestItem: []}
        for county in counties[batch_no:batch_no + BATCH]:
            officer = officers.get(county.code)
            if officer is not None:
                _county(rows, rng, county, officer, children.get(county.code, []),
                        ctx.today, now, password)
        with transaction.atomic():
            written += _write(rows, now)
            writer.marker_set(key)
        progress(ctx, "partners", min(batch_no + BATCH, len(counties)), len(counties),
                 started)
    ctx.out("\n")
    ctx.add("partner requests", written)
