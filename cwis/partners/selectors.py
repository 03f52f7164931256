"""Reads of the partners module, every one scoped: a partner account sees the requests
addressed to its department in its area (ScopeRule.department), civil affairs the requests
of its jurisdiction. A department reads each child through `item_rows`: the fields its kind
needs and nothing more (never the Child row itself)."""

import datetime as dt
from typing import Any

from django.db.models import Count, Exists, OuterRef, Q, QuerySet
from django.utils import timezone

from cwis.accounts.models import User
from cwis.children.choices import ChildStatus
from cwis.children.models import Child
from cwis.core.divisions import division_names
from cwis.core.errors import PermissionDeniedError
from cwis.core.permissions import Perm, has_perm, require
from cwis.core.scoping import get_scoped, scope
from cwis.partners.kinds import BASE_FIELDS, KINDS, REFERRAL_DEPARTMENTS
from cwis.partners.models import ItemStatus, PartnerRequest, PartnerRequestItem, RequestKind
from cwis.transfers.models import HukouDecision, HukouStatus, Transfer, TransferStatus


def may_read_requests(actor: User) -> bool:
    return has_perm(actor, Perm.PARTNER_LISTS) or has_perm(actor, Perm.PARTNER_REQUESTS_VIEW)


def _require_read(actor: User) -> None:
    if not may_read_requests(actor):
        raise PermissionDeniedError()


def request_list(*, actor: User, filters: dict | None = None) -> QuerySet[PartnerRequest]:
    _require_read(actor)
    filters = filters or {}
    requests = scope(PartnerRequest.objects.all(), actor)
    if filters.get("status"):
        requests = requests.filter(status=filters["status"])
    if filters.get("kind"):
        requests = requests.filter(kind=filters["kind"])
    return requests.annotate(
        item_count=Count("items"),
        open_count=Count("items", filter=Q(items__status=ItemStatus.OPEN)),
    ).order_by("-sent_on", "-id")


def request_get(*, actor: User, request_id: int) -> PartnerRequest:
    _require_read(actor)
    return get_scoped(PartnerRequest.objects.select_related("sent_by"), actor, pk=request_id)


def request_items(*, actor: User, request: PartnerRequest) -> QuerySet[PartnerRequestItem]:
    """The children of a request the actor has read (request_get): scoped again."""
    _require_read(actor)
    return scope(PartnerRequestItem.objects.filter(request=request), actor).order_by("id")


def item_get(*, actor: User, item_id: int) -> PartnerRequestItem:
    _require_read(actor)
    return get_scoped(PartnerRequestItem.objects.select_related("request"), actor, pk=item_id)


CHILD_COLUMNS = {
    "name": "child__name", "sex": "child__sex", "birth_date": "child__birth_date",
    "hukou_division": "child__hukou_division__code", "hukou_type": "child__hukou_type",
    "hukou_address": "child__hukou_address", "institution": "child__current_institution__name",
    "education_status": "child__education_status", "school_name": "child__school_name",
    "insurance_status": "child__insurance_status", "disability_type": "child__disability_type",
    "disability_grade": "child__disability_grade",
    "referral_service": "referral__service", "referral_request": "referral__request",
}
ITEM_COLUMNS = ("id", "note", "status", "answered_on", "reference", "detail",
                "refusal_reason", "version", "transfer__to_institution__name")


def item_rows(items: QuerySet[PartnerRequestItem], kind: str) -> list[dict[str, Any]]:
    """Each child of the request as the department reads it: the base fields, the kind's
    fields and the answer, as plain values (the choices' codes; labels in the templates)."""
    fields = (*BASE_FIELDS, *KINDS[kind].fields)
    columns = {name: CHILD_COLUMNS[name] for name in fields}
    rows = []
    for values in items.values(*ITEM_COLUMNS, *columns.values()):
        row = {name: values[column] for name, column in columns.items()}
        row.update({key: values[key] for key in ITEM_COLUMNS})
        row["moving_to"] = values["transfer__to_institution__name"] or ""
        rows.append(row)
    names = division_names(r["hukou_division"] for r in rows if r.get("hukou_division"))
    for row in rows:
        if row.get("hukou_division"):
            row["hukou_place"] = names.get(row["hukou_division"], row["hukou_division"])
    return rows


def _waiting(kind: str, child_path: str) -> Exists:
    """The child is in an unanswered request of this kind already."""
    return Exists(PartnerRequestItem.objects.filter(
        child=OuterRef(child_path), status=ItemStatus.OPEN, request__kind=kind))


def request_candidates(*, actor: User, kind: str, today: dt.date | None = None,
                       waiting: bool = False) -> QuerySet[Child]:
    """The children of the sender's jurisdiction the kind may list (with `waiting`, those
    already in an unanswered request of the kind too: the service names them)."""
    require(actor, Perm.PARTNER_SEND)
    spec = KINDS[kind]
    if spec.from_transfer or spec.from_referral:  # listed through their own records
        return Child.objects.none()
    children = scope(Child.objects.all(), actor)
    if not waiting:
        children = children.exclude(_waiting(kind, "pk"))
    if spec.candidates is None:
        return children.filter(status=ChildStatus.IN_CARE)
    return spec.candidates(children, today or timezone.localdate()).order_by("name_pinyin",
                                                                             "id")


def transfer_candidates(*, actor: User, waiting: bool = False) -> QuerySet[Transfer]:
    """Received transfers whose hukou moves with the child and has not moved yet (with
    `waiting`, those already in an unanswered request too)."""
    require(actor, Perm.PARTNER_SEND)
    transfers = scope(Transfer.objects.filter(
        status=TransferStatus.RECEIVED, hukou_decision=HukouDecision.MOVE,
    ).exclude(hukou_status=HukouStatus.DONE), actor)
    if not waiting:
        transfers = transfers.exclude(_waiting(RequestKind.HUKOU_MIGRATION, "child_id"))
    return transfers.select_related("child", "to_institution").order_by("-closed_on", "id")


def referral_candidates(*, actor: User, department: str, waiting: bool = False) -> QuerySet:
    """Referrals of the sender's protection cases awaiting a department's answer, sent to
    the kind of department `department` answers for."""
    from cwis.protection.models import Referral
    from cwis.protection.models.referrals import RecipientKind, ReferralState

    require(actor, Perm.PARTNER_SEND)
    if not has_perm(actor, Perm.CASE_VIEW):  # the offices above do not read the cases
        return Referral.objects.none()
    referrals = scope(Referral.objects.filter(
        state=ReferralState.SENT, recipient_kind=RecipientKind.DEPARTMENT,
        department__in=REFERRAL_DEPARTMENTS.get(department, ())), actor)
    if not waiting:
        referrals = referrals.exclude(Exists(PartnerRequestItem.objects.filter(
            referral=OuterRef("pk"), status=ItemStatus.OPEN)))
    return referrals.select_related("case__child").order_by("sent_on", "id")


def unanswered(*, actor: User, before: dt.date) -> QuerySet[PartnerRequest]:
    """Requests of the actor's jurisdiction sent before `before` with a child unanswered."""
    return scope(PartnerRequest.objects.filter(status="open", sent_on__lt=before),
                 actor).annotate(
        open_count=Count("items", filter=Q(items__status=ItemStatus.OPEN)))
